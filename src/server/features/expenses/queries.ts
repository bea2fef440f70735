/** SQL of expenses and spending. Rows come back as stored (encrypted columns still encrypted); sums are exact numerics read as text. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { caseVisibleTo, type ScopeActor } from '../persons/scope.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface ProjectRow {
  id: string;
  code: string;
  name: string;
  funder: string;
  period_start: string;
  period_end: string;
  lead_org_id: string;
}

export async function findProject(db: Db, projectId: string): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').select(['id', 'code', 'name', 'funder', 'period_start', 'period_end', 'lead_org_id']).where('id', '=', projectId).executeTakeFirst();
}

/** The lead body and the partners of a project, with their names. */
export async function projectOrganisations(db: Db, project: ProjectRow): Promise<Array<{ id: string; name: string }>> {
  const partners = await db.selectFrom('project_partners').select('organisation_id').where('project_id', '=', project.id).execute();
  const ids = [...new Set([project.lead_org_id, ...partners.map((p) => p.organisation_id)])];
  const rows = await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).execute();
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return ids.map((id) => ({ id, name: names.get(id) ?? '' }));
}

/** Projects where the organisation is the lead body or a partner. */
export async function projectsOf(db: Db, orgId: string): Promise<ProjectRow[]> {
  return db
    .selectFrom('projects')
    .select(['id', 'code', 'name', 'funder', 'period_start', 'period_end', 'lead_org_id'])
    .where((eb) =>
      eb.or([
        eb('lead_org_id', '=', orgId),
        eb.exists(eb.selectFrom('project_partners').select('project_partners.project_id').whereRef('project_partners.project_id', '=', 'projects.id').where('project_partners.organisation_id', '=', orgId)),
      ]),
    )
    .orderBy('period_start', 'desc')
    .orderBy('code')
    .execute();
}

export interface LineRow {
  id: string;
  code: string;
  label: string;
  amount: string;
}

export async function projectLines(db: Db, projectId: string): Promise<LineRow[]> {
  return db.selectFrom('project_budget_lines').select(['id', 'code', 'label', 'amount']).where('project_id', '=', projectId).orderBy('code').execute();
}

/** The line, locked until the transaction ends: concurrent expenses on it queue here. */
export async function lockLine(db: Db, lineId: string, projectId: string): Promise<LineRow | undefined> {
  return db.selectFrom('project_budget_lines').select(['id', 'code', 'label', 'amount']).where('id', '=', lineId).where('project_id', '=', projectId).forUpdate().executeTakeFirst();
}

/** Everything charged to a line so far (all bodies, all dates; cancelled expenses and `except` left out). */
export async function lineSpent(db: Db, lineId: string, except?: string): Promise<string> {
  let q = db.selectFrom('expenses').select(sql<string>`coalesce(sum(amount), 0)::text`.as('spent')).where('budget_line_id', '=', lineId).where('cancelled_at', 'is', null);
  if (except) q = q.where('id', '!=', except);
  const r = await q.executeTakeFirstOrThrow();
  return r.spent;
}

/** Everything charged to each line of a project so far. */
export async function lineTotals(db: Db, projectId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('expenses')
    .select(['budget_line_id', sql<string>`sum(amount)::text`.as('spent')])
    .where('project_id', '=', projectId)
    .where('cancelled_at', 'is', null)
    .groupBy('budget_line_id')
    .execute();
  return new Map(rows.map((r) => [r.budget_line_id, r.spent]));
}

export interface ExpenseFilter {
  id?: string;
  projectId?: string;
  caseId?: string;
  /** Only what this body paid (a partner's scope). */
  paidBy?: string;
  from?: string;
  to?: string;
  budgetLineId?: string;
  /** Leave out cancelled expenses. */
  live?: boolean;
}

export interface ExpenseRow {
  id: string;
  project_id: string;
  project_code: string;
  budget_line_id: string;
  line_code: string;
  line_label: string;
  case_id: string | null;
  case_code: string | null;
  paid_by_org_id: string;
  paid_by_name: string;
  category: string;
  spent_on: string;
  amount: string;
  description_enc: string | null;
  receipt_ref: string | null;
  over_budget: boolean;
  over_budget_reason_enc: string | null;
  created_at: Date;
  version: number;
  cancelled_at: Date | null;
  cancel_reason_enc: string | null;
}

