/**
 * Birth dates, exact or estimated, and whether a person is a minor on a given day. Dates are
 * calendar dates as `YYYY-MM-DD` strings (as the database returns DATE columns): no time zones.
 *
 * A person comes of age at the start of their 18th birthday. For a birth on 29 February the
 * birthday in a common year falls by default on 28 February, by analogy with art. 2963 c.3 of the
 * Italian civil code (a term that ends on a day missing from its month ends on the last day of that
 * month); `leapDay: 'march_1'` selects 1 March instead.
 *
 * With an estimated birth (a year, or a range) the person may be a minor or an adult: the result
 * is then `possibly_minor`. Italian law presumes minority while doubt remains after the age
 * assessment (art. 19-bis D.lgs. 142/2015), hence `treatAsMinor`.
 */
import { z } from 'zod';
import type { Localized } from './phases.ts';
import { issueMessages } from '../issue-messages.ts';

export const majorityAge = 18;

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
}

function parseYmd(date: string): Ymd | undefined {
  const match = isoDatePattern.exec(date);
  if (!match) return undefined;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return { y, m, d };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const formatYmd = ({ y, m, d }: Ymd) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;

/** Whether `date` is a real calendar date written `YYYY-MM-DD` (so 2023-02-29 is not). */
export function isIsoDate(date: string): boolean {
  return parseYmd(date) !== undefined;
}

export const isoDateSchema = z.string().refine(isIsoDate, { message: issueMessages.invalidDate.en });

export type LeapDayRule = 'february_28' | 'march_1';

/** The same day `years` later (or earlier, if negative); 29 February per `leapDay` in common years. */
export function addYears({ date, years, leapDay = 'february_28' }: { date: string; years: number; leapDay?: LeapDayRule }): string {
  const p = parseYmd(date);
  if (!p) throw new Error(`invalid date ${date}`);
  const y = p.y + years;
  if (p.m === 2 && p.d === 29 && !isLeapYear(y)) return leapDay === 'march_1' ? formatYmd({ y, m: 3, d: 1 }) : formatYmd({ y, m: 2, d: 28 });
  return formatYmd({ y, m: p.m, d: p.d });
}

function addDays(date: string, days: number): string {
  const p = parseYmd(date);
  if (!p) throw new Error(`invalid date ${date}`);
  const t = new Date(Date.UTC(p.y, p.m - 1, p.d + days));
  return formatYmd({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

/** The date a person born on `birthDate` turns 18. */
export function eighteenthBirthday({ birthDate, leapDay }: { birthDate: string; leapDay?: LeapDayRule }): string {
  return addYears({ date: birthDate, years: majorityAge, ...(leapDay ? { leapDay } : {}) });
}

/** Completed years of age on `on` (a birthday counts from its first moment). */
export function ageOn({ birthDate, on, leapDay }: { birthDate: string; on: string; leapDay?: LeapDayRule }): number {
  const b = parseYmd(birthDate);
  const o = parseYmd(on);
  if (!b || !o) throw new Error('invalid date');
  let age = o.y - b.y;
  if (addYears({ date: birthDate, years: age, ...(leapDay ? { leapDay } : {}) }) > on) age--;
  return age;
}

/** A birth date: exact, an estimated year, or an estimated range (both ends included). */
export const birthInfoSchema = z.union([
  z.object({ birthDate: isoDateSchema }).strict(),
  z.object({ estimatedYear: z.number().int() }).strict(),
  z.object({ estimatedFrom: isoDateSchema, estimatedTo: isoDateSchema }).strict(),
]);
export type BirthInfo = z.infer<typeof birthInfoSchema>;

/** The range of possible birth dates. */
export function birthRange({ birth }: { birth: BirthInfo }): { from: string; to: string; estimated: boolean } {
  if ('birthDate' in birth) return { from: birth.birthDate, to: birth.birthDate, estimated: false };
  if ('estimatedYear' in birth) {
    return { from: `${pad(birth.estimatedYear, 4)}-01-01`, to: `${pad(birth.estimatedYear, 4)}-12-31`, estimated: true };
  }
  return { from: birth.estimatedFrom, to: birth.estimatedTo, estimated: true };
}

/** The birth range of someone who says, or is estimated, to be `age` years old on `on`. */
export function birthRangeFromAge({ age, on }: { age: number; on: string }): { estimatedFrom: string; estimatedTo: string } {
  return {
    estimatedFrom: addDays(addYears({ date: on, years: -(age + 1) }), 1),
    estimatedTo: addYears({ date: on, years: -age }),
  };
}

export const minorStatuses = ['minor', 'adult', 'possibly_minor'] as const;
export type MinorStatus = (typeof minorStatuses)[number];

export const minorStatusLabels = {
  minor: { it: 'Minorenne', en: 'Minor' },
  adult: { it: 'Maggiorenne', en: 'Adult' },
  possibly_minor: { it: 'Possibile minorenne (età incerta)', en: 'Possibly a minor (age uncertain)' },
} as const satisfies Record<MinorStatus, Localized>;

export interface MinorAssessment {
  status: MinorStatus;
  /** Certainly under 18 on the day. */
  isMinor: boolean;
  /** Under 18 cannot be excluded: minor or possibly minor. */
  treatAsMinor: boolean;
  estimated: boolean;
  /** Earliest and latest possible 18th birthday (equal for an exact birth date). */
  adultFrom: string;
  adultBy: string;
}

/**
 * Whether the person is a minor on `on`. Exact birth date: minor until the day before the 18th
 * birthday. Estimated: `minor` if even the earliest possible birth gives under 18, `adult` if even
 * the latest gives 18 or more, otherwise `possibly_minor`. Validate the input first
 * (`validateBirthInfo`): a reversed range is read as the range between its two dates.
 */
export function isMinor({ birth, on, leapDay }: { birth: BirthInfo; on: string; leapDay?: LeapDayRule }): MinorAssessment {
  const range = birthRange({ birth });
  const [from, to] = range.from <= range.to ? [range.from, range.to] : [range.to, range.from];
  const opts = leapDay ? { leapDay } : {};
  const adultFrom = eighteenthBirthday({ birthDate: from, ...opts });
  const adultBy = eighteenthBirthday({ birthDate: to, ...opts });
  const status: MinorStatus = on < adultFrom ? 'minor' : on >= adultBy ? 'adult' : 'possibly_minor';
  return { status, isMinor: status === 'minor', treatAsMinor: status !== 'adult', estimated: range.estimated, adultFrom, adultBy };
}

export const birthDateErrorCodes = [
  'invalid_date',
  'birth_date_in_future',
  'birth_date_implausible',
  'estimated_year_in_future',
  'estimated_year_implausible',
  'estimated_range_reversed',
  'estimated_range_in_future',
  'estimated_range_implausible',
  'estimated_range_too_wide',
] as const;
export type BirthDateErrorCode = (typeof birthDateErrorCodes)[number];

export const birthDateErrors = {
  invalid_date: { it: 'Data non valida (formato AAAA-MM-GG).', en: 'Invalid date (format YYYY-MM-DD).' },
  birth_date_in_future: { it: 'La data di nascita non può essere futura.', en: 'The birth date cannot be in the future.' },
  birth_date_implausible: { it: 'La data di nascita è troppo lontana nel passato.', en: 'The birth date is too far in the past.' },
  estimated_year_in_future: { it: 'L’anno di nascita stimato non può essere futuro.', en: 'The estimated birth year cannot be in the future.' },
  estimated_year_implausible: { it: 'L’anno di nascita stimato è troppo lontano nel passato.', en: 'The estimated birth year is too far in the past.' },
  estimated_range_reversed: { it: 'L’inizio dell’intervallo stimato è successivo alla fine.', en: 'The estimated range starts after it ends.' },
  estimated_range_in_future: { it: 'L’intervallo stimato non può finire nel futuro.', en: 'The estimated range cannot end in the future.' },
  estimated_range_implausible: { it: 'L’intervallo stimato inizia troppo lontano nel passato.', en: 'The estimated range starts too far in the past.' },
  estimated_range_too_wide: { it: 'L’intervallo stimato è troppo ampio.', en: 'The estimated range is too wide.' },
} as const satisfies Record<BirthDateErrorCode, Localized>;

export interface BirthDateError {
  code: BirthDateErrorCode;
  field: 'birthDate' | 'estimatedYear' | 'estimatedFrom' | 'estimatedTo';
}

/**
 * Checks a birth date against `today`: not in the future, not more than `maxAgeYears` ago, an
 * estimated range not reversed and not wider than `maxRangeYears`. Returns every error found.
 */
export function validateBirthInfo({
  birth,
  today,
  maxAgeYears = 120,
  maxRangeYears = 10,
}: {
  birth: BirthInfo;
  today: string;
  maxAgeYears?: number;
  maxRangeYears?: number;
}): { ok: true } | { ok: false; errors: BirthDateError[] } {
  if (!isIsoDate(today)) throw new Error(`invalid date ${today}`);
  const oldest = addYears({ date: today, years: -maxAgeYears });
  const errors: BirthDateError[] = [];
  if ('birthDate' in birth) {
    if (!isIsoDate(birth.birthDate)) errors.push({ code: 'invalid_date', field: 'birthDate' });
    else if (birth.birthDate > today) errors.push({ code: 'birth_date_in_future', field: 'birthDate' });
    else if (birth.birthDate < oldest) errors.push({ code: 'birth_date_implausible', field: 'birthDate' });
  } else if ('estimatedYear' in birth) {
    const thisYear = Number(today.slice(0, 4));
    if (!Number.isInteger(birth.estimatedYear)) errors.push({ code: 'invalid_date', field: 'estimatedYear' });
    else if (birth.estimatedYear > thisYear) errors.push({ code: 'estimated_year_in_future', field: 'estimatedYear' });
    else if (birth.estimatedYear < thisYear - maxAgeYears) errors.push({ code: 'estimated_year_implausible', field: 'estimatedYear' });
  } else {
    const { estimatedFrom: from, estimatedTo: to } = birth;
    if (!isIsoDate(from)) errors.push({ code: 'invalid_date', field: 'estimatedFrom' });
    if (!isIsoDate(to)) errors.push({ code: 'invalid_date', field: 'estimatedTo' });
    if (errors.length === 0) {
      if (from > to) errors.push({ code: 'estimated_range_reversed', field: 'estimatedFrom' });
      if (to > today) errors.push({ code: 'estimated_range_in_future', field: 'estimatedTo' });
      if (from < oldest) errors.push({ code: 'estimated_range_implausible', field: 'estimatedFrom' });
      if (from <= to && addYears({ date: from, years: maxRangeYears }) < to) {
        errors.push({ code: 'estimated_range_too_wide', field: 'estimatedTo' });
      }
    }
  }
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}
