/**
 * Exports on both engines: the HTCDS record export (scope, encryption, audit, refusals) and the
 * CTDC export (victims only, no identifying value, k-anonymity with k = 3 here, audit).
 *
 * Body A: p1 (case c1, victim, born 2000-05-01), p2 (registered, no case), p3..p6 (victims, NG
 * women aged 24-26 at registration, so one CTDC class of 5 with p1), p7 (victim, PE man, 50: alone
 * in its class, left out). Body B: p8 with a case (never in A's HTCDS export).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { insertPerson } from '../helpers/records.ts';
import { newCaseCode } from '../../src/domain/persons/index.ts';
import { openContainer } from '../../src/domain/exports/container.ts';
import { htcdsExportColumns } from '../../src/domain/exports/htcds.ts';
import { CsvReader } from '../../src/cli/import-csv.ts';

const password = 'correct horse battery staple';
const at = (day: string) => new Date(`${day}T10:00:00Z`);

function parseCsv(text: string): string[][] {
  const reader = new CsvReader();
  return [...reader.push(text), ...reader.end()];
}

describe.each(await engineCases())('exports on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let db: Kysely<DB>;
  let a: string;
  let b: string;
  let coordinator: LoggedIn;
  let worker: LoggedIn;
  let analyst: LoggedIn;
  const codes: Record<string, string> = {};

  async function person(key: string, orgId: string, options: { sex: string; citizenships: string[]; birth?: string; given?: string }): Promise<string> {
    const p = await insertPerson({
      db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId, sex: options.sex, citizenships: options.citizenships,
      identity: { names: [{ kind: 'primary', given: options.given ?? `Nome${key}`, family: 'Prova' }], ...(options.birth ? { birth: { birthDate: options.birth } } : {}) },
    });
    codes[key] = p.code;
    return p.id;
  }
  async function kase(orgId: string, personId: string, opened: string, victim: boolean): Promise<string> {
    const code = newCaseCode(2026);
    await db.insertInto('cases').values({
      code, person_id: personId, org_id: orgId, phase: 'identification', status: 'Active', opened_at: at(opened), minor_status: 'adult',
      exploitation_types: ['SexualExploitation'], means_of_control: ['DebtBondage'], recruiter_relations: ['Acquainted'],
      trafficking_status: victim ? 'PossibleVictimOfTrafficking' : null, trafficking_status_decided_on: victim ? opened : null,
    }).execute();
    return code;
  }

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine, env: { PONTE_SMALL_CELL_K: '3' } });
    db = t.database.db;
    a = (await db.insertInto('organisations').values({ code: 'exp-a', name: 'Ente A', org_type: 'ngo', provinces: ['058'] }).returning('id').executeTakeFirstOrThrow()).id;
    b = (await db.insertInto('organisations').values({ code: 'exp-b', name: 'Ente B', org_type: 'ngo', provinces: ['001'] }).returning('id').executeTakeFirstOrThrow()).id;
    coordinator = await loginAs({ t, roleKey: 'coordinator', orgId: a });
    worker = await loginAs({ t, roleKey: 'case_worker', orgId: a });
    analyst = await loginAs({ t, roleKey: 'observatory_analyst', orgId: b });
    const p1 = await person('p1', a, { sex: 'Feminine', citizenships: ['NG'], birth: '2000-05-01', given: 'Amina' });
    codes.c1 = await kase(a, p1, '2026-03-01', true);
    await person('p2', a, { sex: 'Masculine', citizenships: ['PK'] });
    for (const [i, birth] of ['2001-01-15', '2000-09-09', '2001-06-30', '1999-12-01'].entries()) {
      const id = await person(`p${i + 3}`, a, { sex: 'Feminine', citizenships: ['NG'], birth });
      await kase(a, id, '2026-02-01', true);
    }
    const p7 = await person('p7', a, { sex: 'Masculine', citizenships: ['PE'], birth: '1976-01-01' });
    await kase(a, p7, '2026-04-01', true);
    const p8 = await person('p8', b, { sex: 'Feminine', citizenships: ['RO'] });
    codes.c8 = await kase(b, p8, '2026-01-20', true);
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('HTCDS: the coordinator gets an encrypted file of the body’s persons and cases, audited per person', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/exports/htcds', headers: coordinator.headers, payload: { format: 'csv', password } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/octet-stream');
    const bytes = r.rawPayload;
    expect(bytes.includes(Buffer.from('Amina'))).toBe(false);
    const records = parseCsv(openContainer({ bytes, password }).toString('utf8'));
    expect(records[0]).toEqual([...htcdsExportColumns]);
    const col = (name: string) => htcdsExportColumns.indexOf(name as (typeof htcdsExportColumns)[number]);
    const refs = records.slice(1).map((row) => row[col('external_ref')]);
    expect(new Set(refs)).toEqual(new Set(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'].map((k) => codes[k])));
    expect(refs).not.toContain(codes.p8);
    const p1 = records.find((row) => row[col('external_ref')] === codes.p1);
    expect(p1?.[col('prs_FirstName')]).toBe('Amina');
    expect(p1?.[col('prs_Birthdate')]).toBe('2000-05-01');
    expect(p1?.[col('pnt_CaseCode')]).toBe(codes.c1);
    expect(p1?.[col('vic_TypeOfExploitation')]).toBe('SexualExploitation');
    expect(records.find((row) => row[col('external_ref')] === codes.p2)?.[col('pnt_CaseCode')]).toBe('');
    expect(r.headers['x-export-rows']).toBe('7');

    const audit = await db.selectFrom('audit_log').select(['record_type', 'record_id', 'fields', 'details']).where('action', '=', 'export.htcds').where('actor_user_id', '=', coordinator.userId).where('outcome', '=', 'success').execute();
    expect(audit.filter((e) => e.record_type === 'person')).toHaveLength(7);
    const summary = audit.find((e) => e.record_type === 'export');
    expect(summary?.details).toMatchObject({ format: 'csv', rows: 7, persons: 7, cases: 6 });
    expect(JSON.stringify(audit)).not.toContain('Amina');

    const json = await t.app.inject({ method: 'POST', url: '/api/exports/htcds', headers: coordinator.headers, payload: { format: 'json', password } });
    const parsed = JSON.parse(openContainer({ bytes: json.rawPayload, password }).toString('utf8')) as { format: string; records: Array<Record<string, unknown>> };
    expect(parsed.format).toBe('ponte-htcds-export');
    expect(parsed.records).toHaveLength(7);
  });

  it.skipIf(skip)('HTCDS: refused without exports.personal (404, audited) and with a short password (400)', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/exports/htcds', headers: worker.headers, payload: { format: 'csv', password } });
    expect(r.statusCode).toBe(404);
    const denied = await db.selectFrom('audit_log').select('details').where('action', '=', 'export.htcds').where('actor_user_id', '=', worker.userId).where('outcome', '=', 'denied').execute();
    expect(denied).toHaveLength(1);
    const short = await t.app.inject({ method: 'POST', url: '/api/exports/htcds', headers: coordinator.headers, payload: { format: 'csv', password: 'short' } });
    expect(short.statusCode).toBe(400);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/exports/htcds', headers: { cookie: coordinator.cookie }, payload: { format: 'csv', password } });
    expect(noCsrf.statusCode).toBe(403);
  });

  it.skipIf(skip)('CTDC: one row per victim, no identifying value, every class ≥ k, audited', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/exports/ctdc?from=2026&to=2026', headers: analyst.headers });
    expect(r.statusCode).toBe(200);
    const records = parseCsv(r.body);
    const header = records[0] ?? [];
    expect(header.slice(0, 5)).toEqual(['yearOfRegistration', 'gender', 'ageBroad', 'majorityStatus', 'citizenship']);
    const rows = records.slice(1);
    // p1 and p3..p6: NG women 24-26 (level 0 keeps them together, class of 5); p7 alone (suppressed); p8: RO, alone (suppressed).
    expect(rows).toHaveLength(5);
    expect(r.headers['x-export-suppressed']).toBe('2');
    for (const row of rows) expect(row.slice(0, 5)).toEqual(['2026', 'Female', '24-26', 'Adult', 'NG']);
    for (const value of Object.values(codes)) expect(r.body).not.toContain(value);
    expect(r.body).not.toContain('Amina');
    expect(r.body).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const json = await t.app.inject({ method: 'GET', url: '/api/exports/ctdc?from=2026&to=2026&format=json', headers: coordinator.headers });
    expect(json.json()).toMatchObject({ k: 3, victims: 7, rows: 5, suppressed: 2, level: 0 });
    const audit = await db.selectFrom('audit_log').select(['fields', 'details']).where('action', '=', 'export.ctdc').where('actor_user_id', '=', analyst.userId).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ victims: 7, rows: 5, suppressed: 2, k: 3 });
  });

  it.skipIf(skip)('CTDC: 403 without stats.aggregate (audited); 400 for a reversed period', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/exports/ctdc', headers: worker.headers });
    expect(r.statusCode).toBe(403);
    const denied = await db.selectFrom('audit_log').select('id').where('action', '=', 'export.ctdc').where('actor_user_id', '=', worker.userId).where('outcome', '=', 'denied').execute();
    expect(denied).toHaveLength(1);
    const reversed = await t.app.inject({ method: 'GET', url: '/api/exports/ctdc?from=2026&to=2025', headers: analyst.headers });
    expect(reversed.statusCode).toBe(400);
  });
});
