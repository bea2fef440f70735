/**
 * The answer deadline of a referral that follows a procedure is the earlier of the reason's
 * answer window and the procedure's first step (whose own due date stays the procedure's); and a
 * referral waiting for its answer is warned once, by the referrals feature, not a second time by
 * the procedure warner. Once answered, the procedure's next steps are warned as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { insertTestReferral } from './fixtures.ts';
import { systemSeedBuiltinProcedures, systemWarnProcedureSteps } from '../../src/server/features/procedures/runs.ts';
import { systemExpireReferrals } from '../../src/server/features/referrals/service.ts';
import { deadlineFrom } from '../../src/domain/calendar/index.ts';
import { REFERRAL_ANSWER_WORKING_DAYS } from '../../src/domain/procedures/index.ts';

describe.each(await engineCases())('referral answer deadline and its warning on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let orgA: string;
  let orgB: string;
  let aWorker: LoggedIn;
  let bWorker: LoggedIn;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    const db = t.database.db;
    await systemSeedBuiltinProcedures({ db });
    orgA = await ensureTestOrganisation({ db, code: 'dl-a' });
    orgB = await ensureTestOrganisation({ db, code: 'dl-b' });
    aWorker = await loginAs({ t, roleKey: 'case_worker', orgId: orgA });
    bWorker = await loginAs({ t, roleKey: 'case_worker', orgId: orgB });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  async function kindsFor(id: string) {
    const rows = await t.database.db.selectFrom('notifications').select('kind').where('record_id', '=', id).where('user_id', '=', bWorker.userId).orderBy('created_at').execute();
    return rows.map((r) => r.kind);
  }
  async function stepsOf(id: string) {
    const db = t.database.db;
    const run = await db.selectFrom('procedure_runs').select('id').where('subject_type', '=', 'referral').where('subject_id', '=', id).executeTakeFirstOrThrow();
    return db.selectFrom('procedure_run_steps').selectAll().where('run_id', '=', run.id).orderBy('position').execute();
  }
  async function tick(at: Date) {
    await systemExpireReferrals({ db: t.database.db, now: at });
    await systemWarnProcedureSteps({ db: t.database.db, now: at });
  }

  it.skipIf(skip)('Thursday: 72 hours end on Sunday, the 3-working-day step on Tuesday; one warning, then expiry', async () => {
    const db = t.database.db;
    const sentAt = new Date('2026-03-12T09:00:00Z');
    const id = await insertTestReferral(db, { fromOrgId: orgA, fromUserId: aWorker.userId, toOrgId: orgB, now: sentAt });
    const row = await db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const byReason = new Date(sentAt.getTime() + 72 * 3_600_000);
    const stepDue = deadlineFrom({ from: sentAt, duration: { amount: REFERRAL_ANSWER_WORKING_DAYS, unit: 'working_days' } });
    expect(byReason.getTime()).toBeLessThan(stepDue.getTime());
    expect(new Date(row.answer_due_at).toISOString()).toBe(byReason.toISOString());
    const steps = await stepsOf(id);
    expect(steps.map((s) => [s.step_key, s.due_at && new Date(s.due_at).toISOString()])).toEqual([['sent', stepDue.toISOString()]]);

    // Every hour until past the step's own due date: one warning (referral.due_soon), the expiry, nothing else.
    for (let at = sentAt.getTime(); at <= stepDue.getTime() + 2 * 3_600_000; at += 3_600_000) await tick(new Date(at));
    expect(await kindsFor(id)).toEqual(['referral.received', 'referral.due_soon']);
    expect((await db.selectFrom('referrals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('expired');
    const notifiedSender = await db.selectFrom('notifications').select('kind').where('record_id', '=', id).where('user_id', '=', aWorker.userId).execute();
    expect(notifiedSender.map((n) => n.kind)).toEqual(['referral.expired']);
    expect((await stepsOf(id)).map((s) => s.step_key)).toEqual(['sent', 'expired']);
  });

  it.skipIf(skip)('Monday: the working-day step ends first and is the answer deadline; once accepted, the next step is warned by the procedure', async () => {
    const db = t.database.db;
    const sentAt = new Date('2026-03-16T16:00:00Z');
    const id = await insertTestReferral(db, { fromOrgId: orgA, fromUserId: aWorker.userId, toOrgId: orgB, now: sentAt });
    const row = await db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const stepDue = deadlineFrom({ from: sentAt, duration: { amount: REFERRAL_ANSWER_WORKING_DAYS, unit: 'working_days' } });
    const byReason = new Date(sentAt.getTime() + 72 * 3_600_000);
    const earlier = stepDue.getTime() < byReason.getTime() ? stepDue : byReason;
    expect(new Date(row.answer_due_at).toISOString()).toBe(earlier.toISOString());
    // Accept through the API (the run moves to its next step), then let time run past that step.
    t.clock.set(new Date(sentAt.getTime() + 3_600_000));
    const worker = await loginAs({ t, roleKey: 'case_worker', orgId: orgB, email: bWorker.email });
    const r = await t.app.inject({ method: 'POST', url: `/api/referrals/${id}/transitions`, headers: worker.headers, payload: { version: row.version, to: 'accepted' } });
    expect(r.statusCode, r.body).toBe(200);
    const accepted = (await stepsOf(id)).at(-1);
    expect(accepted?.step_key).toBe('accepted');
    const due = new Date(accepted?.due_at ?? 0);
    for (let at = t.clock.now().getTime(); at <= due.getTime() + 2 * 3_600_000; at += 3 * 3_600_000) await tick(new Date(at));
    expect((await kindsFor(id)).filter((k) => k.startsWith('procedure.'))).toEqual(['procedure.step_due_soon', 'procedure.step_overdue']);
    expect(await kindsFor(id)).not.toContain('referral.due_soon');
  });
});
