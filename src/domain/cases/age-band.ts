/**
 * The age band at the opening of a case: one definition, used by the cases (the coarse band kept
 * in clear on `cases.age_band`, for the monitoring indicators) and by the CTDC export.
 *
 * Bands: the CTDC global dataset's `ageBroad` bands, 0–8, 9–17, 18–20, 21–23, 24–26, 27–29,
 * 30–38, 39–47, 48+ (completed years of age).
 *
 * The age is taken on the day the case was opened (Italian calendar date). With an exact birth
 * date it is the age that day. With an estimated birth (a year, or a range of dates) it is the age
 * of someone born on the **middle** of the possible range (the middle day, rounded down): an
 * estimate is an estimate, and the middle is the best single guess. The band can therefore differ
 * from the true one when the range straddles a band boundary; whether the person may be a minor is
 * not decided by the band but by the case's minor status (`isMinor`, which keeps "possibly a minor"
 * when the range straddles 18). "Unknown" (null) when no birth is recorded, or when the computed
 * age is negative or implausible (130 or more).
 */
import { ageOn, birthRange, type BirthInfo } from './age.ts';
import type { Localized } from './phases.ts';

export const caseAgeBands = ['0-8', '9-17', '18-20', '21-23', '24-26', '27-29', '30-38', '39-47', '48+'] as const;
export type CaseAgeBand = (typeof caseAgeBands)[number];

const bandLimits: ReadonlyArray<readonly [number, number, CaseAgeBand]> = [
  [0, 8, '0-8'],
  [9, 17, '9-17'],
  [18, 20, '18-20'],
  [21, 23, '21-23'],
  [24, 26, '24-26'],
  [27, 29, '27-29'],
  [30, 38, '30-38'],
  [39, 47, '39-47'],
];

export const caseAgeBandLabels: Record<CaseAgeBand, Localized> = {
  '0-8': { it: '0–8 anni', en: '0–8 years' },
  '9-17': { it: '9–17 anni', en: '9–17 years' },
  '18-20': { it: '18–20 anni', en: '18–20 years' },
  '21-23': { it: '21–23 anni', en: '21–23 years' },
  '24-26': { it: '24–26 anni', en: '24–26 years' },
  '27-29': { it: '27–29 anni', en: '27–29 years' },
  '30-38': { it: '30–38 anni', en: '30–38 years' },
  '39-47': { it: '39–47 anni', en: '39–47 years' },
  '48+': { it: '48 anni e più', en: '48 years and over' },
};

export function isCaseAgeBand(value: string): value is CaseAgeBand {
  return (caseAgeBands as readonly string[]).includes(value);
}

/** The band of an age in completed years (0 or more). */
export function ageBandOfAge(age: number): CaseAgeBand {
  for (const [lo, hi, band] of bandLimits) if (age >= lo && age <= hi) return band;
  return '48+';
}

/** The middle day of the possible birth dates (the day itself for an exact date; rounded down). */
export function birthMidpoint(birth: BirthInfo): string {
  const { from, to } = birthRange({ birth });
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  const days = Math.floor((Math.abs(b - a) / 86_400_000) / 2);
  return new Date(Math.min(a, b) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Age in completed years on `on` (YYYY-MM-DD) by the rule above; null when unknown or implausible. */
export function ageOnDay({ birth, on }: { birth: BirthInfo | null | undefined; on: string }): number | null {
  if (!birth) return null;
  const age = ageOn({ birthDate: birthMidpoint(birth), on });
  return age >= 0 && age < 130 ? age : null;
}

/** The case's age band on the day it was opened; null = unknown. */
export function ageBandOnDay({ birth, on }: { birth: BirthInfo | null | undefined; on: string }): CaseAgeBand | null {
  const age = ageOnDay({ birth, on });
  return age === null ? null : ageBandOfAge(age);
}
