import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { engineCases, openTestDatabase } from '../helpers/engines.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { writeAudit } from '../../src/server/platform/audit.ts';

const bin = fileURLToPath(new URL('../../bin/ponte.js', import.meta.url));

function ponte(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && !k.startsWith('PONTE_')));
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...clean, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe.each(await engineCases())('ponte audit on $engine', ({ engine, skip }) => {
  const work = mkdtempSync(join(tmpdir(), 'ponte-cli-'));
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  /** Runs work on the database; the embedded one is closed again so the CLI can open it. */
  let withDb: <T>(fn: (database: Database) => Promise<T>) => Promise<T>;

  beforeAll(async () => {
    if (skip) return;
    if (engine === 'pglite') {
      env = { PONTE_DATA_DIR: work };
      withDb = async (fn) => {
        const database = await openDatabase({ dataDir: work });
        try {
          return await fn(database);
        } finally {
          await database.close();
        }
      };
      await withDb((database) => migrate({ database }));
      drop = async () => undefined;
    } else {
      const t = await openTestDatabase('postgresql');
      env = { DATABASE_URL: t.url! };
      withDb = (fn) => fn(t.database);
      drop = () => t.drop();
    }
    await withDb(async (database) => {
      for (let i = 0; i < 12; i++) {
        await writeAudit({ db: database.db, context: { userId: null, orgId: null, ip: null, requestId: 'cli' }, entry: { action: 'auth.login', outcome: 'failure', details: { i } } });
      }
    });
  });
  afterAll(async () => {
    if (!skip) await drop();
    rmSync(work, { recursive: true, force: true });
  });

  it.skipIf(skip)('seals, verifies a good chain, then names the first broken entry', async () => {
    const seal = await ponte(['audit', 'seal'], env);
    expect(seal.code, seal.stderr).toBe(0);
    expect(seal.stdout).toMatch(/Sealed 12 entries; head position 12 hash [0-9a-f]{64}\./);

    const good = await ponte(['audit', 'verify'], env);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('OK: 12 links verified, the audit chain is intact.');
    expect(good.stdout).toContain('No entries are waiting to be sealed.');
    expect(good.stderr).toContain('checked 12 of 12 links (100%)');
    const anchor = /Keep "(\d+:[0-9a-f]{64})"/.exec(good.stdout)![1]!;

    await withDb((database) =>
      database.asOwner(async (db) => {
        await sql`UPDATE audit_log SET outcome = 'success' WHERE id = 5`.execute(db);
        await sql`DELETE FROM audit_chain WHERE position = 9`.execute(db);
      }),
    );
    const bad = await ponte(['audit', 'verify', '--anchor', anchor], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('FAILED: the audit chain is broken (2 problems in 11 links).');
    expect(bad.stdout).toContain('First broken entry: audit_log id 5 at chain position 5 (entry_changed).');
    expect(bad.stdout).toContain('link at position 9 was removed (it sealed entry 9)');

    const json = await ponte(['audit', 'verify', '--json'], env);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, problemCount: 2, problems: [{ kind: 'entry_changed', entryId: '5' }, { kind: 'link_removed', position: '9', entryId: '9' }] });
  }, 180_000);
});
