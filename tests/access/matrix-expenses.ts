/** Access matrix rows of economic support and budget (see matrix.ts). */
import type { BuiltinRoleKey } from '../../src/domain/permissions.ts';
import type { EndpointCase, MatrixFixtures } from './matrix.ts';

/**
 * The matrix project's lead body is the matrix organisation, so budget readers there see the whole
 * project. Reading needs budget.read (coordinator, case worker); recording an expense for a case
 * needs budget.write (coordinator) or cases.write (case worker) and the case visible (both see
 * every case of their organisation). Everyone else gets 404.
 */
const budgetReaders = ['coordinator', 'case_worker'] as const satisfies readonly BuiltinRoleKey[];
const recorders = ['coordinator', 'case_worker'] as const satisfies readonly BuiltinRoleKey[];

/** The line and case made by the last path() call, for the body that follows it. */
let prepared = { lineId: '', caseId: '' };

/** A fresh budget line of 100.00 on the matrix project and a fresh case of the matrix organisation. */
async function prepare(f: MatrixFixtures): Promise<void> {
  const line = await f.db
    .insertInto('project_budget_lines')
    .values({ project_id: f.projectId, code: `M${f.unique()}`.slice(0, 40), label: 'Sostegno economico', amount: '100.00' })
    .returning('id')
    .executeTakeFirstOrThrow();
  prepared = { lineId: line.id, caseId: await f.newCase() };
}

/** A fresh expense of 16.00 for a fresh case of the matrix organisation, paid by it: edited or cancelled by the row. */
async function freshExpense(f: MatrixFixtures): Promise<string> {
  await prepare(f);
  const e = await f.db
    .insertInto('expenses')
    .values({ project_id: f.projectId, budget_line_id: prepared.lineId, case_id: prepared.caseId, paid_by_org_id: f.orgId, category: 'transport', spent_on: '2024-06-03', amount: '16.00' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return e.id;
}

export const expenseEndpoints: readonly EndpointCase[] = [
  { method: 'GET', route: '/api/expenses/projects', path: () => '/api/expenses/projects', allowed: recorders, denied: 404, deniedAction: 'spending.read' },
  {
    method: 'POST', route: '/api/projects/:id/expenses',
    path: async (f) => {
      await prepare(f);
      return `/api/projects/${f.projectId}/expenses`;
    },
    body: () => ({ budgetLineId: prepared.lineId, caseId: prepared.caseId, category: 'bureaucratic_fees', spentOn: '2024-06-03', amount: '16.00', description: 'Marca da bollo', receiptRef: 'MB-001' }),
    allowed: recorders, denied: 404, deniedAction: 'expense.create',
  },
  { method: 'GET', route: '/api/projects/:id/expenses', path: (f) => `/api/projects/${f.projectId}/expenses?from=2024-01-01&to=2024-12-31`, allowed: budgetReaders, denied: 404, deniedAction: 'expense.list' },
  { method: 'GET', route: '/api/projects/:id/spending', path: (f) => `/api/projects/${f.projectId}/spending`, allowed: budgetReaders, denied: 404, deniedAction: 'spending.read' },
  { method: 'GET', route: '/api/projects/:id/expenses/export', path: (f) => `/api/projects/${f.projectId}/expenses/export?format=csv`, allowed: budgetReaders, denied: 404, deniedAction: 'expense.export' },
  { method: 'GET', route: '/api/cases/:id/expenses', path: async (f) => `/api/cases/${await f.newCase()}/expenses`, allowed: budgetReaders, denied: 404, deniedAction: 'expense.list' },
  {
    method: 'PATCH', route: '/api/expenses/:id', path: async (f) => `/api/expenses/${await freshExpense(f)}`,
    body: () => ({ version: 1, amount: '20.50', spentOn: '2024-06-04', description: 'Biglietti del treno' }),
    allowed: recorders, denied: 404, deniedAction: 'expense.update',
  },
  {
    method: 'POST', route: '/api/expenses/:id/cancel', path: async (f) => `/api/expenses/${await freshExpense(f)}/cancel`,
    body: () => ({ version: 1, reason: 'Registrata due volte' }),
    allowed: recorders, denied: 404, deniedAction: 'expense.cancel',
  },
];
