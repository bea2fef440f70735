/** Request schemas of screening. */
import { z } from 'zod';
import { text } from '../../../domain/fields.ts';
import { screeningAnswerValueSchema, screeningDecisionValueSchema, screeningListIdSchema } from '../../../domain/screening/index.ts';

export const screeningCreate = z
  .object({
    listId: screeningListIdSchema,
    /** Indicator id → yes / no / unknown; checked against the list by the service. */
    answers: z.record(z.string().max(100), screeningAnswerValueSchema),
    decision: screeningDecisionValueSchema,
    decisionReason: text(5000),
    interpreterLanguage: z.string().regex(/^[a-z]{2,3}$/, 'ISO 639 language code, e.g. en').optional(),
  })
  .strict();
export type ScreeningCreate = z.infer<typeof screeningCreate>;
