/**
 * Standard operating procedures on both engines: definitions and versions over the API, runs
 * started and advanced through the service API with a manual clock (due dates across weekends,
 * holidays and the daylight-saving change), advancing over HTTP (bad steps, someone else's step,
 * bodies not involved), deadline warnings sent once, and the SLA board on a fixed dataset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { snapshot, lastAuditId } from '../access/snapshot.ts';
import { advanceRun, cancelRun, procedureFor, runFor, startRun, systemSeedBuiltinProcedures, systemWarnProcedureSteps } from '../../src/server/features/procedures/runs.ts';
import type { ProcedureDefinition } from '../../src/domain/procedures/index.ts';
import { randomUUID } from 'node:crypto';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Figs { open: number; dueSoon: number; overdue: number; completed: number; completedLate: number; medianHours: number | null; p90Hours: number | null }

const simple = (key: string, deadlineDays = 3): ProcedureDefinition => ({
  key,
  name: { it: 'Procedura di prova', en: 'Test procedure' },
  appliesTo: { subject: 'case' },
  steps: [
    { key: 'open_step', name: { it: 'Aperto', en: 'Open' }, actors: { orgTypes: ['ngo'] }, next: ['done'], deadline: { amount: deadlineDays, unit: 'working_days' }, warnBefore: { amount: 1, unit: 'working_days' } },
    { key: 'done', name: { it: 'Fatto', en: 'Done' }, actors: {}, next: [] },
  ],
});

describe.each(await engineCases())('procedures on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let commission: string;
  let ngo: string;
  let questura: string;
  let other: string;
  let slaNgo: string;
  let hotline: string;
  const u: Record<string, LoggedIn> = {};

  async function call(user: LoggedIn | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<{ status: number; body: Json }> {
    const r = await t.app.inject({ method, url, ...(user ? { headers: user.headers } : {}), ...(payload !== undefined ? { payload } : {}) });
    return { status: r.statusCode, body: r.body ? r.json<Json>() : {} };
  }
  /** Fresh sessions at the clock's current time (sessions time out when the clock moves on). */
  async function relogin(): Promise<void> {
    for (const [k, v] of Object.entries(u)) {
      const role = k.split(':')[0]!;
      u[k] = await loginAs({ t, roleKey: role, orgId: v.orgId, email: v.email });
    }
  }
  const db = () => t.database.db;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    t.clock.set('2026-01-12T09:00:00Z');
    await systemSeedBuiltinProcedures({ db: db() });
    commission = await ensureTestOrganisation({ db: db(), code: 'proc-commission', type: 'asylum_commission' });
    ngo = await ensureTestOrganisation({ db: db(), code: 'proc-ngo', type: 'ngo' });
    questura = await ensureTestOrganisation({ db: db(), code: 'proc-questura', type: 'police_immigration_office' });
    other = await ensureTestOrganisation({ db: db(), code: 'proc-other', type: 'ngo' });
    slaNgo = await ensureTestOrganisation({ db: db(), code: 'proc-sla-ngo', type: 'ngo' });
    hotline = await ensureTestOrganisation({ db: db(), code: 'proc-hotline', type: 'hotline' });
    u['system_admin:'] = await loginAs({ t, roleKey: 'system_admin', orgId: ngo });
    u['coordinator:'] = await loginAs({ t, roleKey: 'coordinator', orgId: ngo });
    u['case_worker:'] = await loginAs({ t, roleKey: 'case_worker', orgId: ngo });
    u['outreach_worker:'] = await loginAs({ t, roleKey: 'outreach_worker', orgId: ngo });
    u['agency_liaison:commission'] = await loginAs({ t, roleKey: 'agency_liaison', orgId: commission });
    u['agency_liaison:questura'] = await loginAs({ t, roleKey: 'agency_liaison', orgId: questura });
    u['case_worker:other'] = await loginAs({ t, roleKey: 'case_worker', orgId: other });
    u['case_worker:sla'] = await loginAs({ t, roleKey: 'case_worker', orgId: slaNgo });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('seeds the built-in procedures once; readers list them, others get 403 (audited)', async () => {
    expect(await systemSeedBuiltinProcedures({ db: db() })).toBe(0);
    const list = await call(u['case_worker:']!, 'GET', '/api/procedures');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { key: string }) => i.key)).toEqual(['commission_protocol', 'hotline_first_contact', 'referral_answer']);
    const mark = await lastAuditId(db());
    const denied = await call(u['outreach_worker:']!, 'GET', '/api/procedures');
    expect(denied.status).toBe(403);
    const audit = await db().selectFrom('audit_log').select(['action', 'outcome']).where('id', '>', mark).execute();
    expect(audit).toEqual([{ action: 'procedure.list', outcome: 'denied' }]);
    const read = await call(u['agency_liaison:commission']!, 'GET', '/api/procedures/commission_protocol');
    expect(read.status).toBe(200);
    expect(read.body.definition.steps.find((s: Json) => s.key === 'in_progress').deadline).toEqual({ amount: 30, unit: 'working_days' });
  });

  it.skipIf(skip)('picks the procedure for a referral: the commission protocol for the commission, the general one otherwise', async () => {
    expect(await procedureFor({ db: db() }, { subjectType: 'referral', reason: 'identification', senderOrgType: 'asylum_commission' })).toBe('commission_protocol');
    expect(await procedureFor({ db: db() }, { subjectType: 'referral', reason: 'identification', senderOrgType: 'ngo' })).toBe('referral_answer');
    expect(await procedureFor({ db: db() }, { subjectType: 'hotline_call' })).toBe('hotline_first_contact');
  });

  it.skipIf(skip)('creates a procedure; graph errors come back per field and nothing is written', async () => {
    const admin = u['system_admin:']!;
    const bad = simple('bad_graph');
    bad.steps[0]!.next = ['nowhere'];
    const before = await snapshot({ db: db() });
    const r = await call(admin, 'POST', '/api/procedures', { definition: bad });
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.definition.steps.0.next.0', 'body.definition.steps.1.key']);
    expect(await snapshot({ db: db() })).toEqual(before);
    const noEnd = simple('no_end');
    noEnd.steps = [noEnd.steps[0]!];
    noEnd.steps[0]!.next = [];
    noEnd.steps[0]!.deadline = undefined;
    noEnd.steps[0]!.warnBefore = undefined;
    noEnd.steps.push({ key: 'loop', name: { it: 'A', en: 'A' }, actors: { orgTypes: ['ngo'] }, next: ['loop2'] }, { key: 'loop2', name: { it: 'B', en: 'B' }, actors: { orgTypes: ['ngo'] }, next: ['loop'] });
    expect((await call(admin, 'POST', '/api/procedures', { definition: noEnd })).body.error.issues.map((i: { path: string }) => i.path)).toEqual(['body.definition.steps.1.key', 'body.definition.steps.2.key']);
    const ok = await call(admin, 'POST', '/api/procedures', { definition: simple('test_versions') });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ key: 'test_versions', version: 1, active: true, current: true });
    expect((await call(admin, 'POST', '/api/procedures', { definition: simple('test_versions') })).status).toBe(409);
    expect((await call(u['case_worker:']!, 'POST', '/api/procedures', { definition: simple('by_worker') })).status).toBe(403);
  });

  it.skipIf(skip)('editing makes a new version; runs keep the version they started with', async () => {
    const admin = u['system_admin:']!;
    const subject1 = randomUUID();
    const now = new Date('2026-01-12T09:00:00Z'); // Monday
    const run1 = await startRun({ db: db() }, { procedureKey: 'test_versions', subjectType: 'case', subjectId: subject1, orgIds: [ngo], now });
    expect(run1.dueAt).toBe('2026-01-15T22:59:59.999Z'); // 3 working days: Thursday night
    const stale = await call(admin, 'PUT', '/api/procedures/test_versions', { definition: simple('test_versions', 5), baseVersion: 2 });
    expect(stale.status).toBe(409);
    const v2 = await call(admin, 'PUT', '/api/procedures/test_versions', { definition: simple('test_versions', 5), baseVersion: 1 });
    expect(v2.status).toBe(200);
    expect(v2.body.version).toBe(2);
    expect(v2.body.versions.map((v: { version: number; active: boolean }) => [v.version, v.active])).toEqual([[2, true], [1, false]]);
    const renamed = await call(admin, 'PUT', '/api/procedures/test_versions', { definition: simple('other_key'), baseVersion: 2 });
    expect(renamed.status).toBe(400);
    const old = await call(admin, 'GET', '/api/procedures/test_versions?version=1');
    expect(old.body.definition.steps[0].deadline.amount).toBe(3);
    expect(old.body.current).toBe(false);
    const run2 = await startRun({ db: db() }, { procedureKey: 'test_versions', subjectType: 'case', subjectId: randomUUID(), orgIds: [ngo], now });
    expect(run2.procedureVersion).toBe(2);
    expect(run2.dueAt).toBe('2026-01-19T22:59:59.999Z'); // 5 working days: next Monday
    // The first run still follows version 1.
    const again = await runFor({ db: db() }, { subjectType: 'case', subjectId: subject1, now });
    expect(again).toMatchObject({ procedureVersion: 1, dueAt: '2026-01-15T22:59:59.999Z' });
    await expect(startRun({ db: db() }, { procedureKey: 'test_versions', subjectType: 'case', subjectId: subject1, orgIds: [ngo], now })).rejects.toMatchObject({ code: 'conflict' });
    await expect(startRun({ db: db() }, { procedureKey: 'test_versions', subjectType: 'referral', subjectId: randomUUID(), orgIds: [ngo], now })).rejects.toMatchObject({ code: 'conflict' });
  });

  it.skipIf(skip)('due dates skip weekends, Christmas and St Stephen, and cross the spring change', async () => {
    const start = (now: string) => startRun({ db: db() }, { procedureKey: 'referral_answer', subjectType: 'referral', subjectId: randomUUID(), orgIds: [other, ngo], now: new Date(now) });
    // Friday 16 January 2026, 10:00 → Mon, Tue, Wed: Wednesday night.
    expect((await start('2026-01-16T09:00:00Z')).dueAt).toBe('2026-01-21T22:59:59.999Z');
    // Tuesday 23 December 2025 → 24, (25, 26, 27, 28 off), 29, 30.
    expect((await start('2025-12-23T15:00:00Z')).dueAt).toBe('2025-12-30T22:59:59.999Z');
    // Friday 27 March 2026 → Mon 30, Tue 31, Wed 1 April, in summer time.
    expect((await start('2026-03-27T11:00:00Z')).dueAt).toBe('2026-04-01T21:59:59.999Z');
    // Thursday 31 October 2024, 1 November a Friday → Mon 4, Tue 5, Wed 6.
    expect((await start('2024-10-31T10:00:00Z')).dueAt).toBe('2024-11-06T22:59:59.999Z');
    // 24 hours of the hotline procedure are elapsed hours across the change.
    const h = await startRun({ db: db() }, { procedureKey: 'hotline_first_contact', subjectType: 'hotline_call', subjectId: randomUUID(), orgIds: [hotline, ngo], now: new Date('2026-03-28T11:00:00Z') });
    expect(h.dueAt).toBe('2026-03-29T11:00:00.000Z');
  });

  it.skipIf(skip)('the commission protocol over HTTP: who may move, bad steps refused, nothing written', async () => {
    t.clock.set('2026-02-02T09:00:00Z');
    await relogin();
    const run = await startRun({ db: db() }, { procedureKey: 'commission_protocol', subjectType: 'referral', subjectId: randomUUID(), orgIds: [commission, ngo], now: t.clock.now() });
    const url = `/api/procedure-runs/${run.id}`;
    const worker = u['case_worker:']!;
    const liaison = u['agency_liaison:commission']!;
    // Readers of involved bodies see it; a body not involved gets 404 (audited).
    expect((await call(liaison, 'GET', url)).status).toBe(200);
    const mark = await lastAuditId(db());
    expect((await call(u['case_worker:other']!, 'GET', url)).status).toBe(404);
    expect(await db().selectFrom('audit_log').select(['action', 'outcome']).where('id', '>', mark).execute()).toEqual([{ action: 'procedure.run_read', outcome: 'denied' }]);

    const before = await snapshot({ db: db() });
    const unknown = await call(worker, 'POST', `${url}/advance`, { toStep: 'nowhere' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues[0].path).toBe('body.toStep');
    expect((await call(worker, 'POST', `${url}/advance`, { toStep: 'completed' })).status).toBe(400);
    const mark403 = await lastAuditId(db());
    expect((await call(liaison, 'POST', `${url}/advance`, { toStep: 'accepted' })).status).toBe(403); // the receiver's step
    expect(await db().selectFrom('audit_log').select(['action', 'outcome']).where('id', '>', mark403).execute()).toEqual([{ action: 'procedure.run_advance', outcome: 'denied' }]);
    expect((await call(u['case_worker:other']!, 'POST', `${url}/advance`, { toStep: 'accepted' })).status).toBe(404);
    expect((await call(u['outreach_worker:']!, 'POST', `${url}/advance`, { toStep: 'accepted' })).status).toBe(404);
    expect(await snapshot({ db: db() })).toEqual(before);

    const accepted = await call(worker, 'POST', `${url}/advance`, { toStep: 'accepted', note: 'Colloquio fissato con la mediatrice.' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.currentStep).toBe('accepted');
    expect(accepted.body.steps[0]).toMatchObject({ key: 'sent', completedAt: '2026-02-02T09:00:00.000Z', note: 'Colloquio fissato con la mediatrice.' });
    const stored = await db().selectFrom('procedure_run_steps').select('note_enc').where('run_id', '=', run.id).where('step_key', '=', 'sent').executeTakeFirstOrThrow();
    expect(stored.note_enc).not.toContain('mediatrice');
    await call(worker, 'POST', `${url}/advance`, { toStep: 'in_progress' });
    const inProgress = (await call(worker, 'GET', url)).body;
    // 30 working days from Monday 2 February 2026: 13 March.
    expect(inProgress.steps.at(-1)).toMatchObject({ key: 'in_progress', dueAt: '2026-03-16T22:59:59.999Z', state: 'on_time' });
    await call(worker, 'POST', `${url}/advance`, { toStep: 'completed' });
    // The commission decides: refused with trafficking elements → the Questura, involved from now on.
    expect((await call(worker, 'POST', `${url}/advance`, { toStep: 'sent_to_questura' })).status).toBe(403);
    const toQuestura = await call(liaison, 'POST', `${url}/advance`, { toStep: 'sent_to_questura', involveOrgIds: [questura] });
    expect(toQuestura.status).toBe(200);
    expect(toQuestura.body.steps.at(-1).actingOrg.id).toBe(questura);
    const permit = await call(u['agency_liaison:questura']!, 'POST', `${url}/advance`, { toStep: 'permit_issued' });
    expect(permit.status).toBe(200);
    expect(permit.body).toMatchObject({ status: 'completed', currentStep: 'permit_issued', next: [] });
    expect((await call(u['agency_liaison:questura']!, 'POST', `${url}/advance`, { toStep: 'permit_refused' })).status).toBe(409);
    const actions = await db().selectFrom('audit_log').select('action').where('record_id', '=', run.id).where('outcome', '=', 'success').execute();
    expect(actions.filter((a) => a.action === 'procedure.run_advance')).toHaveLength(5);
  });

  it.skipIf(skip)('warns the acting body once when due soon and once when overdue; not after the step is done or the run cancelled', async () => {
    // Steps of the earlier tests are long overdue: notify them first, so that the counts below are this test's.
    await systemWarnProcedureSteps({ db: db(), now: new Date('2027-01-01T00:00:00Z') });
    const monday = new Date('2026-02-09T08:00:00Z');
    const subjectId = randomUUID();
    const run = await startRun({ db: db() }, { procedureKey: 'referral_answer', subjectType: 'referral', subjectId, orgIds: [commission, other], now: monday });
    const cancelled = await startRun({ db: db() }, { procedureKey: 'referral_answer', subjectType: 'referral', subjectId: randomUUID(), orgIds: [commission, other], now: monday });
    await cancelRun({ db: db() }, { runId: cancelled.id, now: monday });
    // Due Thursday 12 February, 23:59:59.999; warned from Wednesday 11, same time.
    const notes = () => db().selectFrom('notifications').select(['user_id', 'kind', 'record_type', 'record_id']).where('record_id', '=', subjectId).execute();
    expect(await systemWarnProcedureSteps({ db: db(), now: new Date('2026-02-11T22:00:00Z') })).toMatchObject({ dueSoon: 0, overdue: 0 });
    const r1 = await systemWarnProcedureSteps({ db: db(), now: new Date('2026-02-11T23:00:00Z') });
    expect(r1).toMatchObject({ dueSoon: 1, overdue: 0 });
    expect(await notes()).toEqual([{ user_id: u['case_worker:other']!.userId, kind: 'procedure.step_due_soon', record_type: 'referral', record_id: subjectId }]);
    expect(await systemWarnProcedureSteps({ db: db(), now: new Date('2026-02-12T10:00:00Z') })).toMatchObject({ dueSoon: 0, overdue: 0 });
    expect(await systemWarnProcedureSteps({ db: db(), now: new Date('2026-02-12T23:00:00Z') })).toMatchObject({ dueSoon: 0, overdue: 1 });
    expect(await systemWarnProcedureSteps({ db: db(), now: new Date('2026-02-13T23:00:00Z') })).toMatchObject({ dueSoon: 0, overdue: 0 });
    expect((await notes()).map((n) => n.kind)).toEqual(['procedure.step_due_soon', 'procedure.step_overdue']);
    // Moving on: the new step has its own deadline and warnings.
    await advanceRun({ db: db() }, { runId: run.id, toStep: 'expired', actorOrgId: null, now: new Date('2026-02-13T23:00:00Z') });
    expect(await systemWarnProcedureSteps({ db: db(), now: new Date('2026-03-30T23:00:00Z') })).toMatchObject({ dueSoon: 0, overdue: 0 });
    expect(await runFor({ db: db() }, { subjectType: 'referral', subjectId, now: new Date() })).toMatchObject({ status: 'completed', currentStep: 'expired' });
  });

  it.skipIf(skip)('SLA board on a fixed dataset: hand-computed figures; the network for coordinators, one\'s own body for others', async () => {
    const mon = '2026-02-02T09:00:00Z';
    const at = (h: number) => new Date(new Date(mon).getTime() + h * 3_600_000);
    const durations = [10, 20, 60];
    for (const d of durations) {
      const r = await startRun({ db: db() }, { procedureKey: 'referral_answer', subjectType: 'referral', subjectId: randomUUID(), orgIds: [commission, slaNgo], now: at(0) });
      await advanceRun({ db: db() }, { runId: r.id, toStep: 'accepted', actorOrgId: slaNgo, now: at(d) });
    }
    // Still waiting for an answer: due Thursday 5 February night, due soon from Wednesday night.
    await startRun({ db: db() }, { procedureKey: 'referral_answer', subjectType: 'referral', subjectId: randomUUID(), orgIds: [commission, slaNgo], now: at(0) });
    // A hotline report from Wednesday 09:00 UTC: 24 hours, overdue on Thursday 12:00.
    await startRun({ db: db() }, { procedureKey: 'hotline_first_contact', subjectType: 'hotline_call', subjectId: randomUUID(), orgIds: [hotline, slaNgo], now: new Date('2026-02-04T09:00:00Z') });
    // A cancelled run counts nowhere.
    const gone = await startRun({ db: db() }, { procedureKey: 'referral_answer', subjectType: 'referral', subjectId: randomUUID(), orgIds: [commission, slaNgo], now: at(0) });
    await cancelRun({ db: db() }, { runId: gone.id, now: at(1) });

    t.clock.set('2026-02-05T12:00:00Z');
    await relogin();
    const q = `from=2026-02-01&to=2026-02-05&orgId=${slaNgo}`;
    const board = await call(u['coordinator:']!, 'GET', `/api/sla?${q}`);
    expect(board.status, JSON.stringify(board.body)).toBe(200);
    expect(board.body.scope).toBe('network');
    const fig = (s: Figs): unknown[] => [s.open, s.dueSoon, s.overdue, s.completed, s.completedLate, s.medianHours, s.p90Hours];
    expect(board.body.steps.map((s: Figs & { procedureKey: string; stepKey: string }) => [s.procedureKey, s.stepKey, ...fig(s)])).toEqual([
      ['hotline_first_contact', 'first_contact', 1, 0, 1, 0, 0, null, null],
      ['referral_answer', 'sent', 1, 1, 0, 3, 0, 20, 52],
      ['referral_answer', 'accepted', 3, 0, 0, 0, 0, null, null],
    ]);
    expect(board.body.organisations.map((o: Figs & { orgId: string }) => [o.orgId, ...fig(o)])).toEqual([[slaNgo, 5, 1, 1, 3, 0, 20, 52]]);
    expect(board.body.total).toEqual({ open: 5, dueSoon: 1, overdue: 1, completed: 3, completedLate: 0, medianHours: 20, p90Hours: 52 });
    // Only the referral procedure; a period before the completions.
    const onlyReferrals = await call(u['coordinator:']!, 'GET', `/api/sla?${q}&procedure=referral_answer`);
    expect(onlyReferrals.body.total.open).toBe(4);
    const earlier = await call(u['coordinator:']!, 'GET', `/api/sla?from=2026-01-01&to=2026-01-31&orgId=${slaNgo}`);
    expect(earlier.body.total).toMatchObject({ completed: 0, medianHours: null, open: 5 });
    // The body's own case worker sees the same, for their body only.
    const own = await call(u['case_worker:sla']!, 'GET', '/api/sla?from=2026-02-01&to=2026-02-05');
    expect(own.body).toMatchObject({ scope: 'organisation', orgId: slaNgo });
    expect(own.body.total).toEqual(board.body.total);
    // Another body's case worker: their own body only; asking for another is refused.
    const outsider = await call(u['case_worker:other']!, 'GET', '/api/sla?from=2026-02-01&to=2026-02-05');
    expect(outsider.body.organisations.every((o: Json) => o.orgId === other)).toBe(true);
    expect((await call(u['case_worker:other']!, 'GET', `/api/sla?${q}`)).status).toBe(403);
    expect((await call(u['outreach_worker:']!, 'GET', '/api/sla')).status).toBe(403);
    expect((await call(u['coordinator:']!, 'GET', '/api/sla?from=2026-02-05&to=2026-02-01')).status).toBe(400);
  });
});
