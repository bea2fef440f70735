/**
 * Correcting and cancelling expenses on both engines: exact decimals after an edit, the
 * over-budget rule on the new amount (409 with the figures and nothing written, then accepted with
 * a reason), a stale version or a cancelled expense answering 409 (Italian and English) with
 * nothing changed, cancelled expenses kept but out of every total (spending, lists, the funder's
 * export), the reason stored encrypted, scope (404, audited, nothing changed) and audit entries
 * with field names only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { lastAuditId, snapshot } from '../access/snapshot.ts';
import { insertCase, insertPerson } from '../helpers/records.ts';

type Method = 'GET' | 'POST' | 'PATCH';

interface Expense { id: string; amount: string; version: number; overBudget: boolean; overBudgetReason: string | null; budgetLineId: string; spentOn: string; description: string | null; cancelledAt: string | null; cancelReason: string | null }

describe.each(await engineCases())('expense edits and cancellation on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let leadId: string;
  let partnerA: string;
  let partnerB: string;
  let projectId: string;
  let lines: Record<string, string>;
  let coordinator: LoggedIn;
  let workerA: LoggedIn;
  let workerB: LoggedIn;
  let specialistA: LoggedIn;
  let caseA: string;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    t.clock.set('2025-06-15T10:00:00Z');
    const db = t.database.db;
    leadId = await ensureTestOrganisation({ db, code: 'edit-regione', type: 'region' });
    partnerA = await ensureTestOrganisation({ db, code: 'edit-partner-a' });
    partnerB = await ensureTestOrganisation({ db, code: 'edit-partner-b' });
    const p = await db
      .insertInto('projects')
      .values({ code: 'edit-piano', name: 'Piano', period_start: '2025-01-01', period_end: '2025-12-31', funder: 'DPO', budget_total: '1000.00', lead_org_id: leadId })
      .returning('id')
      .executeTakeFirstOrThrow();
    projectId = p.id;
    await db.insertInto('project_partners').values([{ project_id: projectId, organisation_id: partnerA }, { project_id: projectId, organisation_id: partnerB }]).execute();
    const ls = await db
      .insertInto('project_budget_lines')
      .values([
        { project_id: projectId, code: 'S', label: 'Sostegno', amount: '100.00' },
        { project_id: projectId, code: 'M', label: 'Mobilità', amount: '10.00' },
      ])
      .returning(['id', 'code'])
      .execute();
    lines = Object.fromEntries(ls.map((l) => [l.code, l.id]));
    coordinator = await loginAs({ t, roleKey: 'coordinator', orgId: leadId });
    workerA = await loginAs({ t, roleKey: 'case_worker', orgId: partnerA });
    workerB = await loginAs({ t, roleKey: 'case_worker', orgId: partnerB });
    specialistA = await loginAs({ t, roleKey: 'specialist', orgId: partnerA });
    const person = await insertPerson({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId: partnerA });
    caseA = (await insertCase({ db, orgId: partnerA, personId: person.id })).id;
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  function call(user: LoggedIn, method: Method, url: string, payload?: unknown) {
    return t.app.inject({ method, url, headers: user.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
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
      const entries = await db.selectFrom('audit_log').select(['action', 'outcome']).where('id', '>', mark).execute();
      expect(entries).toEqual([{ action: options.audited, outcome: 'denied' }]);
    }
    return r;
  }

  async function lineSpent(code: string): Promise<string> {
    const s = await call(coordinator, 'GET', `/api/projects/${projectId}/spending`);
    expect(s.statusCode, s.body).toBe(200);
    const line = s.json<{ lines: Array<{ code: string; spentToDate: string }> }>().lines.find((l) => l.code === code);
    if (!line) throw new Error(`no line ${code}`);
    return line.spentToDate;
  }

  it.skipIf(skip)('an edit keeps exact decimals; going over the line needs a reason, checked on the new amount', async () => {
    await record(workerA, { budgetLineId: lines.S, caseId: caseA, category: 'transport', spentOn: '2025-03-10', amount: '40.10' });
    const e = await record(workerA, { budgetLineId: lines.S, caseId: caseA, category: 'health', spentOn: '2025-03-11', amount: '30.20', description: 'Ticket' });
    expect(e.version).toBe(1);
    // 40.10 + 59.90 = 100.00 exactly: fits.
    const fit = await call(workerA, 'PATCH', `/api/expenses/${e.id}`, { version: 1, amount: '59.90', spentOn: '2025-03-12', description: 'Ticket e farmaci' });
    expect(fit.statusCode, fit.body).toBe(200);
    expect(fit.json()).toMatchObject({ amount: '59.90', version: 2, spentOn: '2025-03-12', description: 'Ticket e farmaci', overBudget: false });
    expect(await lineSpent('S')).toBe('100.00');
    // One cent more: 409 with the figures of the new amount, nothing written.
    const over = await expectUnchanged({ user: workerA, method: 'PATCH', url: `/api/expenses/${e.id}`, payload: { version: 2, amount: '59.91' }, status: 409 });
    expect(over.json().error).toMatchObject({ code: 'over_budget', figures: { budgetLineCode: 'S', lineAmount: '100.00', spent: '40.10', expense: '59.91', after: '100.01', excess: '0.01' } });
    expect(over.json().error.message).toContain('59,91 €');
    await expectUnchanged({ user: workerA, method: 'PATCH', url: `/api/expenses/${e.id}`, payload: { version: 2, amount: '59.91', overBudgetReason: '  ' }, status: 400 });
    const mark = await lastAuditId(t.database.db);
    const withReason = await call(workerA, 'PATCH', `/api/expenses/${e.id}`, { version: 2, amount: '59.91', overBudgetReason: 'Farmaco urgente' });
    expect(withReason.statusCode, withReason.body).toBe(200);
    expect(withReason.json()).toMatchObject({ amount: '59.91', version: 3, overBudget: true, overBudgetReason: 'Farmaco urgente' });
    expect(await lineSpent('S')).toBe('100.01');
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'outcome', 'fields', 'details']).where('id', '>', mark).where('action', '=', 'expense.update').execute();
    expect(audit).toEqual([expect.objectContaining({ outcome: 'success', fields: ['amount', 'overBudgetReason'] })]);
    expect(audit[0]?.details).toMatchObject({ overBudget: true, version: 3 });
    expect(JSON.stringify(audit)).not.toMatch(/Farmaco|59\.91/);
    // Back under the line: the flag and its reason go.
    const under = await call(workerA, 'PATCH', `/api/expenses/${e.id}`, { version: 3, amount: '0.10' });
    expect(under.json()).toMatchObject({ amount: '0.10', version: 4, overBudget: false, overBudgetReason: null });
    expect(await lineSpent('S')).toBe('40.20');
    // Moving it to a line of 10.00 with 10.01: over that line.
    const moved = await expectUnchanged({ user: workerA, method: 'PATCH', url: `/api/expenses/${e.id}`, payload: { version: 4, budgetLineId: lines.M, amount: '10.01' }, status: 409 });
    expect(moved.json().error.figures).toMatchObject({ budgetLineCode: 'M', spent: '0', after: '10.01' });
    const ok = await call(workerA, 'PATCH', `/api/expenses/${e.id}`, { version: 4, budgetLineId: lines.M, amount: '10.00' });
    expect(ok.json()).toMatchObject({ budgetLineId: lines.M, amount: '10.00', version: 5 });
    expect([await lineSpent('S'), await lineSpent('M')]).toEqual(['40.10', '10.00']);
  });

  it.skipIf(skip)('a stale version answers 409 in the user\'s language and changes nothing', async () => {
    const e = await record(workerA, { budgetLineId: lines.S, caseId: caseA, category: 'transport', spentOn: '2025-04-01', amount: '1.00', overBudgetReason: 'Linea già oltre' });
    const ok = await call(workerA, 'PATCH', `/api/expenses/${e.id}`, { version: 1, amount: '1.50', overBudgetReason: 'Linea già oltre' });
    expect(ok.statusCode, ok.body).toBe(200);
    const it = await expectUnchanged({ user: workerA, method: 'PATCH', url: `/api/expenses/${e.id}`, payload: { version: 1, amount: '2.00', overBudgetReason: 'x' }, status: 409 });
    expect(it.json().error).toMatchObject({ code: 'conflict', message: 'La spesa è stata modificata nel frattempo: ricarica e riprova.' });
    await t.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', workerA.userId).execute();
    const en = await expectUnchanged({ user: workerA, method: 'POST', url: `/api/expenses/${e.id}/cancel`, payload: { version: 1, reason: 'doppia' }, status: 409 });
    expect(en.json().error.message).toBe('The expense was changed meanwhile: reload and try again.');
    await t.database.db.updateTable('users').set({ locale: 'it' }).where('id', '=', workerA.userId).execute();
  });

  it.skipIf(skip)('a cancelled expense is kept with its reason (encrypted) and leaves every total; it cannot be edited or cancelled again', async () => {
    const before = await lineSpent('M');
    const e = await record(coordinator, { budgetLineId: lines.M, paidByOrganisationId: partnerB, category: 'transport', spentOn: '2025-05-02', amount: '0.35', receiptRef: 'FT-9', overBudgetReason: 'Trasferta' });
    const cents = (v: string) => BigInt(v.replace('.', ''));
    expect(cents(await lineSpent('M')) - cents(before)).toBe(35n);
    const listed = (await call(coordinator, 'GET', `/api/projects/${projectId}/expenses`)).json();
    const cancelled = await call(coordinator, 'POST', `/api/expenses/${e.id}/cancel`, { version: 1, reason: 'Registrata due volte' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ version: 2, cancelReason: 'Registrata due volte', amount: '0.35' });
    expect(cancelled.json().cancelledAt).toBe('2025-06-15T10:00:00.000Z');
    expect(await lineSpent('M')).toBe(before);
    const after = (await call(coordinator, 'GET', `/api/projects/${projectId}/expenses`)).json();
    expect(after.items.find((i: Expense) => i.id === e.id)).toMatchObject({ cancelledAt: '2025-06-15T10:00:00.000Z', amount: '0.35' });
    expect(cents(listed.total) - cents(after.total)).toBe(35n);
    const csv = await call(coordinator, 'GET', `/api/projects/${projectId}/expenses/export?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).not.toContain('FT-9');
    const row = await t.database.db.selectFrom('expenses').select(['cancel_reason_enc', 'cancelled_by']).where('id', '=', e.id).executeTakeFirstOrThrow();
    expect(row.cancel_reason_enc).toMatch(/^v1:/);
    expect(row.cancelled_by).toBe(coordinator.userId);
    const again = await expectUnchanged({ user: coordinator, method: 'POST', url: `/api/expenses/${e.id}/cancel`, payload: { version: 2, reason: 'ancora' }, status: 409 });
    expect(again.json().error.message).toContain('annullata');
    await expectUnchanged({ user: coordinator, method: 'PATCH', url: `/api/expenses/${e.id}`, payload: { version: 2, amount: '0.30' }, status: 409 });
    await expectUnchanged({ user: coordinator, method: 'POST', url: `/api/expenses/${e.id}/cancel`, payload: { version: 2, reason: '' }, status: 400 });
    const audit = await t.database.db.selectFrom('audit_log').select(['fields', 'details']).where('action', '=', 'expense.cancel').where('record_id', '=', e.id).execute();
    expect(audit).toEqual([{ fields: ['cancelReason'], details: expect.objectContaining({ version: 2 }) }]);
    expect(JSON.stringify(audit)).not.toContain('due volte');
  });

  it.skipIf(skip)('scope: another partner, a role without write rights and the lead body on a case it does not see get 404, audited, nothing changed', async () => {
    const e = await record(workerA, { budgetLineId: lines.S, caseId: caseA, category: 'transport', spentOn: '2025-05-03', amount: '2.00', overBudgetReason: 'Linea già oltre' });
    for (const [user, method, url, payload, action] of [
      [workerB, 'PATCH', `/api/expenses/${e.id}`, { version: 1, amount: '1.00' }, 'expense.update'],
      [workerB, 'POST', `/api/expenses/${e.id}/cancel`, { version: 1, reason: 'no' }, 'expense.cancel'],
      [specialistA, 'PATCH', `/api/expenses/${e.id}`, { version: 1, amount: '1.00' }, 'expense.update'],
      [coordinator, 'PATCH', `/api/expenses/${e.id}`, { version: 1, amount: '1.00' }, 'expense.update'],
      [coordinator, 'POST', `/api/expenses/${e.id}/cancel`, { version: 1, reason: 'no' }, 'expense.cancel'],
      [workerA, 'PATCH', `/api/expenses/00000000-0000-4000-8000-000000000000`, { version: 1, amount: '1.00' }, 'expense.update'],
    ] as const) {
      await expectUnchanged({ user, method, url, payload, status: 404, audited: action });
    }
    // A project cost (no case) needs budget.write: the partner's case worker cannot touch it, the lead body's coordinator can.
    const cost = await record(coordinator, { budgetLineId: lines.S, paidByOrganisationId: partnerA, category: 'other', spentOn: '2025-05-04', amount: '3.00', overBudgetReason: 'Linea già oltre' });
    await expectUnchanged({ user: workerA, method: 'PATCH', url: `/api/expenses/${cost.id}`, payload: { version: 1, amount: '1.00' }, status: 404, audited: 'expense.update' });
    const byLead = await call(coordinator, 'PATCH', `/api/expenses/${cost.id}`, { version: 1, amount: '1.00', overBudgetReason: 'Linea già oltre' });
    expect(byLead.statusCode, byLead.body).toBe(200);
  });
});