export async function listExpenses(db: Db, filter: ExpenseFilter): Promise<ExpenseRow[]> {
  let q = db
    .selectFrom('expenses as e')
    .innerJoin('project_budget_lines as l', 'l.id', 'e.budget_line_id')
    .innerJoin('projects as p', 'p.id', 'e.project_id')
    .innerJoin('organisations as o', 'o.id', 'e.paid_by_org_id')
    .leftJoin('cases as c', 'c.id', 'e.case_id')
    .select([
      'e.id', 'e.project_id', 'p.code as project_code', 'e.budget_line_id', 'l.code as line_code', 'l.label as line_label', 'e.case_id', 'c.code as case_code',
      'e.paid_by_org_id', 'o.name as paid_by_name', 'e.category', 'e.spent_on', 'e.amount', 'e.description_enc', 'e.receipt_ref', 'e.over_budget',
      'e.over_budget_reason_enc', 'e.created_at', 'e.version', 'e.cancelled_at', 'e.cancel_reason_enc',
    ]);
  if (filter.id) q = q.where('e.id', '=', filter.id);
  if (filter.projectId) q = q.where('e.project_id', '=', filter.projectId);
  if (filter.caseId) q = q.where('e.case_id', '=', filter.caseId);
  if (filter.paidBy) q = q.where('e.paid_by_org_id', '=', filter.paidBy);
  if (filter.from) q = q.where('e.spent_on', '>=', filter.from);
  if (filter.to) q = q.where('e.spent_on', '<=', filter.to);
  if (filter.budgetLineId) q = q.where('e.budget_line_id', '=', filter.budgetLineId);
  if (filter.live) q = q.where('e.cancelled_at', 'is', null);
  return q.orderBy('e.spent_on', 'desc').orderBy('e.created_at', 'desc').orderBy('e.id').execute();
}

/** The expense row, locked until the transaction ends (edits and cancellation). */
export async function lockExpense(db: Db, id: string): Promise<{ id: string; project_id: string; budget_line_id: string; case_id: string | null; paid_by_org_id: string; amount: string; version: number; cancelled_at: Date | null } | undefined> {
  return db
    .selectFrom('expenses')
    .select(['id', 'project_id', 'budget_line_id', 'case_id', 'paid_by_org_id', 'amount', 'version', 'cancelled_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Sums by line, paying body and month, in a period and optionally for one paying body. */
export async function spendingCells(db: Db, options: { projectId: string; from: string; to: string; paidBy?: string }): Promise<Array<{ lineId: string; organisationId: string; month: string; amount: string }>> {
  let q = db
    .selectFrom('expenses')
    .select([
      'budget_line_id as lineId',
      'paid_by_org_id as organisationId',
      sql<string>`to_char(spent_on, 'YYYY-MM')`.as('month'),
      sql<string>`sum(amount)::text`.as('amount'),
    ])
    .where('project_id', '=', options.projectId)
    .where('spent_on', '>=', options.from)
    .where('spent_on', '<=', options.to)
    .where('cancelled_at', 'is', null);
  if (options.paidBy) q = q.where('paid_by_org_id', '=', options.paidBy);
  return q.groupBy(['budget_line_id', 'paid_by_org_id', sql`to_char(spent_on, 'YYYY-MM')`]).execute();
}

/** Of these cases, the ids the caller sees (scope.ts). */
export async function visibleCaseIds(db: Db, caseIds: readonly string[], actor: ScopeActor): Promise<Set<string>> {
  const wanted = [...new Set(caseIds)];
  if (wanted.length === 0) return new Set();
  const rows = await db.selectFrom('cases').select('cases.id').where('cases.id', 'in', wanted).where((eb) => caseVisibleTo(eb, actor)).execute();
  return new Set(rows.map((r) => r.id));
}

export async function organisationNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
