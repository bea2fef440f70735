/**
 * The public side of training events: the published events, a registration (the only public write
 * besides visitors' feedback) and its cancellation through the secret link sent by e-mail.
 *
 * Capacity holds under concurrency: each registration and cancellation locks the event's row
 * (SELECT … FOR UPDATE) before counting places, so two visitors cannot take the last place at once.
 * Beyond capacity, registrations join the waiting list in order of arrival when the event has one;
 * a cancellation of a confirmed place promotes the first person waiting, who is mailed.
 *
 * Audit entries of the visitors' writes name the event and the registration, never the person, and
 * carry no address.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { EventFormField, EventMailTemplate, RegistrationStatus } from '../../../db/schema-events.ts';
import type { DataAccess } from '../../platform/access.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { italianToday } from '../../../domain/case-records.ts';
import { normaliseEmail, placeFor, type RegistrationValues } from '../../../domain/events/index.ts';
import type { PublicLanguage } from '../../../domain/public/languages.ts';
import { eventColumns } from './encrypted.ts';

export interface EventServices {
  cipher: FieldCipher;
  blindIndex: (options: { purpose: string; value: string }) => string;
}

export interface RegistrationSettings {
  /** Days after the event's end when registrations are deleted. */
  retentionDays: number;
  /** Most registrations accepted from the whole public in one hour. */
  maxPerHour: number;
}

/** An event as the public pages show it. */
export interface PublicEvent {
  id: string;
  slug: string;
  title: string;
  audience: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  onlineUrl: string | null;
  capacity: number;
  registrationDeadline: Date;
  waitingList: boolean;
  formFields: EventFormField[];
  consentText: string;
  creditsCode: string | null;
  creditsHours: string | null;
  status: 'published' | 'cancelled';
  confirmed: number;
}

