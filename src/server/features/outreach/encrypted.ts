/** The encrypted columns of the outreach feature (see platform/encrypted-columns.ts). */
import { registerEncryptedColumn } from '../../platform/encrypted-columns.ts';

export const outreachColumns = {
  outingNotes: { table: 'outreach_outings', column: 'notes_enc' },
  contactNickname: { table: 'outreach_contacts', column: 'nickname_enc' },
  contactTraits: { table: 'outreach_contacts', column: 'traits_enc' },
  contactCancelReason: { table: 'outreach_contacts', column: 'cancel_reason_enc' },
  syncAnswer: { table: 'outreach_sync_batches', column: 'answer_enc' },
} as const;

for (const column of Object.values(outreachColumns)) registerEncryptedColumn(column);
