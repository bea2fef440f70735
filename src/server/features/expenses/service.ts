/**
 * Rules of economic support and budget (issue 7, point 6).
 *
 * - Recording an expense needs budget.write, or cases.write for an expense attached to a case the
 *   caller sees (the case worker gives economic support). A case named must be visible to the
 *   caller whatever the permission. The caller's organisation must be the project's lead body or
 *   one of its partners; the payer is the caller's organisation, or any body of the project when
 *   the lead body's staff record it with budget.write.
 * - An expense that would take its line's total above the line's amount answers 409 over_budget
 *   with the figures, unless it carries a reason: then it is recorded as over budget, with the
 *   reason (encrypted) and the audit entry saying so. The line row is locked FOR UPDATE first,
 *   so two concurrent expenses cannot both pass the check on the same total.
 * - Reading needs budget.read: the lead body's staff see the whole project, a partner's staff only
 *   what their organisation paid; the description of an expense for a person is shown only to
 *   those who see the person's case (cases.read and the case in scope). Anyone else: 404, as for a missing project.
 * - The funder's export (CSV or XLSX) lists the expenses of a period in the caller's scope with
 *   totals per line; a person appears only as the case code, and descriptions of expenses for a
 *   person are left out. Audited.
 *
 * Refusals are audited as denied; every read and write of expenses is audited in the same
 * transaction, with field names, never values.
 */
import { randomUUID } from 'node:crypto';
import type { DataAccess, ScopedTx } from '../../platform/access.ts';
import type { AuditAction } from '../../platform/audit.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { PonteError, conflictError, fieldError, notFound } from '../../platform/errors.ts';
import type { Permission } from '../../../domain/permissions.ts';
import { italianToday } from '../../../domain/case-records.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';
import { formatEuro, monthsBetween, overBudgetCheck, summariseSpending, sumMoney, toCents, type ExpenseCategory, type SpendingSummary } from '../../../domain/expenses/index.ts';
import type { ScopeActor } from '../persons/scope.ts';
import { findVisibleCase } from '../case-records/queries.ts';
import { expenseColumns } from './encrypted.ts';
import * as q from './queries.ts';
import type { ExpenseCancel, ExpenseCreate, ExpenseListQuery, ExpenseUpdate, ExportQuery, PeriodQuery } from './schemas.ts';

export interface ExpenseDeps {
  access: DataAccess;
  cipher: FieldCipher;
}

type Column = { table: string; column: string };

/** Thrown inside the transaction when a record is out of the caller's reach; becomes an audited 404. */
class OutOfReach extends Error {}

/** The figures of a refused over-budget expense (409 over_budget). */
export class OverBudget extends Error {
  constructor(
    readonly figures: { budgetLineId: string; budgetLineCode: string; lineAmount: string; spent: string; expense: string; after: string; excess: string },
    readonly localized: { it: string; en: string },
  ) {
    super('over_budget');
  }
}

function scopeOf(access: DataAccess): ScopeActor | undefined {
  const actor = access.requireActor();
  if (!actor.orgId) return undefined;
  return { orgId: actor.orgId, userId: actor.userId, permissions: actor.permissions };
}

/**
 * The one door: checks that the caller holds one of `anyOf` (and all of `allOf`), runs `work` in a
 * transaction, and turns OutOfReach (and a not-found inside) into an audited 404.
 */
async function guarded<T>(
  deps: { access: DataAccess },
  options: { anyOf?: readonly Permission[]; allOf?: readonly Permission[]; action: AuditAction; recordType: string; recordId?: string },
  work: (tx: ScopedTx, scope: ScopeActor) => Promise<T>,
): Promise<T> {
  const { access } = deps;
  const actor = access.requireActor();
  const entry = { action: options.action, recordType: options.recordType, ...(options.recordId ? { recordId: options.recordId } : {}) };
  const missingAll = (options.allOf ?? []).find((p) => !actor.permissions.has(p));
  const missingAny = options.anyOf && !options.anyOf.some((p) => actor.permissions.has(p)) ? options.anyOf.join('|') : undefined;
  const scope = scopeOf(access);
  const missing = missingAll ?? missingAny ?? (scope ? undefined : 'organisation');
  if (missing || !scope) {
    await access.auditDenied({ ...entry, details: { missing: missing ?? 'organisation' } });
    throw notFound(`missing ${missing ?? 'organisation'}`);
  }
  try {
    return await access.transaction((tx) => work(tx, scope));
  } catch (e) {
    if (e instanceof OutOfReach) {
      await access.auditDenied({ ...entry, details: { reason: e.message } });
      throw notFound(e.message);
    }
    if (e instanceof PonteError && e.code === 'not_found') {
      await access.auditDenied({ ...entry, details: { reason: e.detail ?? 'not_found' } });
    }
    throw e;
  }
}

