/** SQL of the case records. Rows come back as stored (encrypted columns still encrypted): the service decrypts. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  CaseConsentsTable,
  CaseDocumentsTable,
  CaseNotesTable,
  CasePlanActionsTable,
  CasePlanGoalsTable,
  CaseServicesTable,
  CaseTasksTable,
  DB,
} from '../../../db/schema.ts';
import { caseVisibleTo, type ScopeActor } from '../persons/scope.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface ScopedCase {
  id: string;
  orgId: string;
  caseWorkerId: string | null;
  minorStatus: string | null;
  /** Whether the caller is the case worker or on the team of this case. */
  assigned: boolean;
}

/** The case if the caller may see it (scope.ts), else undefined: the caller treats both alike. */
export async function findVisibleCase(db: Db, caseId: string, actor: ScopeActor): Promise<ScopedCase | undefined> {
  const row = await db
    .selectFrom('cases')
    .select(['cases.id', 'cases.org_id', 'cases.case_worker_id', 'cases.minor_status'])
    .select((eb) =>
      eb
        .or([
          eb('cases.case_worker_id', '=', actor.userId),
          eb.exists(eb.selectFrom('case_team').select('case_team.user_id').whereRef('case_team.case_id', '=', 'cases.id').where('case_team.user_id', '=', actor.userId)),
        ])
        .as('assigned'),
    )
    .where('cases.id', '=', caseId)
    .where((eb) => caseVisibleTo(eb, actor))
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, orgId: row.org_id, caseWorkerId: row.case_worker_id, minorStatus: row.minor_status, assigned: Boolean(row.assigned) };
}

/** Whether a user is an active member of the organisation (assignees and owners must be). */
export async function isActiveMember(db: Db, userId: string, orgId: string): Promise<boolean> {
  const row = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.id')
    .where('memberships.user_id', '=', userId)
    .where('memberships.organisation_id', '=', orgId)
    .where('users.is_active', '=', true)
    .executeTakeFirst();
  return !!row;
}

export async function organisationExists(db: Db, orgId: string): Promise<boolean> {
  return !!(await db.selectFrom('organisations').select('id').where('id', '=', orgId).executeTakeFirst());
}

/** Display names of users, for "who" columns. */
export async function userNames(db: Db, ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

export async function organisationNames(db: Db, ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

// --- plan ------------------------------------------------------------------------------------
export type GoalRow = Selectable<CasePlanGoalsTable>;
export type ActionRow = Selectable<CasePlanActionsTable>;

export async function listGoals(db: Db, caseId: string): Promise<GoalRow[]> {
  return db.selectFrom('case_plan_goals').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export async function listActions(db: Db, caseId: string): Promise<ActionRow[]> {
  return db.selectFrom('case_plan_actions').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export async function findGoal(db: Db, caseId: string, goalId: string): Promise<GoalRow | undefined> {
  return db.selectFrom('case_plan_goals').selectAll().where('case_id', '=', caseId).where('id', '=', goalId).forUpdate().executeTakeFirst();
}

export async function findAction(db: Db, caseId: string, actionId: string): Promise<ActionRow | undefined> {
  return db.selectFrom('case_plan_actions').selectAll().where('case_id', '=', caseId).where('id', '=', actionId).forUpdate().executeTakeFirst();
}

// --- services --------------------------------------------------------------------------------
export type ServiceRow = Selectable<CaseServicesTable>;

export async function listServices(db: Db, caseId: string): Promise<ServiceRow[]> {
  return db.selectFrom('case_services').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export async function findService(db: Db, caseId: string, serviceId: string): Promise<ServiceRow | undefined> {
  return db.selectFrom('case_services').selectAll().where('case_id', '=', caseId).where('id', '=', serviceId).forUpdate().executeTakeFirst();
}

// --- notes -----------------------------------------------------------------------------------
export type NoteRow = Selectable<CaseNotesTable>;

export async function listNotes(db: Db, caseId: string): Promise<NoteRow[]> {
  return db.selectFrom('case_notes').selectAll().where('case_id', '=', caseId).orderBy('created_at', 'desc').orderBy('id').execute();
}

// --- documents -------------------------------------------------------------------------------
export type DocumentMetaRow = Omit<Selectable<CaseDocumentsTable>, 'content_enc'>;

const documentMeta = ['id', 'case_id', 'file_name_enc', 'media_type', 'category', 'size_bytes', 'sha256', 'sha256_enc', 'uploaded_by', 'uploaded_at'] as const;

export async function listDocuments(db: Db, caseId: string): Promise<DocumentMetaRow[]> {
  return db.selectFrom('case_documents').select(documentMeta).where('case_id', '=', caseId).orderBy('uploaded_at', 'desc').orderBy('id').execute();
}

export async function findDocument(db: Db, caseId: string, documentId: string): Promise<Selectable<CaseDocumentsTable> | undefined> {
  return db.selectFrom('case_documents').selectAll().where('case_id', '=', caseId).where('id', '=', documentId).executeTakeFirst();
}

// --- tasks -----------------------------------------------------------------------------------
export type TaskRow = Selectable<CaseTasksTable>;

export async function listTasks(db: Db, caseId: string): Promise<TaskRow[]> {
  return db.selectFrom('case_tasks').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export async function findTask(db: Db, caseId: string, taskId: string): Promise<TaskRow | undefined> {
  return db.selectFrom('case_tasks').selectAll().where('case_id', '=', caseId).where('id', '=', taskId).forUpdate().executeTakeFirst();
}

/** The caller's open tasks on the cases they can see, earliest due date first (no date last). */
export async function myOpenTasks(db: Db, actor: ScopeActor): Promise<Array<TaskRow & { case_code: string }>> {
  return db
    .selectFrom('case_tasks')
    .innerJoin('cases', 'cases.id', 'case_tasks.case_id')
    .selectAll('case_tasks')
    .select('cases.code as case_code')
    .where('case_tasks.assignee_id', '=', actor.userId)
    .where('case_tasks.done_at', 'is', null)
    .where((eb) => caseVisibleTo(eb, actor))
    .orderBy((eb) => eb.case().when('case_tasks.due_on', 'is', null).then(1).else(0).end())
    .orderBy('case_tasks.due_on')
    .orderBy('case_tasks.created_at')
    .orderBy('case_tasks.id')
    .limit(500)
    .execute();
}

// --- consents --------------------------------------------------------------------------------
export type ConsentRow = Selectable<CaseConsentsTable>;

export async function listConsents(db: Db, caseId: string): Promise<ConsentRow[]> {
  return db.selectFrom('case_consents').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
}

export async function findConsent(db: Db, caseId: string, consentId: string): Promise<ConsentRow | undefined> {
  return db.selectFrom('case_consents').selectAll().where('case_id', '=', caseId).where('id', '=', consentId).executeTakeFirst();
}

/** Serialises consent changes of one case (so "the latest record" is well defined under races). */
export async function lockCase(db: Db, caseId: string): Promise<void> {
  await db.selectFrom('cases').select('id').where('id', '=', caseId).forUpdate().execute();
}
