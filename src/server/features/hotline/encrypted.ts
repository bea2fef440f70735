/** The encrypted columns of the hotline feature (see platform/encrypted-columns.ts). */
import { registerEncryptedColumn } from '../../platform/encrypted-columns.ts';

export const hotlineColumns = {
  caller: { table: 'hotline_calls', column: 'caller_enc' },
  summary: { table: 'hotline_calls', column: 'summary_enc' },
  overrideReason: { table: 'hotline_calls', column: 'routing_override_reason_enc' },
} as const;

for (const column of Object.values(hotlineColumns)) registerEncryptedColumn(column);
