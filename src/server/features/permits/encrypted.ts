/** The encrypted columns of the permits feature (see platform/encrypted-columns.ts). */
import { registerEncryptedColumn } from '../../platform/encrypted-columns.ts';

export const permitColumns = {
  permitNumber: { table: 'permits', column: 'permit_number_enc' },
  permitNote: { table: 'permits', column: 'note_enc' },
  eventNote: { table: 'permit_events', column: 'note_enc' },
  criminalMeasures: { table: 'criminal_proceedings', column: 'protection_measures_enc', idColumn: 'case_id' },
  criminalNote: { table: 'criminal_proceedings', column: 'note_enc', idColumn: 'case_id' },
  hearingNote: { table: 'criminal_hearings', column: 'note_enc' },
} as const;

for (const column of Object.values(permitColumns)) registerEncryptedColumn(column);
