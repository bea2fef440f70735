/** Zod schemas of the staff events API (request and response). */
import { z } from 'zod';
import { uuid } from '../../../domain/fields.ts';
import { eventEdit, eventFieldTypes, eventInput } from '../../../domain/events/index.ts';

export const idParams = z.strictObject({ id: uuid });
export const registrationParams = z.strictObject({ id: uuid, registrationId: uuid });
export const eventCreate = eventInput;
export const eventUpdate = eventEdit;
export const versionBody = z.strictObject({ version: z.number().int().min(1) });
export const attendanceBody = z.strictObject({ attended: z.boolean() });
export const exportQuery = z.strictObject({ format: z.enum(['csv', 'xlsx']).default('csv') });
export const noQuery = z.strictObject({});

const field = z.object({ key: z.string(), label: z.string(), type: z.enum(eventFieldTypes), required: z.boolean(), options: z.array(z.string()).optional() });

export const eventResponse = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  audience: z.string(),
  description: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  capacity: z.number().int(),
  registrationDeadline: z.string(),
  waitingList: z.boolean(),
  formFields: z.array(field),
  consentText: z.string(),
  creditsCode: z.string().nullable(),
  creditsHours: z.number().nullable(),
  status: z.enum(['draft', 'published', 'cancelled']),
  confirmed: z.number().int(),
  waiting: z.number().int(),
  attended: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

export const eventListResponse = z.object({ items: z.array(eventResponse) });

export const registrationResponse = z.object({
  id: z.string(),
  status: z.enum(['confirmed', 'waiting', 'cancelled']),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  answers: z.record(z.string(), z.union([z.string(), z.boolean()])),
  lang: z.string(),
  consentText: z.string(),
  consentAt: z.string(),
  attended: z.boolean(),
  createdAt: z.string(),
  promotedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
});

export const registrationListResponse = z.object({ event: eventResponse, items: z.array(registrationResponse) });
export const attendanceResponse = z.object({ id: z.string(), attended: z.boolean() });
