/**
 * Table types added by migration 0023_forum.sql. The main DB interface (schema.ts) extends ForumDB,
 * so each capability keeps its tables in its own file.
 */
import type { ColumnType, Generated } from 'kysely';
import type { ForumCategory, ForumStatus } from '../domain/forum/index.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Tags = ColumnType<string[], string[] | undefined, string[]>;

export interface ForumThreadsTable {
  id: Generated<string>;
  category: ForumCategory;
  title: string;
  tags: Tags;
  status: Generated<ForumStatus>;
  locked: Generated<boolean>;
  author_id: string;
  author_org_id: string | null;
  accepted_post_id: string | null;
  answer_count: Generated<number>;
  /** tsvector, written only through SQL (to_tsvector); read back as text. */
  search: Generated<string>;
  created_at: CreatedAt;
  last_activity_at: Timestamp;
  version: Generated<number>;
}

export interface ForumPostsTable {
  id: Generated<string>;
  thread_id: string;
  kind: 'question' | 'answer';
  body: string;
  author_id: string;
  author_org_id: string | null;
  hidden: Generated<boolean>;
  hidden_reason: string | null;
  hidden_by: string | null;
  hidden_at: Date | null;
  created_at: CreatedAt;
  edited_at: Date | null;
  version: Generated<number>;
}

export interface ForumPostVersionsTable {
  id: Generated<string>;
  post_id: string;
  version: number;
  title: string | null;
  body: string;
  edited_by: string;
  created_at: CreatedAt;
}

export interface ForumModerationEventsTable {
  id: Generated<string>;
  thread_id: string;
  post_id: string | null;
  action: 'hide' | 'unhide' | 'lock' | 'unlock' | 'close' | 'reopen';
  reason: string;
  moderator_id: string;
  created_at: CreatedAt;
}

export interface ForumDB {
  forum_threads: ForumThreadsTable;
  forum_posts: ForumPostsTable;
  forum_post_versions: ForumPostVersionsTable;
  forum_moderation_events: ForumModerationEventsTable;
}
