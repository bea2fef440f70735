/** The encrypted columns of the accommodation feature (see platform/encrypted-columns.ts). */
import { registerEncryptedColumn } from '../../platform/encrypted-columns.ts';

export const accommodationColumns = {
  facilityAddress: { table: 'facilities', column: 'address_enc' },
  placementNote: { table: 'placements', column: 'note_enc' },
  waitlistNote: { table: 'accommodation_waitlist', column: 'note_enc' },
} as const;

for (const column of Object.values(accommodationColumns)) registerEncryptedColumn(column);
