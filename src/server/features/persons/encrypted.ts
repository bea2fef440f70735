/** The encrypted columns of the persons feature (see platform/encrypted-columns.ts). */
import { registerEncryptedColumn } from '../../platform/encrypted-columns.ts';

export const personColumns = {
  identity: { table: 'persons', column: 'identity_enc' },
  notes: { table: 'persons', column: 'notes_enc' },
  externalRef: { table: 'persons', column: 'external_ref_enc' },
  mergeReason: { table: 'person_merges', column: 'reason_enc' },
  mergeMoved: { table: 'person_merges', column: 'moved_enc' },
} as const;

for (const column of Object.values(personColumns)) registerEncryptedColumn(column);
