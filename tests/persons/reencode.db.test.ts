/**
 * `ponte persons reencode` (systemReencodePersons): a person stored before a blocking key existed
 * gains it, the work is audited batch by batch with no plaintext, and a run stopped half way
 * resumes after its last committed batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { engineCases, openTestDatabase, type TestDatabase } from '../helpers/engines.ts';
import { ensureTestOrganisation } from '../access/login-fixture.ts';
import { insertCase, insertPerson } from '../helpers/records.ts';
import { FieldCipher, deriveLinkageKey } from '../../src/server/platform/crypto.ts';
import { blockingKeyBytes, blockingKeyFromBytes, createEncoder, fromStoredEncoding, toStoredEncoding } from '../../src/domain/linkage/index.ts';
import { writeAudit } from '../../src/server/platform/audit.ts';
import { caseAgeBand } from '../../src/server/features/cases/age-band.ts';
import { reencodeRecord, systemReencodePersons } from '../../src/cli/persons-reencode.ts';

const masterKey = Buffer.alloc(32, 23);

describe.each(await engineCases())('persons reencode on $engine', ({ engine, skip }) => {
  let t: TestDatabase;
  let cipher: FieldCipher;
  const encoder = createEncoder({ key: deriveLinkageKey(masterKey) });
  const ids: string[] = [];
  /** the keys only the full birth date gives (shared by two persons with nothing else in common) */
  let dateKeys: string[] = [];

  const keysOf = async (personId: string): Promise<string[]> =>
    (await t.database.db.selectFrom('person_blocking_keys').select('key').where('person_id', '=', personId).execute()).map((r) => blockingKeyFromBytes(r.key)).sort();

  beforeAll(async () => {
    if (skip) return;
    t = await openTestDatabase(engine);
    const db = t.database.db;
    cipher = new FieldCipher({ db, masterKey });
    const orgId = await ensureTestOrganisation({ db, code: 'reencode' });
    const people: [string, string][] = [
      ['Olena', 'Kovalenko'],
      ['Tesfay', 'Gebremariam'],
      ['Ngozi', 'Adeyemi'],
      ['Bujar', 'Hoxha'],
      ['Mei', 'Zhang'],
    ];
    for (const [given, family] of people) {
      const { id } = await insertPerson({ db, cipher, linkage: encoder, orgId, identity: { names: [{ kind: 'primary', given, family }], birth: { birthDate: '1994-03-07' } }, sex: 'Feminine', citizenships: ['UA'] });
      ids.push(id);
    }
    const [a, b] = [await keysOf(ids[0]!), new Set(await keysOf(ids[1]!))];
    dateKeys = a.filter((k) => b.has(k));
    // the first person as stored before the full-date key existed: rows and encoding without it
    const old = new Set(dateKeys);
    const linkage = await db.selectFrom('person_linkage').select('encoding').where('person_id', '=', ids[0]!).executeTakeFirstOrThrow();
    const encoded = fromStoredEncoding(linkage.encoding);
    await db
      .updateTable('person_linkage')
      .set({ encoding: toStoredEncoding({ ...encoded, blockingKeys: encoded.blockingKeys.filter((k) => !old.has(k)) }) })
      .where('person_id', '=', ids[0]!)
      .execute();
    await db
      .deleteFrom('person_blocking_keys')
      .where('person_id', '=', ids[0]!)
      .where('key', 'in', dateKeys.map((k) => blockingKeyBytes(k)))
      .execute();
  });
  afterAll(async () => {
    if (!skip) await t.drop();
  });

  it.skipIf(skip)('gives a person encoded before the full-date key that key, in the rows and the stored encoding', async () => {
    expect(dateKeys.length).toBeGreaterThan(0);
    const before = await keysOf(ids[0]!);
    for (const k of dateKeys) expect(before).not.toContain(k);
    const others = await keysOf(ids[2]!);

    const progress: [number, number][] = [];
    const report = await systemReencodePersons({ db: t.database.db, cipher, encoder, batch: 2, onProgress: (d, n) => progress.push([d, n]) });
    expect(report).toMatchObject({ resumed: false, done: 5, runDone: 5, total: 5 });
    expect(progress.at(-1)).toEqual([5, 5]);

    const after = await keysOf(ids[0]!);
    for (const k of dateKeys) expect(after).toContain(k);
    expect(after).toEqual([...new Set([...before, ...dateKeys])].sort());
    const stored = await t.database.db.selectFrom('person_linkage').select('encoding').where('person_id', '=', ids[0]!).executeTakeFirstOrThrow();
    for (const k of dateKeys) expect(fromStoredEncoding(stored.encoding).blockingKeys).toContain(k);
    // a person already up to date keeps exactly its keys
    expect(await keysOf(ids[2]!)).toEqual(others);

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'record_type', 'record_id', 'details'])
      .where('action', '=', 'person.reencode')
      .orderBy('id')
      .execute();
    // 5 persons in batches of 2: three batches, the last one short and finished
    expect(audit).toHaveLength(3);
    expect(audit.every((a) => a.actor_user_id === null && a.record_type === reencodeRecord.recordType && a.record_id === reencodeRecord.recordId)).toBe(true);
    const details = audit.map((a) => (typeof a.details === 'string' ? JSON.parse(a.details) : a.details) as Record<string, unknown>);
    expect(details.map((d) => [d.persons, d.runDone, d.finished])).toEqual([
      [2, 2, false],
      [2, 4, false],
      [1, 5, true],
    ]);
    const text = JSON.stringify(details);
    for (const word of ['Olena', 'Kovalenko', 'Tesfay', '1994']) expect(text).not.toContain(word);
  });

  it.skipIf(skip)('resumes a run stopped half way after its last committed batch, or starts over with restart', async () => {
    const sorted = [...ids].sort();
    // a run that stopped after committing the persons up to the third id
    await writeAudit({
      db: t.database.db,
      context: { userId: null, orgId: null, ip: null, requestId: 'test' },
      entry: { action: 'person.reencode', outcome: 'success', ...reencodeRecord, fields: ['identity'], details: { run: 'stopped-run', after: sorted[2]!, persons: 3, runDone: 3, total: 5, finished: false, resumed: false } },
    });
    const resumed = await systemReencodePersons({ db: t.database.db, cipher, encoder, batch: 10 });
    expect(resumed).toMatchObject({ run: 'stopped-run', resumed: true, done: 2, runDone: 5, total: 5 });
    // finished: the next call is a new run over everyone
    const fresh = await systemReencodePersons({ db: t.database.db, cipher, encoder, batch: 10 });
    expect(fresh).toMatchObject({ resumed: false, done: 5 });
    expect(fresh.run).not.toBe('stopped-run');

    await writeAudit({
      db: t.database.db,
      context: { userId: null, orgId: null, ip: null, requestId: 'test' },
      entry: { action: 'person.reencode', outcome: 'success', ...reencodeRecord, fields: ['identity'], details: { run: 'stopped-again', after: sorted[0]!, persons: 1, runDone: 1, total: 5, finished: false, resumed: false } },
    });
    const restarted = await systemReencodePersons({ db: t.database.db, cipher, encoder, batch: 10, restart: true });
    expect(restarted).toMatchObject({ resumed: false, done: 5 });
  });
});

