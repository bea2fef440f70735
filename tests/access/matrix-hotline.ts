/**
 * Access matrix rows of the hotline (see matrix.ts). The matrix organisation acts as the hotline
 * station for the hotline operator (hotline.write) and is the lead body of the matrix project for
 * the coordinator (referrals.override_consent), who reads calls about its territory (province 001)
 * without caller details. Everyone else: 404.
 */
import type { BuiltinRoleKey } from '../../src/domain/permissions.ts';
import { newHotlineCallCode } from '../../src/domain/hotline/index.ts';
import type { EndpointCase, MatrixFixtures } from './matrix.ts';

const station = ['hotline_operator'] as const satisfies readonly BuiltinRoleKey[];
const readers = ['hotline_operator', 'coordinator'] as const satisfies readonly BuiltinRoleKey[];

/** A fresh anonymous call answered by the matrix organisation, about province 001, not routed. */
async function newCall(f: MatrixFixtures): Promise<string> {
  const r = await f.db
    .insertInto('hotline_calls')
    .values({
      code: newHotlineCallCode(2026), hotline_org_id: f.orgId, operator_user_id: f.userId, received_at: new Date(), language: 'it',
      caller_type: 'citizen', province: '001', urgency: 'routine', anonymous: true, outcome: 'information_given',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

const anonymousCall = {
  language: 'en', callerType: 'citizen', province: '001', anonymous: true, outcome: 'information_given',
  subjectSex: 'female', subjectAge: 'under_18', subjectNationality: 'romania',
};

export const hotlineEndpoints: readonly EndpointCase[] = [
  {
    method: 'POST', route: '/api/hotline/calls', path: () => '/api/hotline/calls', body: () => anonymousCall,
    allowed: station, denied: 404, deniedAction: 'hotline_call.create',
  },
  { method: 'GET', route: '/api/hotline/calls', path: () => '/api/hotline/calls', allowed: readers, denied: 404, deniedAction: 'hotline_call.list' },
  { method: 'GET', route: '/api/hotline/calls/:id', path: async (f) => `/api/hotline/calls/${await newCall(f)}`, allowed: readers, denied: 404, deniedAction: 'hotline_call.read' },
  {
    method: 'PATCH', route: '/api/hotline/calls/:id', path: async (f) => `/api/hotline/calls/${await newCall(f)}`, body: () => ({ version: 1, urgency: 'urgent', subjectAge: 'adult', subjectNationality: null }),
    allowed: station, denied: 404, deniedAction: 'hotline_call.update',
  },
  { method: 'GET', route: '/api/hotline/routing', path: () => '/api/hotline/routing?province=001', allowed: station, denied: 404, deniedAction: 'hotline_call.route' },
  { method: 'GET', route: '/api/hotline/roster', path: () => '/api/hotline/roster', allowed: station, denied: 404, deniedAction: 'hotline_roster.read' },
  {
    method: 'PUT', route: '/api/hotline/roster', path: () => '/api/hotline/roster',
    body: (f) => ({ shifts: [{ orgId: f.otherOrgId, allProvinces: true, startsAt: '2030-01-01T19:00:00Z', endsAt: '2030-01-02T07:00:00Z', note: 'Turno' }] }),
    allowed: station, denied: 404, deniedAction: 'hotline_roster.write',
  },
];
