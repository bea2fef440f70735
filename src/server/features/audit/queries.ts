/** SQL of the audit feature: search of audit_log (keyset by id, newest first) and seal status. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface AuditQuery {
  /** null: the whole trail; otherwise only entries made for this organisation. */
  orgId: string | null;
  actorUserId?: string | undefined;
  /** Exact action, or a prefix when `actionPrefix` is true (e.g. "auth."). */
  action?: string | undefined;
  actionPrefix?: boolean;
  recordType?: string | undefined;
  recordId?: string | undefined;
  outcome?: 'success' | 'denied' | 'failure' | undefined;
  /** Inclusive. */
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
  /** Entries with an id below this one (keyset pagination). */
  before?: string | undefined;
  limit: number;
}

export interface AuditRow {
  id: string;
  at: string;
  actor_user_id: string | null;
  actor_email: string | null;
  actor_org_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  fields: string[] | null;
  outcome: 'success' | 'denied' | 'failure';
  ip: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
}

/** Up to `limit` entries, newest (highest id) first, and whether more follow. */
export async function findAuditEntries(options: { db: Db; query: AuditQuery }): Promise<{ rows: AuditRow[]; more: boolean }> {
  const { db, query: q } = options;
  let s = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select([
      sql<string>`a.id::text`.as('id'),
      sql<string>`to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('at'),
      'a.actor_user_id',
      'u.email as actor_email',
      'a.actor_org_id',
      'a.action',
      'a.record_type',
      'a.record_id',
      'a.fields',
      'a.outcome',
      'a.ip',
      'a.request_id',
      'a.details',
    ]);
  if (q.orgId !== null) s = s.where('a.actor_org_id', '=', q.orgId);
  if (q.actorUserId) s = s.where('a.actor_user_id', '=', q.actorUserId);
  if (q.action) {
    s = q.actionPrefix
      ? s.where(sql<boolean>`left(a.action, ${q.action.length}) = ${q.action}`)
      : s.where('a.action', '=', q.action);
  }
  if (q.recordType) s = s.where('a.record_type', '=', q.recordType);
  if (q.recordId) s = s.where('a.record_id', '=', q.recordId);
  if (q.outcome) s = s.where('a.outcome', '=', q.outcome);
  if (q.from) s = s.where('a.at', '>=', q.from);
  if (q.to) s = s.where('a.at', '<', q.to);
  if (q.before) s = s.where(sql<boolean>`a.id < ${q.before}::bigint`);
  const rows = await s.orderBy('a.id', 'desc').limit(q.limit + 1).execute();
  return { rows: rows.slice(0, q.limit), more: rows.length > q.limit };
}

export interface AuditCounts {
  entries: number;
  sealed: number;
  lastSealedAt: string | null;
}

/** How many entries (of an organisation, or all) exist and how many are sealed. */
export async function countAuditEntries(options: { db: Db; orgId: string | null }): Promise<AuditCounts> {
  const { db, orgId } = options;
  const scope = orgId === null ? sql`true` : sql`a.actor_org_id = ${orgId}`;
  const counts = await sql<{ entries: string; sealed: string }>`
    SELECT count(*)::text AS entries, count(c.entry_id)::text AS sealed
    FROM audit_log a LEFT JOIN audit_chain c ON c.entry_id = a.id
    WHERE ${scope}`.execute(db);
  const last = await sql<{ at: string }>`
    SELECT to_char(sealed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at
    FROM audit_chain ORDER BY position DESC LIMIT 1`.execute(db);
  return {
    entries: Number(counts.rows[0]?.entries ?? 0),
    sealed: Number(counts.rows[0]?.sealed ?? 0),
    lastSealedAt: last.rows[0]?.at ?? null,
  };
}
