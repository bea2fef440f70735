/**
 * Exact money in euro: decimal strings in, integer cents (BigInt) inside, decimal strings out. No
 * JS number ever holds an amount, so 0.1 + 0.2 is 0.30 and sums of any length are exact. Parsing
 * is strict (at most two decimals, no exponent, no thousands separators); formatting for people
 * groups thousands the Italian or English way without going through Intl's number conversion.
 */

/** Cents as a BigInt: the only arithmetic type for money. */
export type Cents = bigint;

const decimal = /^(-)?(0|[1-9][0-9]*)(?:\.([0-9]{1,2}))?$/;

/** Parses "12", "12.3", "12.30", "-0.05" into cents; undefined when the text is not such a number. */
export function parseCents(value: string): Cents | undefined {
  const m = decimal.exec(value.trim());
  if (!m) return undefined;
  const [, sign, int = '0', dec = ''] = m;
  const cents = BigInt(int) * 100n + BigInt(dec.padEnd(2, '0'));
  return sign ? -cents : cents;
}

/** Like parseCents, for values already known to be valid (database numerics, validated input). */
export function toCents(value: string): Cents {
  const c = parseCents(value);
  if (c === undefined) throw new Error(`not an amount: ${JSON.stringify(value)}`);
  return c;
}

/** Cents back to a decimal string with exactly two decimals ("-1234.50"). */
export function fromCents(cents: Cents): string {
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  return `${neg ? '-' : ''}${(abs / 100n).toString()}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Exact sum of decimal strings. */
export function sumMoney(values: Iterable<string>): string {
  let total = 0n;
  for (const v of values) total += toCents(v);
  return fromCents(total);
}

export function addMoney(a: string, b: string): string {
  return fromCents(toCents(a) + toCents(b));
}

export function subtractMoney(a: string, b: string): string {
  return fromCents(toCents(a) - toCents(b));
}

/** -1, 0 or 1. */
export function compareMoney(a: string, b: string): -1 | 0 | 1 {
  const x = toCents(a);
  const y = toCents(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * `part` as a percentage of `whole` with one decimal, rounded half away from zero ("87.5");
 * null when the whole is zero.
 */
export function percentOf(part: string, whole: string): string | null {
  const p = toCents(part);
  const w = toCents(whole);
  if (w === 0n) return null;
  // tenths of a percent = p * 1000 / w, rounded half away from zero
  const num = p * 1000n;
  const neg = num < 0n !== w < 0n;
  const absNum = num < 0n ? -num : num;
  const absW = w < 0n ? -w : w;
  let q = absNum / absW;
  if ((absNum % absW) * 2n >= absW) q += 1n;
  const tenths = neg ? -q : q;
  const abs = tenths < 0n ? -tenths : tenths;
  return `${tenths < 0n ? '-' : ''}${(abs / 10n).toString()}.${(abs % 10n).toString()}`;
}

/** "1234567.5" → "1.234.567,50" (it) or "1,234,567.50" (en), exact. No currency sign. */
export function formatMoney(value: string, locale: 'it' | 'en'): string {
  const fixed = fromCents(toCents(value));
  const neg = fixed.startsWith('-');
  const [int = '0', dec = '00'] = (neg ? fixed.slice(1) : fixed).split('.');
  const group = locale === 'it' ? '.' : ',';
  const point = locale === 'it' ? ',' : '.';
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${neg ? '-' : ''}${grouped}${point}${dec}`;
}

/** With the euro sign, as each language writes it: "1.234,50 €" / "€1,234.50". */
export function formatEuro(value: string, locale: 'it' | 'en'): string {
  const n = formatMoney(value, locale);
  if (locale === 'it') return `${n} €`;
  return n.startsWith('-') ? `-€${n.slice(1)}` : `€${n}`;
}
