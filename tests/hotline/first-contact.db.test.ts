/**
 * A routed hotline call starts the receiving body's "first contact within 24 hours" procedure run
 * (on the call, hotline and body involved); the run shows on the SLA board; the body records the
 * first contact by moving the run on, which closes the step; the hotline cannot do it for the body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { lastAuditId } from '../access/snapshot.ts';
import { auditSince, call, makeWorld, namedCall, type HotlineWorld } from './helpers.ts';
import { systemSeedBuiltinProcedures, systemWarnProcedureSteps } from '../../src/server/features/procedures/runs.ts';

describe.each(await engineCases())('hotline first contact within 24 hours on $engine', ({ engine, skip }) => {
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

  it.skipIf(skip)('routing starts the run for the receiving body; the SLA board counts it; recording the contact closes the step', async () => {
    const db = t.database.db;
    const mark = await lastAuditId(db);
    const routedAt = t.clock.now();
    const r = await call(t, w.operator, 'POST', '/api/hotline/calls', namedCall);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const callId = r.body.id as string;
    expect(r.body.routing.organisation.id).toBe(w.faroId);

    const run = await db.selectFrom('procedure_runs').selectAll().where('subject_type', '=', 'hotline_call').where('subject_id', '=', callId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ procedure_key: 'hotline_first_contact', current_step: 'first_contact', status: 'open', org_ids: [w.hotlineId, w.faroId] });
    const [step] = await db.selectFrom('procedure_run_steps').selectAll().where('run_id', '=', run.id).execute();
    expect(step).toMatchObject({ step_key: 'first_contact', acting_org_id: w.faroId, completed_at: null });
    expect(new Date(step?.due_at ?? 0).toISOString()).toBe(new Date(routedAt.getTime() + 24 * 3_600_000).toISOString());
    const audit = await auditSince(t, mark);
    expect(audit.filter((e) => e.action === 'procedure.run_start').map((e) => e.record_id)).toContain(run.id);

    // The SLA board of the receiving body shows the open step.
    const sla = await call(t, w.faroWorker, 'GET', '/api/sla?procedure=hotline_first_contact');
    expect(sla.status, JSON.stringify(sla.body)).toBe(200);
    const firstContact = (sla.body.steps as { stepKey: string; open: number }[]).find((s) => s.stepKey === 'first_contact');
    expect(firstContact?.open).toBe(1);

    // Due soon six hours before: the body is warned.
    await systemWarnProcedureSteps({ db, now: new Date(routedAt.getTime() + 19 * 3_600_000) });
    const notes = await db.selectFrom('notifications').select(['kind', 'user_id']).where('record_type', '=', 'hotline_call').where('record_id', '=', callId).execute();
    expect(notes).toContainEqual({ kind: 'procedure.step_due_soon', user_id: w.faroWorker.userId });

    // The hotline may not record the body's first contact; the body does, with a note.
    const byHotline = await call(t, w.operator, 'POST', `/api/procedure-runs/${run.id}/advance`, { toStep: 'assessment' });
    expect(byHotline.status).toBe(403);
    const done = await call(t, w.faroWorker, 'POST', `/api/procedure-runs/${run.id}/advance`, { toStep: 'assessment', note: 'Contattata al numero indicato, colloquio fissato.' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const steps = await db.selectFrom('procedure_run_steps').selectAll().where('run_id', '=', run.id).orderBy('position').execute();
    expect(steps.map((s) => s.step_key)).toEqual(['first_contact', 'assessment']);
    expect(steps[0]?.completed_at).not.toBeNull();
    expect(steps[0]?.completed_by).toBe(w.faroWorker.userId);
    const after = await call(t, w.faroWorker, 'GET', '/api/sla?procedure=hotline_first_contact');
    const figures = (after.body.steps as { stepKey: string; open: number; completed: number; completedLate: number }[]).find((s) => s.stepKey === 'first_contact');
    expect(figures).toMatchObject({ open: 0, completed: 1, completedLate: 0 });
  });

  it.skipIf(skip)('a call logged without routing starts no run', async () => {
    const r = await call(t, w.operator, 'POST', '/api/hotline/calls', { ...namedCall, outcome: 'information_given' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const runs = await t.database.db.selectFrom('procedure_runs').select('id').where('subject_type', '=', 'hotline_call').where('subject_id', '=', r.body.id as string).execute();
    expect(runs).toEqual([]);
  });
});
