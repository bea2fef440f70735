/** The encrypted columns of the events feature (see platform/encrypted-columns.ts). */
import { registerEncryptedColumn } from '../../platform/encrypted-columns.ts';

export const eventColumns = {
  name: { table: 'event_registrations', column: 'name_enc' },
  email: { table: 'event_registrations', column: 'email_enc' },
  phone: { table: 'event_registrations', column: 'phone_enc' },
  answers: { table: 'event_registrations', column: 'answers_enc' },
  recipient: { table: 'event_mail_outbox', column: 'recipient_enc' },
} as const;

for (const column of Object.values(eventColumns)) registerEncryptedColumn(column);
