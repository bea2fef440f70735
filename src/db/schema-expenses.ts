/**
 * Table types added by migrations 0018_expenses.sql and 0027_protection_more.sql. The main DB interface (schema.ts) extends ExpensesDB,
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
  // 0027_protection_more.sql: edits and cancellation
  version: Generated<number>;
  updated_at: Date | null;
  updated_by: string | null;
  cancelled_at: Date | null;
  cancelled_by: string | null;
  cancel_reason_enc: string | null;
}

export interface ExpensesDB {
  expenses: ExpensesTable;
}