async function seal(deps: { cipher: FieldCipher }, tx: ScopedTx, column: Column, rowId: string, plaintext: string | null | undefined): Promise<string | null> {
  if (!plaintext) return null;
  return deps.cipher.encrypt({ plaintext, aad: fieldAad({ table: column.table, column: column.column, rowId }), db: tx.db });
}

async function open(deps: { cipher: FieldCipher }, tx: ScopedTx, column: Column, rowId: string, value: string | null): Promise<string | null> {
  if (value === null) return null;
  return deps.cipher.decrypt({ value, aad: fieldAad({ table: column.table, column: column.column, rowId }), db: tx.db });
}

function invalid(deps: { access: DataAccess }, path: string, message: { it: string; en: string }): PonteError {
  return fieldError({ locale: deps.access.meta.locale, path, message });
}

/** How much of a project the caller's organisation sees: all of it (lead body), its own payments (partner), or nothing. */
export type SpendingScope = 'project' | 'organisation';

async function projectScope(tx: ScopedTx, project: q.ProjectRow, scope: ScopeActor): Promise<SpendingScope | undefined> {
  if (project.lead_org_id === scope.orgId) return 'project';
  const partner = await tx.db.selectFrom('project_partners').select('organisation_id').where('project_id', '=', project.id).where('organisation_id', '=', scope.orgId).executeTakeFirst();
  return partner ? 'organisation' : undefined;
}

async function projectInScope(tx: ScopedTx, projectId: string, scope: ScopeActor): Promise<{ project: q.ProjectRow; scope: SpendingScope }> {
  const project = await q.findProject(tx.db, projectId);
  if (!project) throw new OutOfReach('project not found');
  const s = await projectScope(tx, project, scope);
  if (!s) throw new OutOfReach('not a body of the project');
  return { project, scope: s };
}

/** The period asked for, within the project's period by default; from after to is refused. */
function period(deps: { access: DataAccess }, project: q.ProjectRow, query: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
  const from = query.from || project.period_start;
  const to = query.to || project.period_end;
  if (from > to) throw invalid(deps, 'to', { it: 'la fine del periodo non può precedere l’inizio', en: 'the end of the period must not be before its start' });
  return { from, to };
}

// =============================================================================================
// DTOs

export interface ExpenseDto {
  id: string;
  projectId: string;
  projectCode: string;
  budgetLineId: string;
  budgetLineCode: string;
  budgetLineLabel: string;
  caseId: string | null;
  caseCode: string | null;
  paidByOrganisationId: string;
  paidByOrganisationName: string;
  category: ExpenseCategory;
  spentOn: string;
  amount: string;
  /** Null when there is none, or when the expense is for a person whose case the caller does not see. */
  description: string | null;
  descriptionHidden: boolean;
  receiptRef: string | null;
  overBudget: boolean;
  overBudgetReason: string | null;
  recordedAt: string;
  version: number;
  /** When it was cancelled (it then counts in no total), or null. */
  cancelledAt: string | null;
  /** The reason of the cancellation, to those who see the description. */
  cancelReason: string | null;
}

const expenseReadFields = ['line', 'case', 'paidBy', 'category', 'spentOn', 'amount', 'description', 'receiptRef', 'overBudget'];

