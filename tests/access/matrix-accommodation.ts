/** Access matrix rows of accommodation: facilities, beds, placements, waiting list, occupancy, availability (see matrix.ts). */
import type { BuiltinRoleKey } from '../../src/domain/permissions.ts';
import type { EndpointCase, MatrixFixtures } from './matrix.ts';

/** accommodation.manage: the owner organisation's shelter coordinators. */
const managers = ['shelter_coordinator'] as const satisfies readonly BuiltinRoleKey[];
/** Facility pages: managers and holders of accommodation.address (the coordinator; the matrix roles share one organisation). */
const viewers = ['shelter_coordinator', 'coordinator'] as const satisfies readonly BuiltinRoleKey[];
/** The availability board: referrals.send, cases.read or accommodation.*. */
const boardReaders = [
  'coordinator', 'case_worker', 'desk_worker', 'hotline_operator', 'specialist', 'shelter_coordinator', 'agency_liaison',
] as const satisfies readonly BuiltinRoleKey[];
/** Case placements: roles that see every case of the organisation (as the case-records rows). */
const caseReaders = ['coordinator', 'case_worker'] as const satisfies readonly BuiltinRoleKey[];

/** The records made by a row's path, for its body (path runs first). */
const last = new WeakMap<object, { facilityId: string; bedId: string; personId: string }>();

async function newFacility(f: MatrixFixtures): Promise<{ facilityId: string; bedId: string }> {
  const facility = await f.db
    .insertInto('facilities')
    .values({ org_id: f.orgId, facility_type: 'residential_community', name: `Comunità ${f.unique()}`, province: '001', target_groups: ['women'] })
    .returning('id')
    .executeTakeFirstOrThrow();
  const bed = await f.db.insertInto('facility_beds').values({ facility_id: facility.id, label: 'Letto 1', kind: 'single' }).returning('id').executeTakeFirstOrThrow();
  return { facilityId: facility.id, bedId: bed.id };
}

async function prepare(f: MatrixFixtures): Promise<{ facilityId: string; bedId: string; personId: string }> {
  const made = { ...(await newFacility(f)), personId: await f.newPerson() };
  last.set(f.db, made);
  return made;
}

function made(f: MatrixFixtures): { facilityId: string; bedId: string; personId: string } {
  const m = last.get(f.db);
  if (!m) throw new Error('the row\'s path did not run');
  return m;
}

async function newPlacement(f: MatrixFixtures): Promise<{ facilityId: string; placementId: string }> {
  const { facilityId, bedId, personId } = await prepare(f);
  const p = await f.db.insertInto('placements').values({ bed_id: bedId, person_id: personId, starts_on: '2026-01-05' }).returning('id').executeTakeFirstOrThrow();
  return { facilityId, placementId: p.id };
}

