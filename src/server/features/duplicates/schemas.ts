/**
 * Request and response schemas of duplicate checks and merges. Request objects are strict; the
 * response schemas are an allow-list (the serializer sends only the fields named here).
 */
import { z } from 'zod';
import { personInputSchema } from '../../../domain/persons/schema.ts';
import { text, uuid } from '../../../domain/fields.ts';

/** A person as it would be registered (same validation as the persons API) and, when editing, the person itself to leave out. */
export const duplicateCheckBody = personInputSchema.extend({ excludePersonId: uuid.optional() }).strict();
export type DuplicateCheckBody = z.infer<typeof duplicateCheckBody>;

const decision = z.enum(['match', 'possible']);

export const duplicateCheckResponse = z.object({
  /** candidates the caller's organisation may see, best first */
  candidates: z.array(
    z.object({
      score: z.number(),
      decision,
      reasons: z.array(z.object({ code: z.string(), value: z.number().optional() })),
      person: z.object({
        id: z.string(),
        code: z.string(),
        /** only for holders of persons.write */
        displayName: z.string().nullable(),
        /** only for holders of persons.write: birth year, or the range of possible years */
        birthYears: z.object({ from: z.number(), to: z.number() }).nullable(),
        sex: z.string().nullable(),
        citizenships: z.array(z.string()),
      }),
    }),
  ),
  /** organisations holding a resembling person the caller may not see: no person detail crosses */
  elsewhere: z.array(z.object({ heldBy: z.object({ organisationId: z.string(), organisationName: z.string() }), strength: decision })),
});
export type DuplicateCheckResponse = z.infer<typeof duplicateCheckResponse>;

export const mergeStatuses = ['requested', 'approved', 'rejected', 'reverted'] as const;
export type MergeStatus = (typeof mergeStatuses)[number];

export const mergeCreateBody = z
  .object({
    keptPersonId: uuid,
    mergedPersonId: uuid,
    reason: text(2000),
  })
  .strict();
export type MergeCreateBody = z.infer<typeof mergeCreateBody>;

export const mergeListQuery = z.object({ status: z.enum(mergeStatuses).optional() }).strict();
export type MergeListQuery = z.infer<typeof mergeListQuery>;

export const mergeIdParams = z.object({ id: uuid }).strict();
export const personIdParams = z.object({ id: uuid }).strict();

const personRef = z.object({ id: z.string(), code: z.string() });
const userRef = z.object({ id: z.string(), displayName: z.string() }).nullable();

export const mergeResponse = z.object({
  id: z.string(),
  status: z.enum(mergeStatuses),
  keptPerson: personRef,
  mergedPerson: personRef,
  reason: z.string().nullable(),
  requestedBy: userRef,
  requestedAt: z.string(),
  decidedBy: userRef,
  decidedAt: z.string().nullable(),
  revertedBy: userRef,
  revertedAt: z.string().nullable(),
  /** after approval: what moved (counts only) */
  moved: z.object({ cases: z.number(), names: z.number(), documents: z.number(), phones: z.number() }).nullable(),
});
export type MergeDto = z.infer<typeof mergeResponse>;

export const mergeListResponse = z.object({ items: z.array(mergeResponse) });