async function expenseDtos(deps: ExpenseDeps, tx: ScopedTx, rows: readonly q.ExpenseRow[], scope: ScopeActor): Promise<ExpenseDto[]> {
  const visible = await q.visibleCaseIds(tx.db, rows.flatMap((r) => (r.case_id ? [r.case_id] : [])), scope);
  const out: ExpenseDto[] = [];
  for (const r of rows) {
    // Support given to a person is described only to those who read the case itself.
    const shown = !r.case_id || (scope.permissions.has('cases.read') && visible.has(r.case_id));
    out.push({
      id: r.id,
      projectId: r.project_id,
      projectCode: r.project_code,
      budgetLineId: r.budget_line_id,
      budgetLineCode: r.line_code,
      budgetLineLabel: r.line_label,
      caseId: r.case_id,
      caseCode: r.case_code,
      paidByOrganisationId: r.paid_by_org_id,
      paidByOrganisationName: r.paid_by_name,
      category: r.category as ExpenseCategory,
      spentOn: r.spent_on,
      amount: r.amount,
      description: shown ? await open(deps, tx, expenseColumns.description, r.id, r.description_enc) : null,
      descriptionHidden: !shown && r.description_enc !== null,
      receiptRef: r.receipt_ref,
      overBudget: r.over_budget,
      overBudgetReason: await open(deps, tx, expenseColumns.overBudgetReason, r.id, r.over_budget_reason_enc),
      recordedAt: new Date(r.created_at).toISOString(),
      version: r.version,
      cancelledAt: r.cancelled_at ? new Date(r.cancelled_at).toISOString() : null,
      cancelReason: shown ? await open(deps, tx, expenseColumns.cancelReason, r.id, r.cancel_reason_enc) : null,
    });
  }
  return out;
}

// =============================================================================================
// Projects the caller's body may charge

export interface ChargeableProjectDto {
  id: string;
  code: string;
  name: string;
  funder: string;
  periodStart: string;
  periodEnd: string;
  scope: SpendingScope;
  /** Whether the caller may record expenses without a case (budget.write). */
  canRecordProjectExpenses: boolean;
  /** Bodies the caller may name as payer. */
  payers: Array<{ id: string; name: string }>;
  lines: Array<{ id: string; code: string; label: string; amount: string }>;
}

export async function chargeableProjects(deps: ExpenseDeps): Promise<{ items: ChargeableProjectDto[] }> {
  return guarded(deps, { anyOf: ['budget.read', 'budget.write', 'cases.write'], action: 'spending.read', recordType: 'project' }, async (tx, scope) => {
    const projects = await q.projectsOf(tx.db, scope.orgId);
    const items: ChargeableProjectDto[] = [];
    for (const p of projects) {
      const s: SpendingScope = p.lead_org_id === scope.orgId ? 'project' : 'organisation';
      const orgs = await q.projectOrganisations(tx.db, p);
      const writer = scope.permissions.has('budget.write');
      items.push({
        id: p.id,
        code: p.code,
        name: p.name,
        funder: p.funder,
        periodStart: p.period_start,
        periodEnd: p.period_end,
        scope: s,
        canRecordProjectExpenses: writer,
        payers: s === 'project' && writer ? orgs : orgs.filter((o) => o.id === scope.orgId),
        lines: await q.projectLines(tx.db, p.id),
      });
    }
    return { items };
  });
}

// =============================================================================================
// Recording

/** The 409 over_budget of an expense of `amount` on `line` that has `spent` already. */
function overBudget(line: q.LineRow, spent: string, amount: string, check: { after: string; excess: string }): OverBudget {
  const lang = (v: string, l: 'it' | 'en') => formatEuro(v, l);
  return new OverBudget(
    { budgetLineId: line.id, budgetLineCode: line.code, lineAmount: line.amount, spent, expense: amount, after: check.after, excess: check.excess },
    {
      it: `Questa spesa supera la voce ${line.code}: importo della voce ${lang(line.amount, 'it')}, già speso ${lang(spent, 'it')}, questa spesa ${lang(amount, 'it')} (oltre di ${lang(check.excess, 'it')}). Per registrarla indica il motivo.`,
      en: `This expense goes over line ${line.code}: line amount ${lang(line.amount, 'en')}, already spent ${lang(spent, 'en')}, this expense ${lang(amount, 'en')} (over by ${lang(check.excess, 'en')}). Give a reason to record it.`,
    },
  );
}

