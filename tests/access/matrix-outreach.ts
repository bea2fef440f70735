/** Access matrix rows of outreach: outings, contacts, zones, desks, counts, devices and sync (see matrix.ts). */
import { randomUUID } from 'node:crypto';
import { builtinRoles, type BuiltinRoleKey, type Permission } from '../../src/domain/permissions.ts';
import { ageBands, contactHistories, nationalityGroups, sexGenders, zeroCounts, offerKinds, accompanimentKinds, adviceKinds } from '../../src/domain/outreach/index.ts';
import type { EndpointCase, MatrixFixtures } from './matrix.ts';

/** Built-in roles holding any of the permissions. */
function rolesWith(...wanted: Permission[]): BuiltinRoleKey[] {
  return builtinRoles.filter((r) => r.permissions.some((p) => (wanted as readonly string[]).includes(p))).map((r) => r.key);
}

/** outreach.write: outreach and desk workers. Everyone else gets 404 on the organisation's records. */
const writers = rolesWith('outreach.write');
/** Linking a contact to a person: outreach.write and persons.read. */
const linkers = writers.filter((k) => builtinRoles.find((r) => r.key === k)?.permissions.some((p) => p === 'persons.read'));
const counters = rolesWith('outreach.write', 'stats.aggregate');
const deviceListers = rolesWith('outreach.write', 'users.manage');
const deviceForgetters = rolesWith('users.manage');

