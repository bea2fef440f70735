/**
 * The access matrix: every endpoint of the API with the built-in roles allowed to call it. The
 * runner (access.db.test.ts) calls each endpoint as every built-in role and as an anonymous
 * client: allowed roles get a 2xx, every other role the denied status, with the database
 * unchanged and the denied attempt audited.
 *
 * Every new endpoint joins this table in the same commit that adds it.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { builtinRoles, type BuiltinRoleKey, type Permission } from '../../src/domain/permissions.ts';
import type { AuditAction } from '../../src/server/platform/audit.ts';
import { personEndpoints } from './matrix-persons.ts';
import { caseEndpoints } from './matrix-cases.ts';
import { recordEndpoints } from './matrix-records.ts';
import { transferEndpoints } from './matrix-transfers.ts';
import { referralEndpoints } from './matrix-referrals.ts';
import { hotlineEndpoints } from './matrix-hotline.ts';
import { publicPageEndpoints } from './matrix-public.ts';
import { procedureEndpoints } from './matrix-procedures.ts';
import { accommodationEndpoints } from './matrix-accommodation.ts';
import { permitEndpoints } from './matrix-permits.ts';
import { expenseEndpoints } from './matrix-expenses.ts';
import { networkEndpoints } from './matrix-network.ts';
import { outreachEndpoints } from './matrix-outreach.ts';
import { forumEndpoints } from './matrix-forum.ts';
import { inclusionEndpoints } from './matrix-inclusion.ts';
import { monitoringEndpoints } from './matrix-monitoring.ts';
import { exportEndpoints } from './matrix-exports.ts';
import { eventEndpoints } from './matrix-events.ts';
import { inboxEndpoints } from './matrix-inbox.ts';
import { reportEndpoints } from './matrix-reports.ts';

/** Records the endpoints act on, created once per database (and helpers for fresh ones). */
export interface MatrixFixtures {
  db: Kysely<DB>;
  orgId: string;
  projectId: string;
  /** A user other than the role users, read and edited by the user endpoints. */
  userId: string;
  /** A string unique within the run, for codes and e-mails. */
  unique(): string;
  /** A fresh custom role that no one holds (for edits and deletion). */
  newCustomRole(): Promise<string>;
  /** A fresh user with one membership (for membership changes). */
  newUser(): Promise<string>;
  /** A second organisation, whose records the matrix roles must not see. */
  otherOrgId: string;
  /** A fresh person registered by `orgId` (or `options.orgId`), stored as the persons feature stores them. */
  newPerson(options?: { orgId?: string }): Promise<string>;
  /** A fresh case of `orgId` (or `options.orgId`) for a fresh person (or `options.personId`), in phase contact. */
  newCase(options?: { orgId?: string; personId?: string }): Promise<string>;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface EndpointCase {
  method: Method;
  /** The route as registered, for the test name. */
  route: string;
  /**
   * The concrete URL; may create the record the call acts on (done before the snapshot). `caller`
   * is the logged-in user about to call it (absent for anonymous calls), for records that belong
   * to the caller (their own notifications, their own requests).
   */
  path(f: MatrixFixtures, caller?: { userId: string; orgId: string }): string | Promise<string>;
  /** A valid body: an allowed role must succeed with it. */
  body?(f: MatrixFixtures): unknown;
  /**
   * Built-in roles that may call the endpoint; 'any' for every logged-in user whatever their
   * permissions. The runner also calls every endpoint as a member whose custom role grants
   * nothing: only 'any' endpoints may answer it.
   */
  allowed: readonly BuiltinRoleKey[] | 'any';
  /** Answer to a logged-in role that may not call it: 404 hides the data, 403 when its existence is not secret. */
  denied: 403 | 404;
  /** The audit action of the denied attempt (none when `allowed` is 'any'). */
  deniedAction?: AuditAction;
  /**
   * For administration writes that grant or touch permissions: a member whose role holds only
   * this permission (a partial administrator) is refused with 403 by the grant rules
   * (src/domain/admin-rules.ts), since the body grants, or the target holds, more than that.
   */
  partialAdmin?: Permission;
}

const admins = ['system_admin'] as const satisfies readonly BuiltinRoleKey[];
const auditReaders = ['system_admin', 'coordinator'] as const satisfies readonly BuiltinRoleKey[];
/** Any logged-in user, even one whose role grants nothing. */
const loggedIn = 'any' as const;
/** Every built-in role (they all hold network.read). */
const everyRole: readonly BuiltinRoleKey[] = builtinRoles.map((r) => r.key);

export const endpoints: readonly EndpointCase[] = [
  // --- reference -------------------------------------------------------------------------
  { method: 'GET', route: '/api/reference/provinces', path: () => '/api/reference/provinces', allowed: loggedIn, denied: 404 },
  { method: 'GET', route: '/api/reference/organisation-types', path: () => '/api/reference/organisation-types', allowed: loggedIn, denied: 404 },
  { method: 'GET', route: '/api/reference/services', path: () => '/api/reference/services', allowed: loggedIn, denied: 404 },

  // --- organisations ---------------------------------------------------------------------
  { method: 'GET', route: '/api/organisations', path: () => '/api/organisations?q=a', allowed: everyRole, denied: 403, deniedAction: 'organisation.list' },
  {
    method: 'POST', route: '/api/organisations', path: () => '/api/organisations',
    body: (f) => ({ code: `org-${f.unique()}`, name: 'Associazione Prova', type: 'ngo', provinces: ['058'], services: ['outreach'] }),
    allowed: admins, denied: 403, deniedAction: 'organisation.create',
  },
  { method: 'GET', route: '/api/organisations/:id', path: (f) => `/api/organisations/${f.orgId}`, allowed: everyRole, denied: 403, deniedAction: 'organisation.read' },
  {
    method: 'PATCH', route: '/api/organisations/:id', path: (f) => `/api/organisations/${f.orgId}`,
    body: (f) => ({ name: `Associazione ${f.unique()}` }),
    allowed: admins, denied: 403, deniedAction: 'organisation.update',
  },

  // --- projects --------------------------------------------------------------------------
  { method: 'GET', route: '/api/projects', path: () => '/api/projects', allowed: everyRole, denied: 403, deniedAction: 'project.list' },
  {
    method: 'POST', route: '/api/projects', path: () => '/api/projects',
    body: (f) => ({
      code: `prj-${f.unique()}`, name: 'Piano di prova', periodStart: '2024-01-01', periodEnd: '2025-12-31', funder: 'DPO',
      budgetTotal: '1000.00', leadOrganisationId: f.orgId, partners: [{ organisationId: f.orgId, provinces: ['058'] }],
      budgetLines: [{ code: 'A1', label: 'Personale', amount: '999.99' }], complementary: [{ name: 'FAMI prova' }],
    }),
    allowed: admins, denied: 403, deniedAction: 'project.create',
  },
  { method: 'GET', route: '/api/projects/:id', path: (f) => `/api/projects/${f.projectId}`, allowed: everyRole, denied: 403, deniedAction: 'project.read' },
  {
    method: 'PATCH', route: '/api/projects/:id', path: (f) => `/api/projects/${f.projectId}`,
    body: (f) => ({ description: `Aggiornato ${f.unique()}` }),
    allowed: admins, denied: 403, deniedAction: 'project.update',
  },

  // --- users (staff personal data: hidden) -------------------------------------------------
  { method: 'GET', route: '/api/users', path: () => '/api/users', allowed: admins, denied: 404, deniedAction: 'user.list' },
  {
    method: 'POST', route: '/api/users', path: () => '/api/users',
    body: (f) => ({ email: `new-${f.unique()}@test.ponte.invalid`, displayName: 'Nuovo utente', memberships: [{ organisationId: f.orgId, roleKey: 'trainer' }] }),
    allowed: admins, denied: 404, deniedAction: 'user.create', partialAdmin: 'users.manage',
  },
  { method: 'GET', route: '/api/users/:id', path: (f) => `/api/users/${f.userId}`, allowed: admins, denied: 404, deniedAction: 'user.read' },
  {
    method: 'PATCH', route: '/api/users/:id', path: (f) => `/api/users/${f.userId}`,
    body: (f) => ({ displayName: `Utente ${f.unique()}` }),
    allowed: admins, denied: 404, deniedAction: 'user.update', partialAdmin: 'users.manage',
  },
  {
    method: 'PUT', route: '/api/users/:id/memberships', path: async (f) => `/api/users/${await f.newUser()}/memberships`,
    body: (f) => [{ organisationId: f.orgId, roleKey: 'specialist' }],
    allowed: admins, denied: 404, deniedAction: 'membership.change', partialAdmin: 'users.manage',
  },

  // --- roles and permissions ---------------------------------------------------------------
  { method: 'GET', route: '/api/roles', path: () => '/api/roles', allowed: everyRole, denied: 403, deniedAction: 'role.list' },
  {
    method: 'POST', route: '/api/roles', path: () => '/api/roles',
    body: (f) => ({ key: `custom_${f.unique()}`, nameIt: 'Ruolo', nameEn: 'Role', permissions: ['network.read'] }),
    allowed: admins, denied: 403, deniedAction: 'role.create', partialAdmin: 'roles.manage',
  },
  {
    method: 'PATCH', route: '/api/roles/:id', path: async (f) => `/api/roles/${await f.newCustomRole()}`,
    body: () => ({ nameEn: 'Renamed role', permissions: ['network.read', 'forum.post'] }),
    allowed: admins, denied: 403, deniedAction: 'role.update', partialAdmin: 'roles.manage',
  },
  { method: 'DELETE', route: '/api/roles/:id', path: async (f) => `/api/roles/${await f.newCustomRole()}`, allowed: admins, denied: 403, deniedAction: 'role.delete' },
  { method: 'GET', route: '/api/permissions', path: () => '/api/permissions', allowed: everyRole, denied: 403, deniedAction: 'permission.list' },

  // --- audit (audit.read: administrators see everything, coordinators their organisation) --
  { method: 'GET', route: '/api/audit', path: () => '/api/audit?limit=5', allowed: auditReaders, denied: 404, deniedAction: 'audit.search' },
  {
    method: 'GET', route: '/api/audit/records/:recordType/:recordId', path: (f) => `/api/audit/records/user/${f.userId}`,
    allowed: auditReaders, denied: 404, deniedAction: 'audit.record_access',
  },
  { method: 'GET', route: '/api/audit/status', path: () => '/api/audit/status', allowed: auditReaders, denied: 404, deniedAction: 'audit.search' },
  // Persons, cases and case records: one file per feature (tests/access/matrix-*.ts).
  ...personEndpoints,
  ...caseEndpoints,
  ...recordEndpoints,
  ...transferEndpoints,
  ...referralEndpoints,
  ...hotlineEndpoints,
  ...publicPageEndpoints,
  ...procedureEndpoints,
  ...accommodationEndpoints,
  ...permitEndpoints,
  ...expenseEndpoints,
  ...networkEndpoints,
  ...outreachEndpoints,
  ...forumEndpoints,
  ...inclusionEndpoints,
  ...monitoringEndpoints,
  ...exportEndpoints,
  ...eventEndpoints,
  ...inboxEndpoints,
  ...reportEndpoints,
];
