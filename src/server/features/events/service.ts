/**
 * Staff side of training events (events.manage): events with optimistic concurrency (create, edit,
 * publish, unpublish, cancel), the registrations with their decrypted data (audited), the
 * attendance register, the registrants' export and the attendance certificates. Events are public
 * once published, so a role without the permission gets 403 rather than 404.
 */
import type { Selectable } from 'kysely';
import type { EventsTable, EventFormField, EventStatus, RegistrationStatus } from '../../../db/schema-events.ts';
import type { DataAccess, ScopedTx } from '../../platform/access.ts';
import type { AuditAction } from '../../platform/audit.ts';
import { conflictError, notFound, PonteError } from '../../platform/errors.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import type { EventInput } from '../../../domain/events/index.ts';
import { eventColumns } from './encrypted.ts';
import { enqueueEventMail, promoteWaiting, registrantEmail } from './registrations.ts';

export interface EventDto {
  id: string;
  slug: string;
  title: string;
  audience: string;
  description: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  onlineUrl: string | null;
  capacity: number;
  registrationDeadline: string;
  waitingList: boolean;
  formFields: EventFormField[];
  consentText: string;
  creditsCode: string | null;
  creditsHours: number | null;
  status: EventStatus;
  confirmed: number;
  waiting: number;
  attended: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface RegistrationDto {
  id: string;
  status: RegistrationStatus;
  name: string;
  email: string;
  phone: string | null;
  answers: Record<string, string | boolean>;
  lang: string;
  consentText: string;
  consentAt: string;
  attended: boolean;
  createdAt: string;
  promotedAt: string | null;
  cancelledAt: string | null;
}

async function requireManager(access: DataAccess, action: AuditAction, recordId?: string) {
  return access.require({ permission: 'events.manage', entry: { action, recordType: 'event', ...(recordId ? { recordId } : {}) }, hide: false });
}

function parseFields(value: unknown): EventFormField[] {
  const v = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(v) ? (v as EventFormField[]) : [];
}

async function counts(tx: ScopedTx, ids: string[]): Promise<Map<string, { confirmed: number; waiting: number; attended: number }>> {
  const out = new Map<string, { confirmed: number; waiting: number; attended: number }>();
  if (ids.length === 0) return out;
  const rows = await tx.db
    .selectFrom('event_registrations')
    .select(['event_id', 'status', 'attended', (eb) => eb.fn.countAll<string>().as('n')])
    .where('event_id', 'in', ids)
    .groupBy(['event_id', 'status', 'attended'])
    .execute();
  for (const r of rows) {
    const c = out.get(r.event_id) ?? { confirmed: 0, waiting: 0, attended: 0 };
    if (r.status === 'confirmed') c.confirmed += Number(r.n);
    if (r.status === 'waiting') c.waiting += Number(r.n);
    if (r.status === 'confirmed' && r.attended) c.attended += Number(r.n);
    out.set(r.event_id, c);
  }
  return out;
}

function toDto(r: Selectable<EventsTable>, c: { confirmed: number; waiting: number; attended: number } | undefined): EventDto {
  return {
    id: r.id, slug: r.slug, title: r.title, audience: r.audience, description: r.description,
    startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString(), place: r.place, onlineUrl: r.online_url,
    capacity: r.capacity, registrationDeadline: r.registration_deadline.toISOString(), waitingList: r.waiting_list,
    formFields: parseFields(r.form_fields), consentText: r.consent_text, creditsCode: r.credits_code,
    creditsHours: r.credits_hours === null ? null : Number(r.credits_hours), status: r.status,
    confirmed: c?.confirmed ?? 0, waiting: c?.waiting ?? 0, attended: c?.attended ?? 0,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
  };
}

async function loadDto(tx: ScopedTx, id: string): Promise<EventDto | null> {
  const r = await tx.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  return toDto(r, (await counts(tx, [id])).get(id));
}

export async function listEvents(options: { access: DataAccess }): Promise<{ items: EventDto[] }> {
  await requireManager(options.access, 'event.list');
  return options.access.transaction(async (tx) => {
    const rows = await tx.db.selectFrom('events').selectAll().orderBy('starts_at', 'desc').limit(500).execute();
    const c = await counts(tx, rows.map((r) => r.id));
    return { items: rows.map((r) => toDto(r, c.get(r.id))) };
  });
}

export async function getEvent(options: { access: DataAccess; id: string }): Promise<EventDto> {
  await requireManager(options.access, 'event.read', options.id);
  const dto = await options.access.transaction((tx) => loadDto(tx, options.id));
  if (!dto) throw notFound('event');
  return dto;
}

function values(input: EventInput) {
  return {
    slug: input.slug,
    title: input.title,
    audience: input.audience,
    description: input.description,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    place: input.place,
    online_url: input.onlineUrl,
    capacity: input.capacity,
    registration_deadline: input.registrationDeadline,
    waiting_list: input.waitingList,
    form_fields: JSON.stringify(input.formFields),
    consent_text: input.consentText,
    credits_code: input.creditsCode,
    credits_hours: input.creditsHours === null ? null : String(input.creditsHours),
  };
}

const slugTaken = () => new PonteError({ code: 'conflict', message: { it: 'Esiste già un evento con questo indirizzo (slug).', en: 'An event with this address (slug) already exists.' }, detail: 'slug taken' });

export async function createEvent(options: { access: DataAccess; input: EventInput }): Promise<EventDto> {
  await requireManager(options.access, 'event.create');
  return options.access.transaction(async (tx) => {
    const taken = await tx.db.selectFrom('events').select('id').where('slug', '=', options.input.slug).executeTakeFirst();
    if (taken) throw slugTaken();
    const r = await tx.db
      .insertInto('events')
      .values({ ...values(options.input), organisation_id: tx.actor.orgId, created_by: tx.actor.userId, created_at: tx.now, updated_at: tx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.audit({ action: 'event.create', outcome: 'success', recordType: 'event', recordId: r.id, details: { slug: options.input.slug } });
    const dto = await loadDto(tx, r.id);
    if (!dto) throw notFound('event');
    return dto;
  });
}

/** Locks the event and checks the version the editor had; null when there is no such event. */
async function lockVersion(tx: ScopedTx, id: string, version: number) {
  const row = await tx.db.selectFrom('events').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) return null;
  if (row.version !== version) {
    throw conflictError({ it: 'L’evento è stato modificato da qualcun altro: ricarica la pagina.', en: 'The event was changed by someone else: reload the page.', detail: `version ${row.version}` });
  }
  return row;
}

async function missing(access: DataAccess, action: AuditAction, id: string): Promise<never> {
  await access.auditDenied({ action, recordType: 'event', recordId: id, details: { reason: 'not_found' } });
  throw notFound('event');
}

export async function updateEvent(options: { access: DataAccess; cipher: FieldCipher; id: string; input: EventInput & { version: number } }): Promise<EventDto> {
  const { access, id, input } = options;
  await requireManager(access, 'event.update', id);
  const dto = await access.transaction(async (tx) => {
    const row = await lockVersion(tx, id, input.version);
    if (!row) return null;
    if (row.status === 'cancelled') throw new PonteError({ code: 'conflict', message: { it: 'L’evento è annullato e non si può modificare.', en: 'The event is cancelled and cannot be edited.' }, detail: 'cancelled' });
    if (input.slug !== row.slug) {
      const taken = await tx.db.selectFrom('events').select('id').where('slug', '=', input.slug).where('id', '<>', id).executeTakeFirst();
      if (taken) throw slugTaken();
    }
    await tx.db.updateTable('events').set({ ...values(input), updated_at: tx.now, version: row.version + 1 }).where('id', '=', id).execute();
    // A larger capacity gives places to those waiting, in order.
    const promoted = row.status === 'published' && tx.now < row.starts_at ? await promoteWaiting(tx, options.cipher, { id, capacity: input.capacity }) : [];
    await tx.audit({ action: 'event.update', outcome: 'success', recordType: 'event', recordId: id, details: { version: row.version + 1, promoted: promoted.length } });
    for (const p of promoted) await tx.audit({ action: 'event_registration.promote', outcome: 'success', recordType: 'event_registration', recordId: p, details: { eventId: id } });
    return loadDto(tx, id);
  });
  return dto ?? missing(access, 'event.update', id);
}

export async function setPublished(options: { access: DataAccess; id: string; published: boolean; version: number }): Promise<EventDto> {
  const { access, id } = options;
  await requireManager(access, 'event.publish', id);
  const dto = await access.transaction(async (tx) => {
    const row = await lockVersion(tx, id, options.version);
    if (!row) return null;
    if (row.status === 'cancelled') throw new PonteError({ code: 'conflict', message: { it: 'L’evento è annullato.', en: 'The event is cancelled.' }, detail: 'cancelled' });
    await tx.db.updateTable('events').set({ status: options.published ? 'published' : 'draft', updated_at: tx.now, version: row.version + 1 }).where('id', '=', id).execute();
    await tx.audit({ action: 'event.publish', outcome: 'success', recordType: 'event', recordId: id, details: { published: options.published } });
    return loadDto(tx, id);
  });
  return dto ?? missing(access, 'event.publish', id);
}

/** Cancels the event: it stays visible as cancelled, and everyone registered or waiting is mailed. */
export async function cancelEvent(options: { access: DataAccess; cipher: FieldCipher; id: string; version: number }): Promise<EventDto> {
  const { access, cipher, id } = options;
  await requireManager(access, 'event.cancel', id);
  const dto = await access.transaction(async (tx) => {
    const row = await lockVersion(tx, id, options.version);
    if (!row) return null;
    if (row.status === 'cancelled') return loadDto(tx, id);
    await tx.db.updateTable('events').set({ status: 'cancelled', updated_at: tx.now, version: row.version + 1 }).where('id', '=', id).execute();
    const regs = row.status === 'published'
      ? await tx.db.selectFrom('event_registrations').select(['id', 'email_enc', 'lang']).where('event_id', '=', id).where('status', '<>', 'cancelled').execute()
      : [];
    for (const r of regs) await enqueueEventMail(tx.db, cipher, { registrationId: r.id, template: 'event_cancelled', locale: r.lang, email: await registrantEmail(tx.db, cipher, r), now: tx.now });
    await tx.audit({ action: 'event.cancel', outcome: 'success', recordType: 'event', recordId: id, details: { mailed: regs.length } });
    return loadDto(tx, id);
  });
  return dto ?? missing(access, 'event.cancel', id);
}

async function decryptRegistration(tx: ScopedTx, cipher: FieldCipher, r: {
  id: string; status: RegistrationStatus; name_enc: string; email_enc: string; phone_enc: string | null; answers_enc: string | null; lang: string;
  consent_text: string; consent_at: Date; attended: boolean; created_at: Date; promoted_at: Date | null; cancelled_at: Date | null;
}): Promise<RegistrationDto> {
  const open = (column: { table: string; column: string }, value: string) => cipher.decrypt({ value, aad: fieldAad({ ...column, rowId: r.id }), db: tx.db });
  return {
    id: r.id,
    status: r.status,
    name: await open(eventColumns.name, r.name_enc),
    email: await open(eventColumns.email, r.email_enc),
    phone: r.phone_enc === null ? null : await open(eventColumns.phone, r.phone_enc),
    answers: r.answers_enc === null ? {} : (JSON.parse(await open(eventColumns.answers, r.answers_enc)) as Record<string, string | boolean>),
    lang: r.lang,
    consentText: r.consent_text,
    consentAt: r.consent_at.toISOString(),
    attended: r.attended,
    createdAt: r.created_at.toISOString(),
    promotedAt: r.promoted_at ? r.promoted_at.toISOString() : null,
    cancelledAt: r.cancelled_at ? r.cancelled_at.toISOString() : null,
  };
}

const registrationFields = ['name', 'email', 'phone', 'answers', 'consent'];

async function registrationRows(tx: ScopedTx, eventId: string, registrationId?: string) {
  let q = tx.db
    .selectFrom('event_registrations')
    .select(['id', 'status', 'name_enc', 'email_enc', 'phone_enc', 'answers_enc', 'lang', 'consent_text', 'consent_at', 'attended', 'created_at', 'promoted_at', 'cancelled_at'])
    .where('event_id', '=', eventId)
    .orderBy('seq');
  if (registrationId) q = q.where('id', '=', registrationId);
  return q.execute();
}

/** The event and its registrations in order of arrival (confirmed, waiting, cancelled), decrypted; audited. */
export async function listRegistrations(options: { access: DataAccess; cipher: FieldCipher; id: string; action?: 'event_registration.list' | 'event_registration.export' }): Promise<{ event: EventDto; items: RegistrationDto[] }> {
  const { access, cipher, id } = options;
  const action = options.action ?? 'event_registration.list';
  await requireManager(access, action, id);
  const out = await access.transaction(async (tx) => {
    const event = await loadDto(tx, id);
    if (!event) return null;
    const items: RegistrationDto[] = [];
    for (const r of await registrationRows(tx, id)) items.push(await decryptRegistration(tx, cipher, r));
    await tx.audit({ action, outcome: 'success', recordType: 'event', recordId: id, fields: registrationFields, details: { count: items.length } });
    return { event, items };
  });
  return out ?? missing(access, action, id);
}

export async function markAttendance(options: { access: DataAccess; id: string; registrationId: string; attended: boolean }): Promise<{ id: string; attended: boolean }> {
  const { access, id, registrationId } = options;
  await requireManager(access, 'event_registration.attendance', id);
  const done = await access.transaction(async (tx) => {
    const r = await tx.db.selectFrom('event_registrations').select(['id', 'status']).where('id', '=', registrationId).where('event_id', '=', id).forUpdate().executeTakeFirst();
    if (!r) return null;
    if (r.status !== 'confirmed') throw new PonteError({ code: 'conflict', message: { it: 'Solo gli iscritti con posto confermato risultano presenti.', en: 'Only registrants with a confirmed place can be marked present.' }, detail: `status ${r.status}` });
    await tx.db.updateTable('event_registrations').set({ attended: options.attended, attendance_marked_by: tx.actor.userId, attendance_marked_at: tx.now }).where('id', '=', r.id).execute();
    await tx.audit({ action: 'event_registration.attendance', outcome: 'success', recordType: 'event_registration', recordId: r.id, details: { eventId: id, attended: options.attended } });
    return { id: r.id, attended: options.attended };
  });
  if (done) return done;
  await access.auditDenied({ action: 'event_registration.attendance', recordType: 'event_registration', recordId: registrationId, details: { reason: 'not_found' } });
  throw notFound('registration');
}

/** An attendee's data for the certificate (only a confirmed registrant marked present); audited. */
export async function certificateData(options: { access: DataAccess; cipher: FieldCipher; id: string; registrationId: string }): Promise<{ event: EventDto; registration: RegistrationDto }> {
  const { access, cipher, id, registrationId } = options;
  await requireManager(access, 'event_registration.certificate', id);
  const out = await access.transaction(async (tx) => {
    const event = await loadDto(tx, id);
    const [row] = event ? await registrationRows(tx, id, registrationId) : [];
    if (!event || !row) return null;
    if (row.status !== 'confirmed' || !row.attended) {
      throw new PonteError({ code: 'conflict', message: { it: 'L’attestato si rilascia solo a chi risulta presente.', en: 'A certificate is issued only to attendees marked present.' }, detail: 'not attended' });
    }
    const registration = await decryptRegistration(tx, cipher, row);
    await tx.audit({ action: 'event_registration.certificate', outcome: 'success', recordType: 'event_registration', recordId: row.id, fields: ['name'], details: { eventId: id } });
    return { event, registration };
  });
  if (out) return out;
  await access.auditDenied({ action: 'event_registration.certificate', recordType: 'event_registration', recordId: registrationId, details: { reason: 'not_found' } });
  throw notFound('registration');
}
