/** Access matrix rows of plan, services, notes, documents, tasks and consents (see matrix.ts). */
import type { BuiltinRoleKey } from '../../src/domain/permissions.ts';
import type { EndpointCase, MatrixFixtures } from './matrix.ts';
import { recordFixtures, tinyPng } from '../case-records/fixtures.ts';

/**
 * Every row acts on a fresh case of the matrix organisation with no case worker and no team, so
 * only roles that see all of the organisation's cases reach it: readers hold cases.read and
 * cases.write or cases.approve; writers hold cases.write. Specialists and desk workers (cases.read,
 * only the cases they are assigned to) get 404 here; tests/case-records covers them on their cases.
 */
const readers = ['coordinator', 'case_worker'] as const satisfies readonly BuiltinRoleKey[];
const writers = ['case_worker'] as const satisfies readonly BuiltinRoleKey[];

const records = (f: MatrixFixtures) => recordFixtures(f.db);

/**
 * A task's assignee must see the case: a case worker of the matrix organisation, made once per
 * database by the task row's path (which runs before its body) and named by the body.
 */
const taskAssignees = new WeakMap<object, string>();
async function ensureTaskAssignee(f: MatrixFixtures): Promise<void> {
  if (taskAssignees.has(f.db)) return;
  const role = await f.db.selectFrom('roles').select('id').where('key', '=', 'case_worker').executeTakeFirstOrThrow();
  const u = await f.db.insertInto('users').values({ email: `assignee-${f.unique()}@test.ponte.invalid`, display_name: 'Assegnataria' }).returning('id').executeTakeFirstOrThrow();
  await f.db.insertInto('memberships').values({ user_id: u.id, organisation_id: f.orgId, role_id: role.id }).execute();
  taskAssignees.set(f.db, u.id);
}
const consentBody = { method: 'written', givenBy: 'person' };

