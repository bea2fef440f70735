/**
 * Economic support and budget on both engines: exact sums (3 × 0.10 = 0.30), the over-budget rule
 * (409 with the figures and nothing written, then recorded with a reason and audited as such),
 * concurrent expenses on one line (the line lock lets exactly the ones that fit through), scope
 * (lead body sees the whole project, a partner only what it paid, outsiders nothing; descriptions
 * of support to a person only for those who see the case), the funder's CSV and XLSX export (case
 * codes, no person's description, totals per line), the description never in clear in the
 * database, and budget lines that keep their id when the project is edited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import ExcelJS from 'exceljs';
import type { DB } from '../../src/db/schema.ts';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { lastAuditId, snapshot } from '../access/snapshot.ts';
import { insertCase, insertPerson } from '../helpers/records.ts';
import { scanForSecrets } from '../helpers/secrets.ts';

type Method = 'GET' | 'POST' | 'PATCH';

async function rowsDump(db: Kysely<DB>): Promise<Buffer> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<{ t: string }>`select t::text as t from ${sql.table(name)} t`.execute(db);
    parts.push(...rows.rows.map((r) => r.t));
  }
  return Buffer.from(parts.join('\n'), 'utf8');
}

interface Expense { id: string; amount: string; overBudget: boolean; overBudgetReason: string | null; description: string | null; descriptionHidden: boolean; caseCode: string | null; paidByOrganisationId: string }

describe.each(await engineCases())('expenses on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let leadId: string;
  let partnerA: string;
  let partnerB: string;
  let outsiderOrg: string;
  let projectId: string;
  let lines: Record<string, string>;
  let coordinator: LoggedIn;
  let workerA: LoggedIn;
  let workerB: LoggedIn;
  let outsider: LoggedIn;
  let specialistA: LoggedIn;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    t.clock.set('2025-06-15T10:00:00Z');
    const db = t.database.db;
    leadId = await ensureTestOrganisation({ db, code: 'exp-regione', type: 'region' });
    partnerA = await ensureTestOrganisation({ db, code: 'exp-partner-a' });
    partnerB = await ensureTestOrganisation({ db, code: 'exp-partner-b' });
    outsiderOrg = await ensureTestOrganisation({ db, code: 'exp-outsider' });
    const p = await db
      .insertInto('projects')
      .values({ code: 'exp-piano', name: 'Piano spese', period_start: '2025-01-01', period_end: '2025-12-31', funder: 'DPO', budget_total: '10000.00', lead_org_id: leadId })
      .returning('id')
      .executeTakeFirstOrThrow();
    projectId = p.id;
    await db.insertInto('project_partners').values([{ project_id: projectId, organisation_id: partnerA }, { project_id: projectId, organisation_id: partnerB }]).execute();
    const ls = await db
      .insertInto('project_budget_lines')
      .values([
        { project_id: projectId, code: 'C', label: 'Sostegno economico', amount: '100.00' },
        { project_id: projectId, code: 'T', label: 'Piccole spese', amount: '0.30' },
        { project_id: projectId, code: 'R', label: 'Concorrenza', amount: '100.00' },
      ])
      .returning(['id', 'code'])
      .execute();
    lines = Object.fromEntries(ls.map((l) => [l.code, l.id]));
    coordinator = await loginAs({ t, roleKey: 'coordinator', orgId: leadId });
    workerA = await loginAs({ t, roleKey: 'case_worker', orgId: partnerA });
    workerB = await loginAs({ t, roleKey: 'case_worker', orgId: partnerB });
    outsider = await loginAs({ t, roleKey: 'case_worker', orgId: outsiderOrg });
    specialistA = await loginAs({ t, roleKey: 'specialist', orgId: partnerA });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  function call(user: LoggedIn, method: Method, url: string, payload?: unknown) {
    return t.app.inject({ method, url, headers: user.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  }

  async function newCase(org: string): Promise<{ id: string; code: string }> {
    const person = await insertPerson({ db: t.database.db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId: org });
    return insertCase({ db: t.database.db, orgId: org, personId: person.id });
  }

  async function record(user: LoggedIn, body: object): Promise<Expense> {
    const r = await call(user, 'POST', `/api/projects/${projectId}/expenses`, body);
    expect(r.statusCode, r.body).toBe(201);
    return r.json<Expense>();
  }

  async function expectUnchanged(options: { user: LoggedIn; method: Method; url: string; payload?: unknown; status: number; audited?: string }) {
    const db = t.database.db;
    const before = await snapshot({ db, includeAudit: !options.audited });
    const mark = await lastAuditId(db);
    const r = await call(options.user, options.method, options.url, options.payload);
    expect(r.statusCode, r.body).toBe(options.status);
    expect(await snapshot({ db, includeAudit: !options.audited })).toEqual(before);
    if (options.audited) {
      const entries = await db.selectFrom('audit_log').select(['action', 'outcome', 'actor_user_id']).where('id', '>', mark).execute();
      expect(entries).toEqual([{ action: options.audited, outcome: 'denied', actor_user_id: options.user.userId }]);
    }
    return r;
  }

  // -------------------------------------------------------------------------------------------
  it.skipIf(skip)('three expenses of 0.10 fill a line of 0.30 exactly; the next cent is over budget', async () => {
    const c = await newCase(partnerA);
    for (const amount of ['0.1', 0.1, '0.10']) {
      await record(workerA, { budgetLineId: lines.T, caseId: c.id, category: 'transport', spentOn: '2025-03-10', amount });
    }
    const s = await call(coordinator, 'GET', `/api/projects/${projectId}/spending?from=2025-03-01&to=2025-03-31`);
    expect(s.statusCode, s.body).toBe(200);
    const line = s.json().lines.find((l: { code: string }) => l.code === 'T');
    expect(line).toMatchObject({ amount: '0.30', spent: '0.30', spentToDate: '0.30', remaining: '0.00', percent: '100.0', overBudget: false });
    const sum = await t.database.db.selectFrom('expenses').select(sql<string>`sum(amount)::text`.as('s')).where('budget_line_id', '=', lines.T!).executeTakeFirstOrThrow();
    expect(sum.s).toBe('0.30');
    const r = await expectUnchanged({ user: workerA, method: 'POST', url: `/api/projects/${projectId}/expenses`, payload: { budgetLineId: lines.T, caseId: c.id, category: 'transport', spentOn: '2025-03-11', amount: '0.01' }, status: 409 });
    expect(r.json().error).toMatchObject({ code: 'over_budget', figures: { lineAmount: '0.30', spent: '0.30', expense: '0.01', after: '0.31', excess: '0.01', budgetLineCode: 'T' } });
    expect(r.json().error.message).toContain('0,30 €');
  });

  it.skipIf(skip)('over budget: 409 with the figures and nothing written, then recorded with a reason and audited as such', async () => {
    await record(coordinator, { budgetLineId: lines.C, paidByOrganisationId: partnerB, category: 'housing', spentOn: '2025-04-01', amount: '95.50', receiptRef: 'FT-2025-041' });
    const body = { budgetLineId: lines.C, category: 'health', spentOn: '2025-04-02', amount: '4.51', description: 'Visita specialistica' };
    const refused = await expectUnchanged({ user: coordinator, method: 'POST', url: `/api/projects/${projectId}/expenses`, payload: body, status: 409 });
    expect(refused.json().error.figures).toEqual({ budgetLineId: lines.C, budgetLineCode: 'C', lineAmount: '100.00', spent: '95.50', expense: '4.51', after: '100.01', excess: '0.01' });
    // An empty reason is no reason.
    await expectUnchanged({ user: coordinator, method: 'POST', url: `/api/projects/${projectId}/expenses`, payload: { ...body, overBudgetReason: '' }, status: 400 });
    await expectUnchanged({ user: coordinator, method: 'POST', url: `/api/projects/${projectId}/expenses`, payload: { ...body, overBudgetReason: '   ' }, status: 400 });
    const mark = await lastAuditId(t.database.db);
    const e = await record(coordinator, { ...body, overBudgetReason: 'Urgenza sanitaria autorizzata dal capofila' });
    expect(e).toMatchObject({ amount: '4.51', overBudget: true, overBudgetReason: 'Urgenza sanitaria autorizzata dal capofila', description: 'Visita specialistica' });
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'outcome', 'fields', 'details']).where('id', '>', mark).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'expense.create', outcome: 'success', details: { overBudget: true, budgetLineId: lines.C } });
    expect(audit[0]?.fields).toContain('overBudgetReason');
    expect(JSON.stringify(audit)).not.toContain('Urgenza');
    // Below the line, no reason needed and none stored.
    const fits = await record(coordinator, { budgetLineId: lines.R, category: 'other', spentOn: '2025-04-03', amount: '1.00', overBudgetReason: 'non serve' });
    expect(fits).toMatchObject({ overBudget: false, overBudgetReason: null });
    const s = (await call(coordinator, 'GET', `/api/projects/${projectId}/spending`)).json();
    expect(s.lines.find((l: { code: string }) => l.code === 'C')).toMatchObject({ spentToDate: '100.01', remaining: '-0.01', percent: '100.0', overBudget: true });
    // Clean up line R for the concurrency test.
    await t.database.db.deleteFrom('expenses').where('budget_line_id', '=', lines.R!).execute();
  });

  it.skipIf(skip)('concurrent expenses on one line: exactly the ones that fit are recorded', async () => {
    const n = 20;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => call(coordinator, 'POST', `/api/projects/${projectId}/expenses`, { budgetLineId: lines.R, category: 'other', spentOn: '2025-05-02', amount: '10.00', receiptRef: `R-${i}` })),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(codes.filter((c) => c === 409)).toHaveLength(n - 10);
    const sum = await t.database.db.selectFrom('expenses').select(sql<string>`sum(amount)::text`.as('s')).where('budget_line_id', '=', lines.R!).executeTakeFirstOrThrow();
    expect(sum.s).toBe('100.00');
  });

  it.skipIf(skip)('scope: the lead body sees all, a partner what it paid, an outsider nothing; descriptions of support follow the case', async () => {
    const caseA = await newCase(partnerA);
    await record(workerA, { budgetLineId: lines.C, caseId: caseA.id, category: 'bureaucratic_fees', spentOn: '2025-05-10', amount: '16.00', description: 'Marca da bollo per il permesso di Blessing', overBudgetReason: 'Rinnovo urgente' });
    await record(workerB, { budgetLineId: lines.C, caseId: (await newCase(partnerB)).id, category: 'pocket_money', spentOn: '2025-05-11', amount: '30.00', overBudgetReason: 'Tasca mensile già prevista' });

    const asA = (await call(workerA, 'GET', `/api/projects/${projectId}/expenses`)).json();
    expect(asA.scope).toBe('organisation');
    expect(asA.items.every((e: Expense) => e.paidByOrganisationId === partnerA)).toBe(true);
    expect(asA.items.find((e: Expense) => e.caseCode === caseA.code)?.description).toBe('Marca da bollo per il permesso di Blessing');
    const asLead = (await call(coordinator, 'GET', `/api/projects/${projectId}/expenses`)).json();
    expect(asLead.scope).toBe('project');
    expect(new Set(asLead.items.map((e: Expense) => e.paidByOrganisationId))).toEqual(new Set([partnerA, partnerB, leadId]));
    // The coordinator does not see partner A's case: the case code, not the description.
    const seenByLead = asLead.items.find((e: Expense) => e.caseCode === caseA.code);
    expect(seenByLead).toMatchObject({ description: null, descriptionHidden: true, amount: '16.00' });

    const spendA = (await call(workerA, 'GET', `/api/projects/${projectId}/spending`)).json();
    expect(spendA.partners.map((p: { organisationId: string }) => p.organisationId)).toEqual([partnerA]);
    const spendLead = (await call(coordinator, 'GET', `/api/projects/${projectId}/spending`)).json();
    expect(spendLead.partners.length).toBe(3);
    // Totals agree: the sum of partners and of months is the total, exactly.
    const cents = (v: string) => BigInt(v.replace('.', ''));
    expect(spendLead.partners.reduce((a: bigint, p: { spent: string }) => a + cents(p.spent), 0n)).toBe(cents(spendLead.total));
    expect(spendLead.months.reduce((a: bigint, m: { spent: string }) => a + cents(m.spent), 0n)).toBe(cents(spendLead.total));
    expect(spendLead.months[0].month).toBe('2025-01');
    expect(spendLead.months).toHaveLength(12);

    // Outsiders, roles without budget.read, another body's filter: 404, audited, nothing changed.
    for (const url of [`/api/projects/${projectId}/expenses`, `/api/projects/${projectId}/spending`, `/api/projects/${projectId}/expenses/export`]) {
      await expectUnchanged({ user: outsider, method: 'GET', url, status: 404, audited: url.endsWith('spending') ? 'spending.read' : url.endsWith('export') ? 'expense.export' : 'expense.list' });
      await expectUnchanged({ user: specialistA, method: 'GET', url, status: 404, audited: url.endsWith('spending') ? 'spending.read' : url.endsWith('export') ? 'expense.export' : 'expense.list' });
    }
    await expectUnchanged({ user: workerA, method: 'GET', url: `/api/projects/${projectId}/expenses?organisationId=${partnerB}`, status: 404, audited: 'expense.list' });
    // The case tab: the case's body sees it; the coordinator of the lead body does not see partner A's case.
    const tab = await call(workerA, 'GET', `/api/cases/${caseA.id}/expenses`);
    expect(tab.statusCode, tab.body).toBe(200);
    expect(tab.json()).toMatchObject({ total: '16.00', items: [{ category: 'bureaucratic_fees', description: 'Marca da bollo per il permesso di Blessing' }] });
    await expectUnchanged({ user: coordinator, method: 'GET', url: `/api/cases/${caseA.id}/expenses`, status: 404, audited: 'expense.list' });
  });

  it.skipIf(skip)('recording: case workers only for visible cases, payers limited, dates within the period', async () => {
    const url = `/api/projects/${projectId}/expenses`;
    const caseA = await newCase(partnerA);
    const caseB = await newCase(partnerB);
    const base = { budgetLineId: lines.C, category: 'transport', spentOn: '2025-05-20', amount: '2.00', overBudgetReason: 'Biglietto urgente' };
    // A case worker (cases.write, no budget.write): project costs without a case are refused.
    await expectUnchanged({ user: workerA, method: 'POST', url, payload: base, status: 404, audited: 'expense.create' });
    // Another body's case: as if it did not exist.
    await expectUnchanged({ user: workerA, method: 'POST', url, payload: { ...base, caseId: caseB.id }, status: 404, audited: 'expense.create' });
    // Not a body of the project.
    await expectUnchanged({ user: outsider, method: 'POST', url, payload: { ...base, caseId: (await newCase(outsiderOrg)).id }, status: 404, audited: 'expense.create' });
    // A role without any of the permissions.
    await expectUnchanged({ user: specialistA, method: 'POST', url, payload: { ...base, caseId: caseA.id }, status: 404, audited: 'expense.create' });
    // A partner names only itself as payer; the lead body may name a partner.
    const bad = await expectUnchanged({ user: workerA, method: 'POST', url, payload: { ...base, caseId: caseA.id, paidByOrganisationId: partnerB }, status: 400 });
    expect(bad.json().error.issues[0].path).toBe('body.paidByOrganisationId');
    await expectUnchanged({ user: coordinator, method: 'POST', url, payload: { ...base, paidByOrganisationId: outsiderOrg }, status: 400 });
    // Dates: within the project's period, not in the future; amounts positive, exact, two decimals at most.
    for (const payload of [
      { ...base, caseId: caseA.id, spentOn: '2024-12-31' },
      { ...base, caseId: caseA.id, spentOn: '2025-06-16' },
      { ...base, caseId: caseA.id, amount: '0.00' },
      { ...base, caseId: caseA.id, amount: '-1.00' },
      { ...base, caseId: caseA.id, amount: '1.005' },
      { ...base, caseId: caseA.id, amount: 1e21 },
      { ...base, caseId: caseA.id, amount: '10000000000.00' },
      { ...base, caseId: caseA.id, category: 'jewellery' },
      { ...base, caseId: caseA.id, description: 'a\u0000b' },
      { ...base, caseId: caseA.id, budgetLineId: '00000000-0000-4000-8000-000000000000' },
      { ...base, caseId: caseA.id, unknown: true },
    ]) {
      await expectUnchanged({ user: workerA, method: 'POST', url, payload, status: 400 });
    }
    const ok = await record(workerA, { ...base, caseId: caseA.id });
    expect(ok).toMatchObject({ caseCode: caseA.code, paidByOrganisationId: partnerA });
  });

  it.skipIf(skip)('the funder’s export: case codes only, no description of support to a person, totals per line, audited', async () => {
    const caseA = await newCase(partnerA);
    await record(workerA, { budgetLineId: lines.C, caseId: caseA.id, category: 'health', spentOn: '2025-06-01', amount: '12.34', description: 'Farmaci per Esther Okafor', receiptRef: '=HYPERLINK("x")', overBudgetReason: 'Cura necessaria' });
    await record(coordinator, { budgetLineId: lines.T, category: 'other', spentOn: '2025-06-02', amount: '0.00'.replace('0.00', '0.01'), description: 'Cancelleria, progetto', overBudgetReason: 'Arrotondamento' });
    const mark = await lastAuditId(t.database.db);
    const r = await call(coordinator, 'GET', `/api/projects/${projectId}/expenses/export?from=2025-06-01&to=2025-06-30`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    const csv = r.body;
    expect(csv).toContain(caseA.code);
    expect(csv).not.toContain('Esther');
    expect(csv).toContain('Cancelleria, progetto');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    const rows = csv.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(rows[0]).toMatch(/^Data,Voce,/);
    expect(rows.at(-1)).toBe(',,,,,12.35,,,,,Totale');
    expect(rows).toContain(',C,Sostegno economico,,,12.34,,,,,Totale voce');
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'outcome', 'details']).where('id', '>', mark).execute();
    expect(audit).toEqual([{ action: 'expense.export', outcome: 'success', details: expect.objectContaining({ format: 'csv', rows: 2, from: '2025-06-01', to: '2025-06-30' }) }]);

    const x = await t.app.inject({ method: 'GET', url: `/api/projects/${projectId}/expenses/export?format=xlsx&from=2025-06-01&to=2025-06-30`, headers: { ...workerA.headers, 'accept-language': 'en' } });
    expect(x.statusCode, x.body).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const totals = book.worksheets[1]!;
    const values = totals.getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1));
    // Partner A sees only what it paid.
    expect(values.at(-1)).toEqual(['', expect.any(String), 12.34]);
    expect(JSON.stringify(book.worksheets[0]!.getSheetValues())).not.toContain('Esther');
  });

  it.skipIf(skip)('descriptions and reasons are never in clear in the database', async () => {
    const hits = scanForSecrets({ secrets: ['Marca da bollo per il permesso di Blessing', 'Farmaci per Esther Okafor', 'Urgenza sanitaria autorizzata'], buffers: [{ name: 'rows', data: await rowsDump(t.database.db) }] });
    expect(hits).toEqual([]);
  });

  it.skipIf(skip)('editing the project keeps the budget lines’ ids; a line with expenses cannot be removed', async () => {
    const admin = await loginAs({ t, roleKey: 'system_admin', orgId: leadId });
    const keep = [
      { code: 'C', label: 'Sostegno economico alle persone', amount: '200.00' },
      { code: 'T', label: 'Piccole spese', amount: '0.30' },
      { code: 'R', label: 'Concorrenza', amount: '100.00' },
    ];
    const ok = await call(admin, 'PATCH', `/api/projects/${projectId}`, { budgetLines: keep });
    expect(ok.statusCode, ok.body).toBe(200);
    const after = await t.database.db.selectFrom('project_budget_lines').select(['id', 'code', 'label']).where('project_id', '=', projectId).execute();
    expect(after.find((l) => l.code === 'C')).toEqual({ id: lines.C, code: 'C', label: 'Sostegno economico alle persone' });
    const refused = await expectUnchanged({ user: admin, method: 'PATCH', url: `/api/projects/${projectId}`, payload: { budgetLines: keep.slice(0, 2) }, status: 409 });
    expect(refused.json().error.code).toBe('conflict');
  });
});
