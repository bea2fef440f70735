/**
 * Table types added by migration 0018_expenses.sql. The main DB interface (schema.ts) extends ExpensesDB,
 * so each capability keeps its tables in its own file.
 */
import type { ColumnType, Generated } from 'kysely';

/** numeric: read as an exact decimal string. */
type Decimal = ColumnType<string, string, string>;

export interface ExpensesTable {
  id: Generated<string>;
  project_id: string;
  budget_line_id: string;
  case_id: string | null;
  paid_by_org_id: string;
  category: string;
  spent_on: string;
  amount: Decimal;
  description_enc: string | null;
  receipt_ref: string | null;
  over_budget: Generated<boolean>;
  over_budget_reason_enc: string | null;
  recorded_by: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface ExpensesDB {
  expenses: ExpensesTable;
}