export async function createExpense(deps: ExpenseDeps & { projectId: string; input: ExpenseCreate }): Promise<ExpenseDto> {
  const { input, projectId } = deps;
  const actor = deps.access.requireActor();
  // cases.write alone is enough only for an expense attached to a case.
  const anyOf: Permission[] = input.caseId ? ['budget.write', 'cases.write'] : ['budget.write'];
  return guarded(deps, { anyOf, action: 'expense.create', recordType: 'project', recordId: projectId }, async (tx, scope) => {
    const { project, scope: reach } = await projectInScope(tx, projectId, scope);
    let caseId: string | null = null;
    if (input.caseId) {
      const c = await findVisibleCase(tx.db, input.caseId, scope);
      if (!c) throw new OutOfReach('case not visible');
      caseId = c.id;
    }
    // Validation of the content, once the caller is known to be entitled.
    const amountCents = toCents(input.amount);
    if (amountCents <= 0n) throw invalid(deps, 'amount', { it: 'l’importo deve essere maggiore di zero', en: 'the amount must be more than zero' });
    if (amountCents > 999_999_999_999n) throw invalid(deps, 'amount', issueMessages.money);
    const today = italianToday(tx.now);
    if (input.spentOn > today) throw invalid(deps, 'spentOn', issueMessages.dateInFuture);
    if (input.spentOn < project.period_start || input.spentOn > project.period_end) {
      throw invalid(deps, 'spentOn', {
        it: `la data deve cadere nel periodo del progetto (${project.period_start} – ${project.period_end})`,
        en: `the date must fall within the project's period (${project.period_start} – ${project.period_end})`,
      });
    }
    const payer = input.paidByOrganisationId ?? scope.orgId;
    const orgs = await q.projectOrganisations(tx.db, project);
    const mayNameOthers = reach === 'project' && actor.permissions.has('budget.write');
    if (!orgs.some((o) => o.id === payer) || (payer !== scope.orgId && !mayNameOthers)) {
      throw invalid(deps, 'paidByOrganisationId', { it: 'il pagatore deve essere la tua organizzazione (o un ente del progetto, per l’ente capofila)', en: 'the payer must be your organisation (or a body of the project, for the lead body)' });
    }
    const line = await q.lockLine(tx.db, input.budgetLineId, project.id);
    if (!line) throw invalid(deps, 'budgetLineId', { it: 'voce di bilancio inesistente in questo progetto', en: 'no such budget line in this project' });
    const spent = await q.lineSpent(tx.db, line.id);
    const check = overBudgetCheck({ lineAmount: line.amount, spent, amount: input.amount });
    const reason = input.overBudgetReason?.trim() || null;
    if (check.over && !reason) throw overBudget(line, spent, input.amount, check);
    const id = randomUUID();
    await tx.db
      .insertInto('expenses')
      .values({
        id,
        project_id: project.id,
        budget_line_id: line.id,
        case_id: caseId,
        paid_by_org_id: payer,
        category: input.category,
        spent_on: input.spentOn,
        amount: input.amount,
        description_enc: await seal(deps, tx, expenseColumns.description, id, input.description),
        receipt_ref: input.receiptRef ?? null,
        over_budget: check.over,
        over_budget_reason_enc: check.over ? await seal(deps, tx, expenseColumns.overBudgetReason, id, reason) : null,
        recorded_by: tx.actor.userId,
        created_at: tx.now,
      })
      .execute();
    const fields = ['budgetLineId', 'category', 'spentOn', 'amount', 'paidByOrganisationId', ...(caseId ? ['caseId'] : []), ...(input.description ? ['description'] : []), ...(input.receiptRef ? ['receiptRef'] : []), ...(check.over ? ['overBudgetReason'] : [])];
    await tx.audit({
      action: 'expense.create', outcome: 'success', recordType: 'expense', recordId: id, fields,
      details: { projectId: project.id, budgetLineId: line.id, caseId, overBudget: check.over },
    });
    const [row] = await q.listExpenses(tx.db, { id });
    if (!row) throw new Error('expense vanished');
    const [dto] = await expenseDtos(deps, tx, [row], scope);
    if (!dto) throw new Error('expense vanished');
    return dto;
  });
}

// =============================================================================================
// Editing and cancelling

const staleExpense = { it: 'La spesa è stata modificata nel frattempo: ricarica e riprova.', en: 'The expense was changed meanwhile: reload and try again.' };
const alreadyCancelled = { it: 'La spesa è annullata: non si può più modificare né annullare.', en: 'The expense is cancelled: it can no longer be changed or cancelled.' };

