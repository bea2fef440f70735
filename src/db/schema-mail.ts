/**
 * Table types added by migration 0020_mail.sql. The main DB interface (schema.ts) extends MailDB,
 * so each capability keeps its tables in its own file.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type MailStatus = 'queued' | 'sent' | 'failed';

export interface MailOutboxTable {
  id: Generated<string>;
  recipient_user_id: string;
  template: string;
  locale: 'it' | 'en';
  record_type: string;
  record_id: string;
  status: Generated<MailStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Date | null;
}

export interface UserMailPreferencesTable {
  user_id: string;
  notify_by_mail: boolean;
  updated_at: Timestamp;
}

export interface MailDB {
  mail_outbox: MailOutboxTable;
  user_mail_preferences: UserMailPreferencesTable;
}
