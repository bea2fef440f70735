/** Request schemas of the outreach routes (the record schemas themselves are in src/domain/outreach). */
import { z } from 'zod';
import { isoDate, line, uuid } from '../../../domain/fields.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';
import { unitKinds, contactShape, deskFieldsSchema, deskSessionFieldsSchema, deskSessionShape, outingFieldsSchema, outingShape, syncUploadSchema, zoneFieldsSchema } from '../../../domain/outreach/index.ts';

export const idParams = z.object({ id: uuid }).strict();
export const noQuery = z.object({}).strict();

const nonEmpty = (v: object): boolean => Object.entries(v).some(([k, x]) => k !== 'version' && x !== undefined);
const version = z.number().int().min(1);
const month = z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'month as YYYY-MM');

export const outingCreate = outingFieldsSchema;
export const outingUpdate = outingShape.partial().extend({ version }).strict().refine(nonEmpty, { message: issueMessages.emptyPatch.en });
export const outingsQuery = z
  .object({
    from: isoDate.optional(), to: isoDate.optional(), unitKind: z.enum(unitKinds).optional(), unit: z.string().trim().min(1).max(100).optional(), zoneId: uuid.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const contactCreate = contactShape.omit({ outingId: true });
export const contactUpdate = contactShape.omit({ outingId: true }).partial().extend({ version }).strict().refine(nonEmpty, { message: issueMessages.emptyPatch.en });

export const zoneCreate = zoneFieldsSchema;
export const zoneUpdate = zoneFieldsSchema.partial().extend({ version }).strict().refine(nonEmpty, { message: issueMessages.emptyPatch.en });

export const deskCreate = deskFieldsSchema;
export const deskUpdate = deskFieldsSchema.partial().extend({ version }).strict().refine(nonEmpty, { message: issueMessages.emptyPatch.en });
/** A page of a desk's sessions: `before` is the last session of the page already shown (keyset paging). */
export const sessionsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), before: uuid.optional() }).strict();
export const sessionCreate = deskSessionFieldsSchema;
export const sessionUpdate = deskSessionShape.partial().extend({ version }).strict().refine(nonEmpty, { message: issueMessages.emptyPatch.en });
export const sessionCancel = z.object({ version }).strict();

export const byZoneQuery = z
  .object({ from: month, to: month })
  .strict()
  .refine((q) => q.from <= q.to, { message: issueMessages.monthOrder.en, path: ['to'] });

export const deviceCreate = z.object({ label: line(60) }).strict();
export const syncUpload = syncUploadSchema;
export const syncQuery = z.object({ deviceId: uuid, since: z.iso.datetime({ offset: true }).optional() }).strict();