export const recordEndpoints: readonly EndpointCase[] = [
  // --- plan ------------------------------------------------------------------------------
  { method: 'GET', route: '/api/cases/:id/plan', path: async (f) => `/api/cases/${await f.newCase()}/plan`, allowed: readers, denied: 404, deniedAction: 'plan.read' },
  {
    method: 'POST', route: '/api/cases/:id/plan/goals', path: async (f) => `/api/cases/${await f.newCase()}/plan/goals`,
    body: () => ({ title: 'Autonomia abitativa', description: 'Trovare casa entro sei mesi' }),
    allowed: writers, denied: 404, deniedAction: 'plan.write',
  },
  {
    method: 'PATCH', route: '/api/cases/:id/plan/goals/:goalId',
    path: async (f) => { const c = await f.newCase(); return `/api/cases/${c}/plan/goals/${await records(f).goal(c)}`; },
    body: () => ({ status: 'achieved' }),
    allowed: writers, denied: 404, deniedAction: 'plan.write',
  },
  {
    method: 'POST', route: '/api/cases/:id/plan/goals/:goalId/actions',
    path: async (f) => { const c = await f.newCase(); return `/api/cases/${c}/plan/goals/${await records(f).goal(c)}/actions`; },
    body: () => ({ what: 'Iscrizione al centro per l’impiego', dueOn: '2026-03-01', reviewOn: '2026-02-15' }),
    allowed: writers, denied: 404, deniedAction: 'plan.write',
  },
  {
    method: 'PATCH', route: '/api/cases/:id/plan/actions/:actionId',
    path: async (f) => { const c = await f.newCase(); return `/api/cases/${c}/plan/actions/${await records(f).action(c)}`; },
    body: () => ({ status: 'done' }),
    allowed: writers, denied: 404, deniedAction: 'plan.write',
  },

  // --- services --------------------------------------------------------------------------
  { method: 'GET', route: '/api/cases/:id/services', path: async (f) => `/api/cases/${await f.newCase()}/services`, allowed: readers, denied: 404, deniedAction: 'service.read' },
  {
    method: 'POST', route: '/api/cases/:id/services', path: async (f) => `/api/cases/${await f.newCase()}/services`,
    body: (f) => ({ type: 'language_course', providerOrganisationId: f.orgId, startsOn: '2026-01-10', endsOn: '2026-06-30', status: 'active', cost: '350.50' }),
    allowed: writers, denied: 404, deniedAction: 'service.write',
  },
  {
    method: 'PATCH', route: '/api/cases/:id/services/:serviceId',
    path: async (f) => { const c = await f.newCase(); return `/api/cases/${c}/services/${await records(f).service(c)}`; },
    body: () => ({ status: 'completed', cost: 120 }),
    allowed: writers, denied: 404, deniedAction: 'service.write',
  },

  // --- notes -----------------------------------------------------------------------------
  { method: 'GET', route: '/api/cases/:id/notes', path: async (f) => `/api/cases/${await f.newCase()}/notes`, allowed: readers, denied: 404, deniedAction: 'note.read' },
  {
    method: 'POST', route: '/api/cases/:id/notes', path: async (f) => `/api/cases/${await f.newCase()}/notes`,
    body: () => ({ text: 'Colloquio svolto con la mediatrice.', category: 'interview' }),
    allowed: writers, denied: 404, deniedAction: 'note.write',
  },

  // --- documents -------------------------------------------------------------------------
  { method: 'GET', route: '/api/cases/:id/documents', path: async (f) => `/api/cases/${await f.newCase()}/documents`, allowed: readers, denied: 404, deniedAction: 'document.read' },
  {
    method: 'POST', route: '/api/cases/:id/documents', path: async (f) => `/api/cases/${await f.newCase()}/documents`,
    body: () => ({ fileName: 'foto.png', mediaType: 'image/png', contentBase64: tinyPng.toString('base64'), category: 'other' }),
    allowed: writers, denied: 404, deniedAction: 'document.write',
  },
  {
    method: 'GET', route: '/api/cases/:id/documents/:documentId/content',
    path: async (f) => { const c = await f.newCase(); return `/api/cases/${c}/documents/${await records(f).document(c, f.userId)}/content`; },
    allowed: readers, denied: 404, deniedAction: 'document.read',
  },

  // --- tasks -----------------------------------------------------------------------------
  { method: 'GET', route: '/api/cases/:id/tasks', path: async (f) => `/api/cases/${await f.newCase()}/tasks`, allowed: readers, denied: 404, deniedAction: 'task.read' },
  {
    method: 'POST', route: '/api/cases/:id/tasks', path: async (f) => { await ensureTaskAssignee(f); return `/api/cases/${await f.newCase()}/tasks`; },
    body: (f) => ({ title: 'Prenotare la visita medica', assigneeId: taskAssignees.get(f.db), dueOn: '2026-02-01' }),
    allowed: writers, denied: 404, deniedAction: 'task.write',
  },
  {
    method: 'PATCH', route: '/api/cases/:id/tasks/:taskId',
    path: async (f) => { const c = await f.newCase(); return `/api/cases/${c}/tasks/${await records(f).task(c, f.userId)}`; },
    body: () => ({ done: true }),
    allowed: writers, denied: 404, deniedAction: 'task.write',
  },

  // --- consents --------------------------------------------------------------------------
  { method: 'GET', route: '/api/cases/:id/consents', path: async (f) => `/api/cases/${await f.newCase()}/consents`, allowed: readers, denied: 404, deniedAction: 'consent.read' },
  {
    method: 'POST', route: '/api/cases/:id/consents', path: async (f) => `/api/cases/${await f.newCase()}/consents`,
    body: (f) => ({ purpose: 'sharing', organisationId: f.otherOrgId, status: 'given', date: '2025-12-05', ...consentBody, interpreterLanguage: 'en' }),
    allowed: writers, denied: 404, deniedAction: 'consent.write',
  },
  {
    method: 'POST', route: '/api/cases/:id/consents/:consentId/withdraw',
    path: async (f) => { const c = await f.newCase(); return `/api/cases/${c}/consents/${await records(f).consentGiven(c, f.userId)}/withdraw`; },
    body: () => ({ ...consentBody, note: 'Revoca comunicata al colloquio' }),
    allowed: writers, denied: 404, deniedAction: 'consent.write',
  },
];