/** The secret of a registration's cancellation link: keyed on its id, so every mail can carry it. */
export function cancelToken(services: Pick<EventServices, 'blindIndex'>, registrationId: string): string {
  return services.blindIndex({ purpose: 'event-cancel-link', value: registrationId });
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

type Db = Transaction<DB>;

const eventColumnsSelected = [
  'e.id', 'e.slug', 'e.title', 'e.audience', 'e.description', 'e.starts_at', 'e.ends_at', 'e.place', 'e.online_url', 'e.capacity',
  'e.registration_deadline', 'e.waiting_list', 'e.form_fields', 'e.consent_text', 'e.credits_code', 'e.credits_hours', 'e.status',
] as const;

function parseFields(value: unknown): EventFormField[] {
  const v = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(v) ? (v as EventFormField[]) : [];
}

async function confirmedCount(db: Db, eventId: string): Promise<number> {
  const r = await db.selectFrom('event_registrations').select((eb) => eb.fn.countAll<string>().as('n')).where('event_id', '=', eventId).where('status', '=', 'confirmed').executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Published events not yet over, soonest first (with the places taken). */
export async function upcomingEvents(options: { access: DataAccess }): Promise<PublicEvent[]> {
  return options.access.anonymousTransaction(async (tx) => {
    const rows = await tx.db
      .selectFrom('events as e')
      .select([...eventColumnsSelected, (eb) => eb.selectFrom('event_registrations as r').select((x) => x.fn.countAll<string>().as('n')).whereRef('r.event_id', '=', 'e.id').where('r.status', '=', 'confirmed').as('confirmed')])
      .where('e.status', 'in', ['published', 'cancelled'])
      .where('e.ends_at', '>=', tx.now)
      .orderBy('e.starts_at')
      .limit(200)
      .execute();
    return rows.map((r) => toPublic(r, Number(r.confirmed ?? 0)));
  });
}

function toPublic(r: {
  id: string; slug: string; title: string; audience: string; description: string; starts_at: Date; ends_at: Date; place: string | null; online_url: string | null;
  capacity: number; registration_deadline: Date; waiting_list: boolean; form_fields: unknown; consent_text: string; credits_code: string | null; credits_hours: string | null; status: string;
}, confirmed: number): PublicEvent {
  return {
    id: r.id, slug: r.slug, title: r.title, audience: r.audience, description: r.description, startsAt: r.starts_at, endsAt: r.ends_at,
    place: r.place, onlineUrl: r.online_url, capacity: r.capacity, registrationDeadline: r.registration_deadline, waitingList: r.waiting_list,
    formFields: parseFields(r.form_fields), consentText: r.consent_text, creditsCode: r.credits_code, creditsHours: r.credits_hours,
    status: r.status === 'cancelled' ? 'cancelled' : 'published', confirmed,
  };
}

/** A published (or cancelled, still shown) event by its address; null when there is none. */
export async function publicEvent(options: { access: DataAccess; slug: string }): Promise<PublicEvent | null> {
  if (!/^[a-z0-9-]{1,80}$/.test(options.slug)) return null;
  return options.access.anonymousTransaction(async (tx) => {
    const r = await tx.db.selectFrom('events as e').select([...eventColumnsSelected]).where('e.slug', '=', options.slug).where('e.status', 'in', ['published', 'cancelled']).executeTakeFirst();
    if (!r) return null;
    return toPublic(r, await confirmedCount(tx.db, r.id));
  });
}

/** Whether registrations are open now: published, before the deadline and before the start. */
export function registrationOpen(event: Pick<PublicEvent, 'status' | 'registrationDeadline' | 'startsAt'>, now: Date): boolean {
  return event.status === 'published' && now.getTime() <= event.registrationDeadline.getTime() && now.getTime() < event.startsAt.getTime();
}

/** Queues an e-mail to a registrant (address sealed to the outbox row), in the caller's transaction. */
export async function enqueueEventMail(db: Db, cipher: FieldCipher, options: { registrationId: string; template: EventMailTemplate; locale: string; email: string; now: Date }): Promise<void> {
  const id = randomUUID();
  const recipient = await cipher.encrypt({ plaintext: options.email, aad: fieldAad({ ...eventColumns.recipient, rowId: id }), db });
  await db
    .insertInto('event_mail_outbox')
    .values({ id, registration_id: options.registrationId, template: options.template, locale: options.locale, recipient_enc: recipient, next_attempt_at: options.now, created_at: options.now })
    .execute();
}

export async function registrantEmail(db: Db, cipher: FieldCipher, row: { id: string; email_enc: string }): Promise<string> {
  return cipher.decrypt({ value: row.email_enc, aad: fieldAad({ ...eventColumns.email, rowId: row.id }), db });
}

export type RegisterOutcome =
  | { kind: 'registered'; status: 'confirmed' | 'waiting'; registrationId: string }
  | { kind: 'missing' }
  | { kind: 'closed' }
  | { kind: 'full' }
  | { kind: 'duplicate' }
  | { kind: 'capped' };

/** Stores a valid registration, the confirmation (or waiting list) mail queued in the same transaction. */
export async function register(options: {
  access: DataAccess;
  services: EventServices;
  settings: RegistrationSettings;
  slug: string;
  lang: PublicLanguage;
  values: RegistrationValues;
  consentText: string;
}): Promise<RegisterOutcome> {
  const { access, services, settings, values } = options;
  const { cipher } = services;
  return access.anonymousTransaction(async (tx) => {
    const since = new Date(tx.now.getTime() - 3_600_000);
    const recent = await tx.db.selectFrom('event_registrations').select((eb) => eb.fn.countAll<string>().as('n')).where('created_at', '>', since).executeTakeFirstOrThrow();
    if (Number(recent.n) >= settings.maxPerHour) return { kind: 'capped' };
    // The event's row is the lock every registration and cancellation of the event takes first.
    const event = await tx.db
      .selectFrom('events')
      .select(['id', 'status', 'capacity', 'waiting_list', 'registration_deadline', 'starts_at', 'ends_at', 'consent_text'])
      .where('slug', '=', options.slug)
      .where('status', 'in', ['published', 'cancelled'])
      .forUpdate()
      .executeTakeFirst();
    if (!event) return { kind: 'missing' };
    if (!registrationOpen({ status: event.status === 'published' ? 'published' : 'cancelled', registrationDeadline: event.registration_deadline, startsAt: event.starts_at }, tx.now)) return { kind: 'closed' };
    const emailIndex = services.blindIndex({ purpose: 'event-registration-email', value: normaliseEmail(values.email) });
    const twin = await tx.db.selectFrom('event_registrations').select('id').where('event_id', '=', event.id).where('email_index', '=', emailIndex).where('status', '<>', 'cancelled').executeTakeFirst();
    if (twin) return { kind: 'duplicate' };
    const place = placeFor({ capacity: event.capacity, confirmed: await confirmedCount(tx.db, event.id), waitingList: event.waiting_list });
    if (place === 'full') return { kind: 'full' };
    const id = randomUUID();
    const seal = (column: { table: string; column: string }, plaintext: string) => cipher.encrypt({ plaintext, aad: fieldAad({ ...column, rowId: id }), db: tx.db });
    const deleteAfter = new Date(event.ends_at.getTime() + settings.retentionDays * 86_400_000);
    const hasAnswers = Object.keys(values.answers).length > 0;
    await tx.db
      .insertInto('event_registrations')
      .values({
        id,
        event_id: event.id,
        status: place,
        name_enc: await seal(eventColumns.name, values.name),
        email_enc: await seal(eventColumns.email, values.email),
        phone_enc: values.phone === null ? null : await seal(eventColumns.phone, values.phone),
        answers_enc: hasAnswers ? await seal(eventColumns.answers, JSON.stringify(values.answers)) : null,
        email_index: emailIndex,
        // The text the visitor was shown (the event's, read with the form) is the one kept.
        consent_text: options.consentText,
        consent_at: tx.now,
        lang: options.lang,
        cancel_token_hash: tokenHash(cancelToken(services, id)),
        created_at: tx.now,
        delete_after: italianToday(deleteAfter),
      })
      .execute();
    await enqueueEventMail(tx.db, cipher, { registrationId: id, template: place, locale: options.lang, email: values.email, now: tx.now });
    await tx.audit(
      { action: 'event_registration.create', outcome: 'success', recordType: 'event_registration', recordId: id, details: { eventId: event.id, status: place, lang: options.lang } },
      null,
      null,
      { withoutIp: true },
    );
    return { kind: 'registered', status: place, registrationId: id };
  });
}

export interface CancelView {
  lang: string;
  status: RegistrationStatus;
  event: { slug: string; title: string; startsAt: Date };
}

/** What the cancellation page shows for a link (nothing personal); null for an unknown link. */
export async function cancelView(options: { access: DataAccess; token: string }): Promise<CancelView | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(options.token)) return null;
  return options.access.anonymousTransaction(async (tx) => {
    const r = await tx.db
      .selectFrom('event_registrations as r')
      .innerJoin('events as e', 'e.id', 'r.event_id')
      .select(['r.lang', 'r.status', 'e.slug', 'e.title', 'e.starts_at'])
      .where('r.cancel_token_hash', '=', tokenHash(options.token))
      .executeTakeFirst();
    return r ? { lang: r.lang, status: r.status, event: { slug: r.slug, title: r.title, startsAt: r.starts_at } } : null;
  });
}

