/** Request schemas of case transfers. Every object is strict. */
import { z } from 'zod';
import { text, uuid } from '../../../domain/fields.ts';

export const transferReasons = ['safety', 'change_of_location', 'specialised_programme', 'other'] as const;

export const caseParams = z.object({ id: uuid }).strict();
export const transferParams = z.object({ id: uuid }).strict();
export const transferDocumentParams = z.object({ id: uuid, documentId: uuid }).strict();
export const noQuery = z.object({}).strict();
export const emptyBody = z.strictObject({}).nullish();

export const transferCreate = z
  .object({
    toOrgId: uuid,
    reason: z.enum(transferReasons),
    explanation: text(4000).refine((v) => v.trim().length >= 10, 'at least 10 characters'),
    overrideReason: text(2000).refine((v) => v.trim().length >= 10, 'at least 10 characters').optional(),
  })
  .strict();
export type TransferCreate = z.infer<typeof transferCreate>;

export const transferDecision = z
  .object({
    decision: z.enum(['accept', 'decline']),
    note: text(4000).optional(),
    caseWorkerId: uuid.optional(),
  })
  .strict();
export type TransferDecision = z.infer<typeof transferDecision>;

export const transferQuery = z
  .object({
    box: z.enum(['in', 'out']).default('in'),
    status: z.enum(['requested', 'accepted', 'declined', 'withdrawn', '']).optional(),
  })
  .strict();
export type TransferQuery = z.infer<typeof transferQuery>;

export const transferResponse = z.object({
  id: z.string(),
  caseId: z.string(),
  caseCode: z.string(),
  personCode: z.string(),
  casePhase: z.string(),
  minorStatus: z.string().nullable(),
  side: z.enum(['sender', 'receiver']),
  from: z.object({ id: z.string(), name: z.string() }),
  to: z.object({ id: z.string(), name: z.string() }),
  reason: z.enum(transferReasons),
  explanation: z.string(),
  consentBasis: z.enum(['consent', 'guardian_consent', 'override']),
  overrideReason: z.string().nullable(),
  status: z.enum(['requested', 'accepted', 'declined', 'withdrawn']),
  requestedBy: z.object({ id: z.string(), displayName: z.string().nullable() }),
  requestedAt: z.string(),
  decidedBy: z.object({ id: z.string(), displayName: z.string().nullable() }).nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export type TransferDto = z.infer<typeof transferResponse>;

export const formerRecordsResponse = z.object({
  transferId: z.string(),
  caseCode: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  notes: z.array(z.object({ id: z.string(), text: z.string(), authorName: z.string().nullable(), createdAt: z.string() })),
  services: z.array(z.object({ id: z.string(), type: z.string(), status: z.string(), startsOn: z.string().nullable(), endsOn: z.string().nullable(), notes: z.string().nullable(), createdAt: z.string() })),
  goals: z.array(z.object({ id: z.string(), title: z.string(), status: z.string(), createdAt: z.string() })),
  documents: z.array(z.object({ id: z.string(), fileName: z.string(), mediaType: z.string(), sizeBytes: z.number(), uploadedAt: z.string() })),
});
export type FormerRecordsDto = z.infer<typeof formerRecordsResponse>;