/**
 * The expense, locked, if the caller may change it: the same rights as recording it (budget.write,
 * or cases.write for an expense attached to a case), its case visible, its project one of the
 * caller's body, and paid by the caller's body unless the lead body's staff hold budget.write.
 * Anything else is out of reach (404). A stale version or a cancelled expense answer 409.
 */
async function reachExpense(tx: ScopedTx, scope: ScopeActor, expenseId: string, version: number) {
  const row = await q.lockExpense(tx.db, expenseId);
  if (!row) throw new OutOfReach('expense not found');
  if (!scope.permissions.has('budget.write') && !row.case_id) throw new OutOfReach('project cost without budget.write');
  if (row.case_id && !(await findVisibleCase(tx.db, row.case_id, scope))) throw new OutOfReach('case not visible');
  const { project, scope: reach } = await projectInScope(tx, row.project_id, scope);
  const mayTouchOthers = reach === 'project' && scope.permissions.has('budget.write');
  if (row.paid_by_org_id !== scope.orgId && !mayTouchOthers) throw new OutOfReach('another body’s expense');
  if (row.cancelled_at) throw conflictError({ ...alreadyCancelled, detail: 'cancelled' });
  if (row.version !== version) throw conflictError({ ...staleExpense, detail: 'stale version' });
  return { row, project };
}

async function readExpense(deps: ExpenseDeps, tx: ScopedTx, scope: ScopeActor, id: string): Promise<ExpenseDto> {
  const [row] = await q.listExpenses(tx.db, { id });
  if (!row) throw new Error('expense vanished');
  const [dto] = await expenseDtos(deps, tx, [row], scope);
  if (!dto) throw new Error('expense vanished');
  return dto;
}

export async function updateExpense(deps: ExpenseDeps & { expenseId: string; input: ExpenseUpdate }): Promise<ExpenseDto> {
  const { input, expenseId } = deps;
  return guarded(deps, { anyOf: ['budget.write', 'cases.write'], action: 'expense.update', recordType: 'expense', recordId: expenseId }, async (tx, scope) => {
    const { row, project } = await reachExpense(tx, scope, expenseId, input.version);
    const amount = input.amount ?? row.amount;
    const amountCents = toCents(amount);
    if (amountCents <= 0n) throw invalid(deps, 'amount', { it: 'l’importo deve essere maggiore di zero', en: 'the amount must be more than zero' });
    if (amountCents > 999_999_999_999n) throw invalid(deps, 'amount', issueMessages.money);
    if (input.spentOn !== undefined) {
      if (input.spentOn > italianToday(tx.now)) throw invalid(deps, 'spentOn', issueMessages.dateInFuture);
      if (input.spentOn < project.period_start || input.spentOn > project.period_end) {
        throw invalid(deps, 'spentOn', {
          it: `la data deve cadere nel periodo del progetto (${project.period_start} – ${project.period_end})`,
          en: `the date must fall within the project's period (${project.period_start} – ${project.period_end})`,
        });
      }
    }
    // The line charged after the edit, locked FOR UPDATE as when recording (with the old one, in
    // id order, when the line changes: concurrent edits queue in the same order).
    const lineId = input.budgetLineId ?? row.budget_line_id;
    const lock = [...new Set([row.budget_line_id, lineId])].sort();
    const locked = new Map<string, q.LineRow>();
    for (const id of lock) {
      const l = await q.lockLine(tx.db, id, project.id);
      if (l) locked.set(id, l);
    }
    const line = locked.get(lineId);
    if (!line) throw invalid(deps, 'budgetLineId', { it: 'voce di bilancio inesistente in questo progetto', en: 'no such budget line in this project' });
    const spent = await q.lineSpent(tx.db, line.id, row.id);
    const check = overBudgetCheck({ lineAmount: line.amount, spent, amount });
    const reason = input.overBudgetReason?.trim() || null;
    // Over the line after the edit: the edit needs its own reason, whatever was said before.
    if (check.over && !reason) throw overBudget(line, spent, amount, check);
    const changes: Record<string, unknown> = {
      version: row.version + 1,
      updated_at: tx.now,
      updated_by: tx.actor.userId,
      budget_line_id: line.id,
      amount,
      over_budget: check.over,
      over_budget_reason_enc: check.over ? await seal(deps, tx, expenseColumns.overBudgetReason, row.id, reason) : null,
    };
    if (input.spentOn !== undefined) changes.spent_on = input.spentOn;
    if (input.category !== undefined) changes.category = input.category;
    if (input.description !== undefined) changes.description_enc = await seal(deps, tx, expenseColumns.description, row.id, input.description);
    if (input.receiptRef !== undefined) changes.receipt_ref = input.receiptRef;
    await tx.db.updateTable('expenses').set(changes).where('id', '=', row.id).where('version', '=', row.version).execute();
    const fields = ['budgetLineId', 'amount', 'spentOn', 'category', 'description', 'receiptRef'].filter((f) => input[f as keyof ExpenseUpdate] !== undefined);
    if (check.over) fields.push('overBudgetReason');
    await tx.audit({
      action: 'expense.update', outcome: 'success', recordType: 'expense', recordId: row.id, fields: fields.sort(),
      details: { projectId: project.id, budgetLineId: line.id, fromBudgetLineId: row.budget_line_id, caseId: row.case_id, overBudget: check.over, version: row.version + 1 },
    });
    return readExpense(deps, tx, scope, row.id);
  });
}

