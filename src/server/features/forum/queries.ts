/** SQL of the consultation forum. */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { ForumModerationEventsTable, ForumPostVersionsTable, ForumPostsTable, ForumThreadsTable } from '../../../db/schema-forum.ts';
import type { ForumCategory, ForumStatus } from '../../../domain/forum/index.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type ThreadRow = Omit<Selectable<ForumThreadsTable>, 'search'>;
export type PostRow = Selectable<ForumPostsTable>;
export type VersionRow = Selectable<ForumPostVersionsTable>;
export type ModerationRow = Selectable<ForumModerationEventsTable>;

const threadColumns = [
  'forum_threads.id',
  'forum_threads.category',
  'forum_threads.title',
  'forum_threads.tags',
  'forum_threads.status',
  'forum_threads.locked',
  'forum_threads.author_id',
  'forum_threads.author_org_id',
  'forum_threads.accepted_post_id',
  'forum_threads.answer_count',
  'forum_threads.created_at',
  'forum_threads.last_activity_at',
  'forum_threads.version',
] as const;

export interface ListFilter {
  q?: string | undefined;
  category?: ForumCategory | undefined;
  status?: ForumStatus | undefined;
  tag?: string | undefined;
  /** Moderators see threads whose question is hidden; others only their own. */
  moderator: boolean;
  userId: string;
  limit: number;
  offset: number;
}

export type ListRow = ThreadRow & { question_hidden: boolean; question_body: string; rank: number };

/** Escapes %, _ and \ for a LIKE pattern. */
function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Threads matching the filter, most relevant first when searching (full-text rank, Italian
 * configuration, over title, tags, question and visible answers; a title containing the text as
 * typed also matches), else most recently active first.
 */
export async function listThreads(db: Db, f: ListFilter): Promise<{ rows: ListRow[]; total: number }> {
  const query = f.q?.trim() ?? '';
  let base = db
    .selectFrom('forum_threads')
    .innerJoin('forum_posts as qp', (j) => j.onRef('qp.thread_id', '=', 'forum_threads.id').on('qp.kind', '=', 'question'));
  if (f.category) base = base.where('forum_threads.category', '=', f.category);
  if (f.status) base = base.where('forum_threads.status', '=', f.status);
  if (f.tag) base = base.where(sql<boolean>`${f.tag} = ANY(forum_threads.tags)`);
  if (!f.moderator) base = base.where((eb) => eb.or([eb('qp.hidden', '=', false), eb('qp.author_id', '=', f.userId)]));
  if (query) {
    const pattern = `%${likeEscape(query)}%`;
    base = base.where((eb) =>
      eb.or([
        sql<boolean>`forum_threads.search @@ websearch_to_tsquery('italian', ${query})`,
        sql<boolean>`forum_threads.title ILIKE ${pattern}`,
      ]),
    );
  }
  const totalRow = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
  const rank = query ? sql<number>`ts_rank(forum_threads.search, websearch_to_tsquery('italian', ${query}))` : sql<number>`0`;
  let rowsQuery = base.select([...threadColumns, 'qp.hidden as question_hidden', 'qp.body as question_body', rank.as('rank')]);
  if (query) rowsQuery = rowsQuery.orderBy('rank', 'desc');
  const rows = await rowsQuery.orderBy('forum_threads.last_activity_at', 'desc').orderBy('forum_threads.id').limit(f.limit).offset(f.offset).execute();
  return { rows, total: Number(totalRow?.n ?? 0) };
}

export async function findThread(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<ThreadRow | undefined> {
  let q = db.selectFrom('forum_threads').select(threadColumns).where('forum_threads.id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function listPosts(db: Db, threadId: string): Promise<PostRow[]> {
  return db.selectFrom('forum_posts').selectAll().where('thread_id', '=', threadId).orderBy('created_at').orderBy('id').execute();
}

export async function findPost(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<PostRow | undefined> {
  let q = db.selectFrom('forum_posts').selectAll().where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function listVersions(db: Db, postId: string): Promise<VersionRow[]> {
  return db.selectFrom('forum_post_versions').selectAll().where('post_id', '=', postId).orderBy('version', 'desc').execute();
}

export async function listModeration(db: Db, threadId: string): Promise<ModerationRow[]> {
  return db.selectFrom('forum_moderation_events').selectAll().where('thread_id', '=', threadId).orderBy('created_at').orderBy('id').execute();
}

export async function userNames(db: Db, ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

export async function organisationNames(db: Db, ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Rebuilds the thread's search document and answer count from its current texts: title and tags
 * weigh most, then the question and the answers not hidden (a hidden question leaves only the
 * title and tags, for its moderators and author).
 */
export async function refreshThread(db: Db, threadId: string, now: Date): Promise<void> {
  await sql`
    UPDATE forum_threads t SET
      search = setweight(to_tsvector('italian', t.title), 'A')
        || setweight(to_tsvector('italian', array_to_string(t.tags, ' ')), 'A')
        || setweight(to_tsvector('italian', coalesce((
             SELECT string_agg(p.body, ' ' ORDER BY p.created_at) FROM forum_posts p WHERE p.thread_id = t.id AND NOT p.hidden), '')), 'B'),
      answer_count = (SELECT count(*) FROM forum_posts p WHERE p.thread_id = t.id AND p.kind = 'answer' AND NOT p.hidden),
      last_activity_at = ${now},
      version = t.version + 1
    WHERE t.id = ${threadId}`.execute(db);
}
