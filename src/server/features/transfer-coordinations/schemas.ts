/** Request schemas of hotline-coordinated transfers. Every object is strict. */
import { z } from 'zod';
import { text, uuid } from '../../../domain/fields.ts';
import { transferReasons } from '../transfers/schemas.ts';

export const refusalReasons = ['no_consent', 'person_unavailable', 'handled_locally', 'other'] as const;

export const coordinationParams = z.object({ id: uuid }).strict();
export const noQuery = z.object({}).strict();
export const emptyBody = z.strictObject({}).nullish();

export const coordinationCreate = z
  .object({
    caseCode: z.string().regex(/^[Cc]-\d{4}-[0-9A-Za-z]{6}$/, 'case code such as C-2026-7K3M9Q'),
    fromOrgId: uuid,
    toOrgId: uuid,
    reason: z.enum(transferReasons),
    message: text(2000).optional(),
  })
  .strict();
export type CoordinationCreate = z.infer<typeof coordinationCreate>;

export const coordinationConfirm = z
  .object({
    explanation: text(4000).refine((v) => v.trim().length >= 10, 'at least 10 characters'),
    overrideReason: text(2000).refine((v) => v.trim().length >= 10, 'at least 10 characters').optional(),
  })
  .strict();
export type CoordinationConfirm = z.infer<typeof coordinationConfirm>;

export const coordinationRefuse = z.object({ reason: z.enum(refusalReasons) }).strict();
export type CoordinationRefuse = z.infer<typeof coordinationRefuse>;

export const coordinationResponse = z.object({
  id: z.string(),
  side: z.enum(['hotline', 'sender']),
  caseCode: z.string(),
  /** The sending body only (it holds the case). */
  caseId: z.string().nullable(),
  personCode: z.string().nullable(),
  from: z.object({ id: z.string(), name: z.string() }),
  to: z.object({ id: z.string(), name: z.string() }),
  reason: z.enum(transferReasons),
  message: z.string().nullable(),
  /** proposed, refused, withdrawn, or transfer_requested / transfer_accepted / transfer_declined / transfer_withdrawn. */
  status: z.string(),
  open: z.boolean(),
  refusalReason: z.enum(refusalReasons).nullable(),
  proposedAt: z.string(),
  answeredAt: z.string().nullable(),
  transferDecidedAt: z.string().nullable(),
});
export type CoordinationDto = z.infer<typeof coordinationResponse>;
