/** Access matrix rows of training events (events.manage: trainers; see matrix.ts). */
import { randomUUID } from 'node:crypto';
import type { BuiltinRoleKey } from '../../src/domain/permissions.ts';
import { FieldCipher, fieldAad } from '../../src/server/platform/crypto.ts';
import { eventColumns } from '../../src/server/features/events/encrypted.ts';
import { TEST_MASTER_KEY } from '../helpers/app.ts';
import type { EndpointCase, MatrixFixtures } from './matrix.ts';

/** Published events are public, so an event's existence is not secret: other roles get 403. */
const managers = ['trainer'] as const satisfies readonly BuiltinRoleKey[];

function eventInput(f: MatrixFixtures, slug = `evento-${f.unique()}`) {
  const start = Date.now() + 20 * 86_400_000;
  return {
    slug,
    title: 'Seminario di prova',
    audience: 'Operatori',
    description: 'Programma.',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 7_200_000).toISOString(),
    place: 'Sala A, Torino',
    onlineUrl: null,
    capacity: 10,
    registrationDeadline: new Date(start - 86_400_000).toISOString(),
    waitingList: true,
    formFields: [{ key: 'ente', label: 'Ente', type: 'text', required: true }],
    consentText: 'Consenso di prova.',
    creditsCode: null,
    creditsHours: null,
  };
}

/** A fresh published event, inserted directly. */
async function newEvent(f: MatrixFixtures): Promise<string> {
  const i = eventInput(f);
  const r = await f.db
    .insertInto('events')
    .values({
      slug: i.slug, title: i.title, audience: i.audience, description: i.description, starts_at: i.startsAt, ends_at: i.endsAt, place: i.place,
      capacity: i.capacity, registration_deadline: i.registrationDeadline, form_fields: JSON.stringify(i.formFields), consent_text: i.consentText, status: 'published',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** A confirmed registration of a fresh event, encrypted as the public form stores it. */
async function newRegistration(f: MatrixFixtures, attended: boolean): Promise<{ eventId: string; registrationId: string }> {
  const eventId = await newEvent(f);
  const cipher = new FieldCipher({ db: f.db, masterKey: TEST_MASTER_KEY });
  const id = randomUUID();
  const seal = (column: { table: string; column: string }, plaintext: string) => cipher.encrypt({ plaintext, aad: fieldAad({ ...column, rowId: id }), db: f.db });
  await f.db
    .insertInto('event_registrations')
    .values({
      id, event_id: eventId, status: 'confirmed', name_enc: await seal(eventColumns.name, 'Iscritta Prova'), email_enc: await seal(eventColumns.email, `iscritta-${f.unique()}@example.org`),
      email_index: f.unique(), consent_text: 'Consenso di prova.', consent_at: new Date(), lang: 'it', cancel_token_hash: f.unique(), attended, created_at: new Date(), delete_after: '2099-01-01',
    })
    .execute();
  return { eventId, registrationId: id };
}

export const eventEndpoints: readonly EndpointCase[] = [
  { method: 'GET', route: '/api/events', path: () => '/api/events', allowed: managers, denied: 403, deniedAction: 'event.list' },
  { method: 'POST', route: '/api/events', path: () => '/api/events', body: (f) => eventInput(f), allowed: managers, denied: 403, deniedAction: 'event.create' },
  { method: 'GET', route: '/api/events/:id', path: async (f) => `/api/events/${await newEvent(f)}`, allowed: managers, denied: 403, deniedAction: 'event.read' },
  {
    method: 'PUT', route: '/api/events/:id', path: async (f) => `/api/events/${await newEvent(f)}`,
    body: (f) => ({ ...eventInput(f), version: 1 }),
    allowed: managers, denied: 403, deniedAction: 'event.update',
  },
  { method: 'POST', route: '/api/events/:id/publish', path: async (f) => `/api/events/${await newEvent(f)}/publish`, body: () => ({ version: 1 }), allowed: managers, denied: 403, deniedAction: 'event.publish' },
  { method: 'POST', route: '/api/events/:id/unpublish', path: async (f) => `/api/events/${await newEvent(f)}/unpublish`, body: () => ({ version: 1 }), allowed: managers, denied: 403, deniedAction: 'event.publish' },
  { method: 'POST', route: '/api/events/:id/cancel', path: async (f) => `/api/events/${await newEvent(f)}/cancel`, body: () => ({ version: 1 }), allowed: managers, denied: 403, deniedAction: 'event.cancel' },
  {
    method: 'GET', route: '/api/events/:id/registrations', path: async (f) => `/api/events/${(await newRegistration(f, false)).eventId}/registrations`,
    allowed: managers, denied: 403, deniedAction: 'event_registration.list',
  },
  {
    method: 'GET', route: '/api/events/:id/registrations/export', path: async (f) => `/api/events/${(await newRegistration(f, false)).eventId}/registrations/export?format=csv`,
    allowed: managers, denied: 403, deniedAction: 'event_registration.export',
  },
  {
    method: 'PUT', route: '/api/events/:id/registrations/:registrationId/attendance',
    path: async (f) => { const r = await newRegistration(f, false); return `/api/events/${r.eventId}/registrations/${r.registrationId}/attendance`; },
    body: () => ({ attended: true }),
    allowed: managers, denied: 403, deniedAction: 'event_registration.attendance',
  },
  {
    method: 'GET', route: '/api/events/:id/registrations/:registrationId/certificate',
    path: async (f) => { const r = await newRegistration(f, true); return `/api/events/${r.eventId}/registrations/${r.registrationId}/certificate`; },
    allowed: managers, denied: 403, deniedAction: 'event_registration.certificate',
  },
];
