/** Client-side checks mirroring the server's rules (the server stays the authority). */
export const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const codePattern = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const roleKeyPattern = /^[a-z][a-z0-9_]{1,62}$/;
/** Telephone numbers as the server accepts them. */
export const phonePattern = /^\+?[0-9 ()./-]{3,40}$/;
export const otpPattern = /^\d{6}$/;
/** Euro amounts as exact decimal strings: digits, optional two decimals. */
export const amountPattern = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$/;
/** Budget line codes. */
export const lineCodePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** Accepts "1.700.256,47", "1700256,47" or "1700256.47" and returns "1700256.47" (or null). */
export function normaliseAmount(input: string): string | null {
  let s = input.trim().replace(/\s|€/g, '');
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  s = s.replace(/^0+(?=\d)/, '');
  return amountPattern.test(s) ? s : null;
}

/** Sums exact decimal amounts in cents with BigInt (no floating point) and returns "123.45". */
export function sumAmounts(amounts: readonly string[]): string {
  let cents = 0n;
  for (const a of amounts) {
    const n = normaliseAmount(a);
    if (n === null) continue;
    const [whole = '0', frac = ''] = n.split('.');
    cents += BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
  }
  const whole = cents / 100n;
  const frac = (cents % 100n).toString().padStart(2, '0');
  return `${whole}.${frac}`;
}

function toCents(amount: string): bigint {
  const [whole = '0', frac = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
}

/** True when the exact amount `a` is greater than `b` (both normalised decimal strings). */
export function exceeds(a: string, b: string): boolean {
  return toCents(a) > toCents(b);
}

/** Formats an exact decimal string as euro in the given locale, without going through a float. */
export function formatEuro(amount: string, locale: 'it' | 'en'): string {
  const n = normaliseAmount(amount);
  if (n === null) return amount;
  const [whole = '0', frac = '00'] = n.split('.');
  const grouped = new Intl.NumberFormat(locale === 'it' ? 'it-IT' : 'en-GB').format(BigInt(whole));
  const sep = locale === 'it' ? ',' : '.';
  return `€ ${grouped}${sep}${frac.padEnd(2, '0')}`;
}
