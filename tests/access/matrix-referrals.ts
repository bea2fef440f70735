/**
 * Access matrix rows of referrals (see matrix.ts). The referrals acted on are made by the helpers
 * of tests/referrals/fixtures.ts: one received by the matrix organisation from `otherOrgId` (the
 * receiver's side: holders of referrals.receive), one sent by it from one of its cases (the
 * sender's side: holders of referrals.send).
 */
import type { EndpointCase, MatrixFixtures } from './matrix.ts';
import { insertCase } from '../helpers/records.ts';
import { recordFixtures } from '../case-records/fixtures.ts';
import { fixtureUser, insertTestReferral, sharingConsent } from '../referrals/fixtures.ts';

/** referrals.send + cases.read: may refer from a case they see. */
const caseSenders = ['coordinator', 'case_worker', 'desk_worker'] as const;
/** referrals.send */
const senders = ['coordinator', 'case_worker', 'desk_worker', 'hotline_operator', 'agency_liaison'] as const;
/** referrals.receive */
const receivers = ['coordinator', 'case_worker', 'agency_liaison'] as const;
/** referrals.receive + cases.read: may link the case they opened. */
const caseReceivers = ['coordinator', 'case_worker'] as const;

/** Set by a path, read by the body of the same row (the path runs first). */
let caseForReferral = '';
let caseToLink = '';
let sharedDocument = '';

/** A referral received by the matrix organisation from otherOrgId, from a case of the other organisation. */
async function received(f: MatrixFixtures, options: { withDocument?: boolean } = {}): Promise<string> {
  const caseId = await f.newCase({ orgId: f.otherOrgId });
  const person = await f.db.selectFrom('cases').select('person_id').where('id', '=', caseId).executeTakeFirstOrThrow();
  const from = await fixtureUser(f.db);
  const documents = options.withDocument ? [await recordFixtures(f.db).document(caseId, from)] : [];
  if (options.withDocument) sharedDocument = documents[0] ?? '';
  return insertTestReferral(f.db, { fromOrgId: f.otherOrgId, fromUserId: from, toOrgId: f.orgId, caseId, personId: person.person_id, shareDocumentIds: documents });
}

/** A referral sent by the matrix organisation to otherOrgId from one of its cases. */
async function sent(f: MatrixFixtures): Promise<string> {
  const caseId = await f.newCase();
  const person = await f.db.selectFrom('cases').select('person_id').where('id', '=', caseId).executeTakeFirstOrThrow();
  return insertTestReferral(f.db, { fromOrgId: f.orgId, fromUserId: f.userId, toOrgId: f.otherOrgId, caseId, personId: person.person_id });
}

export const referralEndpoints: readonly EndpointCase[] = [
  {
    method: 'POST', route: '/api/referrals',
    path: async (f, caller) => {
      // The caller is the case worker, so that staff who see only their own cases see this one.
      const personId = await f.newPerson();
      caseForReferral = (await insertCase({ db: f.db, orgId: f.orgId, personId, ...(caller ? { caseWorkerId: caller.userId } : {}) })).id;
      await sharingConsent(f.db, { caseId: caseForReferral, toOrgId: f.otherOrgId, recordedBy: f.userId });
      return '/api/referrals';
    },
    body: (f) => ({ caseId: caseForReferral, toOrgId: f.otherOrgId, reason: 'additional_services', urgency: 'routine', message: 'Richiesta di presa in carico.' }),
    allowed: caseSenders, denied: 404, deniedAction: 'referral.create',
  },
  { method: 'GET', route: '/api/referrals', path: () => '/api/referrals?box=in&limit=5', allowed: receivers, denied: 404, deniedAction: 'referral.list' },
  { method: 'GET', route: '/api/referrals', path: () => '/api/referrals?box=out&limit=5', allowed: senders, denied: 404, deniedAction: 'referral.list' },
  { method: 'GET', route: '/api/referrals/:id', path: async (f) => `/api/referrals/${await received(f)}`, allowed: receivers, denied: 404, deniedAction: 'referral.read' },
  { method: 'GET', route: '/api/referrals/:id', path: async (f) => `/api/referrals/${await sent(f)}`, allowed: senders, denied: 404, deniedAction: 'referral.read' },
  {
    method: 'GET', route: '/api/referrals/:id/documents/:documentId',
    path: async (f) => {
      const id = await received(f, { withDocument: true });
      return `/api/referrals/${id}/documents/${sharedDocument}`;
    },
    allowed: receivers, denied: 404, deniedAction: 'referral.document_read',
  },
  {
    method: 'POST', route: '/api/referrals/:id/transitions', path: async (f) => `/api/referrals/${await received(f)}/transitions`,
    body: () => ({ to: 'accepted', version: 1 }),
    allowed: receivers, denied: 404, deniedAction: 'referral.transition',
  },
  {
    method: 'POST', route: '/api/referrals/:id/messages', path: async (f) => `/api/referrals/${await received(f)}/messages`,
    body: () => ({ text: 'Possiamo fissare un colloquio?' }),
    allowed: receivers, denied: 404, deniedAction: 'referral.message',
  },
  {
    method: 'POST', route: '/api/referrals/:id/link-case',
    path: async (f) => {
      const from = await fixtureUser(f.db);
      const id = await insertTestReferral(f.db, { fromOrgId: f.otherOrgId, fromUserId: from, toOrgId: f.orgId, status: 'accepted' });
      caseToLink = await f.newCase();
      return `/api/referrals/${id}/link-case`;
    },
    body: () => ({ caseId: caseToLink }),
    allowed: caseReceivers, denied: 404, deniedAction: 'referral.link_case',
  },
];
