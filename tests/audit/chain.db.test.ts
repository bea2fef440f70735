import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engineCases, openTestDatabase, type TestDatabase } from '../helpers/engines.ts';
import { writeAudit } from '../../src/server/platform/audit.ts';
import { startAuditSealer, systemSealAudit } from '../../src/server/platform/audit-chain.ts';
import { verifyAuditChain } from '../../src/server/platform/audit-verify.ts';
import { startServer } from '../../src/server/start.ts';
import { loadConfig } from '../../src/server/platform/config.ts';

const ctx = { userId: null, orgId: null, ip: '127.0.0.1', requestId: 'test' };

describe.each(await engineCases())('audit chain on $engine', ({ engine, skip }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    if (!skip) t = await openTestDatabase(engine);
  });
  afterAll(async () => {
    if (!skip) await t.drop();
  });

  async function reset(): Promise<void> {
    await t.database.asOwner((db) => sql`TRUNCATE audit_chain, audit_log RESTART IDENTITY`.execute(db));
  }

  async function write(n: number, details: Record<string, string | number | boolean | null> = {}): Promise<void> {
    for (let i = 0; i < n; i++) {
      await writeAudit({
        db: t.database.db,
        context: ctx,
        entry: { action: 'user.read', outcome: 'success', recordType: 'user', recordId: `u${i}`, fields: ['email', 'è"'], details: { i, ...details } },
      });
    }
  }

  describe('sealing', () => {
    beforeEach(async () => {
      if (!skip) await reset();
    });

    it.skipIf(skip)('seals a few hundred entries written by interleaved transactions, some rolled back, with sealers running meanwhile', async () => {
      let committed = 0;
      const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
      const worker = async (w: number): Promise<void> => {
        for (let k = 0; k < 30; k++) {
          const rollback = (w + k) % 7 === 0;
          const size = 1 + ((w * 31 + k) % 3);
          try {
            await t.database.db.transaction().execute(async (trx) => {
              for (let j = 0; j < size; j++) {
                await writeAudit({ db: trx, context: { ...ctx, requestId: `w${w}-${k}` }, entry: { action: 'user.read', outcome: 'success', details: { w, k, j } } });
                if (engine === 'postgresql') await sleep((w * 7 + k + j) % 4);
              }
              if (rollback) throw new Error('rollback');
            });
            committed += size;
          } catch (e) {
            if (!(e instanceof Error) || e.message !== 'rollback') throw e;
          }
        }
      };
      const sealers = async (): Promise<void> => {
        for (let s = 0; s < 10; s++) {
          await Promise.all([systemSealAudit({ db: t.database.db, batchSize: 37, full: s % 2 === 0 }), systemSealAudit({ db: t.database.db, batchSize: 50, full: false })]);
          await sleep(5);
        }
      };
      await Promise.all([...Array.from({ length: 8 }, (_, w) => worker(w)), sealers()]);
      await systemSealAudit({ db: t.database.db });
      expect(committed).toBeGreaterThan(300);

      const result = await verifyAuditChain({ db: t.database.db, batchSize: 100 });
      expect(result.problems).toEqual([]);
      expect(result).toMatchObject({ ok: true, links: committed, pending: 0 });
      expect(result.head?.position).toBe(String(committed));
      const positions = await t.database.db.selectFrom('audit_chain').select(['position']).orderBy('position').execute();
      expect(positions.map((p) => Number(p.position))).toEqual(Array.from({ length: committed }, (_, i) => i + 1));
    });

    it.skipIf(skip || engine === 'pglite')('seals an entry that commits late at a later position', async () => {
      const db = t.database.db;
      const late = db.transaction().execute(async (trx) => {
        await writeAudit({ db: trx, context: ctx, entry: { action: 'user.read', outcome: 'success', details: { late: true } } });
        await new Promise((r) => setTimeout(r, 300));
      });
      await new Promise((r) => setTimeout(r, 50));
      await write(3);
      expect((await systemSealAudit({ db, full: false })).sealed).toBe(3);
      await late;
      expect((await systemSealAudit({ db, full: false })).sealed).toBe(1);
      const chain = await db.selectFrom('audit_chain').select(['position', 'entry_id']).orderBy('position').execute();
      expect(chain.map((c) => [c.position, c.entry_id])).toEqual([['1', '2'], ['2', '3'], ['3', '4'], ['4', '1']]);
      expect(await verifyAuditChain({ db })).toMatchObject({ ok: true, links: 4, pending: 0 });
    });

    it.skipIf(skip)('an entry committing far below the newest sealed id is caught by the full sweep', async () => {
      await t.database.asOwner((db) => sql`SELECT setval('audit_log_id_seq', 20000)`.execute(db));
      await write(3);
      await systemSealAudit({ db: t.database.db, full: false });
      // as if a transaction that took id 5 long ago committed only now
      await t.database.asOwner((db) => sql`INSERT INTO audit_log (id, action, outcome) VALUES (5, 'user.read', 'success')`.execute(db));
      expect((await systemSealAudit({ db: t.database.db, full: false })).sealed).toBe(0);
      expect((await systemSealAudit({ db: t.database.db, full: true })).sealed).toBe(1);
      const chain = await t.database.db.selectFrom('audit_chain').select(['position', 'entry_id']).orderBy('position').execute();
      expect(chain.map((c) => c.entry_id)).toEqual(['20001', '20002', '20003', '5']);
      expect(await verifyAuditChain({ db: t.database.db })).toMatchObject({ ok: true, links: 4, pending: 0 });
    });

    it.skipIf(skip)('reports entries waiting to be sealed', async () => {
      await write(4);
      await systemSealAudit({ db: t.database.db });
      await write(3);
      const r = await verifyAuditChain({ db: t.database.db });
      expect(r).toMatchObject({ ok: true, links: 4, pending: 3, oldestPendingId: '5' });
    });

    it.skipIf(skip)('the background sealer seals on its interval and stops cleanly', async () => {
      const sealer = startAuditSealer({ db: t.database.db, intervalMs: 100 });
      await write(5);
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const n = await t.database.db.selectFrom('audit_chain').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
        if (Number(n.n) === 5) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await sealer.stop();
      await write(2);
      await new Promise((r) => setTimeout(r, 300));
      expect(await verifyAuditChain({ db: t.database.db })).toMatchObject({ ok: true, links: 5, pending: 2 });
      expect((await sealer.runNow()).sealed).toBe(2);
    });

    it.skipIf(skip)('startServer runs the sealer at PONTE_AUDIT_SEAL_INTERVAL_MS and stops it on close', async () => {
      const config = loadConfig({ PORT: '0', PONTE_LOG_LEVEL: 'silent', PONTE_AUDIT_SEAL_INTERVAL_MS: '100' });
      const server = await startServer({ config, database: t.database, logger: false });
      try {
        await write(6);
        const deadline = Date.now() + 10_000;
        while ((await verifyAuditChain({ db: t.database.db })).pending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      } finally {
        await server.stop();
      }
      await write(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(await verifyAuditChain({ db: t.database.db })).toMatchObject({ ok: true, links: 6, pending: 1 });
    });

    it.skipIf(skip)('keeps the hash stable for awkward values (unicode, exact numbers, microseconds)', async () => {
      await t.database.db
        .insertInto('audit_log')
        .values({ action: 'user.read', outcome: 'success', fields: ['ü', 'a,b', '"q"'], details: '{"n": 1.00000000000000000001, "z": {"b": [1e3, -0.5], "a": "\\u00e8"}}' })
        .execute();
      await write(1);
      await systemSealAudit({ db: t.database.db });
      expect((await verifyAuditChain({ db: t.database.db })).ok).toBe(true);
      await t.database.asOwner((db) => sql`UPDATE audit_log SET details = '{"n": 1.00000000000000000002, "z": {"b": [1e3, -0.5], "a": "\\u00e8"}}' WHERE id = 1`.execute(db));
      expect(await verifyAuditChain({ db: t.database.db })).toMatchObject({ ok: false, problems: [{ kind: 'entry_changed', entryId: '1', position: '1' }] });
    });
  });

  describe('tampering', () => {
    beforeEach(async () => {
      if (skip) return;
      await reset();
      await write(40);
      await systemSealAudit({ db: t.database.db, batchSize: 16 });
    });

    it.skipIf(skip)('an intact chain verifies', async () => {
      const progress: number[] = [];
      const r = await verifyAuditChain({ db: t.database.db, batchSize: 16, onProgress: (p) => progress.push(p.checked) });
      expect(r).toMatchObject({ ok: true, links: 40, pending: 0, problemCount: 0 });
      expect(progress).toEqual([0, 16, 32, 40]);
    });

    it.skipIf(skip)('an UPDATEd entry is named', async () => {
      await t.database.asOwner((db) => sql`UPDATE audit_log SET action = 'user.list' WHERE id = 17`.execute(db));
      const r = await verifyAuditChain({ db: t.database.db, batchSize: 16 });
      expect(r.ok).toBe(false);
      expect(r.problems).toEqual([expect.objectContaining({ kind: 'entry_changed', entryId: '17', position: '17' })]);
    });

    it.skipIf(skip)('a microsecond moved in a timestamp is caught', async () => {
      await t.database.asOwner((db) => sql`UPDATE audit_log SET at = at + interval '1 microsecond' WHERE id = 3`.execute(db));
      const r = await verifyAuditChain({ db: t.database.db });
      expect(r.problems[0]).toMatchObject({ kind: 'entry_changed', entryId: '3' });
    });

    it.skipIf(skip)('a DELETEd entry is named', async () => {
      await t.database.asOwner((db) => sql`DELETE FROM audit_log WHERE id = 21`.execute(db));
      const r = await verifyAuditChain({ db: t.database.db });
      expect(r).toMatchObject({ ok: false, problemCount: 1, problems: [{ kind: 'entry_missing', entryId: '21', position: '21' }] });
    });

    it.skipIf(skip)('a DELETEd chain link is caught and its entry named', async () => {
      await t.database.asOwner((db) => sql`DELETE FROM audit_chain WHERE position = 9`.execute(db));
      const r = await verifyAuditChain({ db: t.database.db });
      expect(r).toMatchObject({ ok: false, pending: 1, problems: [{ kind: 'link_removed', position: '9', entryId: '9' }] });
    });

    it.skipIf(skip)('an edited link hash is caught', async () => {
      await t.database.asOwner((db) => sql`UPDATE audit_chain SET hash = repeat('a', 64) WHERE position = 30`.execute(db));
      const r = await verifyAuditChain({ db: t.database.db });
      expect(r.problems).toEqual([expect.objectContaining({ kind: 'link_hash_edited', position: '30', entryId: '30' })]);
      await t.database.asOwner((db) => sql`UPDATE audit_chain SET hash = repeat('b', 64) WHERE position = 40`.execute(db));
      const r2 = await verifyAuditChain({ db: t.database.db });
      expect(r2.problems.map((p) => [p.kind, p.position])).toEqual([['link_hash_edited', '30'], ['hash_mismatch', '40']]);
    });

    it.skipIf(skip)('a link written by hand at position 0 is caught', async () => {
      await t.database.asOwner((db) => sql`INSERT INTO audit_chain (position, entry_id, prev_hash, hash) VALUES (0, 999, repeat('0', 64), repeat('1', 64))`.execute(db));
      const r = await verifyAuditChain({ db: t.database.db });
      expect(r.ok).toBe(false);
      expect(r.problems[0]).toMatchObject({ kind: 'bad_position', position: '0', entryId: '999' });
    });

    it.skipIf(skip)('a recorded head (anchor) catches a truncated chain', async () => {
      const before = await verifyAuditChain({ db: t.database.db });
      const anchor = { position: before.head!.position, hash: before.head!.hash };
      await t.database.asOwner(async (db) => {
        await sql`DELETE FROM audit_chain WHERE position >= 39`.execute(db);
        await sql`DELETE FROM audit_log WHERE id >= 39`.execute(db);
      });
      expect((await verifyAuditChain({ db: t.database.db })).ok).toBe(true);
      const r = await verifyAuditChain({ db: t.database.db, anchors: [anchor] });
      expect(r).toMatchObject({ ok: false, problems: [{ kind: 'anchor_mismatch', position: '40' }] });
    });

    it.skipIf(skip)('the app role cannot change or remove entries or links', async () => {
      const db = t.database.db;
      expect((await sql<{ u: string }>`select current_user as u`.execute(db)).rows[0]?.u).toBe('ponte_app');
      for (const stmt of [
        sql`update audit_log set action = 'x' where id = 1`,
        sql`delete from audit_log where id = 1`,
        sql`update audit_chain set hash = 'x' where position = 1`,
        sql`delete from audit_chain where position = 1`,
      ]) {
        await expect(stmt.execute(db)).rejects.toThrow(/permission denied/);
      }
      await expect(sql`truncate audit_chain`.execute(db)).rejects.toThrow(/permission denied|must be owner/);
      expect((await verifyAuditChain({ db })).ok).toBe(true);
    });
  });
});
