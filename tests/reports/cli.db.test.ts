/**
 * `ponte report` on both engines: the funder report of a project as PDF and the SIRIT tables as
 * XLSX, built by the CLI against the database, for a user whose permissions decide the view; a
 * progress bar on stderr; the file read back. Errors: unknown project, a user without
 * reports.generate, a bad period (exit code 2, a message, no stack trace).
 *
 * Data: body A leads project P; 12 women (Nigeria) in contact and 3 men (Pakistan) in screening,
 * cases opened on 1 February 2026.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { engineCases, openTestDatabase } from '../helpers/engines.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { systemSeedBuiltinRoles } from '../../src/server/platform/bootstrap.ts';
import { newCaseCode, newPersonCode } from '../../src/domain/persons/index.ts';

const bin = fileURLToPath(new URL('../../bin/ponte.js', import.meta.url));

function ponte(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && !k.startsWith('PONTE_')));
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...clean, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe.each(await engineCases())('ponte report on $engine', ({ engine, skip }) => {
  const work = mkdtempSync(join(tmpdir(), 'ponte-report-'));
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  let withDb: <T>(fn: (database: Database) => Promise<T>) => Promise<T>;
  const period = ['--from', '2026-01-01', '--to', '2026-06-30'];

  beforeAll(async () => {
    if (skip) return;
    if (engine === 'pglite') {
      const dir = join(work, 'db');
      env = { PONTE_DATA_DIR: dir };
      withDb = async (fn) => {
        const database = await openDatabase({ dataDir: dir });
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
    await withDb(async ({ db }) => {
      const org = (await db.insertInto('organisations').values({ code: 'cli-a', name: 'Ente CLI', org_type: 'ngo', provinces: ['058'] }).returning('id').executeTakeFirstOrThrow()).id;
      const project = await db.insertInto('projects').values({ code: 'cli-p', name: 'Piano CLI', period_start: '2026-01-01', period_end: '2026-12-31', funder: 'DPO', budget_total: '1000.00', lead_org_id: org }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('project_partners').values({ project_id: project.id, organisation_id: org, provinces: ['058'] }).execute();
      const role = async (key: string) => (await db.selectFrom('roles').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;
      for (const [email, key] of [['coordinatrice@cli.ponte.invalid', 'coordinator'], ['operatrice@cli.ponte.invalid', 'case_worker']] as const) {
        const u = await db.insertInto('users').values({ email, display_name: key }).returning('id').executeTakeFirstOrThrow();
        await db.insertInto('memberships').values({ user_id: u.id, organisation_id: org, role_id: await role(key) }).execute();
      }
      const add = async (sex: string, citizenship: string, phase: string) => {
        // Reports never read identities: an opaque placeholder stands in for the encrypted one.
        const p = await db.insertInto('persons').values({ code: newPersonCode(), owner_org_id: org, identity_enc: 'not-read-by-reports', sex, citizenships: [citizenship] }).returning('id').executeTakeFirstOrThrow();
        const c = await db.insertInto('cases').values({ code: newCaseCode(2026), person_id: p.id, org_id: org, phase, status: 'Active', minor_status: 'adult', opened_at: new Date('2026-02-01T10:00:00Z') }).returning('id').executeTakeFirstOrThrow();
        await db.insertInto('case_phase_history').values({ case_id: c.id, from_phase: null, to_phase: phase, changed_at: new Date('2026-02-01T10:00:00Z') }).execute();
      };
      for (let i = 0; i < 12; i++) await add('Feminine', 'NG', 'contact');
      for (let i = 0; i < 3; i++) await add('Masculine', 'PK', 'screening');
    });
  });
  afterAll(async () => {
    if (!skip) await drop();
    rmSync(work, { recursive: true, force: true });
  });

  it.skipIf(skip)('writes the funder report as PDF with a progress bar on stderr', async () => {
    const out = join(work, 'rapporto.pdf');
    const r = await ponte(['report', 'funder', '--project', 'cli-p', ...period, '--as', 'coordinatrice@cli.ponte.invalid', '--format', 'pdf', '--out', out], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('rapporto / report: 0%');
    expect(r.stderr).toContain('rapporto / report: 100%');
    expect(r.stdout).toContain(`${out}:`);
    expect(r.stdout).toContain('vista del coordinamento');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    const first = (await (await doc.getPage(1)).getTextContent()).items.map((x) => ('str' in x ? x.str : '')).join(' ');
    await doc.destroy();
    expect(first).toContain('Rapporto per il finanziatore');
    expect(first).toContain('Piano CLI (cli-p)');
  });

  it.skipIf(skip)('writes the SIRIT tables as XLSX with the computed totals', async () => {
    const out = join(work, 'sirit.xlsx');
    const r = await ponte(['report', 'sirit', '--project', 'cli-p', ...period, '--as', 'coordinatrice@cli.ponte.invalid', '--format', 'xlsx', '--out', out, '--lang', 'en'], env);
    expect(r.code, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Contacts by sex', 'Contacts by age (minors)', 'Contacts by nationality', 'Path by sex', 'Path by age (minors)', 'Path by nationality']);
    const ws = wb.getWorksheet('Path by sex')!;
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const contacts = rows.find((x) => x[0] === 'Cases in the contact phase')!;
    expect(contacts.slice(1, 5)).toEqual([12, 0, 0, 0]);
    const assessments = rows.find((x) => String(x[0]).startsWith('Assessments'))!;
    expect(assessments.slice(1, 5)).toEqual([0, 3, 0, 0]);
    const total = rows.find((x) => x[0] === 'Total')!;
    expect(total[1]).toMatchObject({ formula: 'SUM(B5:B9)', result: 12 });
    expect(total[5]).toMatchObject({ formula: 'SUM(F5:F9)', result: 15 });
  });

  it.skipIf(skip)('refuses an unknown project, a user without reports.generate and a reversed period, without a stack trace', async () => {
    const cases: Array<[string[], string]> = [
      [['--project', 'nessuno', ...period, '--as', 'coordinatrice@cli.ponte.invalid'], 'unknown project: nessuno'],
      [['--project', 'cli-p', ...period, '--as', 'operatrice@cli.ponte.invalid'], 'may not generate reports'],
      [['--project', 'cli-p', '--from', '2026-07-01', '--to', '2026-06-30', '--as', 'coordinatrice@cli.ponte.invalid'], '--from is after --to'],
    ];
    for (const [args, message] of cases) {
      const out = join(work, 'never.pdf');
      const r = await ponte(['report', 'funder', ...args, '--out', out], env);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    }
  });
});
