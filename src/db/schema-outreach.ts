/**
 * Table types added by migration 0019_outreach.sql. The main DB interface (schema.ts) extends OutreachDB,
 * so each capability keeps its tables in its own file.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type DateString = ColumnType<string, string, string>;
type UuidArray = ColumnType<string[], string[] | undefined, string[]>;
/** jsonb counts keyed by a value list. */
type Counts = ColumnType<Record<string, number>, string, string>;
type Slots = ColumnType<Array<{ weekday: number; from: string; to: string }>, string | undefined, string>;

export interface OutreachZonesTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  province_code: string;
  municipality: string;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface OutreachOutingsTable {
  id: string;
  org_id: string;
  unit_kind: 'street' | 'indoor' | 'drop_in' | 'desk_shift';
  unit_name: string;
  team_user_ids: UuidArray;
  outing_date: DateString;
  start_time: string;
  end_time: string;
  province_code: string;
  municipality: string;
  total_contacts: number;
  by_sex: Counts;
  by_age: Counts;
  by_nationality: Counts;
  by_history: Counts;
  offered: Counts;
  accompaniments: Counts;
  notes_enc: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_by: string | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface OutreachOutingZonesTable {
  outing_id: string;
  zone_id: string;
  org_id: string;
  outing_date: DateString;
  contacts: number;
}

export interface OutreachContactsTable {
  id: string;
  outing_id: string;
  org_id: string;
  nickname_enc: string | null;
  traits_enc: string | null;
  sex_gender: string;
  age_band: string;
  nationality_group: string;
  history: string;
  possible_victim: Generated<boolean>;
  consent_follow_up: Generated<boolean>;
  person_id: string | null;
  /** Migration 0031: the person's agreement to the link, and the soft cancellation. */
  link_consent_method: 'oral' | 'oral_with_witness' | 'written' | null;
  linked_by: string | null;
  linked_at: Date | null;
  cancelled_at: Date | null;
  cancelled_by: string | null;
  cancel_reason_enc: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_by: string | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface OutreachDesksTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  kind: 'asylum_commission' | 'civil_court' | 'womens_prison' | 'juvenile_justice_centre' | 'other';
  province_code: string;
  municipality: string;
  opening_hours: Slots;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface OutreachDeskSessionsTable {
  id: Generated<string>;
  desk_id: string;
  org_id: string;
  session_date: DateString;
  start_time: string;
  end_time: string;
  worker_user_id: string;
  interviews: number;
  advice: Counts;
  /** Optional breakdowns of the interviews (null: not recorded); migration 0035. */
  by_sex: ColumnType<Record<string, number> | null, string | null | undefined, string | null>;
  by_age: ColumnType<Record<string, number> | null, string | null | undefined, string | null>;
  by_nationality: ColumnType<Record<string, number> | null, string | null | undefined, string | null>;
  created_by: string | null;
  created_at: CreatedAt;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Date | null;
  cancelled_at: Date | null;
  cancelled_by: string | null;
}

export interface OutreachDeskSessionPersonsTable {
  session_id: string;
  person_id: string;
}

export interface OutreachDevicesTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  label: string;
  created_at: CreatedAt;
  last_sync_at: Date | null;
  forgotten_at: Date | null;
  forgotten_by: string | null;
}

export interface OutreachSyncBatchesTable {
  id: Generated<string>;
  device_id: string;
  batch_id: string;
  user_id: string;
  changes: number;
  answer_enc: string | null;
  created_at: CreatedAt;
}

export interface OutreachDB {
  outreach_zones: OutreachZonesTable;
  outreach_outings: OutreachOutingsTable;
  outreach_outing_zones: OutreachOutingZonesTable;
  outreach_contacts: OutreachContactsTable;
  outreach_desks: OutreachDesksTable;
  outreach_desk_sessions: OutreachDeskSessionsTable;
  outreach_desk_session_persons: OutreachDeskSessionPersonsTable;
  outreach_devices: OutreachDevicesTable;
  outreach_sync_batches: OutreachSyncBatchesTable;
}
