/**
 * The stamps of migration 0032 (`case_phase_history.superseded_at`) under concurrent writers, on
 * PostgreSQL only (PGlite has a single connection, so nothing there runs at once).
 *
 * Several connections add phase changes at the same time, at the application's isolation level
 * (READ COMMITTED): through the transition endpoint (which locks the case itself) and as plain
 * inserts from separate connections working as the application role (which rely on the triggers'
 * lock on the case alone), to one shared case, to a second shared case in the same statements
 * (listed in either order, to catch a lock-order deadlock), and to cases of their own; some
 * changes share an instant, some are written with an instant earlier than changes already
 * committed. Afterwards, for every case, exactly one change has no superseded_at and each
 * superseded_at is the changed_at of the next change in (changed_at, id) order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { APP_ROLE } from '../../src/db/client.ts';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { insertCase } from '../helpers/records.ts';
import { call, makeWorld, person, type CaseWorld } from '../cases/helpers.ts';

/** A small deterministic generator (fixed seed), so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface CaseCheck {
  case_id: string;
  changes: number;
  in_force: number;
  wrong: number;
}

/** Per case: how many changes, how many without superseded_at, how many whose stamp is not the next change's instant. */
async function checkStamps(db: Kysely<DB>, caseIds: string[]): Promise<CaseCheck[]> {
  const r = await sql<CaseCheck>`
    select case_id, count(*)::int as changes,
           count(*) filter (where superseded_at is null)::int as in_force,
           count(*) filter (where superseded_at is distinct from next)::int as wrong
    from (select case_id, superseded_at, lead(changed_at) over (partition by case_id order by changed_at, id) as next
          from case_phase_history where case_id = any(${caseIds}::uuid[])) s
    group by case_id order by case_id`.execute(db);
  return r.rows;
}

function expectConsistent(checks: CaseCheck[], caseIds: string[]): void {
  expect(checks.map((c) => c.case_id).sort()).toEqual([...caseIds].sort());
  for (const c of checks) expect(c, `stamps of case ${c.case_id}`).toMatchObject({ in_force: 1, wrong: 0 });
}

