/** Request schemas of the procedures feature. Every object is strict. */
import { z } from 'zod';
import { isoDate, text, uuid } from '../../../domain/fields.ts';
import { procedureKeySchema, stepKeySchema } from '../../../domain/procedures/index.ts';

export const keyParams = z.object({ key: procedureKeySchema }).strict();
export const idParams = z.object({ id: uuid }).strict();
export const noQuery = z.object({}).strict();
export const readQuery = z.object({ version: z.coerce.number().int().min(1).max(1_000_000).optional() }).strict();

/**
 * The definition is checked by the service (procedureDefinitionSchema and the graph rules), so
 * that every problem comes back at once with its path (`body.definition.steps.2.next.0`).
 */
export const procedureCreate = z.object({ definition: z.record(z.string(), z.unknown()), active: z.boolean().default(true) }).strict();
export const procedureUpdate = z
  .object({
    definition: z.record(z.string(), z.unknown()),
    active: z.boolean().default(true),
    /** The version edited: the save is refused (409) if someone saved another one meanwhile. */
    baseVersion: z.number().int().min(1),
  })
  .strict();

export const advanceBody = z
  .object({
    toStep: stepKeySchema,
    note: text(4000).optional(),
    /** Bodies to involve from this step on (e.g. the Questura the file is sent to). */
    involveOrgIds: z.array(uuid).max(5).optional(),
  })
  .strict();

export const slaQuery = z
  .object({
    procedure: procedureKeySchema.optional(),
    orgId: uuid.optional(),
    /** First day of the period (Italian calendar), default 30 days before today. */
    from: isoDate.optional(),
    /** Last day of the period, inclusive; default today. */
    to: isoDate.optional(),
  })
  .strict();

export type ProcedureCreate = z.infer<typeof procedureCreate>;
export type ProcedureUpdate = z.infer<typeof procedureUpdate>;
export type AdvanceBody = z.infer<typeof advanceBody>;
export type SlaQuery = z.infer<typeof slaQuery>;
