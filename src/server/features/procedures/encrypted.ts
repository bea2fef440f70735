/** The encrypted columns of the procedures feature (see platform/encrypted-columns.ts). */
import { registerEncryptedColumn } from '../../platform/encrypted-columns.ts';

export const procedureColumns = {
  stepNote: { table: 'procedure_run_steps', column: 'note_enc' },
} as const;

for (const column of Object.values(procedureColumns)) registerEncryptedColumn(column);