export async function cancelExpense(deps: ExpenseDeps & { expenseId: string; input: ExpenseCancel }): Promise<ExpenseDto> {
  const { input, expenseId } = deps;
  return guarded(deps, { anyOf: ['budget.write', 'cases.write'], action: 'expense.cancel', recordType: 'expense', recordId: expenseId }, async (tx, scope) => {
    const { row, project } = await reachExpense(tx, scope, expenseId, input.version);
    const reason = input.reason.trim();
    if (!reason) throw invalid(deps, 'reason', { it: 'indica il motivo dell’annullamento', en: 'give the reason for cancelling' });
    // The line is locked as for any change to what it has spent.
    await q.lockLine(tx.db, row.budget_line_id, project.id);
    await tx.db
      .updateTable('expenses')
      .set({
        version: row.version + 1,
        updated_at: tx.now,
        updated_by: tx.actor.userId,
        cancelled_at: tx.now,
        cancelled_by: tx.actor.userId,
        cancel_reason_enc: await seal(deps, tx, expenseColumns.cancelReason, row.id, reason),
      })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .execute();
    await tx.audit({
      action: 'expense.cancel', outcome: 'success', recordType: 'expense', recordId: row.id, fields: ['cancelReason'],
      details: { projectId: project.id, budgetLineId: row.budget_line_id, caseId: row.case_id, version: row.version + 1 },
    });
    return readExpense(deps, tx, scope, row.id);
  });
}

// =============================================================================================
// Reading

export async function listCaseExpenses(deps: ExpenseDeps & { caseId: string }): Promise<{ items: ExpenseDto[]; total: string }> {
  return guarded(deps, { allOf: ['budget.read', 'cases.read'], action: 'expense.list', recordType: 'case', recordId: deps.caseId }, async (tx, scope) => {
    const c = await findVisibleCase(tx.db, deps.caseId, scope);
    if (!c) throw new OutOfReach('case not visible');
    const rows = await q.listExpenses(tx.db, { caseId: c.id });
    const items = await expenseDtos(deps, tx, rows, scope);
    await tx.audit({ action: 'expense.list', outcome: 'success', recordType: 'case', recordId: c.id, fields: expenseReadFields, details: { count: items.length } });
    return { items, total: sumMoney(items.filter((i) => !i.cancelledAt).map((i) => i.amount)) };
  });
}

export async function listProjectExpenses(deps: ExpenseDeps & { projectId: string; query: ExpenseListQuery }): Promise<{ items: ExpenseDto[]; total: string; scope: SpendingScope; from: string; to: string }> {
  const { query } = deps;
  return guarded(deps, { allOf: ['budget.read'], action: 'expense.list', recordType: 'project', recordId: deps.projectId }, async (tx, scope) => {
    const { project, scope: reach } = await projectInScope(tx, deps.projectId, scope);
    const { from, to } = period(deps, project, query);
    if (reach === 'organisation' && query.organisationId && query.organisationId !== scope.orgId) throw new OutOfReach('another body’s expenses');
    const rows = await q.listExpenses(tx.db, {
      projectId: project.id,
      from,
      to,
      ...(query.budgetLineId ? { budgetLineId: query.budgetLineId } : {}),
      ...(reach === 'organisation' ? { paidBy: scope.orgId } : query.organisationId ? { paidBy: query.organisationId } : {}),
    });
    const items = await expenseDtos(deps, tx, rows, scope);
    await tx.audit({ action: 'expense.list', outcome: 'success', recordType: 'project', recordId: project.id, fields: expenseReadFields, details: { count: items.length, scope: reach, from, to } });
    return { items, total: sumMoney(items.filter((i) => !i.cancelledAt).map((i) => i.amount)), scope: reach, from, to };
  });
}