const bin = fileURLToPath(new URL('../../bin/ponte.js', import.meta.url));

function ponte(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && !k.startsWith('PONTE_')));
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...clean, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const pgCase = (await engineCases()).find((c) => c.engine === 'postgresql') ?? { engine: 'postgresql' as const, skip: true };

describe.each([pgCase])('ponte persons reencode and age-bands on $engine', ({ engine, skip }) => {
  let t: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestDatabase(engine);
    env = { DATABASE_URL: t.url ?? '', PONTE_MASTER_KEY: masterKey.toString('base64'), NODE_ENV: 'test', PONTE_LOG_LEVEL: 'silent' };
    const db = t.database.db;
    const cipher = new FieldCipher({ db, masterKey });
    const linkage = createEncoder({ key: deriveLinkageKey(masterKey) });
    const orgId = await ensureTestOrganisation({ db, code: 'reencode-cli' });
    for (const given of ['Amina', 'Grace', 'Olena']) {
      const { id } = await insertPerson({ db, cipher, linkage, orgId, identity: { names: [{ kind: 'primary', given, family: 'Clitest' }], birth: { birthDate: '2000-01-02' } } });
      if (given !== 'Olena') await insertCase({ db, orgId, personId: id });
    }
  });
  afterAll(async () => {
    if (!skip) await t.drop();
  });

  it.skipIf(skip)('re-encodes every person with a progress bar on stderr and nothing of an identity printed', async () => {
    const r = await ponte(['persons', 'reencode', '--batch', '2'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('3/3 persons');
    expect(r.stderr).toContain('persons reencode: 3 person(s) re-encoded, 3 in the registry');
    expect(r.stderr).not.toMatch(/Amina|Grace|Olena|Clitest|2000/);
    const audit = await t.database.db.selectFrom('audit_log').select('actor_user_id').where('action', '=', 'person.reencode').execute();
    expect(audit).toEqual([{ actor_user_id: null }, { actor_user_id: null }]);

    const bad = await ponte(['persons', 'reencode', '--batch', '0'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--batch must be an integer from 1 to 10000');
  });

  it.skipIf(skip)('fills the age bands with the same progress on stderr, audited once per batch', async () => {
    await t.database.db.updateTable('cases').set({ age_band: null }).execute();
    const r = await ponte(['persons', 'age-bands', '--batch', '1'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('persons age-bands: 100% 2/2 persons');
    expect(r.stderr).toContain('persons age-bands: 2 person(s) with cases read, 2 case(s), 2 band(s) written');
    expect(r.stderr).not.toMatch(/Amina|Grace|Olena|Clitest|2000|\r/);
    expect(await t.database.db.selectFrom('audit_log').select('actor_user_id').where('action', '=', 'case.age_band').execute()).toEqual([{ actor_user_id: null }, { actor_user_id: null }]);
    const band = caseAgeBand({ birthDate: '2000-01-02' }, new Date());
    expect(band).not.toBeNull();
    expect((await t.database.db.selectFrom('cases').select('age_band').execute()).map((c) => c.age_band)).toEqual([band, band]);
  });
});
