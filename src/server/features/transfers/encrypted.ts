/** The encrypted columns of case transfers (see platform/encrypted-columns.ts). */
import { registerEncryptedColumn } from '../../platform/encrypted-columns.ts';

export const transferColumns = {
  reason: { table: 'case_transfers', column: 'reason_enc' },
  overrideReason: { table: 'case_transfers', column: 'override_reason_enc' },
  decisionNote: { table: 'case_transfers', column: 'decision_note_enc' },
} as const;

for (const column of Object.values(transferColumns)) registerEncryptedColumn(column);
