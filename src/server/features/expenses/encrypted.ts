/** The encrypted columns of the expenses feature (see platform/encrypted-columns.ts). */
import { registerEncryptedColumn } from '../../platform/encrypted-columns.ts';

export const expenseColumns = {
  description: { table: 'expenses', column: 'description_enc' },
  overBudgetReason: { table: 'expenses', column: 'over_budget_reason_enc' },
  cancelReason: { table: 'expenses', column: 'cancel_reason_enc' },
} as const;

for (const column of Object.values(expenseColumns)) registerEncryptedColumn(column);