function yesterday(): string {
  const d = new Date(Date.now() - 36 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}

function outing(total = 3) {
  return {
    unitKind: 'street', unitName: 'Unità di strada', teamUserIds: [], date: yesterday(), startTime: '21:00', endTime: '01:00',
    provinceCode: '058', municipality: 'Roma', zones: [], totalContacts: total,
    bySex: { ...zeroCounts(sexGenders), female: total }, byAge: { ...zeroCounts(ageBands), '25_34': total },
    byNationality: { ...zeroCounts(nationalityGroups), romania: total }, byHistory: { ...zeroCounts(contactHistories), known: total },
    offered: { ...zeroCounts(offerKinds), materials: 2 }, accompaniments: zeroCounts(accompanimentKinds), notes: null,
  };
}

async function newOuting(f: MatrixFixtures, total = 3): Promise<string> {
  const o = outing(total);
  const id = randomUUID();
  await f.db
    .insertInto('outreach_outings')
    .values({
      id, org_id: f.orgId, unit_kind: 'street', unit_name: o.unitName, outing_date: o.date, start_time: o.startTime, end_time: o.endTime,
      province_code: o.provinceCode, municipality: o.municipality, total_contacts: total, by_sex: JSON.stringify(o.bySex), by_age: JSON.stringify(o.byAge),
      by_nationality: JSON.stringify(o.byNationality), by_history: JSON.stringify(o.byHistory), offered: JSON.stringify(o.offered), accompaniments: JSON.stringify(o.accompaniments),
    })
    .execute();
  return id;
}

async function newContact(f: MatrixFixtures): Promise<string> {
  const outingId = await newOuting(f);
  const id = randomUUID();
  await f.db.insertInto('outreach_contacts').values({ id, outing_id: outingId, org_id: f.orgId, sex_gender: 'female', age_band: 'unknown', nationality_group: 'other_unknown', history: 'known' }).execute();
  return id;
}

/** A possible victim who agreed to follow-up, and a person of the organisation to link it to (code read by `body`). */
let linkPersonCode = '';
async function newLinkableContact(f: MatrixFixtures): Promise<string> {
  const outingId = await newOuting(f);
  const id = randomUUID();
  await f.db
    .insertInto('outreach_contacts')
    .values({ id, outing_id: outingId, org_id: f.orgId, sex_gender: 'female', age_band: '18_24', nationality_group: 'nigeria', history: 'first_time', possible_victim: true, consent_follow_up: true })
    .execute();
  const personId = await f.newPerson();
  linkPersonCode = (await f.db.selectFrom('persons').select('code').where('id', '=', personId).executeTakeFirstOrThrow()).code;
  return id;
}

async function newZone(f: MatrixFixtures): Promise<string> {
  return (await f.db.insertInto('outreach_zones').values({ org_id: f.orgId, name: `Zona ${f.unique()}`, province_code: '058', municipality: 'Roma' }).returning('id').executeTakeFirstOrThrow()).id;
}

async function newDesk(f: MatrixFixtures): Promise<string> {
  return (await f.db.insertInto('outreach_desks').values({ org_id: f.orgId, name: `Sportello ${f.unique()}`, kind: 'civil_court', province_code: '058', municipality: 'Roma' }).returning('id').executeTakeFirstOrThrow()).id;
}

async function newSession(f: MatrixFixtures): Promise<string> {
  const deskId = await newDesk(f);
  const advice = JSON.stringify({ ...zeroCounts(adviceKinds), orientation: 1 });
  return (
    await f.db
      .insertInto('outreach_desk_sessions')
      .values({ desk_id: deskId, org_id: f.orgId, session_date: yesterday(), start_time: '09:00', end_time: '12:00', worker_user_id: f.userId, interviews: 2, advice })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

/** The device the next sync call uses: made by `path` for the caller, read by `body`. */
let syncDevice: string = randomUUID();
async function callerDevice(f: MatrixFixtures, caller?: { userId: string; orgId: string }): Promise<string> {
  const row = await f.db
    .insertInto('outreach_devices')
    .values({ org_id: caller?.orgId ?? f.orgId, user_id: caller?.userId ?? f.userId, label: 'Telefono' })
    .returning('id')
    .executeTakeFirstOrThrow();
  syncDevice = row.id;
  return row.id;
}

export const outreachEndpoints: readonly EndpointCase[] = [
  { method: 'GET', route: '/api/outings', path: () => '/api/outings', allowed: writers, denied: 404, deniedAction: 'outing.list' },
  { method: 'POST', route: '/api/outings', path: () => '/api/outings', body: () => outing(), allowed: writers, denied: 404, deniedAction: 'outing.write' },
  { method: 'GET', route: '/api/outings/:id', path: async (f) => `/api/outings/${await newOuting(f)}`, allowed: writers, denied: 404, deniedAction: 'outing.read' },
  {
    method: 'PATCH', route: '/api/outings/:id', path: async (f) => `/api/outings/${await newOuting(f)}`,
    body: () => ({ version: 1, notes: 'Molto freddo' }), allowed: writers, denied: 404, deniedAction: 'outing.write',
  },
  {
    method: 'POST', route: '/api/outings/:id/contacts', path: async (f) => `/api/outings/${await newOuting(f)}/contacts`,
    body: () => ({ nickname: 'Mimosa', traits: null, sexGender: 'female', ageBand: '25_34', nationalityGroup: 'romania', history: 'known', possibleVictim: true, consentToFollowUp: false, personCode: null }),
    allowed: writers, denied: 404, deniedAction: 'contact.write',
  },
  {
    method: 'PATCH', route: '/api/contacts/:id', path: async (f) => `/api/contacts/${await newContact(f)}`,
    body: () => ({ version: 1, traits: 'Capelli corti' }), allowed: writers, denied: 404, deniedAction: 'contact.write',
  },
  { method: 'GET', route: '/api/contacts/:id', path: async (f) => `/api/contacts/${await newContact(f)}`, allowed: writers, denied: 404, deniedAction: 'contact.read' },
  {
    method: 'PATCH', route: '/api/contacts/:id/person', path: async (f) => `/api/contacts/${await newLinkableContact(f)}/person`,
    body: () => ({ version: 1, personCode: linkPersonCode, consentConfirmed: true, consentMethod: 'oral_with_witness' }), allowed: linkers, denied: 404, deniedAction: 'contact.link_person',
  },
  {
    method: 'POST', route: '/api/contacts/:id/cancel', path: async (f) => `/api/contacts/${await newContact(f)}/cancel`,
    body: () => ({ version: 1, reason: 'Registrato due volte' }), allowed: writers, denied: 404, deniedAction: 'contact.cancel',
  },
  { method: 'GET', route: '/api/outreach/zones', path: () => '/api/outreach/zones', allowed: writers, denied: 404, deniedAction: 'zone.list' },
  {
    method: 'POST', route: '/api/outreach/zones', path: () => '/api/outreach/zones',
    body: (f) => ({ name: `Stazione ${f.unique()}`, provinceCode: '058', municipality: 'Roma' }), allowed: writers, denied: 404, deniedAction: 'zone.write',
  },
  {
    method: 'PATCH', route: '/api/outreach/zones/:id', path: async (f) => `/api/outreach/zones/${await newZone(f)}`,
    body: (f) => ({ version: 1, name: `Piazza ${f.unique()}` }), allowed: writers, denied: 404, deniedAction: 'zone.write',
  },
  { method: 'GET', route: '/api/outreach/contacts-by-zone', path: () => '/api/outreach/contacts-by-zone?from=2025-01&to=2025-12', allowed: counters, denied: 404, deniedAction: 'outreach.stats' },
  { method: 'GET', route: '/api/outreach/desks', path: () => '/api/outreach/desks', allowed: writers, denied: 404, deniedAction: 'desk.list' },
  {
    method: 'POST', route: '/api/outreach/desks', path: () => '/api/outreach/desks',
    body: () => ({ name: 'Sportello Commissione', kind: 'asylum_commission', provinceCode: '058', municipality: 'Roma', openingHours: [{ weekday: 2, from: '09:00', to: '13:00' }] }),
    allowed: writers, denied: 404, deniedAction: 'desk.write',
  },
  {
    method: 'PATCH', route: '/api/outreach/desks/:id', path: async (f) => `/api/outreach/desks/${await newDesk(f)}`,
    body: () => ({ version: 1, openingHours: [{ weekday: 4, from: '14:00', to: '17:00' }] }), allowed: writers, denied: 404, deniedAction: 'desk.write',
  },
  { method: 'GET', route: '/api/outreach/desks/:id/sessions', path: async (f) => `/api/outreach/desks/${await newDesk(f)}/sessions`, allowed: writers, denied: 404, deniedAction: 'desk_session.list' },
  {
    method: 'POST', route: '/api/outreach/desks/:id/sessions', path: async (f) => `/api/outreach/desks/${await newDesk(f)}/sessions`,
    body: (f) => ({
      date: yesterday(), startTime: '09:00', endTime: '12:00', workerUserId: f.userId, interviews: 3, advice: { ...zeroCounts(adviceKinds), orientation: 2, legal_advice: 1 }, personCodes: [],
      bySex: { ...zeroCounts(sexGenders), female: 2, male: 1 }, byAge: { ...zeroCounts(ageBands), under_18: 1, '25_34': 2 },
    }),
    allowed: writers, denied: 404, deniedAction: 'desk_session.write',
  },
  { method: 'GET', route: '/api/outreach/desks/:id', path: async (f) => `/api/outreach/desks/${await newDesk(f)}`, allowed: writers, denied: 404, deniedAction: 'desk.read' },
  {
    method: 'PATCH', route: '/api/outreach/desk-sessions/:id', path: async (f) => `/api/outreach/desk-sessions/${await newSession(f)}`,
    body: () => ({ version: 1, interviews: 3, byNationality: { ...zeroCounts(nationalityGroups), nigeria: 3 } }), allowed: writers, denied: 404, deniedAction: 'desk_session.write',
  },
  {
    method: 'POST', route: '/api/outreach/desk-sessions/:id/cancel', path: async (f) => `/api/outreach/desk-sessions/${await newSession(f)}/cancel`,
    body: () => ({ version: 1 }), allowed: writers, denied: 404, deniedAction: 'desk_session.write',
  },
  { method: 'POST', route: '/api/outreach/devices', path: () => '/api/outreach/devices', body: () => ({ label: 'Telefono unità 2' }), allowed: writers, denied: 404, deniedAction: 'outreach_device.register' },
  { method: 'GET', route: '/api/outreach/devices', path: () => '/api/outreach/devices', allowed: deviceListers, denied: 404, deniedAction: 'outreach_device.list' },
  {
    method: 'POST', route: '/api/outreach/devices/:id/forget', path: async (f) => `/api/outreach/devices/${await callerDevice(f)}/forget`,
    allowed: deviceForgetters, denied: 404, deniedAction: 'outreach_device.forget',
  },
  {
    method: 'POST', route: '/api/outreach/sync', path: async (f, caller) => (await callerDevice(f, caller), '/api/outreach/sync'),
    body: () => ({ deviceId: syncDevice, batchId: randomUUID(), changes: [{ kind: 'outing', id: randomUUID(), baseVersion: null, fields: outing(2) }] }),
    allowed: writers, denied: 404, deniedAction: 'outreach.sync',
  },
  {
    method: 'GET', route: '/api/outreach/sync', path: async (f, caller) => `/api/outreach/sync?deviceId=${await callerDevice(f, caller)}`,
    allowed: writers, denied: 404, deniedAction: 'outreach.sync',
  },
  { method: 'GET', route: '/api/outreach/team', path: () => '/api/outreach/team', allowed: writers, denied: 404, deniedAction: 'user.list' },
];
