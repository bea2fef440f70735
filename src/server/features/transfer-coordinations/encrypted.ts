/** The encrypted columns of hotline-coordinated transfers (see platform/encrypted-columns.ts). */
import { registerEncryptedColumn } from '../../platform/encrypted-columns.ts';

export const coordinationColumns = {
  message: { table: 'transfer_coordinations', column: 'message_enc' },
} as const;

for (const column of Object.values(coordinationColumns)) registerEncryptedColumn(column);