async function newWaitlistEntry(f: MatrixFixtures): Promise<string> {
  const personId = await f.newPerson();
  const w = await f.db
    .insertInto('accommodation_waitlist')
    .values({ org_id: f.orgId, facility_type: 'escape_house', person_id: personId, priority: 2, requested_on: '2026-01-02' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return w.id;
}

export const accommodationEndpoints: readonly EndpointCase[] = [
  { method: 'GET', route: '/api/accommodation/availability', path: () => '/api/accommodation/availability', allowed: boardReaders, denied: 403, deniedAction: 'availability.read' },
  { method: 'GET', route: '/api/accommodation/facilities', path: () => '/api/accommodation/facilities', allowed: viewers, denied: 404, deniedAction: 'facility.list' },
  {
    method: 'POST', route: '/api/accommodation/facilities', path: () => '/api/accommodation/facilities',
    body: (f) => ({ type: 'escape_house', name: `Casa ${f.unique()}`, address: 'Via Riservata 1, Torino', province: '001', municipality: '001272', targetGroups: ['women'], beds: [{ label: 'A' }, { label: 'B', kind: 'cot' }] }),
    allowed: managers, denied: 404, deniedAction: 'facility.create',
  },
  {
    method: 'GET', route: '/api/accommodation/facilities/:id', path: async (f) => `/api/accommodation/facilities/${(await newFacility(f)).facilityId}`,
    allowed: viewers, denied: 404, deniedAction: 'facility.read',
  },
  {
    method: 'PATCH', route: '/api/accommodation/facilities/:id', path: async (f) => `/api/accommodation/facilities/${(await newFacility(f)).facilityId}`,
    body: () => ({ address: 'Via Nuova 2, Torino', targetGroups: ['women', 'mothers_with_children'] }),
    allowed: managers, denied: 404, deniedAction: 'facility.update',
  },
  {
    method: 'POST', route: '/api/accommodation/facilities/:id/beds', path: async (f) => `/api/accommodation/facilities/${(await newFacility(f)).facilityId}/beds`,
    body: () => ({ label: 'Letto 2', kind: 'bunk' }),
    allowed: managers, denied: 404, deniedAction: 'facility.update',
  },
  {
    method: 'PATCH', route: '/api/accommodation/facilities/:id/beds/:bedId',
    path: async (f) => { const x = await newFacility(f); return `/api/accommodation/facilities/${x.facilityId}/beds/${x.bedId}`; },
    body: () => ({ kind: 'double' }),
    allowed: managers, denied: 404, deniedAction: 'facility.update',
  },
  {
    method: 'GET', route: '/api/accommodation/facilities/:id/occupancy', path: async (f) => `/api/accommodation/facilities/${(await newPlacement(f)).facilityId}/occupancy?from=2026-01&to=2026-02`,
    allowed: viewers, denied: 404, deniedAction: 'facility.read',
  },
  {
    method: 'GET', route: '/api/accommodation/facilities/:id/placements', path: async (f) => `/api/accommodation/facilities/${(await newPlacement(f)).facilityId}/placements`,
    allowed: managers, denied: 404, deniedAction: 'placement.list',
  },
  {
    method: 'POST', route: '/api/accommodation/facilities/:id/placements', path: async (f) => `/api/accommodation/facilities/${(await prepare(f)).facilityId}/placements`,
    body: (f) => ({ bedId: made(f).bedId, personId: made(f).personId, startsOn: '2026-02-01', note: 'Accolta di notte' }),
    allowed: managers, denied: 404, deniedAction: 'placement.create',
  },
  {
    method: 'POST', route: '/api/accommodation/facilities/:id/placements/:placementId/end',
    path: async (f) => { const p = await newPlacement(f); return `/api/accommodation/facilities/${p.facilityId}/placements/${p.placementId}/end`; },
    body: () => ({ endsOn: '2026-02-20', reason: 'programme_completed' }),
    allowed: managers, denied: 404, deniedAction: 'placement.update',
  },
  { method: 'GET', route: '/api/accommodation/waitlist', path: () => '/api/accommodation/waitlist', allowed: managers, denied: 404, deniedAction: 'waitlist.read' },
  {
    method: 'POST', route: '/api/accommodation/waitlist', path: async (f) => { await prepare(f); return '/api/accommodation/waitlist'; },
    body: (f) => ({ personId: made(f).personId, facilityType: 'semi_autonomy_flat', priority: 1, requestedOn: '2026-01-10', needs: ['with_children'] }),
    allowed: managers, denied: 404, deniedAction: 'waitlist.write',
  },
  {
    method: 'PATCH', route: '/api/accommodation/waitlist/:id', path: async (f) => `/api/accommodation/waitlist/${await newWaitlistEntry(f)}`,
    body: () => ({ priority: 1 }),
    allowed: managers, denied: 404, deniedAction: 'waitlist.write',
  },
  { method: 'GET', route: '/api/cases/:id/placements', path: async (f) => `/api/cases/${await f.newCase()}/placements`, allowed: caseReaders, denied: 404, deniedAction: 'placement.list' },
];
