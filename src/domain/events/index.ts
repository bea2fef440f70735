/**
 * Training events: the staff-defined registration form and the rules of a public registration.
 * Pure: server and web.
 */
import { z } from 'zod';
import { hasControlChars, hasLoneSurrogate, line, text, webUrl } from '../fields.ts';

export const eventFieldTypes = ['text', 'email', 'phone', 'select', 'checkbox'] as const;
export type EventFieldType = (typeof eventFieldTypes)[number];

/** One extra field of the registration form, defined by staff. */
export const eventFormField = z
  .strictObject({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and underscores, up to 40 characters'),
    label: line(200),
    type: z.enum(eventFieldTypes),
    required: z.boolean(),
    options: z.array(line(100)).max(30).optional(),
  })
  .refine((f) => f.type !== 'select' || (f.options?.length ?? 0) >= 1, { message: 'a select field needs at least one option', path: ['options'] });
export type EventFormFieldInput = z.infer<typeof eventFormField>;

export const eventFormFields = z
  .array(eventFormField)
  .max(20)
  .refine((fields) => new Set(fields.map((f) => f.key)).size === fields.length, { message: 'field keys must be unique' });

const isoDateTime = z.iso.datetime({ offset: true });

const eventFields = {
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens').max(80),
  title: line(200),
  audience: line(300),
  description: text(5000).or(z.literal('')),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  place: line(300).nullable(),
  onlineUrl: webUrl.refine((v) => /^https?:\/\/[^\s"'<>`\\]+$/.test(v), 'no spaces or quotes in the address').nullable(),
  capacity: z.number().int().min(1).max(100_000),
  registrationDeadline: isoDateTime,
  waitingList: z.boolean(),
  formFields: eventFormFields,
  consentText: text(2000),
  creditsCode: line(100).nullable(),
  creditsHours: z.number().min(0).max(1000).nullable(),
};

function eventRules<T extends z.ZodType<{ startsAt: string; endsAt: string; place: string | null; onlineUrl: string | null }>>(schema: T) {
  return schema
    .refine((e) => Date.parse(e.endsAt) >= Date.parse(e.startsAt), { message: 'the end comes before the start', path: ['endsAt'] })
    .refine((e) => e.place !== null || e.onlineUrl !== null, { message: 'give a place or an online link', path: ['place'] });
}

/** What staff write when creating an event. */
export const eventInput = eventRules(z.strictObject(eventFields));
/** An edit: the same, with the version the editor read. */
export const eventEdit = eventRules(z.strictObject({ ...eventFields, version: z.number().int().min(1) }));
export type EventInput = z.infer<typeof eventInput>;

// --- the public registration ---------------------------------------------------------------------

export const maxNameLength = 200;
export const maxEmailLength = 254;
export const maxPhoneLength = 40;
export const maxAnswerLength = 500;

export type RegistrationErrorKey = 'required' | 'tooLong' | 'badText' | 'badEmail' | 'badPhone' | 'badChoice' | 'consent';

export interface RegistrationValues {
  name: string;
  email: string;
  phone: string | null;
  answers: Record<string, string | boolean>;
}

const emailPattern = /^[^\s@<>"'`]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;
const phonePattern = /^\+?[0-9 ()./-]{3,40}$/;

/** Controls, broken Unicode, markup brackets, or nothing visible (e.g. only direction marks). */
function badText(value: string): boolean {
  return hasControlChars(value) || hasLoneSurrogate(value) || /[\uFFFD<>]/.test(value) || !/[\p{L}\p{N}]/u.test(value);
}

/** The address compared for double registrations: trimmed and lower-cased. */
export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase();
}

/**
 * Checks the posted form against the event's fields. `raw` holds the posted strings (a field left
 * out is ''); returns the cleaned values or the errors by field name ('name', 'email', 'phone',
 * 'f_<key>', 'consent').
 */
export function checkRegistration(
  fields: readonly EventFormFieldInput[],
  raw: { name: string; email: string; phone: string; consent: string; answers: Record<string, string> },
): { values: RegistrationValues; errors: Array<{ field: string; key: RegistrationErrorKey }> } {
  const errors: Array<{ field: string; key: RegistrationErrorKey }> = [];
  const clean = (v: string) => v.normalize('NFC').trim();
  const name = clean(raw.name);
  const email = clean(raw.email);
  const phone = clean(raw.phone);
  if (name === '') errors.push({ field: 'name', key: 'required' });
  else if (name.length > maxNameLength) errors.push({ field: 'name', key: 'tooLong' });
  else if (badText(name)) errors.push({ field: 'name', key: 'badText' });
  if (email === '') errors.push({ field: 'email', key: 'required' });
  else if (email.length > maxEmailLength || !emailPattern.test(email)) errors.push({ field: 'email', key: 'badEmail' });
  if (phone !== '' && (phone.length > maxPhoneLength || !phonePattern.test(phone))) errors.push({ field: 'phone', key: 'badPhone' });
  const answers: Record<string, string | boolean> = {};
  for (const f of fields) {
    const field = `f_${f.key}`;
    const value = clean(raw.answers[f.key] ?? '');
    if (f.type === 'checkbox') {
      const checked = value !== '';
      if (f.required && !checked) errors.push({ field, key: 'required' });
      answers[f.key] = checked;
      continue;
    }
    if (value === '') {
      if (f.required) errors.push({ field, key: 'required' });
      continue;
    }
    if (value.length > maxAnswerLength) errors.push({ field, key: 'tooLong' });
    else if (badText(value)) errors.push({ field, key: 'badText' });
    else if (f.type === 'email' && !emailPattern.test(value)) errors.push({ field, key: 'badEmail' });
    else if (f.type === 'phone' && !phonePattern.test(value)) errors.push({ field, key: 'badPhone' });
    else if (f.type === 'select' && !(f.options ?? []).includes(value)) errors.push({ field, key: 'badChoice' });
    else answers[f.key] = value;
  }
  if (raw.consent !== 'yes') errors.push({ field: 'consent', key: 'consent' });
  return { values: { name, email, phone: phone === '' ? null : phone, answers }, errors };
}

/** Where a new registration goes, given the places taken: a place, the waiting list, or refused. */
export function placeFor(options: { capacity: number; confirmed: number; waitingList: boolean }): 'confirmed' | 'waiting' | 'full' {
  if (options.confirmed < options.capacity) return 'confirmed';
  return options.waitingList ? 'waiting' : 'full';
}
