/**
 * Table types added by migration 0022_reports.sql (background jobs: funder reports and SIRIT
 * tables). The main DB interface (schema.ts) extends MonitoringDB, so each capability keeps its
 * tables in its own file.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<Record<string, unknown>, string | undefined, string>;

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: Generated<string>;
  kind: string;
  params: Json;
  requested_by: string;
  requested_org_id: string | null;
  locale: Generated<'it' | 'en'>;
  status: Generated<JobStatus>;
  progress: Generated<number>;
  result: Uint8Array | null;
  result_name: string | null;
  result_type: string | null;
  result_size: number | null;
  error: string | null;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  expires_at: NullableTimestamp;
}

export interface MonitoringDB {
  jobs: JobsTable;
}
