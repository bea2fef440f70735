/**
 * The start-up sealing of clear leftovers (case-records/seal-clear.ts) costs an index probe when
 * nothing is left to seal: with tables of many rows, all sealed, PostgreSQL's plan for each
 * column's look-up is a scan of the column's partial index (migration 0034), never a scan of the
 * table or of its primary key, and it reads a handful of pages. A row written in clear afterwards
 * is still found and sealed. PostgreSQL only: the plan is the server's (PGlite runs the same
 * migration and the same query in the other seal tests).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs } from '../access/login-fixture.ts';
import { insertPerson } from '../helpers/records.ts';
import { clearColumns, pendingClearValues, systemSealClearColumns, type ClearColumn } from '../../src/server/features/case-records/seal-clear.ts';

/** Rows per table: enough that reading the table costs hundreds of pages. */
const ROWS = 20_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

function nodes(n: PlanNode): PlanNode[] {
  return [n, ...(n.Plans ?? []).flatMap(nodes)];
}

async function plan(db: Kysely<DB>, c: ClearColumn, options: string): Promise<PlanNode> {
  const r = await sql<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>`explain (${sql.raw(options)}) ${pendingClearValues(c, 500)}`.execute(db);
  return r.rows[0]!['QUERY PLAN'][0]!.Plan;
}

const pendingIndex = (c: ClearColumn): string => `${c.table}_${c.clear}_pending_idx`;

describe.each(await engineCases())('the start-up sealing look-up on $engine', ({ engine, skip }) => {
  const pgOnly = skip || engine !== 'postgresql';
  let t: TestApp;
  let db: Kysely<DB>;

  beforeAll(async () => {
    if (pgOnly) return;
    t = await openTestApp({ engine });
    db = t.database.db;
    const orgId = await ensureTestOrganisation({ db, code: 'seal-plan' });
    const worker = await loginAs({ t, roleKey: 'case_worker', orgId });
    const person = await insertPerson({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId });
    // Many rows, every clear column already sealed (null), written the way the current server writes them.
    await sql`insert into cases (code, person_id, org_id, phase, status, juvenile_court_enc)
      select 'C-2026-' || lpad(g::text, 6, '0'), ${person.id}, ${orgId}, 'contact', 'Active', case when g % 10 = 0 then 'sealed' end
      from generate_series(1, ${ROWS}) g`.execute(db);
    await sql`insert into case_team (case_id, user_id, team_role_enc) select id, ${worker.userId}, 'sealed' from cases`.execute(db);
    await sql`insert into case_services (case_id, service_type, status, provider_name_enc) select id, 'psychological', 'planned', 'sealed' from cases`.execute(db);
    await sql`insert into case_documents (case_id, file_name_enc, media_type, size_bytes, sha256_enc, content_enc, uploaded_by)
      select id, 'sealed', 'application/pdf', 1, 'sealed', '\\x00'::bytea, ${worker.userId} from cases`.execute(db);
    await t.database.asOwner((owner) => sql`analyze cases, case_team, case_services, case_documents`.execute(owner));
  });
  afterAll(async () => {
    if (!pgOnly) await t.close();
  });

  it.skipIf(pgOnly)('with nothing to seal, each column’s look-up probes its partial index and reads a few pages, not the table', async () => {
    for (const c of clearColumns) {
      const size = await sql<{ pages: number }>`select (pg_relation_size(${c.table}::regclass) / current_setting('block_size')::int)::int as pages`.execute(db);
      expect(size.rows[0]!.pages, c.table).toBeGreaterThan(100);
      const estimated = nodes(await plan(db, c, 'format json'));
      expect(estimated.filter((n) => n['Node Type'] === 'Seq Scan'), c.table).toEqual([]);
      expect(estimated.find((n) => n['Relation Name'] === c.table)?.['Index Name'], c.table).toBe(pendingIndex(c));
      // Run: the pages actually touched (the index's meta page and its empty root), against the table's hundreds.
      const run = await plan(db, c, 'analyze, buffers, format json');
      expect((run['Shared Hit Blocks'] ?? 0) + (run['Shared Read Blocks'] ?? 0), c.table).toBeLessThanOrEqual(4);
    }
    expect(await systemSealClearColumns({ db, cipher: t.app.services.cipher })).toEqual({ 'case_documents.sha256': 0, 'case_services.provider_name': 0, 'cases.juvenile_court': 0, 'case_team.team_role': 0 });
  });

  it.skipIf(pgOnly)('a clear value written later (an older server during an upgrade) is still found through the index and sealed', async () => {
    const c = clearColumns.find((x) => x.table === 'cases')!;
    const target = await db.selectFrom('cases').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    await db.updateTable('cases').set({ juvenile_court: 'Tribunale per i minorenni di Borgo Fittizio', juvenile_court_enc: null }).where('id', '=', target.id).execute();
    expect(nodes(await plan(db, c, 'format json')).find((n) => n['Relation Name'] === c.table)?.['Index Name']).toBe(pendingIndex(c));
    expect(await systemSealClearColumns({ db, cipher: t.app.services.cipher })).toEqual({ 'case_documents.sha256': 0, 'case_services.provider_name': 0, 'cases.juvenile_court': 1, 'case_team.team_role': 0 });
    const row = await db.selectFrom('cases').select(['juvenile_court', 'juvenile_court_enc']).where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(row.juvenile_court).toBeNull();
    expect(row.juvenile_court_enc).not.toContain('Fittizio');
  });
});
