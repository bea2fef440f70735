/**
 * Encryption of the field app's local store, with Web Crypto only.
 *
 * The key is derived from the user's password with PBKDF2 (SHA-256, 310 000 iterations or more)
 * over a random salt chosen once per device; it is an AES-GCM-256 key that cannot be exported and
 * lives only in memory. Each value is encrypted with a fresh 96-bit IV and bound (as additional
 * data) to where it is stored, so a ciphertext moved to another record does not decrypt. A check
 * value, the encryption of a fixed text, tells at an offline login whether the password is right
 * without storing anything derived from it in clear.
 */

export const PBKDF2_ITERATIONS = 310_000;
export const SALT_BYTES = 16;
const IV_BYTES = 12;
const CHECK_TEXT = 'ponte-field-check-v1';
const CHECK_AAD = 'meta:check';

export interface Sealed {
  /** base64 of the 12-byte IV */
  iv: string;
  /** base64 of ciphertext and tag */
  ct: string;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('Web Crypto is not available (a secure context is required).');
  return s;
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  globalThis.crypto.getRandomValues(out);
  return out;
}

export function newSalt(): string {
  return toBase64(randomBytes(SALT_BYTES));
}

/** The store key: PBKDF2-SHA-256 of the password over the device's salt, non-extractable. */
export async function deriveKey(password: string, saltB64: string, iterations = PBKDF2_ITERATIONS): Promise<CryptoKey> {
  if (iterations < PBKDF2_ITERATIONS) throw new Error(`PBKDF2 needs at least ${PBKDF2_ITERATIONS} iterations`);
  const material = await subtle().importKey('raw', new TextEncoder().encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(saltB64), iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function seal(key: CryptoKey, value: unknown, aad: string): Promise<Sealed> {
  const iv = randomBytes(IV_BYTES);
  const data = new TextEncoder().encode(JSON.stringify(value));
  const ct = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(aad) }, key, data);
  return { iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

/** Decrypts; throws when the key is wrong, the data was altered or it belongs elsewhere (aad). */
export async function open<T>(key: CryptoKey, sealed: Sealed, aad: string): Promise<T> {
  const plain = await subtle().decrypt(
    { name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: new TextEncoder().encode(aad) },
    key,
    fromBase64(sealed.ct),
  );
  return JSON.parse(new TextDecoder().decode(plain)) as T;
}

export async function makeCheck(key: CryptoKey): Promise<Sealed> {
  return seal(key, CHECK_TEXT, CHECK_AAD);
}

/** Whether the key opens the check value (that is: the password was right). */
export async function verifyCheck(key: CryptoKey, check: Sealed): Promise<boolean> {
  try {
    return (await open<string>(key, check, CHECK_AAD)) === CHECK_TEXT;
  } catch {
    return false;
  }
}
