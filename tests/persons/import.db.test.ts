/**
 * `ponte import persons` on both engines, through the real command: unknown columns stop it
 * before anything is written; any rejected row stops the whole import (exit 1) unless
 * --skip-rejected; --dry-run writes nothing; a re-imported external_ref is rejected; rejected rows
 * are reported with row, column and reason (and in --report); imported persons read, and are
 * found, through the API like persons registered there; the import is audited as the system.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineCases, openTestDatabase } from '../helpers/engines.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { systemSeedBuiltinRoles } from '../../src/server/platform/bootstrap.ts';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/platform/config.ts';
import { ManualClock } from '../../src/server/platform/clock.ts';
import { loginAs } from '../helpers/login.ts';
import { csvLine, parseCsvText } from '../../src/cli/import-csv.ts';
import { fixtureRows, writeImportFile } from './import-fixture.ts';

const bin = fileURLToPath(new URL('../../bin/ponte.js', import.meta.url));
const masterKey = Buffer.alloc(32, 9).toString('base64');

function ponte(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && !k.startsWith('PONTE_')));
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...clean, NODE_ENV: 'test', PONTE_MASTER_KEY: masterKey, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe.each(await engineCases())('ponte import persons on $engine', ({ engine, skip }) => {
  const work = mkdtempSync(join(tmpdir(), 'ponte-import-'));
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  let withDb: <T>(fn: (database: Database) => Promise<T>) => Promise<T>;
  const file = (name: string): string => join(work, name);
  const count = (table: 'persons' | 'person_linkage' | 'audit_log') =>
    withDb(async (d) => Number((await d.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n));

  beforeAll(async () => {
    if (skip) return;
    if (engine === 'pglite') {
      const dataDir = join(work, 'data');
      env = { PONTE_DATA_DIR: dataDir };
      withDb = async (fn) => {
        const database = await openDatabase({ dataDir });
        try {
          return await fn(database);
        } finally {
          await database.close();
        }
      };
      await withDb(async (database) => {
        await migrate({ database });
        await systemSeedBuiltinRoles({ db: database.db });
      });
      drop = async () => undefined;
    } else {
      const t = await openTestDatabase('postgresql');
      env = { DATABASE_URL: t.url! };
      withDb = (fn) => fn(t.database);
      drop = () => t.drop();
    }
    await withDb((d) => d.db.insertInto('organisations').values([{ code: 'imp-org', name: 'Cooperativa Import', org_type: 'ngo' }, { code: 'imp-other', name: 'Altra Import', org_type: 'ngo' }]).execute());
  });
  afterAll(async () => {
    if (!skip) await drop();
    rmSync(work, { recursive: true, force: true });
  });

  it.skipIf(skip)('refuses unknown columns before writing anything', async () => {
    writeImportFile({ path: file('unknown.csv'), rows: fixtureRows({ count: 3 }), columns: ['prs_FirstName', 'prs_SecondName', 'prs_Nickname'] });
    const r = await ponte(['import', 'persons', file('unknown.csv'), '--org', 'imp-org', '--lang', 'en'], env);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/unknown columns: "prs_Nickname"/);
    expect(await count('persons')).toBe(0);
    expect(await count('audit_log')).toBe(0);
  }, 240_000);

  it.skipIf(skip)('stops the whole import when a row is rejected, and reports every rejected row', async () => {
    const rows = fixtureRows({ count: 6, refPrefix: 'BAD' });
    rows[1] = { ...rows[1], prs_Birthdate: '2099-01-01' };
    rows[2] = { ...rows[2], prs_Citizenship: 'NG;ZZ' };
    rows[3] = { ...rows[3], external_ref: 'BAD-0' };
    rows[4] = { ...rows[4], prs_FirstName: '', prs_MiddleName: '', prs_SecondName: '', alias: '' };
    writeImportFile({ path: file('bad.csv'), rows });
    const r = await ponte(['import', 'persons', file('bad.csv'), '--org', 'imp-org', '--report', file('bad-report.csv')], env);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/6 righe, 2 valide, 4 scartate, 0 importate/);
    expect(r.stderr).toMatch(/riga 3 prs_Birthdate: La data di nascita non può essere futura/);
    expect(r.stderr).toMatch(/riga 4 prs_Citizenship: codice paese sconosciuto/);
    expect(r.stderr).toMatch(/riga 5 external_ref: external_ref ripetuto nel file \(riga 2\)/);
    expect(r.stderr).toMatch(/riga 6 prs_FirstName: manca il nome/);
    const report = parseCsvText(readFileSync(file('bad-report.csv'), 'utf8'));
    expect(report[0]).toEqual(['row', 'column', 'reason']);
    expect(report.slice(1).map((x) => [x[0], x[1]])).toEqual([['3', 'prs_Birthdate'], ['4', 'prs_Citizenship'], ['5', 'external_ref'], ['6', 'prs_FirstName']]);
    expect(await count('persons')).toBe(0);
    const audit = await withDb((d) => d.db.selectFrom('audit_log').select(['action', 'outcome', 'details']).execute());
    expect(audit).toEqual([{ action: 'person.import', outcome: 'failure', details: expect.objectContaining({ rows: 6, imported: 0, rejected: 4 }) }]);

    const dry = await ponte(['import', 'persons', file('bad.csv'), '--org', 'imp-org', '--dry-run', '--lang', 'en'], env);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(/6 rows, 2 valid, 4 rejected, 0 imported \(dry run, nothing written\)/);

    const skipped = await ponte(['import', 'persons', file('bad.csv'), '--org', 'imp-org', '--skip-rejected', '--lang', 'en'], env);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stdout).toMatch(/6 rows, 2 valid, 4 rejected, 2 imported .* rows\/s/);
    expect(await count('persons')).toBe(2);
    expect(await count('person_linkage')).toBe(2);
  }, 240_000);

  it.skipIf(skip)('imports a file with BOM, CRLF and quoted fields; the persons read and are found through the API', async () => {
    const header = ['prs_FirstName', 'prs_SecondName', 'prs_Birthdate', 'prs_Gender', 'prs_Citizenship', 'prs_PrimaryLanguage', 'prs_SecondaryLanguage', 'prs_IdentityNumber', 'prs_MobilePhone', 'prs_NumberOfChildren', 'external_ref', 'alias'];
    const text =
      '\ufeff' +
      csvLine(header) +
      csvLine(['Ирина', 'Ткаченко', '1996-02-29', 'Feminine', 'UA', 'uk', 'rus', 'KV 998877', '+39 347 555 1234', '2', 'CSV-1', 'Ira, la bionda']) +
      csvLine(['Osas', 'Ehigiator', '2001', 'Feminine', 'NG;IT', 'edo', 'pcm;en', '', '', '', 'CSV-2', '']);
    writeFileSync(file('good.csv'), text);
    const dry = await ponte(['import', 'persons', file('good.csv'), '--org', 'imp-org', '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    const before = await count('persons');
    const r = await ponte(['import', 'persons', file('good.csv'), '--org', 'imp-org', '--lang', 'en'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2 rows, 2 valid, 0 rejected, 2 imported/);
    expect(await count('persons')).toBe(before + 2);

    // re-importing the same external references is refused
    const again = await ponte(['import', 'persons', file('good.csv'), '--org', 'imp-org', '--lang', 'en'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/row 2 external_ref: external_ref already present for this organisation/);
    expect(await count('persons')).toBe(before + 2);
    // …but another organisation may use the same references
    const other = await ponte(['import', 'persons', file('good.csv'), '--org', 'imp-other', '--lang', 'en'], env);
    expect(other.code, other.stderr).toBe(0);

    await withDb(async (database) => {
      const audit = await database.db.selectFrom('audit_log').select(['action', 'outcome', 'actor_user_id', 'record_id', 'fields', 'details']).where('request_id', '=', 'cli:import-persons').orderBy('id').execute();
      const creates = audit.filter((a) => a.action === 'person.create');
      expect(creates.length).toBe(6); // 2 (skip-rejected run) + 2 + 2
      for (const c of creates) {
        expect(c.actor_user_id).toBeNull();
        expect(c.details).toMatchObject({ source: 'import' });
      }
      expect(JSON.stringify(audit)).not.toMatch(/Ирина|Osas|KV 998877|CSV-1/);
      expect(audit.filter((a) => a.action === 'person.import' && a.outcome === 'success').map((a) => a.details)).toContainEqual(expect.objectContaining({ rows: 2, imported: 2, rejected: 0 }));

      const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', PONTE_LOG_LEVEL: 'silent', PONTE_MASTER_KEY: masterKey }), database, clock: new ManualClock(new Date()), logger: false });
      await app.ready();
      try {
        const worker = await loginAs({ t: { app, database, clock: new ManualClock(new Date()) }, roleKey: 'case_worker', orgCode: 'imp-org' });
        const found = await app.inject({ method: 'GET', url: `/api/persons?q=${encodeURIComponent('Irina Tkachenko')}`, headers: worker.headers });
        expect(found.statusCode, found.body).toBe(200);
        const [hit] = found.json<{ items: Array<{ id: string; displayName: string }> }>().items;
        expect(hit?.displayName).toBe('Ирина Ткаченко');
        const detail = (await app.inject({ method: 'GET', url: `/api/persons/${hit?.id}`, headers: worker.headers })).json();
        expect(detail).toMatchObject({
          names: [{ kind: 'primary', given: 'Ирина', family: 'Ткаченко' }, { kind: 'alias', full: 'Ira, la bionda' }],
          birth: { birthDate: '1996-02-29' },
          sex: 'Feminine',
          citizenships: ['UA'],
          languages: ['uk', 'ru'],
          documents: [{ type: 'other', number: 'KV 998877' }],
          phones: ['+39 347 555 1234'],
          children: [{ withPerson: false }, { withPerson: false }],
          externalRef: 'CSV-1',
          organisation: { code: 'imp-org' },
        });
        const byPhone = await app.inject({ method: 'GET', url: '/api/persons?q=3475551234', headers: worker.headers });
        expect(byPhone.json<{ items: Array<{ id: string }> }>().items.map((i) => i.id)).toEqual([hit?.id]);
      } finally {
        await app.close();
      }
    });
  }, 240_000);
});
