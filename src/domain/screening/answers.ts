/**
 * What a screener records: an answer per indicator (yes / no / unknown), and, separately, the
 * professional's decision with its reason. The indicative result never stands in for the decision.
 */
import { z } from 'zod';
import type { HtcdsValue } from '../htcds/index.ts';
import { screeningListIdSchema } from './dimensions.ts';
import { type ScreeningList, screeningLists } from './indicator-lists.ts';

export const screeningAnswerValues = ['yes', 'no', 'unknown'] as const;
export const screeningAnswerValueSchema = z.enum(screeningAnswerValues);
export type ScreeningAnswerValue = z.infer<typeof screeningAnswerValueSchema>;

/** Indicator id → answer. Indicators left out count as unknown. */
export type ScreeningAnswers = Readonly<Record<string, ScreeningAnswerValue>>;

const answersRecordSchema = z.record(z.string(), screeningAnswerValueSchema);

function checkIds(list: ScreeningList, answers: Record<string, unknown>, ctx: z.RefinementCtx, path: (string | number)[]): void {
  const known = new Set(list.indicators.map((i) => i.id));
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) {
      ctx.addIssue({ code: 'custom', message: `unknown indicator ${id} for list ${list.id}`, path: [...path, id], params: { code: 'unknown_indicator' } });
    }
  }
}

/** Answers to one given list: every key must be an indicator id of that list. */
export function screeningAnswersSchema({ list }: { list: ScreeningList }) {
  return answersRecordSchema.superRefine((answers, ctx) => checkIds(list, answers, ctx, []));
}

/** A screening as submitted: the list used and the answers, checked against that list. */
export const screeningSubmissionSchema = z
  .object({
    listId: screeningListIdSchema,
    answers: answersRecordSchema,
  })
  .superRefine((s, ctx) => checkIds(screeningLists[s.listId], s.answers, ctx, ['answers']));
export type ScreeningSubmission = z.infer<typeof screeningSubmissionSchema>;

/**
 * The professional's decision after screening. `possible_victim` proceeds to identification;
 * `not_a_victim` closes the emersion path (with referral elsewhere where useful);
 * `further_assessment` keeps screening open. The reason is required free text.
 */
export const screeningDecisions = ['possible_victim', 'not_a_victim', 'further_assessment'] as const;
export const screeningDecisionValueSchema = z.enum(screeningDecisions);
export type ScreeningDecisionValue = z.infer<typeof screeningDecisionValueSchema>;

export const screeningDecisionSchema = z.object({
  decision: screeningDecisionValueSchema,
  reason: z.string().trim().min(1, 'reason_required').max(5000),
});
export type ScreeningDecision = z.infer<typeof screeningDecisionSchema>;

export const screeningDecisionLabels = {
  possible_victim: { it: 'Possibile vittima: si procede all’identificazione', en: 'Possible victim: proceed to identification' },
  not_a_victim: { it: 'Non vittima di tratta', en: 'Not a victim of trafficking' },
  further_assessment: { it: 'Servono ulteriori approfondimenti', en: 'Further assessment needed' },
} as const satisfies Record<ScreeningDecisionValue, { it: string; en: string }>;

/** The HTCDS trafficking status (vic_TraffickingStatus) a screening decision sets, if any. */
export const decisionTraffickingStatus = {
  possible_victim: 'PossibleVictimOfTrafficking',
  not_a_victim: 'NotAVictimOfTrafficking',
  further_assessment: undefined,
} as const satisfies Record<ScreeningDecisionValue, HtcdsValue<'vic_TraffickingStatus'> | undefined>;
