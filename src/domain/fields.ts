/**
 * Field validators shared by every feature's zod schemas (server and web): bounded text without
 * control characters or broken Unicode, stable codes, e-mail, ISO dates and exact money.
 */
import { z } from 'zod';
import { isProvinceCode } from './provinces.ts';
import { issueMessages } from './issue-messages.ts';

/** C0/C1 control characters (NUL included) and DEL: never in a single-line field. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlChars = /[\u0000-\u001f\u007f-\u009f]/;
/** The same but allowing tab, line feed and carriage return (multi-line text). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharsMultiline = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** A UTF-16 surrogate that is not part of a pair: cannot be stored as UTF-8. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasControlChars(value: string, multiline = false): boolean {
  return (multiline ? controlCharsMultiline : controlChars).test(value);
}

export function hasLoneSurrogate(value: string): boolean {
  return loneSurrogate.test(value);
}

function cleanText(options: { max: number; min?: number; multiline?: boolean }): z.ZodString {
  const { max, min = 1, multiline = false } = options;
  return z
    .string()
    .trim()
    .normalize('NFC')
    .min(min)
    .max(max)
    .refine((v) => !hasControlChars(v, multiline), { message: issueMessages.controlChars.en })
    .refine((v) => !hasLoneSurrogate(v), { message: issueMessages.loneSurrogate.en });
}

/** A single-line text field (name, label), trimmed and in Unicode NFC, 1..max characters. */
export function line(max = 300): z.ZodString {
  return cleanText({ max });
}

/** Multi-line free text (description, notes), trimmed, 1..max characters. */
export function text(max = 10_000): z.ZodString {
  return cleanText({ max, multiline: true });
}

/** Search text in a query string: trimmed, bounded, no control characters; may be empty (no filter). */
export const searchText = z
  .string()
  .trim()
  .normalize('NFC')
  .max(100)
  .refine((v) => !hasControlChars(v) && !hasLoneSurrogate(v), { message: issueMessages.controlChars.en });

/** A query-string filter that a form may also send empty, meaning "no filter". */
export function orEmpty<T extends z.ZodType>(schema: T) {
  return z.union([z.literal(''), schema]).optional();
}

/** Stable identifier: lowercase letters, digits and hyphens (organisations, projects). */
export const slugCode = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and hyphens, 2 to 63 characters');

/** Role key: lowercase letters, digits and underscores, starting with a letter. */
export const roleKey = z.string().regex(/^[a-z][a-z0-9_]{1,62}$/, 'lowercase letters, digits and underscores, 2 to 63 characters');

/** Short code inside a record (budget line): letters, digits, dot, hyphen, underscore. */
export const shortCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'letters, digits, dots, hyphens and underscores, up to 40 characters');

/** E-mail, trimmed and lowercased. */
export const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((v) => v.toLowerCase());

/** A phone number as written (digits, spaces, +, parentheses, dots, hyphens, slashes). */
export const phone = z.string().trim().regex(/^\+?[0-9 ()./-]{3,40}$/, 'digits, spaces and + ( ) . / - only');

/** An http(s) URL. */
export const webUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http or https address');

/** Calendar date, YYYY-MM-DD, that exists. */
export const isoDate = z.iso.date();

/** ISTAT province code that exists. */
export const provinceCode = z.string().refine(isProvinceCode, 'unknown ISTAT province code');

/** A list of distinct province codes. */
export const provinceList = z
  .array(provinceCode)
  .max(107)
  .refine((v) => new Set(v).size === v.length, 'duplicate province');

export const uuid = z.uuid();

const moneyPattern = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$/;

/**
 * Money in euro: a decimal string ("1700256.47") or a JSON number with at most 2 decimals, up to
 * 999,999,999,999.99, never negative. Normalised to a string with exactly 2 decimals; numbers are
 * read through their shortest decimal form, so no float arithmetic ever touches the value.
 */
export const money = z
  .union([z.string().trim(), z.number()])
  .transform((v, ctx) => {
    const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
    if (!moneyPattern.test(s)) {
      ctx.addIssue({ code: 'custom', message: issueMessages.money.en });
      return z.NEVER;
    }
    const [int = '0', dec = ''] = s.split('.');
    return `${int}.${dec.padEnd(2, '0')}`;
  });

/** Exact sum of normalised money strings, in cents (BigInt). */
export function moneyToCents(value: string): bigint {
  const [int = '0', dec = ''] = value.split('.');
  return BigInt(int) * 100n + BigInt(dec.padEnd(2, '0').slice(0, 2));
}

export function centsToMoney(cents: bigint): string {
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  return `${neg ? '-' : ''}${(abs / 100n).toString()}.${(abs % 100n).toString().padStart(2, '0')}`;
}
