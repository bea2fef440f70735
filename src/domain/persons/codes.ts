/**
 * Pseudonymous codes shown to users instead of names and internal ids: person codes
 * `P-XXXX-XXXX` and case numbers `C-<year>-XXXXXX`, in Crockford base32 (no I, L, O, U: easy to
 * read aloud and to copy by hand). Random, so they reveal neither order nor count.
 */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomChars(count: number, random: (n: number) => Uint8Array): string {
  const bytes = random(count);
  let out = '';
  for (const b of bytes) out += alphabet.charAt(b % 32);
  return out;
}

function webRandom(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}

/** A new person code, e.g. `P-7K3M-Q9XA`. */
export function newPersonCode(random: (n: number) => Uint8Array = webRandom): string {
  const s = randomChars(8, random);
  return `P-${s.slice(0, 4)}-${s.slice(4)}`;
}

/** A new case number for a case opened in `year`, e.g. `C-2026-7K3M9Q`. */
export function newCaseCode(year: number, random: (n: number) => Uint8Array = webRandom): string {
  return `C-${String(year).padStart(4, '0')}-${randomChars(6, random)}`;
}

export const personCodePattern = /^P-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
export const caseCodePattern = /^C-[0-9]{4}-[0-9A-HJKMNP-TV-Z]{6}$/;
