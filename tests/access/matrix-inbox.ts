/**
 * Access matrix rows of the inbox, the hotline's first contact recorded from a referral, and the
 * transfers coordinated by the hotline (see matrix.ts). For the coordinations the matrix
 * organisation is both the hotline station (for the hotline operator) and the body holding the
 * case (for its case workers and coordinators); the receiving body is the other organisation.
 */
import { randomUUID } from 'node:crypto';
import type { BuiltinRoleKey } from '../../src/domain/permissions.ts';
import { newHotlineCallCode } from '../../src/domain/hotline/index.ts';
import { FieldCipher } from '../../src/server/platform/crypto.ts';
import { insertReferral } from '../../src/server/features/referrals/store.ts';
import { startHotlineFirstContact } from '../../src/server/features/hotline/first-contact.ts';
import { systemSeedBuiltinProcedures } from '../../src/server/features/procedures/runs.ts';
import { TEST_MASTER_KEY } from '../helpers/app.ts';
import { sharingConsent } from '../referrals/fixtures.ts';
import type { EndpointCase, MatrixFixtures } from './matrix.ts';

/** referrals.receive */
const receivers = ['coordinator', 'case_worker', 'agency_liaison'] as const satisfies readonly BuiltinRoleKey[];
const station = ['hotline_operator'] as const satisfies readonly BuiltinRoleKey[];
/** hotline.write, or cases.write / cases.approve of the body holding the case. */
const coordinationReaders = ['hotline_operator', 'coordinator', 'case_worker'] as const satisfies readonly BuiltinRoleKey[];
/** cases.write of the body holding the case. */
const senders = ['case_worker'] as const satisfies readonly BuiltinRoleKey[];

/** A hotline report received by the matrix organisation from the other one (as station), with its first-contact run. */
async function hotlineReferral(f: MatrixFixtures): Promise<string> {
  await systemSeedBuiltinProcedures({ db: f.db });
  const now = new Date();
  const call = await f.db
    .insertInto('hotline_calls')
    .values({
      code: newHotlineCallCode(2026), hotline_org_id: f.otherOrgId, operator_user_id: f.userId, received_at: now, language: 'it',
      caller_type: 'citizen', province: '001', urgency: 'urgent', anonymous: true, outcome: 'information_given',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id } = await insertReferral({
    db: f.db, cipher: new FieldCipher({ db: f.db, masterKey: TEST_MASTER_KEY }), now,
    referral: {
      source: 'hotline', fromOrgId: f.otherOrgId, fromUserId: f.userId, toOrgId: f.orgId, hotlineCallId: call.id, reason: 'hotline_report', urgency: 'urgent',
      message: null, subject: { province: '001' }, shareFields: [], consentBasis: 'no_personal_data', answerDueAt: new Date(now.getTime() + 24 * 3_600_000),
    },
  });
  await f.db.updateTable('hotline_calls').set({ outcome: 'routed', routed_org_id: f.orgId, routing_rule: 'province', referral_id: id }).where('id', '=', call.id).execute();
  await startHotlineFirstContact({ db: f.db }, { callId: call.id, hotlineOrgId: f.otherOrgId, toOrgId: f.orgId, now, userId: null });
  return id;
}

/** Set by a path, read by the body of the same row (the path runs first). */
let caseCodeToPropose = '';

/** A case of the other organisation, for the station (the matrix organisation) to propose moving to a third body. */
async function caseElsewhere(f: MatrixFixtures): Promise<string> {
  const caseId = await f.newCase({ orgId: f.otherOrgId });
  const c = await f.db.selectFrom('cases').select('code').where('id', '=', caseId).executeTakeFirstOrThrow();
  caseCodeToPropose = c.code;
  return '/api/transfer-coordinations';
}

async function thirdOrg(f: MatrixFixtures): Promise<string> {
  await f.db.insertInto('organisations').values({ code: 'matrix-coord-target', name: 'Ente di destinazione', org_type: 'ngo', provinces: ['001'], services: [] }).onConflict((oc) => oc.column('code').doNothing()).execute();
  return (await f.db.selectFrom('organisations').select('id').where('code', '=', 'matrix-coord-target').executeTakeFirstOrThrow()).id;
}
let thirdOrgId = '';

/** A proposal of the matrix organisation (as station) about one of its own cases (as holder), to the other organisation. */
async function proposal(f: MatrixFixtures): Promise<string> {
  const caseId = await f.newCase();
  await sharingConsent(f.db, { caseId, toOrgId: f.otherOrgId, recordedBy: f.userId });
  const id = randomUUID();
  await f.db
    .insertInto('transfer_coordinations')
    .values({ id, hotline_org_id: f.orgId, case_id: caseId, from_org_id: f.orgId, to_org_id: f.otherOrgId, reason: 'safety', status: 'proposed', proposed_by: f.userId, proposed_at: new Date() })
    .execute();
  return id;
}

export const inboxEndpoints: readonly EndpointCase[] = [
  { method: 'GET', route: '/api/inbox', path: () => '/api/inbox', allowed: 'any', denied: 404 },
  { method: 'GET', route: '/api/inbox/counts', path: () => '/api/inbox/counts', allowed: 'any', denied: 404 },
  {
    method: 'GET', route: '/api/referrals/:id/first-contact', path: async (f) => `/api/referrals/${await hotlineReferral(f)}/first-contact`,
    allowed: receivers, denied: 404, deniedAction: 'hotline_first_contact.read',
  },
  {
    method: 'POST', route: '/api/referrals/:id/first-contact', path: async (f) => `/api/referrals/${await hotlineReferral(f)}/first-contact`, body: () => ({}),
    allowed: receivers, denied: 404, deniedAction: 'hotline_first_contact.done',
  },
  {
    method: 'POST', route: '/api/transfer-coordinations',
    path: async (f) => {
      thirdOrgId = await thirdOrg(f);
      return caseElsewhere(f);
    },
    body: (f) => ({ caseCode: caseCodeToPropose, fromOrgId: f.otherOrgId, toOrgId: thirdOrgId, reason: 'safety' }),
    allowed: station, denied: 404, deniedAction: 'transfer_coordination.propose',
  },
  { method: 'GET', route: '/api/transfer-coordinations', path: () => '/api/transfer-coordinations', allowed: coordinationReaders, denied: 404, deniedAction: 'transfer_coordination.list' },
  {
    method: 'GET', route: '/api/transfer-coordinations/:id', path: async (f) => `/api/transfer-coordinations/${await proposal(f)}`,
    allowed: coordinationReaders, denied: 404, deniedAction: 'transfer_coordination.read',
  },
  {
    method: 'POST', route: '/api/transfer-coordinations/:id/confirm', path: async (f) => `/api/transfer-coordinations/${await proposal(f)}/confirm`,
    body: () => ({ explanation: 'Per la sicurezza della persona, come concordato.' }),
    allowed: senders, denied: 404, deniedAction: 'transfer_coordination.confirm',
  },
  {
    method: 'POST', route: '/api/transfer-coordinations/:id/refuse', path: async (f) => `/api/transfer-coordinations/${await proposal(f)}/refuse`,
    body: () => ({ reason: 'handled_locally' }),
    allowed: senders, denied: 404, deniedAction: 'transfer_coordination.refuse',
  },
  {
    method: 'POST', route: '/api/transfer-coordinations/:id/withdraw', path: async (f) => `/api/transfer-coordinations/${await proposal(f)}/withdraw`, body: () => ({}),
    allowed: station, denied: 404, deniedAction: 'transfer_coordination.withdraw',
  },
];
