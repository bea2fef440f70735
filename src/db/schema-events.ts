/**
 * Table types added by migration 0021_events.sql. The main DB interface (schema.ts) extends
 * EventsDB, so each capability keeps its tables in its own file.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CreatedAt, DateString } from './schema.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type EventStatus = 'draft' | 'published' | 'cancelled';
export type RegistrationStatus = 'confirmed' | 'waiting' | 'cancelled';
export type EventMailTemplate = 'confirmed' | 'waiting' | 'promoted' | 'cancelled' | 'event_cancelled';

export interface EventFormField {
  key: string;
  label: string;
  type: 'text' | 'email' | 'phone' | 'select' | 'checkbox';
  required: boolean;
  options?: string[] | undefined;
}

export interface EventsTable {
  id: Generated<string>;
  slug: string;
  title: string;
  audience: string;
  description: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  place: string | null;
  online_url: string | null;
  capacity: number;
  registration_deadline: Timestamp;
  waiting_list: Generated<boolean>;
  form_fields: JSONColumnType<EventFormField[]>;
  consent_text: string;
  credits_code: string | null;
  credits_hours: string | null;
  status: Generated<EventStatus>;
  organisation_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  version: Generated<number>;
}

export interface EventRegistrationsTable {
  id: Generated<string>;
  event_id: string;
  status: RegistrationStatus;
  seq: ColumnType<string, never, never>;
  name_enc: string;
  email_enc: string;
  phone_enc: string | null;
  answers_enc: string | null;
  email_index: string;
  consent_text: string;
  consent_at: Timestamp;
  lang: string;
  cancel_token_hash: string;
  attended: Generated<boolean>;
  attendance_marked_by: string | null;
  attendance_marked_at: Date | null;
  created_at: Timestamp;
  promoted_at: Date | null;
  cancelled_at: Date | null;
  delete_after: DateString;
}

export interface EventMailOutboxTable {
  id: Generated<string>;
  registration_id: string;
  template: EventMailTemplate;
  locale: string;
  recipient_enc: string;
  status: Generated<'queued' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Date | null;
}

export interface EventsDB {
  events: EventsTable;
  event_registrations: EventRegistrationsTable;
  event_mail_outbox: EventMailOutboxTable;
}
