/** SQL of the cases feature: cases, team, phase history, approval requests. Scope through persons/scope.ts. */
import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, type Transaction } from 'kysely';
import type { CasesTable, DB } from '../../../db/schema.ts';
import { caseVisibleTo, personVisibleTo, type ScopeActor } from '../persons/scope.ts';
import type { CaseQuery } from './schemas.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type CaseRow = Selectable<CasesTable>;

/** A case visible to the actor (optionally locked for update), or undefined. */
export async function findVisibleCase(db: Db, id: string, actor: ScopeActor, options: { forUpdate?: boolean } = {}): Promise<CaseRow | undefined> {
  let q = db.selectFrom('cases').selectAll('cases').where('cases.id', '=', id).where((eb) => caseVisibleTo(eb, actor));
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** A person visible to the organisation and not merged into another record, locked (one open case per person). */
export async function lockVisiblePerson(db: Db, personId: string, orgId: string): Promise<{ id: string; code: string; identity_enc: string } | undefined> {
  return db
    .selectFrom('persons')
    .select(['persons.id', 'persons.code', 'persons.identity_enc'])
    .where('persons.id', '=', personId)
    .where('persons.merged_into_id', 'is', null)
    .where((eb) => personVisibleTo(eb, orgId))
    .forUpdate()
    .executeTakeFirst();
}

/** A person not merged into another record, locked, whatever its scope (taking in charge from a referral: the caller checked the referral). */
export async function lockPerson(db: Db, personId: string): Promise<{ id: string; code: string; identity_enc: string } | undefined> {
  return db.selectFrom('persons').select(['id', 'code', 'identity_enc']).where('id', '=', personId).where('merged_into_id', 'is', null).forUpdate().executeTakeFirst();
}

export async function findPerson(db: Db, personId: string): Promise<{ id: string; code: string; identity_enc: string } | undefined> {
  return db.selectFrom('persons').select(['id', 'code', 'identity_enc']).where('id', '=', personId).executeTakeFirst();
}

export async function openCaseOf(db: Db, personId: string, orgId: string, exceptCaseId?: string): Promise<string | undefined> {
  let q = db.selectFrom('cases').select('id').where('person_id', '=', personId).where('org_id', '=', orgId).where('phase', '<>', 'closed');
  if (exceptCaseId) q = q.where('id', '<>', exceptCaseId);
  return (await q.executeTakeFirst())?.id;
}

/** Which of these users are active members of the organisation. */
export async function membersOf(db: Db, orgId: string, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.id')
    .where('memberships.organisation_id', '=', orgId)
    .where('users.is_active', '=', true)
    .where('users.id', 'in', [...userIds])
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function displayNames(db: Db, userIds: readonly (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((x): x is string => !!x))];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

export async function organisationOf(db: Db, orgId: string): Promise<{ id: string; code: string; name: string }> {
  return db.selectFrom('organisations').select(['id', 'code', 'name']).where('id', '=', orgId).executeTakeFirstOrThrow();
}

export async function teamOf(db: Db, caseId: string): Promise<{ id: string; user_id: string; team_role: string | null; team_role_enc: string | null; added_at: Date }[]> {
  return db.selectFrom('case_team').select(['id', 'user_id', 'team_role', 'team_role_enc', 'added_at']).where('case_id', '=', caseId).orderBy('added_at').orderBy('user_id').execute();
}

/**
 * Sets the case's team: members left out are removed, the others added or their role changed.
 * The role is stored encrypted (`seal` gets the row id it is bound to); the clear column of a row
 * written before migration 0029 is emptied when its role is written again.
 */
export async function replaceTeam(db: Db, caseId: string, team: readonly { userId: string; teamRole: string }[], now: Date, seal: (rowId: string, teamRole: string) => Promise<string>): Promise<void> {
  const current = await teamOf(db, caseId);
  const keep = new Map(team.map((m) => [m.userId, m.teamRole]));
  const gone = current.filter((m) => !keep.has(m.user_id)).map((m) => m.user_id);
  if (gone.length > 0) await db.deleteFrom('case_team').where('case_id', '=', caseId).where('user_id', 'in', gone).execute();
  const idOf = new Map(current.map((m) => [m.user_id, m.id]));
  for (const m of team) {
    const existing = idOf.get(m.userId);
    if (existing) {
      await db.updateTable('case_team').set({ team_role: null, team_role_enc: await seal(existing, m.teamRole) }).where('id', '=', existing).execute();
    } else {
      const id = randomUUID();
      await db.insertInto('case_team').values({ id, case_id: caseId, user_id: m.userId, team_role: null, team_role_enc: await seal(id, m.teamRole), added_at: now }).execute();
    }
  }
}

export type ApprovalRow = Selectable<DB['case_approval_requests']>;

export async function pendingApprovalOf(db: Db, caseId: string): Promise<ApprovalRow | undefined> {
  return db.selectFrom('case_approval_requests').selectAll().where('case_id', '=', caseId).where('status', '=', 'pending').executeTakeFirst();
}

export async function findApprovalInOrg(db: Db, id: string, orgId: string, options: { forUpdate?: boolean } = {}): Promise<(ApprovalRow & { case_org_id: string }) | undefined> {
  let q = db
    .selectFrom('case_approval_requests')
    .innerJoin('cases', 'cases.id', 'case_approval_requests.case_id')
    .selectAll('case_approval_requests')
    .select('cases.org_id as case_org_id')
    .where('case_approval_requests.id', '=', id)
    .where('cases.org_id', '=', orgId);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function listApprovals(db: Db, orgId: string, status: string | undefined): Promise<(ApprovalRow & { case_code: string; case_phase: string })[]> {
  let q = db
    .selectFrom('case_approval_requests')
    .innerJoin('cases', 'cases.id', 'case_approval_requests.case_id')
    .selectAll('case_approval_requests')
    .select(['cases.code as case_code', 'cases.phase as case_phase'])
    .where('cases.org_id', '=', orgId)
    .orderBy('case_approval_requests.requested_at', 'desc')
    .orderBy('case_approval_requests.id')
    .limit(500);
  if (status) q = q.where('case_approval_requests.status', '=', status as ApprovalRow['status']);
  return q.execute();
}

/** Active users of the organisation whose role there holds the permission. */
export async function holdersOf(db: Db, orgId: string, permission: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .innerJoin('role_permissions', 'role_permissions.role_id', 'memberships.role_id')
    .select('users.id')
    .distinct()
    .where('memberships.organisation_id', '=', orgId)
    .where('users.is_active', '=', true)
    .where('role_permissions.permission', '=', permission)
    .execute();
  return rows.map((r) => r.id);
}

export async function history(db: Db, caseId: string): Promise<Selectable<DB['case_phase_history']>[]> {
  return db.selectFrom('case_phase_history').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

export interface CaseListRow {
  id: string;
  code: string;
  person_id: string;
  person_code: string;
  identity_enc: string;
  phase: string;
  status: string;
  case_worker_id: string | null;
  case_worker_name: string | null;
  minor_status: string | null;
  opened_at: Date;
  updated_at: Date;
  pending_approval: string | null;
}

export async function listCases(db: Db, actor: ScopeActor, query: CaseQuery): Promise<{ rows: CaseListRow[]; total: number }> {
  let q = db
    .selectFrom('cases')
    .innerJoin('persons', 'persons.id', 'cases.person_id')
    .where((eb) => caseVisibleTo(eb, actor));
  if (query.phase) q = q.where('cases.phase', '=', query.phase);
  if (query.status) q = q.where('cases.status', '=', query.status);
  if (query.worker) q = q.where('cases.case_worker_id', '=', query.worker);
  if (query.minor) q = q.where('cases.minor_status', '=', query.minor);
  if (query.mine === 'true') {
    q = q.where((eb) =>
      eb.or([
        eb('cases.case_worker_id', '=', actor.userId),
        eb.exists(eb.selectFrom('case_team').select('case_team.user_id').whereRef('case_team.case_id', '=', 'cases.id').where('case_team.user_id', '=', actor.userId)),
      ]),
    );
  }
  if (query.q) {
    const code = query.q.toUpperCase();
    q = q.where((eb) => eb.or([eb('cases.code', '=', code), eb('persons.code', '=', code), eb('cases.code', 'like', `${code.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)]));
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .select([
      'cases.id',
      'cases.code',
      'cases.person_id',
      'persons.code as person_code',
      'persons.identity_enc',
      'cases.phase',
      'cases.status',
      'cases.case_worker_id',
      'cases.minor_status',
      'cases.opened_at',
      'cases.updated_at',
    ])
    .select((eb) => eb.selectFrom('users').select('users.display_name').whereRef('users.id', '=', 'cases.case_worker_id').as('case_worker_name'))
    .select((eb) =>
      eb
        .selectFrom('case_approval_requests')
        .select('case_approval_requests.id')
        .whereRef('case_approval_requests.case_id', '=', 'cases.id')
        .where('case_approval_requests.status', '=', 'pending')
        .limit(1)
        .as('pending_approval'),
    )
    .orderBy('cases.updated_at', 'desc')
    .orderBy('cases.id')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return { rows, total };
}

