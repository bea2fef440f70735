/** Access matrix rows of cases, transitions, approvals, screenings and notifications (see matrix.ts). */
import type { EndpointCase, MatrixFixtures } from './matrix.ts';

/** Roles that see every case of their organisation (cases.write or cases.approve) and read cases. */
const caseReaders = ['coordinator', 'case_worker'] as const;
const caseWriters = ['case_worker'] as const;

/** The person made by the last `POST /api/cases` path, for its body (path runs first). */
let personForCase = '';

/** A fresh case (phase contact) with a pending closure request by `requestedBy`. */
async function pendingRequest(f: MatrixFixtures, requestedBy: string): Promise<string> {
  const caseId = await f.newCase();
  const r = await f.db
    .insertInto('case_approval_requests')
    .values({ case_id: caseId, kind: 'close', to_phase: 'closed', closure_reason: 'lost_contact', status: 'pending', requested_by: requestedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export const caseEndpoints: readonly EndpointCase[] = [
  {
    method: 'POST', route: '/api/cases',
    path: async (f) => {
      personForCase = await f.newPerson();
      return '/api/cases';
    },
    body: () => ({ personId: personForCase, phase: 'contact', exploitationTypes: ['SexualExploitation'] }),
    allowed: caseWriters, denied: 404, deniedAction: 'case.create',
  },
  { method: 'GET', route: '/api/cases', path: () => '/api/cases?limit=5', allowed: ['coordinator', 'case_worker', 'desk_worker', 'specialist'], denied: 404, deniedAction: 'case.list' },
  { method: 'GET', route: '/api/cases/:id', path: async (f) => `/api/cases/${await f.newCase()}`, allowed: caseReaders, denied: 404, deniedAction: 'case.read' },
  {
    method: 'PATCH', route: '/api/cases/:id', path: async (f) => `/api/cases/${await f.newCase()}`,
    body: () => ({ version: 1, exploitationTypes: ['ForcedLabour'], labourSectors: ['A_AgricultureForestryAndFishing'] }),
    allowed: caseWriters, denied: 404, deniedAction: 'case.update',
  },
  {
    method: 'POST', route: '/api/cases/:id/transitions', path: async (f) => `/api/cases/${await f.newCase()}/transitions`,
    body: () => ({ to: 'screening' }),
    allowed: caseWriters, denied: 404, deniedAction: 'case.transition',
  },
  { method: 'GET', route: '/api/cases/:id/history', path: async (f) => `/api/cases/${await f.newCase()}/history`, allowed: caseReaders, denied: 404, deniedAction: 'case.history_read' },
  { method: 'GET', route: '/api/case-staff', path: () => '/api/case-staff', allowed: ['coordinator', 'case_worker'], denied: 403, deniedAction: 'user.list' },
  { method: 'GET', route: '/api/case-approvals', path: () => '/api/case-approvals?status=pending', allowed: ['coordinator'], denied: 404, deniedAction: 'case.list' },
  {
    method: 'POST', route: '/api/case-approvals/:id/decision', path: async (f) => `/api/case-approvals/${await pendingRequest(f, f.userId)}/decision`,
    body: () => ({ decision: 'reject', note: 'Servono altri elementi prima della chiusura.' }),
    allowed: ['coordinator'], denied: 404, deniedAction: 'case.approval_decide',
  },
  {
    method: 'POST', route: '/api/case-approvals/:id/withdraw',
    path: async (f, caller) => `/api/case-approvals/${await pendingRequest(f, caller?.userId ?? f.userId)}/withdraw`,
    allowed: caseWriters, denied: 404, deniedAction: 'case.approval_withdraw',
  },

  // --- screening ---------------------------------------------------------------------------
  {
    method: 'GET', route: '/api/screening/lists', path: () => '/api/screening/lists',
    allowed: ['coordinator', 'case_worker', 'outreach_worker', 'desk_worker', 'specialist'], denied: 403, deniedAction: 'screening.read',
  },
  {
    method: 'POST', route: '/api/cases/:id/screenings', path: async (f) => `/api/cases/${await f.newCase()}/screenings`,
    body: () => ({ listId: 'adult_labour', answers: { 'cd.documents': 'yes' }, decision: 'further_assessment', decisionReason: 'Colloquio da completare con la mediatrice.' }),
    allowed: caseWriters, denied: 404, deniedAction: 'screening.create',
  },
  { method: 'GET', route: '/api/cases/:id/screenings', path: async (f) => `/api/cases/${await f.newCase()}/screenings`, allowed: caseReaders, denied: 404, deniedAction: 'screening.read' },

  // --- notifications (the caller's own) ------------------------------------------------------
  { method: 'GET', route: '/api/notifications', path: () => '/api/notifications', allowed: 'any', denied: 404 },
  {
    method: 'POST', route: '/api/notifications/:id/read',
    path: async (f, caller) => {
      const n = await f.db
        .insertInto('notifications')
        .values({ user_id: caller?.userId ?? f.userId, kind: 'case.approval_decided', record_type: 'case_approval_request', record_id: f.unique() })
        .returning('id')
        .executeTakeFirstOrThrow();
      return `/api/notifications/${n.id}/read`;
    },
    allowed: 'any', denied: 404,
  },
];
