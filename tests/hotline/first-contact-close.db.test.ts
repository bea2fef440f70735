/**
 * The hotline's first-contact run follows its referral: the receiving body records "first contact
 * made" from the referral (the step closes, the run moves to assessment); when the referral is
 * declined or expires, the run is cancelled with the outcome recorded and never shows as overdue.
 * Driven by the controllable clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { lastAuditId } from '../access/snapshot.ts';
import { auditSince, call, makeWorld, namedCall, type HotlineWorld } from './helpers.ts';
import { systemSeedBuiltinProcedures, systemWarnProcedureSteps } from '../../src/server/features/procedures/runs.ts';
import { systemExpireReferrals } from '../../src/server/features/referrals/service.ts';

describe.each(await engineCases())('hotline first-contact run closing on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let w: HotlineWorld;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    w = await makeWorld(t);
    await systemSeedBuiltinProcedures({ db: t.database.db });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  async function routed(): Promise<{ callId: string; referralId: string; runId: string }> {
    const r = await call(t, w.operator, 'POST', '/api/hotline/calls', namedCall);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const callId = r.body.id as string;
    const referralId = (r.body.referral as { id: string }).id;
    const run = await t.database.db.selectFrom('procedure_runs').select('id').where('subject_type', '=', 'hotline_call').where('subject_id', '=', callId).executeTakeFirstOrThrow();
    return { callId, referralId, runId: run.id };
  }

  async function runRow(id: string) {
    return t.database.db.selectFrom('procedure_runs').select(['status', 'current_step', 'closed_outcome', 'completed_at']).where('id', '=', id).executeTakeFirstOrThrow();
  }

  it.skipIf(skip)('the receiving body records the first contact from the referral; the hotline and others cannot', async () => {
    const { referralId, runId } = await routed();
    const seen = await call(t, w.faroWorker, 'GET', `/api/referrals/${referralId}/first-contact`);
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect(seen.body).toMatchObject({ runId, pending: true, currentStep: 'first_contact', status: 'open' });

    for (const other of [w.operator, w.coordinator, w.otherCoordinator]) {
      expect((await call(t, other, 'GET', `/api/referrals/${referralId}/first-contact`)).status).toBe(404);
      expect((await call(t, other, 'POST', `/api/referrals/${referralId}/first-contact`, {})).status).toBe(404);
    }
    expect((await runRow(runId)).current_step).toBe('first_contact');

    const mark = await lastAuditId(t.database.db);
    const done = await call(t, w.faroWorker, 'POST', `/api/referrals/${referralId}/first-contact`, { note: 'Sentita al telefono, colloquio fissato.' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ pending: false, currentStep: 'assessment', status: 'open' });
    const steps = await t.database.db.selectFrom('procedure_run_steps').selectAll().where('run_id', '=', runId).orderBy('position').execute();
    expect(steps.map((s) => s.step_key)).toEqual(['first_contact', 'assessment']);
    expect(steps[0]?.completed_by).toBe(w.faroWorker.userId);
    expect(steps[0]?.note_enc).not.toBeNull();
    const audit = await auditSince(t, mark);
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['procedure.run_advance', 'hotline_first_contact.done']));

    const again = await call(t, w.faroWorker, 'POST', `/api/referrals/${referralId}/first-contact`, {});
    expect(again.status).toBe(409);
  });

  it.skipIf(skip)('a declined hotline referral closes the run with its outcome: no overdue warning afterwards', async () => {
    const start = t.clock.now();
    const { referralId, runId } = await routed();
    const ref = await call(t, w.faroWorker, 'GET', `/api/referrals/${referralId}`);
    expect(ref.status).toBe(200);
    const declined = await call(t, w.faroWorker, 'POST', `/api/referrals/${referralId}/transitions`, { to: 'declined', reason: 'Nessuna disponibilità nel territorio questa settimana.', version: ref.body.version });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    const run = await runRow(runId);
    expect(run).toMatchObject({ status: 'cancelled', closed_outcome: 'referral_declined' });
    expect(run.completed_at).not.toBeNull();

    const late = await systemWarnProcedureSteps({ db: t.database.db, now: new Date(start.getTime() + 30 * 3_600_000) });
    expect(late.overdue).toBe(0);
    const seen = await call(t, w.faroWorker, 'GET', `/api/referrals/${referralId}/first-contact`);
    expect(seen.body).toMatchObject({ status: 'cancelled', pending: false, closedOutcome: 'referral_declined' });
    expect((await call(t, w.faroWorker, 'POST', `/api/referrals/${referralId}/first-contact`, {})).status).toBe(409);
  });

  it.skipIf(skip)('after a decline the hotline routes the report again: a new referral and a new run for the new body', async () => {
    const { callId, referralId, runId } = await routed();
    const ref = await call(t, w.faroWorker, 'GET', `/api/referrals/${referralId}`);
    const declined = await call(t, w.faroWorker, 'POST', `/api/referrals/${referralId}/transitions`, { to: 'declined', reason: 'Nessun posto disponibile, proviamo altrove.', version: ref.body.version });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    const before = await call(t, w.operator, 'GET', `/api/hotline/calls/${callId}`);
    const again = await call(t, w.operator, 'PATCH', `/api/hotline/calls/${callId}`, { version: before.body.version, routing: { orgId: w.valleId, overrideReason: 'Il Faro non ha posti: la segnalazione va alla Valle.' } });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    const newReferral = (again.body.referral as { id: string }).id;
    expect(newReferral).not.toBe(referralId);
    expect((again.body.routing as { organisation: { id: string } }).organisation.id).toBe(w.valleId);
    const runs = await t.database.db.selectFrom('procedure_runs').select(['id', 'status', 'closed_outcome', 'org_ids']).where('subject_type', '=', 'hotline_call').where('subject_id', '=', callId).orderBy('started_at').execute();
    expect(runs.find((r) => r.id === runId)).toMatchObject({ status: 'cancelled', closed_outcome: 'referral_declined' });
    const open = runs.filter((r) => r.status === 'open');
    expect(open).toHaveLength(1);
    expect(open[0]?.org_ids).toEqual([w.hotlineId, w.valleId]);
    // While a referral is still open, the report cannot be routed elsewhere.
    const fresh = await call(t, w.operator, 'GET', `/api/hotline/calls/${callId}`);
    const refused = await call(t, w.operator, 'PATCH', `/api/hotline/calls/${callId}`, { version: fresh.body.version, routing: { orgId: w.faroId, overrideReason: 'Proviamo di nuovo con Il Faro.' } });
    expect(refused.status).toBe(409);
  });

  it.skipIf(skip)('an expired hotline referral closes the run as expired', async () => {
    const { runId } = await routed();
    const before = await systemExpireReferrals({ db: t.database.db, now: t.clock.now() });
    expect((await runRow(runId)).status).toBe('open');
    const result = await systemExpireReferrals({ db: t.database.db, now: new Date(t.clock.now().getTime() + 25 * 3_600_000) });
    expect(result.expired).toBeGreaterThan(before.expired);
    expect(await runRow(runId)).toMatchObject({ status: 'cancelled', closed_outcome: 'referral_expired' });
  });
});
