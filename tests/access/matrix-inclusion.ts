/** Access matrix rows of social inclusion: the records of a case, courses, the board (see matrix.ts). */
import type { BuiltinRoleKey } from '../../src/domain/permissions.ts';
import type { EndpointCase, MatrixFixtures } from './matrix.ts';

/**
 * Case rows act on a fresh case of the matrix organisation with no case worker and no team:
 * readers are the roles that see every case of their organisation (cases.read with cases.write or
 * cases.approve); writers hold inclusion.write. Courses belong to the organisation: every holder
 * of cases.read lists and reads them; writers hold inclusion.write. The board (counts only) is for
 * cases.read and stats.aggregate holders; others get 403. Everyone else gets 404.
 */
const caseReaders = ['coordinator', 'case_worker'] as const satisfies readonly BuiltinRoleKey[];
const writers = ['case_worker'] as const satisfies readonly BuiltinRoleKey[];
const courseReaders = ['coordinator', 'case_worker', 'desk_worker', 'specialist'] as const satisfies readonly BuiltinRoleKey[];
const boardReaders = ['coordinator', 'case_worker', 'desk_worker', 'specialist'] as const satisfies readonly BuiltinRoleKey[];

async function newCourse(f: MatrixFixtures): Promise<string> {
  const r = await f.db
    .insertInto('courses')
    .values({ org_id: f.orgId, title: 'Italiano A2', kind: 'language', starts_on: '2025-09-01', ends_on: '2026-06-30' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/**
 * The employer name is required and encrypted; the fixture stores a placeholder (the fixtures have
 * no cipher), so the PATCH rows replace it.
 */
const placeholder = 'v1:placeholder';

/** Ids made by a row's path, read by its body (the runner calls path, then body). */
const made = { caseId: '', sessionId: '', enrolmentId: '' };

async function courseWithEnrolment(f: MatrixFixtures): Promise<string> {
  const courseId = await newCourse(f);
  const caseId = await f.newCase();
  made.sessionId = (await f.db.insertInto('course_sessions').values({ course_id: courseId, held_on: '2025-09-08', hours: '3' }).returning('id').executeTakeFirstOrThrow()).id;
  made.enrolmentId = (await f.db.insertInto('course_enrolments').values({ course_id: courseId, case_id: caseId, enrolled_on: '2025-09-01' }).returning('id').executeTakeFirstOrThrow()).id;
  return courseId;
}

async function caseRecord(f: MatrixFixtures, table: 'inclusion_internships' | 'inclusion_job_placements' | 'inclusion_housing' | 'voluntary_returns'): Promise<string> {
  const caseId = await f.newCase();
  const base = { case_id: caseId, org_id: f.orgId };
  switch (table) {
    case 'inclusion_internships':
      return (await f.db.insertInto(table).values({ ...base, employer_name_enc: placeholder, starts_on: '2025-10-01' }).returning('id').executeTakeFirstOrThrow()).id;
    case 'inclusion_job_placements':
      return (await f.db.insertInto(table).values({ ...base, employer_name_enc: placeholder, contract_type: 'fixed_term', starts_on: '2025-10-01' }).returning('id').executeTakeFirstOrThrow()).id;
    case 'inclusion_housing':
      return (await f.db.insertInto(table).values({ ...base, moved_on: '2025-10-01', kind: 'rented_shared' }).returning('id').executeTakeFirstOrThrow()).id;
    case 'voluntary_returns':
      return (await f.db.insertInto(table).values({ ...base, country: 'NG', status: 'requested' }).returning('id').executeTakeFirstOrThrow()).id;
  }
}

export const inclusionEndpoints: readonly EndpointCase[] = [
  { method: 'GET', route: '/api/cases/:id/inclusion', path: async (f) => `/api/cases/${await f.newCase()}/inclusion`, allowed: caseReaders, denied: 404, deniedAction: 'inclusion.read' },
  {
    method: 'POST', route: '/api/cases/:id/inclusion/internships', path: async (f) => `/api/cases/${await f.newCase()}/inclusion/internships`,
    body: () => ({ employerName: 'Cooperativa Prova', sector: 'I', tutorName: 'Tutor Prova', hoursPerWeek: 20, monthlyStipend: '500.00', startsOn: '2025-10-01', endsOn: '2026-03-31' }),
    allowed: writers, denied: 404, deniedAction: 'inclusion.write',
  },
  {
    method: 'PATCH', route: '/api/inclusion/internships/:id', path: async (f) => `/api/inclusion/internships/${await caseRecord(f, 'inclusion_internships')}`,
    body: () => ({ version: 1, employerName: 'Cooperativa Nuova', hoursPerWeek: '25' }), allowed: writers, denied: 404, deniedAction: 'inclusion.write',
  },
  {
    method: 'POST', route: '/api/cases/:id/inclusion/placements', path: async (f) => `/api/cases/${await f.newCase()}/inclusion/placements`,
    body: () => ({ employerName: 'Azienda Prova', sector: 'C', contractType: 'apprenticeship', hoursPerWeek: 38, startsOn: '2025-11-03' }),
    allowed: writers, denied: 404, deniedAction: 'inclusion.write',
  },
  {
    method: 'PATCH', route: '/api/inclusion/placements/:id', path: async (f) => `/api/inclusion/placements/${await caseRecord(f, 'inclusion_job_placements')}`,
    body: () => ({ version: 1, employerName: 'Azienda Nuova', outcome: 'renewed' }), allowed: writers, denied: 404, deniedAction: 'inclusion.write',
  },
  {
    method: 'POST', route: '/api/cases/:id/inclusion/housing', path: async (f) => `/api/cases/${await f.newCase()}/inclusion/housing`,
    body: () => ({ movedOn: '2025-12-01', kind: 'rented_alone', support: ['deposit', 'furniture'] }),
    allowed: writers, denied: 404, deniedAction: 'inclusion.write',
  },
  {
    method: 'PATCH', route: '/api/inclusion/housing/:id', path: async (f) => `/api/inclusion/housing/${await caseRecord(f, 'inclusion_housing')}`,
    body: () => ({ version: 1, support: ['rent'] }), allowed: writers, denied: 404, deniedAction: 'inclusion.write',
  },
  {
    method: 'POST', route: '/api/cases/:id/inclusion/returns', path: async (f) => `/api/cases/${await f.newCase()}/inclusion/returns`,
    body: () => ({ country: 'NG', partnerName: 'Partner Prova', plannedOn: '2026-02-01', support: ['business', 'psychosocial'] }),
    allowed: writers, denied: 404, deniedAction: 'inclusion.write',
  },
  {
    method: 'PATCH', route: '/api/inclusion/returns/:id', path: async (f) => `/api/inclusion/returns/${await caseRecord(f, 'voluntary_returns')}`,
    body: () => ({ version: 1, status: 'approved' }), allowed: writers, denied: 404, deniedAction: 'inclusion.write',
  },
  { method: 'GET', route: '/api/courses', path: () => '/api/courses', allowed: courseReaders, denied: 404, deniedAction: 'course.list' },
  {
    method: 'POST', route: '/api/courses', path: () => '/api/courses',
    body: () => ({ title: 'Informatica di base', kind: 'it', providerName: 'Centro Prova', place: 'Sede', startsOn: '2025-10-01', endsOn: '2025-12-20', plannedHours: 40 }),
    allowed: writers, denied: 404, deniedAction: 'course.write',
  },
  { method: 'GET', route: '/api/courses/:id', path: async (f) => `/api/courses/${await courseWithEnrolment(f)}`, allowed: courseReaders, denied: 404, deniedAction: 'course.read' },
  {
    method: 'PATCH', route: '/api/courses/:id', path: async (f) => `/api/courses/${await newCourse(f)}`,
    body: () => ({ version: 1, place: 'Aula 2' }), allowed: writers, denied: 404, deniedAction: 'course.write',
  },
  {
    method: 'POST', route: '/api/courses/:id/sessions', path: async (f) => `/api/courses/${await newCourse(f)}/sessions`,
    body: () => ({ heldOn: '2025-09-15', hours: '2.5' }), allowed: writers, denied: 404, deniedAction: 'course.write',
  },
  {
    method: 'POST', route: '/api/courses/:id/enrolments',
    path: async (f) => {
      made.caseId = await f.newCase();
      return `/api/courses/${await newCourse(f)}/enrolments`;
    },
    body: () => ({ caseId: made.caseId, enrolledOn: '2025-09-01' }), allowed: writers, denied: 404, deniedAction: 'course.write',
  },
  {
    method: 'PATCH', route: '/api/courses/:id/enrolments/:enrolmentId',
    path: async (f) => {
      const courseId = await courseWithEnrolment(f);
      return `/api/courses/${courseId}/enrolments/${made.enrolmentId}`;
    },
    body: () => ({ version: 1, outcome: 'certificate', outcomeOn: '2025-12-20' }), allowed: writers, denied: 404, deniedAction: 'course.write',
  },
  {
    method: 'PUT', route: '/api/courses/:id/attendance', path: async (f) => `/api/courses/${await courseWithEnrolment(f)}/attendance`,
    body: () => ({ marks: [{ sessionId: made.sessionId, enrolmentId: made.enrolmentId, status: 'present' }] }),
    allowed: writers, denied: 404, deniedAction: 'course.attendance',
  },
  { method: 'GET', route: '/api/inclusion/summary', path: () => '/api/inclusion/summary', allowed: boardReaders, denied: 403, deniedAction: 'inclusion.summary' },
];
