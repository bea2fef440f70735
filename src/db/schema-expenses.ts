/**
 * Table types added by migration 0018_expenses.sql. The main DB interface (schema.ts) extends ExpensesDB,
 * so each capability keeps its tables in its own file.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ExpensesDB {}
