/**
 * What a referral's receiver may see of a person's age, and when its answer is due. Pure.
 */
import { ageOn, birthRange, isMinor, type BirthInfo } from '../cases/age.ts';
import { referralReason } from './reasons.ts';

export const ageBands = ['under_14', '14_17', '18_24', '25_34', '35_44', '45_54', '55_plus'] as const;
export type AgeBand = (typeof ageBands)[number] | 'possibly_minor';

function bandOf(age: number): (typeof ageBands)[number] {
  if (age < 14) return 'under_14';
  if (age < 18) return '14_17';
  if (age < 25) return '18_24';
  if (age < 35) return '25_34';
  if (age < 45) return '35_44';
  if (age < 55) return '45_54';
  return '55_plus';
}

/**
 * The age band of a person on a day (share field `person.age`): from the youngest possible age
 * for an estimated birth; `possibly_minor` when being under 18 cannot be excluded nor confirmed.
 */
export function ageBand(options: { birth: BirthInfo | undefined; on: string }): AgeBand | null {
  const { birth, on } = options;
  if (!birth) return null;
  const m = isMinor({ birth, on });
  if (m.status === 'possibly_minor') return 'possibly_minor';
  const range = birthRange({ birth });
  const youngest = range.from <= range.to ? range.to : range.from;
  return bandOf(Math.max(0, ageOn({ birthDate: youngest, on })));
}

/**
 * When the receiver must answer (accept or decline) a referral sent at `sentAt` for `reason`:
 * the reason's answerWithinHours. The one place the deadline is computed (a procedures feature
 * may later compute it from working days).
 */
export function referralAnswerDueAt(options: { reason: string; sentAt: Date }): Date {
  const hours = referralReason(options.reason)?.answerWithinHours ?? 72;
  return new Date(options.sentAt.getTime() + hours * 3_600_000);
}

/** The receiver is warned once this long before the deadline: a quarter of the window, at least 2 hours. */
export const minimumWarningMs = 2 * 3_600_000;

export function referralWarnAt(options: { sentAt: Date; answerDueAt: Date }): Date {
  const window = options.answerDueAt.getTime() - options.sentAt.getTime();
  return new Date(options.answerDueAt.getTime() - Math.max(window / 4, minimumWarningMs));
}