describe.each(await engineCases())('phase stamps under concurrent writers, on $engine', ({ engine, skip }) => {
  const pgOnly = skip || engine !== 'postgresql';
  let t: TestApp;
  let db: Kysely<DB>;
  let w: CaseWorld;
  const clients: pg.Client[] = [];

  beforeAll(async () => {
    if (pgOnly) return;
    t = await openTestApp({ engine });
    db = t.database.db;
    w = await makeWorld(t);
    // Separate connections, each working as the application role like the server's own.
    for (let i = 0; i < 6; i++) {
      const c = new pg.Client({ connectionString: t.url });
      await c.connect();
      await c.query(`SET ROLE ${APP_ROLE}`);
      clients.push(c);
    }
  });
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    if (!pgOnly) await t.close();
  });

  const newCase = async (phase: 'protection_residential' | 'contact' = 'protection_residential') =>
    (await insertCase({ db, orgId: w.orgId, personId: (await person(t, w.orgId)).id, phase, caseWorkerId: w.worker.userId })).id;

  /** Deadlocks met by the plain writers (each retried): there must be none, the triggers lock cases in id order. */
  let deadlocks = 0;

  /**
   * One transaction of one connection: 1 to 3 changes to the first shared case, sometimes one to
   * the second shared case in the same statement (listed before or after), and one to the
   * connection's own case; the transaction is held open a moment before it commits. One that
   * meets a deadlock is counted and written again. Returns the number of rows written.
   */
  async function rawTransaction(client: pg.Client, rnd: () => number, shared: [string, string], own: string, base: number): Promise<number> {
    const rows: Array<[string, string]> = [];
    // instants: a handful shared by every writer (ties), some earlier than changes already committed
    const at = () => new Date(base + (rnd() < 0.3 ? -Math.floor(rnd() * 5) : Math.floor(rnd() * 40)) * 60_000).toISOString();
    for (let k = 0, m = 1 + Math.floor(rnd() * 3); k < m; k++) rows.push([shared[0], at()]);
    if (rnd() < 0.5) {
      if (rnd() < 0.5) rows.push([shared[1], at()]);
      else rows.unshift([shared[1], at()]);
    }
    rows.push([own, at()]);
    const values = rows.map((_, i) => `($${2 * i + 1}::uuid, 'protection_residential', 'protection_territorial', $${2 * i + 2}::timestamptz)`).join(', ');
    await inTransaction(client, 0.001 + rnd() * 0.004, async () => {
      await client.query(`INSERT INTO case_phase_history (case_id, from_phase, to_phase, changed_at) VALUES ${values}`, rows.flat());
    });
    return rows.length;
  }

  /**
   * Runs `work` in a READ COMMITTED transaction held open `hold` seconds before it commits; a
   * transaction that meets a deadlock is rolled back, counted and run again.
   */
  async function inTransaction(client: pg.Client, hold: number, work: () => Promise<void>, onDeadlock = (): void => { deadlocks++; }): Promise<void> {
    for (;;) {
      await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      try {
        await work();
        await client.query('SELECT pg_sleep($1)', [hold]);
        await client.query('COMMIT');
        return;
      } catch (e) {
        await client.query('ROLLBACK');
        if ((e as { code?: string }).code !== '40P01') throw e;
        onDeadlock();
      }
    }
  }

  /** Runs every writer to its end (a failing one does not leave others running into the next test). */
  async function all<T>(work: Array<Promise<T>>): Promise<T[]> {
    const settled = await Promise.allSettled(work);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
  }

  it.skipIf(pgOnly)('the application runs at READ COMMITTED', async () => {
    const r = await sql<{ level: string }>`select current_setting('transaction_isolation') as level`.execute(db);
    expect(r.rows[0]?.level).toBe('read committed');
    for (const c of clients) expect((await c.query('show transaction_isolation')).rows[0].transaction_isolation).toBe('read committed');
  });

  it.skipIf(pgOnly)('plain inserts from several connections at once, to shared cases and their own: one change in force per case, each stamp the next change', async () => {
    const shared: [string, string] = [await newCase(), await newCase()];
    const own = await Promise.all(clients.map(() => newCase()));
    const base = Date.parse('2026-06-15T12:00:00Z');
    const before = await db.selectFrom('case_phase_history').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rnd = clients.map((_, i) => random(1000 + i));
    let written = 0;
    // Every round starts all connections at once; the stamps are checked after each round (a later
    // writer recomputing the whole history would otherwise hide an earlier round's mistake).
    const wrongRounds: number[] = [];
    for (let round = 0; round < 30; round++) {
      written += (await all(clients.map((c, i) => rawTransaction(c, rnd[i]!, shared, own[i]!, base)))).reduce((x, y) => x + y, 0);
      const checks = await checkStamps(db, [...shared, ...own]);
      if (checks.some((c) => c.in_force !== 1 || c.wrong !== 0)) wrongRounds.push(round);
    }
    expect(wrongRounds).toEqual([]);
    const after = await db.selectFrom('case_phase_history').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(written);
    const checks = await checkStamps(db, [...shared, ...own]);
    expectConsistent(checks, [...shared, ...own]);
    expect(checks.find((c) => c.case_id === shared[0])!.changes).toBeGreaterThan(6 * 30);
    expect(deadlocks).toBe(0);
  });

  it.skipIf(pgOnly)('transitions through the API at once on the same case and on different cases, while plain inserts write to the same cases', async () => {
    const sharedCase = await newCase();
    const others = [await newCase(), await newCase(), await newCase()];
    const cases = [sharedCase, ...others];
    // The request moves the case to the other protection phase; whoever finds it already there gets 409.
    const toggle = (caseId: string, to: 'protection_territorial' | 'protection_residential') =>
      call(t, w.worker, 'POST', `/api/cases/${caseId}/transitions`, to === 'protection_residential' ? { to, reason: 'Serve di nuovo una struttura protetta.' } : { to });
    let applied = 0;
    let refused = 0;
    const base = t.clock.now().getTime();
    const rnd = clients.map((_, i) => random(2000 + i));
    const wrongRounds: number[] = [];
    for (let round = 0; round < 12; round++) {
      const requests = [
        ...Array.from({ length: 6 }, (_, i) => toggle(sharedCase, i % 2 === 0 ? 'protection_territorial' : 'protection_residential')),
        ...others.map((id, i) => toggle(id, (round + i) % 2 === 0 ? 'protection_territorial' : 'protection_residential')),
      ];
      const raw = clients.slice(0, 3).map((c, i) => rawTransaction(c, rnd[i]!, [sharedCase, others[i]!], others[(i + 1) % others.length]!, base));
      const [answers, inserted] = await Promise.allSettled([all(requests), all(raw)]);
      if (inserted.status === 'rejected') throw inserted.reason;
      if (answers.status === 'rejected') throw answers.reason;
      for (const a of answers.value) {
        if (a.status === 200) applied++;
        else {
          expect(a.status, JSON.stringify(a.body)).toBe(409);
          refused++;
        }
      }
      const checks = await checkStamps(db, cases);
      if (checks.some((c) => c.in_force !== 1 || c.wrong !== 0)) wrongRounds.push(round);
      // some rounds share the instant of the last one (ties on changed_at, ordered by id)
      if (round % 3 !== 0) t.clock.advance({ minutes: 1 });
    }
    expect(wrongRounds).toEqual([]);
    expect(applied).toBeGreaterThan(12);
    expect(refused).toBeGreaterThan(0);
    expectConsistent(await checkStamps(db, cases), cases);
    // one change in force per case, whichever way its changes were written
    const current = await db.selectFrom('case_phase_history').select(['case_id', 'to_phase']).where('case_id', 'in', cases).where('superseded_at', 'is', null).execute();
    expect(current).toHaveLength(cases.length);
    expect(deadlocks).toBe(0);
  });

  it.skipIf(pgOnly)('new cases opened at once and moved at once, each by its own request', async () => {
    const opened = await Promise.all(
      Array.from({ length: 8 }, async () => call(t, w.worker, 'POST', '/api/cases', { personId: (await person(t, w.orgId)).id, phase: 'identification' })),
    );
    for (const o of opened) expect(o.status, JSON.stringify(o.body)).toBe(201);
    const ids = opened.map((o) => o.body.id as string);
    for (const to of ['first_assistance', 'protection_territorial', 'inclusion']) {
      const moved = await Promise.all(ids.map((id) => call(t, w.worker, 'POST', `/api/cases/${id}/transitions`, { to })));
      for (const m of moved) expect(m.status, JSON.stringify(m.body)).toBe(200);
    }
    const checks = await checkStamps(db, ids);
    expectConsistent(checks, ids);
    expect(checks.every((c) => c.changes === 4)).toBe(true);
  });

  // Deleting or moving a change locks that row before the trigger can lock its case, while an
  // insert's trigger holds the case and then restamps the rows already there: when both meet on
  // one case, PostgreSQL may find a deadlock and roll one of them back (retried here). No writer of
  // the application deletes or moves phase changes (only a case's deletion, which locks the case
  // row first); what must hold is that the stamps are right after every round whatever committed.
  it.skipIf(pgOnly)('deletions and moves at once with inserts: the stamps stay right after every round', async () => {
    const shared: [string, string] = [await newCase(), await newCase()];
    const own = await Promise.all(clients.map(() => newCase()));
    const cases = [...shared, ...own];
    const base = Date.parse('2026-06-15T12:00:00Z');
    const rnd = clients.map((_, i) => random(3000 + i));
    let removalDeadlocks = 0;
    const remover = async (client: pg.Client, r: () => number, kind: 'delete' | 'move-time' | 'move-case') => {
      await inTransaction(client, 0.001 + r() * 0.004, async () => {
        const pickRow = `(SELECT id FROM case_phase_history WHERE case_id = ANY($1::uuid[]) ORDER BY changed_at, id OFFSET floor($2::float8 * (SELECT count(*) FROM case_phase_history WHERE case_id = ANY($1::uuid[]))) LIMIT 1)`;
        const args = [shared, r()];
        if (kind === 'delete') await client.query(`DELETE FROM case_phase_history WHERE id = ${pickRow}`, args);
        else if (kind === 'move-time') await client.query(`UPDATE case_phase_history SET changed_at = changed_at + make_interval(mins => $3) WHERE id = ${pickRow}`, [...args, Math.floor(r() * 20) - 10]);
        else await client.query(`UPDATE case_phase_history SET case_id = CASE WHEN case_id = $3::uuid THEN $4::uuid ELSE $3::uuid END WHERE id = ${pickRow}`, [...args, shared[0], shared[1]]);
      }, () => { removalDeadlocks++; });
    };
    // a history to remove from
    for (let i = 0; i < 4; i++) await all(clients.map((c, j) => rawTransaction(c, rnd[j]!, shared, own[j]!, base)));
    const wrongRounds: number[] = [];
    for (let round = 0; round < 20; round++) {
      await all<unknown>([
        ...clients.slice(0, 3).map((c, i) => rawTransaction(c, rnd[i]!, shared, own[i]!, base)),
        remover(clients[3]!, rnd[3]!, 'delete'),
        remover(clients[4]!, rnd[4]!, 'move-time'),
        remover(clients[5]!, rnd[5]!, 'move-case'),
      ]);
      const checks = await checkStamps(db, cases);
      if (checks.some((c) => c.in_force !== 1 || c.wrong !== 0)) wrongRounds.push(round);
    }
    expect(wrongRounds).toEqual([]);
    expectConsistent(await checkStamps(db, cases), cases);
    console.info(`[phase stamps] deletions and moves at once with inserts: ${removalDeadlocks + deadlocks} deadlock(s) met and retried`);
  });
});
