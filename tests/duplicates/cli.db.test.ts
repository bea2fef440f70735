/** `ponte duplicates pairs` end to end: the command, its output, its errors (PostgreSQL; the export itself is tested on both engines in pairs.db.test.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { engineCases, openTestDatabase, type TestDatabase } from '../helpers/engines.ts';
import { ensureTestOrganisation } from '../access/login-fixture.ts';
import { insertPerson } from '../helpers/records.ts';
import { FieldCipher, deriveLinkageKey } from '../../src/server/platform/crypto.ts';
import { createEncoder } from '../../src/domain/linkage/index.ts';
import { encryptExternalRef } from '../../bench/duplicates-load.ts';

const bin = fileURLToPath(new URL('../../bin/ponte.js', import.meta.url));
const masterKey = Buffer.alloc(32, 11);

function ponte(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && !k.startsWith('PONTE_')));
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...clean, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const pgCase = (await engineCases()).find((c) => c.engine === 'postgresql') ?? { engine: 'postgresql' as const, skip: true };

describe.each([pgCase])('ponte duplicates pairs on $engine', ({ engine, skip }) => {
  let t: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestDatabase(engine);
    env = { DATABASE_URL: t.url ?? '', PONTE_MASTER_KEY: masterKey.toString('base64'), NODE_ENV: 'test', PONTE_LOG_LEVEL: 'silent' };
    const db = t.database.db;
    const cipher = new FieldCipher({ db, masterKey });
    const linkage = createEncoder({ key: deriveLinkageKey(masterKey) });
    const orgA = await ensureTestOrganisation({ db, code: 'cli-a' });
    const orgB = await ensureTestOrganisation({ db, code: 'cli-b' });
    const add = async (orgId: string, given: string, family: string, birthDate: string, ref?: string): Promise<void> => {
      const { id } = await insertPerson({ db, cipher, linkage, orgId, identity: { names: [{ kind: 'primary', given, family }], birth: { birthDate } }, sex: 'Feminine', citizenships: ['UA'] });
      if (ref) await db.updateTable('persons').set({ external_ref_enc: await encryptExternalRef({ cipher, db, personId: id, externalRef: ref }) }).where('id', '=', id).execute();
    };
    await add(orgA, 'Olena', 'Kovalenko', '1994-03-07', 'A-1');
    await add(orgB, 'Olena', 'Kovalenko', '1994-07-03', 'B "2", Torino');
    await add(orgA, 'Grace', 'Okafor', '2001-11-30', 'A-3');
    await add(orgA, 'Grace', 'Okafor', '2001-11-30');
  });
  afterAll(async () => {
    if (!skip) await t.drop();
  });

  it.skipIf(skip)('prints every pair once as CSV, quoting where needed, progress on stderr, audited once', async () => {
    const r = await ponte(['duplicates', 'pairs', '--format', 'csv'], env);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('external_ref_a,external_ref_b,score,decision');
    const pairs = lines.slice(1).map((l) => l.replace(/,[01]\.\d{4},(match|possible)$/, '')).map((l) => l.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).sort().join(' | '));
    expect(pairs.sort()).toEqual(['"B ""2"", Torino" | A-1', expect.stringMatching(/^A-3 \| P-[0-9A-Z]{4}-[0-9A-Z]{4}$|^P-[0-9A-Z]{4}-[0-9A-Z]{4} \| A-3$/)].sort());
    expect(r.stderr).toMatch(/4\/4 persons compared/);
    expect(r.stderr).toMatch(/2 pair\(s\)/);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('action', '=', 'person.pairs_export').execute();
    expect(audit).toEqual([{ action: 'person.pairs_export', actor_user_id: null }]);

    const orgOnly = await ponte(['duplicates', 'pairs', '--org', 'cli-a'], env);
    expect(orgOnly.code, orgOnly.stderr).toBe(0);
    expect(orgOnly.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(orgOnly.stdout).not.toContain('Torino');
  });

  it.skipIf(skip)('refuses bad options with a clear message', async () => {
    const min = await ponte(['duplicates', 'pairs', '--min', 'maybe'], env);
    expect(min.code).toBe(1);
    expect(min.stderr).toContain('--min must be possible or match');
    const format = await ponte(['duplicates', 'pairs', '--format', 'json'], env);
    expect(format.code).toBe(1);
    expect(format.stderr).toContain('only csv');
    const org = await ponte(['duplicates', 'pairs', '--org', 'nobody'], env);
    expect(org.code).toBe(1);
    expect(org.stderr).toContain('--org: no organisation nobody');
  });
});
