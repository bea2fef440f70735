/**
 * Table types added by migration 0028_inbox.sql. The main DB interface (schema.ts) extends
 * InboxDB. (The same migration adds procedure_runs.closed_outcome, typed with that table.)
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type CoordinationStatus = 'proposed' | 'refused' | 'withdrawn' | 'confirmed';

export interface TransferCoordinationsTable {
  id: Generated<string>;
  hotline_org_id: string;
  case_id: string;
  from_org_id: string;
  to_org_id: string;
  reason: 'safety' | 'change_of_location' | 'specialised_programme' | 'other';
  message_enc: string | null;
  status: CoordinationStatus;
  transfer_id: string | null;
  refusal_reason: 'no_consent' | 'person_unavailable' | 'handled_locally' | 'other' | null;
  proposed_by: string;
  proposed_at: Timestamp;
  answered_by: string | null;
  answered_at: Date | null;
}

export interface InboxDB {
  transfer_coordinations: TransferCoordinationsTable;
}
