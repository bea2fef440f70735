/**
 * Table types added by migration 0024_feedback.sql. The main DB interface (schema.ts) extends
 * FeedbackDB, so each capability keeps its tables in its own file.
 */
import type { Generated } from 'kysely';
import type { CreatedAt, DateString } from './schema.ts';

export interface PublicFeedbackTable {
  id: Generated<string>;
  lang: string;
  page_path: string;
  useful: boolean | null;
  comment_enc: string | null;
  status: Generated<'new' | 'reviewed' | 'archived'>;
  created_at: CreatedAt;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  delete_after: DateString;
  version: Generated<number>;
}

export interface FeedbackDB {
  public_feedback: PublicFeedbackTable;
}
