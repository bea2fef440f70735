/**
 * A fingerprint of the database: row count and checksum of every table, so a test can assert that
 * a refused request changed nothing. audit_log and audit_chain are left out by default (a denied
 * attempt is audited), as is the migrations ledger. New tables are picked up automatically.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';

export type Snapshot = Record<string, { rows: number; checksum: string }>;

const alwaysSkipped = new Set(['ponte_migrations']);
const auditTables = new Set(['audit_log', 'audit_chain']);

export async function snapshot(options: { db: Kysely<DB>; includeAudit?: boolean }): Promise<Snapshot> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(options.db);
  const names = tables.rows
    .map((r) => r.name)
    .filter((n) => !alwaysSkipped.has(n) && (options.includeAudit || !auditTables.has(n)));
  const parts = names.map(
    (n) => sql`select ${n}::text as name, count(*)::int as n,
      md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${sql.table(n)} t`,
  );
  const query = sql.join(parts, sql` union all `);
  const result = await sql<{ name: string; n: number; h: string }>`${query}`.execute(options.db);
  const out: Snapshot = {};
  for (const r of result.rows) out[r.name] = { rows: r.n, checksum: r.h };
  return out;
}

/** Highest audit_log id, to find the entries a request wrote. */
export async function lastAuditId(db: Kysely<DB>): Promise<string> {
  const r = await db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
  return r?.max ?? '0';
}
