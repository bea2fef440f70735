/**
 * The encrypted export file (personal data never leaves Ponte in clear). Server and CLI only:
 * uses node:crypto. The container, all integers big-endian:
 *
 * | offset | bytes | content                                                   |
 * |--------|-------|-----------------------------------------------------------|
 * | 0      | 8     | magic `PONTEXP1` (ASCII)                                  |
 * | 8      | 1     | format version, 1                                         |
 * | 9      | 1     | key derivation: 1 = scrypt                                |
 * | 10     | 1     | scrypt log2(N) (15: N = 32768)                            |
 * | 11     | 1     | scrypt r (8)                                              |
 * | 12     | 1     | scrypt p (1)                                              |
 * | 13     | 16    | salt (random per file)                                    |
 * | 29     | 12    | IV / nonce of AES-256-GCM (random per file)               |
 * | 41     | n     | ciphertext (AES-256-GCM, the 41 header bytes as AAD)      |
 * | 41 + n | 16    | GCM authentication tag                                    |
 *
 * The key is scrypt(password NFC-normalised as UTF-8, salt, 32 bytes). A wrong password, a changed
 * header byte or any change in the ciphertext fails the tag check: nothing is returned.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

export const containerMagic = 'PONTEXP1';
const headerLength = 41;
const tagLength = 16;
const defaults = { logN: 15, r: 8, p: 1 };

export { minExportPasswordLength } from './htcds.ts';

export class ContainerError extends Error {
  constructor(
    readonly kind: 'format' | 'version' | 'password',
    message: string,
  ) {
    super(message);
    this.name = 'ContainerError';
  }
}

function deriveKey(password: string, salt: Uint8Array, params: { logN: number; r: number; p: number }): Buffer {
  const N = 2 ** params.logN;
  return scryptSync(Buffer.from(password.normalize('NFC'), 'utf8'), salt, 32, { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 });
}

/** Encrypts `plaintext` under a key derived from `password`; a fresh salt and IV every time. */
export function sealContainer(options: { plaintext: Uint8Array; password: string; logN?: number }): Buffer {
  const params = { ...defaults, ...(options.logN !== undefined ? { logN: options.logN } : {}) };
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const header = Buffer.alloc(headerLength);
  header.write(containerMagic, 0, 'ascii');
  header[8] = 1;
  header[9] = 1;
  header[10] = params.logN;
  header[11] = params.r;
  header[12] = params.p;
  salt.copy(header, 13);
  iv.copy(header, 29);
  const key = deriveKey(options.password, salt, params);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(options.plaintext), cipher.final()]);
  return Buffer.concat([header, body, cipher.getAuthTag()]);
}

/** Whether the bytes start like an export container. */
export function isContainer(bytes: Uint8Array): boolean {
  return bytes.length >= headerLength + tagLength && Buffer.from(bytes.subarray(0, 8)).toString('ascii') === containerMagic;
}

/** Decrypts a container; throws ContainerError for a foreign file, an unknown version or a wrong password / altered file. */
export function openContainer(options: { bytes: Uint8Array; password: string }): Buffer {
  const bytes = Buffer.from(options.bytes);
  if (!isContainer(bytes)) throw new ContainerError('format', 'not a Ponte export file');
  if (bytes[8] !== 1 || bytes[9] !== 1) throw new ContainerError('version', `unsupported export file version ${bytes[8]}/${bytes[9]}`);
  const logN = bytes[10] ?? 0;
  const r = bytes[11] ?? 0;
  const p = bytes[12] ?? 0;
  // Bounds, so that a crafted header cannot make key derivation take unbounded time or memory.
  if (logN < 10 || logN > 20 || r < 1 || r > 16 || p < 1 || p > 4) throw new ContainerError('format', 'key derivation parameters out of bounds');
  const header = bytes.subarray(0, headerLength);
  const salt = bytes.subarray(13, 29);
  const iv = bytes.subarray(29, 41);
  const tag = bytes.subarray(bytes.length - tagLength);
  const body = bytes.subarray(headerLength, bytes.length - tagLength);
  const key = deriveKey(options.password, salt, { logN, r, p });
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(header);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new ContainerError('password', 'wrong password, or the file was altered');
  }
}
