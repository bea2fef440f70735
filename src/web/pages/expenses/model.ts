/** Shapes of the expenses API as the web app reads them. */
import type { ExpenseCategory } from '../../../domain/expenses/index.ts';

export interface Expense {
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
  description: string | null;
  descriptionHidden: boolean;
  receiptRef: string | null;
  overBudget: boolean;
  overBudgetReason: string | null;
  recordedAt: string;
  version: number;
  /** Set when cancelled: the expense is kept and counts in no total. */
  cancelledAt: string | null;
  cancelReason: string | null;
}

export interface ChargeableProject {
  id: string;
  code: string;
  name: string;
  funder: string;
  periodStart: string;
  periodEnd: string;
  scope: 'project' | 'organisation';
  canRecordProjectExpenses: boolean;
  payers: Array<{ id: string; name: string }>;
  lines: Array<{ id: string; code: string; label: string; amount: string }>;
}

export interface Spending {
  projectId: string;
  projectCode: string;
  projectName: string;
  scope: 'project' | 'organisation';
  from: string;
  to: string;
  total: string;
  lines: Array<{ id: string; code: string; label: string; amount: string; spent: string; spentToDate: string; remaining: string; percent: string | null; overBudget: boolean }>;
  partners: Array<{ organisationId: string; organisationName: string; spent: string }>;
  months: Array<{ month: string; spent: string }>;
}

/** Today in Italy, YYYY-MM-DD. */
export function italianDay(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