/**
 * Promotes the first person waiting when a place is free (the caller holds the event's lock), and
 * queues their mail. Returns the promoted registration's id, if any.
 */
export async function promoteWaiting(tx: { db: Db; now: Date }, cipher: FieldCipher, event: { id: string; capacity: number }): Promise<string[]> {
  const promoted: string[] = [];
  let free = event.capacity - (await confirmedCount(tx.db, event.id));
  while (free > 0) {
    const next = await tx.db
      .selectFrom('event_registrations')
      .select(['id', 'email_enc', 'lang'])
      .where('event_id', '=', event.id)
      .where('status', '=', 'waiting')
      .orderBy('seq')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!next) break;
    await tx.db.updateTable('event_registrations').set({ status: 'confirmed', promoted_at: tx.now }).where('id', '=', next.id).execute();
    await enqueueEventMail(tx.db, cipher, { registrationId: next.id, template: 'promoted', locale: next.lang, email: await registrantEmail(tx.db, cipher, next), now: tx.now });
    promoted.push(next.id);
    free--;
  }
  return promoted;
}

/** Cancels the registration of a link; 'unknown' for a link that matches none. */
export async function cancelRegistration(options: { access: DataAccess; services: EventServices; token: string }): Promise<'cancelled' | 'already' | 'unknown'> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(options.token)) return 'unknown';
  const { cipher } = options.services;
  const hash = tokenHash(options.token);
  return options.access.anonymousTransaction(async (tx) => {
    const found = await tx.db.selectFrom('event_registrations').select(['event_id']).where('cancel_token_hash', '=', hash).executeTakeFirst();
    if (!found) return 'unknown';
    // The event first, then the registration: the same order as a registration takes.
    const event = await tx.db.selectFrom('events').select(['id', 'capacity', 'status', 'starts_at']).where('id', '=', found.event_id).forUpdate().executeTakeFirstOrThrow();
    const reg = await tx.db.selectFrom('event_registrations').select(['id', 'status', 'email_enc', 'lang']).where('cancel_token_hash', '=', hash).forUpdate().executeTakeFirstOrThrow();
    if (reg.status === 'cancelled') return 'already';
    await tx.db.updateTable('event_registrations').set({ status: 'cancelled', cancelled_at: tx.now }).where('id', '=', reg.id).execute();
    await enqueueEventMail(tx.db, cipher, { registrationId: reg.id, template: 'cancelled', locale: reg.lang, email: await registrantEmail(tx.db, cipher, reg), now: tx.now });
    await tx.audit(
      { action: 'event_registration.cancel', outcome: 'success', recordType: 'event_registration', recordId: reg.id, details: { eventId: event.id, was: reg.status } },
      null,
      null,
      { withoutIp: true },
    );
    if (reg.status === 'confirmed' && event.status === 'published' && tx.now.getTime() < event.starts_at.getTime()) {
      for (const id of await promoteWaiting(tx, cipher, event)) {
        await tx.audit(
          { action: 'event_registration.promote', outcome: 'success', recordType: 'event_registration', recordId: id, details: { eventId: event.id } },
          null,
          null,
          { withoutIp: true },
        );
      }
    }
    return 'cancelled';
  });
}
