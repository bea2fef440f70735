/** Access matrix rows of case transfers (see matrix.ts). */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { EndpointCase, MatrixFixtures } from './matrix.ts';
import { FieldCipher, fieldAad } from '../../src/server/platform/crypto.ts';
import { TEST_MASTER_KEY } from '../helpers/app.ts';
import { recordFixtures } from '../case-records/fixtures.ts';

const transferDeciders = ['coordinator', 'case_worker'] as const;
const caseReaders = ['coordinator', 'case_worker', 'desk_worker', 'specialist'] as const;

/** A case of the matrix organisation with sharing consent for the other organisation. */
async function consentedCase(f: MatrixFixtures): Promise<string> {
  const caseId = await f.newCase();
  const someone = await f.db.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow();
  await f.db
    .insertInto('case_consents')
    .values({ case_id: caseId, purpose: 'sharing', organisation_id: f.otherOrgId, status: 'given', decided_on: '2026-01-02', method: 'written', given_by: 'person', recorded_by: someone.id })
    .execute();
  return caseId;
}

/** A transfer row as the feature stores it (explanation encrypted). */
async function transfer(f: MatrixFixtures, options: { fromOrgId: string; toOrgId: string; status?: 'requested' | 'accepted'; caseId?: string }): Promise<string> {
  const cipher = new FieldCipher({ db: f.db, masterKey: TEST_MASTER_KEY });
  const caseId = options.caseId ?? (await f.newCase({ orgId: options.fromOrgId }));
  const requester = await f.db.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow();
  const id = randomUUID();
  const accepted = options.status === 'accepted';
  await f.db
    .insertInto('case_transfers')
    .values({
      id, case_id: caseId, from_org_id: options.fromOrgId, to_org_id: options.toOrgId, reason: 'change_of_location',
      reason_enc: await cipher.encrypt({ plaintext: 'Cambio di territorio.', aad: fieldAad({ table: 'case_transfers', column: 'reason_enc', rowId: id }) }),
      consent_basis: 'override',
      override_reason_enc: await cipher.encrypt({ plaintext: 'Prova.', aad: fieldAad({ table: 'case_transfers', column: 'override_reason_enc', rowId: id }) }),
      status: accepted ? 'accepted' : 'requested', requested_by: requester.id,
      // an acceptance in the future: every record written now is the former owner's
      decided_at: accepted ? new Date('2100-01-01T00:00:00Z') : null, decided_by: accepted ? requester.id : null,
    })
    .execute();
  if (accepted) await sql`update cases set org_id = ${options.toOrgId} where id = ${caseId}`.execute(f.db);
  return id;
}

export const transferEndpoints: readonly EndpointCase[] = [
  {
    method: 'POST', route: '/api/cases/:id/transfers', path: async (f) => `/api/cases/${await consentedCase(f)}/transfers`,
    body: (f) => ({ toOrgId: f.otherOrgId, reason: 'change_of_location', explanation: 'La persona si trasferisce in un’altra regione.' }),
    allowed: ['case_worker'], denied: 404, deniedAction: 'case.transfer_request',
  },
  { method: 'GET', route: '/api/case-transfers', path: () => '/api/case-transfers?box=in', allowed: transferDeciders, denied: 404, deniedAction: 'case.list' },
  {
    method: 'GET', route: '/api/case-transfers/:id', path: async (f) => `/api/case-transfers/${await transfer(f, { fromOrgId: f.orgId, toOrgId: f.otherOrgId })}`,
    allowed: transferDeciders, denied: 404, deniedAction: 'case.read',
  },
  {
    method: 'POST', route: '/api/case-transfers/:id/decision', path: async (f) => `/api/case-transfers/${await transfer(f, { fromOrgId: f.otherOrgId, toOrgId: f.orgId })}/decision`,
    body: () => ({ decision: 'decline', note: 'Nessun posto disponibile nel territorio.' }),
    allowed: transferDeciders, denied: 404, deniedAction: 'case.transfer_decide',
  },
  {
    method: 'POST', route: '/api/case-transfers/:id/withdraw', path: async (f) => `/api/case-transfers/${await transfer(f, { fromOrgId: f.orgId, toOrgId: f.otherOrgId })}/withdraw`,
    allowed: ['case_worker'], denied: 404, deniedAction: 'case.transfer_withdraw',
  },
  {
    method: 'GET', route: '/api/case-transfers/:id/records', path: async (f) => `/api/case-transfers/${await transfer(f, { fromOrgId: f.orgId, toOrgId: f.otherOrgId, status: 'accepted' })}/records`,
    allowed: caseReaders, denied: 404, deniedAction: 'case.read',
  },
  {
    method: 'GET', route: '/api/case-transfers/:id/documents/:documentId',
    path: async (f) => {
      const caseId = await f.newCase();
      const uploader = await f.db.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow();
      const documentId = await recordFixtures(f.db).document(caseId, uploader.id);
      return `/api/case-transfers/${await transfer(f, { fromOrgId: f.orgId, toOrgId: f.otherOrgId, status: 'accepted', caseId })}/documents/${documentId}`;
    },
    allowed: caseReaders, denied: 404, deniedAction: 'document.read',
  },
];