export interface SpendingDto extends SpendingSummary {
  projectId: string;
  projectCode: string;
  projectName: string;
  scope: SpendingScope;
  from: string;
  to: string;
  partners: Array<{ organisationId: string; organisationName: string; spent: string }>;
}

export async function projectSpending(deps: ExpenseDeps & { projectId: string; query: PeriodQuery }): Promise<SpendingDto> {
  return guarded(deps, { allOf: ['budget.read'], action: 'spending.read', recordType: 'project', recordId: deps.projectId }, async (tx, scope) => {
    const { project, scope: reach } = await projectInScope(tx, deps.projectId, scope);
    const { from, to } = period(deps, project, deps.query);
    const cells = await q.spendingCells(tx.db, { projectId: project.id, from, to, ...(reach === 'organisation' ? { paidBy: scope.orgId } : {}) });
    const totals = await q.lineTotals(tx.db, project.id);
    const lines = (await q.projectLines(tx.db, project.id)).map((l) => ({ ...l, spentToDate: totals.get(l.id) ?? '0' }));
    const summary = summariseSpending({ lines, cells, months: monthsBetween(from, to) });
    const names = await q.organisationNames(tx.db, summary.partners.map((p) => p.organisationId));
    await tx.audit({ action: 'spending.read', outcome: 'success', recordType: 'project', recordId: project.id, fields: ['lines', 'partners', 'months'], details: { scope: reach, from, to } });
    return {
      ...summary,
      projectId: project.id,
      projectCode: project.code,
      projectName: project.name,
      scope: reach,
      from,
      to,
      partners: summary.partners.map((p) => ({ ...p, organisationName: names.get(p.organisationId) ?? '' })),
    };
  });
}

// =============================================================================================
// Export for the funder

export interface ExportData {
  project: q.ProjectRow;
  scope: SpendingScope;
  from: string;
  to: string;
  rows: q.ExpenseRow[];
  /** Descriptions of project costs (expenses without a case), by expense id. */
  descriptions: Map<string, string>;
  reasons: Map<string, string>;
}

export async function exportData(deps: ExpenseDeps & { projectId: string; query: ExportQuery }): Promise<ExportData> {
  return guarded(deps, { allOf: ['budget.read'], action: 'expense.export', recordType: 'project', recordId: deps.projectId }, async (tx, scope) => {
    const { project, scope: reach } = await projectInScope(tx, deps.projectId, scope);
    const { from, to } = period(deps, project, deps.query);
    // Cancelled expenses are not spending: the funder's export leaves them out.
    const rows = (await q.listExpenses(tx.db, { projectId: project.id, from, to, live: true, ...(reach === 'organisation' ? { paidBy: scope.orgId } : {}) })).sort(
      (a, b) => a.line_code.localeCompare(b.line_code) || a.spent_on.localeCompare(b.spent_on) || a.id.localeCompare(b.id),
    );
    const descriptions = new Map<string, string>();
    const reasons = new Map<string, string>();
    for (const r of rows) {
      // A description of support given to a person may say more than the case code: left out.
      if (!r.case_id && r.description_enc) descriptions.set(r.id, (await open(deps, tx, expenseColumns.description, r.id, r.description_enc)) ?? '');
      if (r.over_budget_reason_enc) reasons.set(r.id, (await open(deps, tx, expenseColumns.overBudgetReason, r.id, r.over_budget_reason_enc)) ?? '');
    }
    await tx.audit({
      action: 'expense.export', outcome: 'success', recordType: 'project', recordId: project.id,
      fields: ['spentOn', 'line', 'category', 'paidBy', 'amount', 'caseCode', 'receiptRef', 'overBudget', 'projectCostDescription'],
      details: { format: deps.query.format, scope: reach, from, to, rows: rows.length },
    });
    return { project, scope: reach, from, to, rows, descriptions, reasons };
  });
}
