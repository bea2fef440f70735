/** The encrypted columns of the referrals feature (see platform/encrypted-columns.ts). */
import { registerEncryptedColumn } from '../../platform/encrypted-columns.ts';

export const referralColumns = {
  message: { table: 'referrals', column: 'message_enc' },
  subject: { table: 'referrals', column: 'subject_enc' },
  overrideReason: { table: 'referrals', column: 'override_reason_enc' },
  declineReason: { table: 'referrals', column: 'decline_reason_enc' },
  feedback: { table: 'referrals', column: 'feedback_enc' },
  eventNote: { table: 'referral_events', column: 'note_enc' },
} as const;

for (const column of Object.values(referralColumns)) registerEncryptedColumn(column);
