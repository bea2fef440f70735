/**
 * The referral network's full path through the API, on both engines (issue 4): a hotline call
 * routed to the competent body → the body accepts, registers the person, opens and links its case
 * → the asylum commission's liaison refers the applicant to the same anti-trafficking body →
 * accepted → in progress → completed with the written report → a residence permit (art. 18,
 * social path) requested and submitted on the case. Every status, the procedure runs with their
 * steps and due dates, and the audit entries are checked; a manual clock lets an unanswered
 * referral expire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { lastAuditId } from '../access/snapshot.ts';
import { loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { auditSince, call, makeWorld, namedCall, type HotlineWorld } from '../hotline/helpers.ts';
import { systemSeedBuiltinProcedures } from '../../src/server/features/procedures/runs.ts';
import { systemExpireReferrals } from '../../src/server/features/referrals/service.ts';
import { deadlineFrom } from '../../src/domain/calendar/index.ts';
import { REFERRAL_ANSWER_WORKING_DAYS, COMMISSION_REPORT_WORKING_DAYS } from '../../src/domain/procedures/index.ts';

const wd = (amount: number) => ({ amount, unit: 'working_days' as const });
const hours = (from: Date, n: number) => new Date(from.getTime() + n * 3_600_000);
const earlier = (a: Date, b: Date) => (a.getTime() <= b.getTime() ? a : b);

describe.each(await engineCases())('referral network full path on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let w: HotlineWorld;
  let commissionId: string;
  let liaison: LoggedIn;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    w = await makeWorld(t);
    await systemSeedBuiltinProcedures({ db: t.database.db });
    commissionId = (
      await t.database.db
        .insertInto('organisations')
        .values({ code: 'fp-commissione', name: 'Commissione territoriale di prova', org_type: 'asylum_commission', provinces: ['058'] })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    liaison = await loginAs({ t, roleKey: 'agency_liaison', orgId: commissionId });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  async function referralRow(id: string) {
    return t.database.db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }
  async function runOf(referralId: string) {
    const db = t.database.db;
    const run = await db.selectFrom('procedure_runs').selectAll().where('subject_type', '=', 'referral').where('subject_id', '=', referralId).executeTakeFirstOrThrow();
    const steps = await db.selectFrom('procedure_run_steps').selectAll().where('run_id', '=', run.id).orderBy('position').execute();
    return { run, steps };
  }
  async function move(user: LoggedIn, id: string, body: Record<string, unknown>) {
    const version = (await referralRow(id)).version;
    const r = await call(t, user, 'POST', `/api/referrals/${id}/transitions`, { version, ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as Record<string, unknown>;
  }
  function expectAudited(entries: { action: string; outcome: string }[], actions: string[]) {
    for (const action of actions) expect(entries.filter((e) => e.action === action && e.outcome === 'success').length, action).toBeGreaterThan(0);
    expect(entries.filter((e) => e.outcome !== 'success')).toEqual([]);
  }

  it.skipIf(skip)('hotline call → body takes in charge → commission referral and report → residence permit', async () => {
    const db = t.database.db;
    const mark = await lastAuditId(db);
    const sentAt = t.clock.now();

    // 1. The hotline routes the call: a referral to Il Faro, following the 3-working-day procedure;
    // the referral must be answered within the hotline report's 24 hours, the earlier of the two.
    const callRes = await call(t, w.operator, 'POST', '/api/hotline/calls', namedCall);
    expect(callRes.status, JSON.stringify(callRes.body)).toBe(201);
    const hotlineRefId = callRes.body.referral.id as string;
    const answerDue = deadlineFrom({ from: sentAt, duration: wd(REFERRAL_ANSWER_WORKING_DAYS) });
    expect(hours(sentAt, 24).getTime()).toBeLessThan(answerDue.getTime());
    expect(callRes.body.routing.organisation.id).toBe(w.faroId);
    const ref = await referralRow(hotlineRefId);
    expect(ref).toMatchObject({ status: 'sent', source: 'hotline', to_org_id: w.faroId });
    expect(new Date(ref.answer_due_at).toISOString()).toBe(hours(sentAt, 24).toISOString());
    expect(callRes.body.referral.answerDueAt).toBe(hours(sentAt, 24).toISOString());
    // The procedure step keeps the procedure's own due date.
    let path = await runOf(hotlineRefId);
    expect(ref.procedure_run_id).toBe(path.run.id);
    expect(path.run).toMatchObject({ procedure_key: 'referral_answer', current_step: 'sent', status: 'open', org_ids: [w.hotlineId, w.faroId] });
    expect(path.steps.map((s) => [s.step_key, s.due_at && new Date(s.due_at).toISOString()])).toEqual([['sent', answerDue.toISOString()]]);

    // 2. Il Faro sees it in its inbox, accepts it.
    const inbox = await call(t, w.faroWorker, 'GET', '/api/referrals?box=in');
    expect(inbox.status, JSON.stringify(inbox.body)).toBe(200);
    expect(JSON.stringify(inbox.body)).toContain(hotlineRefId);
    const accepted = await move(w.faroWorker, hotlineRefId, { to: 'accepted' });
    expect(accepted.status).toBe('accepted');
    path = await runOf(hotlineRefId);
    expect(path.run.current_step).toBe('accepted');
    expect(path.steps.map((s) => s.step_key)).toEqual(['sent', 'accepted']);
    expect(path.steps[0]?.completed_at).not.toBeNull();
    expect(new Date(path.steps[1]?.due_at ?? 0).toISOString()).toBe(deadlineFrom({ from: t.clock.now(), duration: wd(5) }).toISOString());

    // 3. It registers the person, opens its case and links it to the hotline referral.
    const person = await call(t, w.faroWorker, 'POST', '/api/persons', { names: [{ kind: 'primary', given: 'Blessing', family: 'Percorsofinto' }], birth: { estimatedYear: 1999 }, sex: 'Feminine', citizenships: ['NG'], languages: ['pcm'] });
    expect(person.status, JSON.stringify(person.body)).toBe(201);
    const personId = person.body.id as string;
    const opened = await call(t, w.faroWorker, 'POST', '/api/cases', { personId });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const caseId = opened.body.id as string;
    const linked = await call(t, w.faroWorker, 'POST', `/api/referrals/${hotlineRefId}/link-case`, { caseId });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body).toMatchObject({ receiverCaseId: caseId, personId, status: 'accepted' });

    // 4. The commission refers the applicant to Il Faro (consent declared): the commission protocol.
    const commissionSentAt = t.clock.now();
    const sent = await call(t, liaison, 'POST', '/api/referrals', {
      toOrgId: w.faroId, reason: 'identification', urgency: 'urgent',
      subject: { names: [{ kind: 'primary', given: 'Blessing', family: 'Percorsofinto' }], birth: { estimatedYear: 1999 }, sex: 'Feminine', citizenships: ['NG'], languages: ['pcm'], fileReference: 'CT-RM-2026-0099', consent: { method: 'written', date: '2026-03-09' } },
      message: 'Audizione sospesa: indicatori di tratta.',
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ status: 'sent', consentBasis: 'consent' });
    const commissionRefId = sent.body.id as string;
    // Identification: 72 hours by the reason, 3 working days by the protocol's first step: the earlier.
    const commissionDue = deadlineFrom({ from: commissionSentAt, duration: wd(REFERRAL_ANSWER_WORKING_DAYS) });
    expect(sent.body.answerDueAt).toBe(earlier(hours(commissionSentAt, 72), commissionDue).toISOString());
    path = await runOf(commissionRefId);
    expect(new Date(path.steps[0]?.due_at ?? 0).toISOString()).toBe(commissionDue.toISOString());
    expect(path.run).toMatchObject({ procedure_key: 'commission_protocol', current_step: 'sent', status: 'open', org_ids: [commissionId, w.faroId] });
    expect((await referralRow(commissionRefId)).procedure_run_id).toBe(path.run.id);

    // 5. Il Faro accepts, links its case, starts and completes with the written report.
    expect((await move(w.faroWorker, commissionRefId, { to: 'accepted' })).status).toBe('accepted');
    const linked2 = await call(t, w.faroWorker, 'POST', `/api/referrals/${commissionRefId}/link-case`, { caseId });
    expect(linked2.status, JSON.stringify(linked2.body)).toBe(200);
    expect((await move(w.faroWorker, commissionRefId, { to: 'in_progress' })).status).toBe('in_progress');
    path = await runOf(commissionRefId);
    expect(path.run.current_step).toBe('in_progress');
    expect(new Date(path.steps.at(-1)?.due_at ?? 0).toISOString()).toBe(deadlineFrom({ from: t.clock.now(), duration: wd(COMMISSION_REPORT_WORKING_DAYS) }).toISOString());
    const done = await move(w.faroWorker, commissionRefId, { to: 'completed', outcome: 'report_sent', feedback: 'Relazione scritta trasmessa alla Commissione.' });
    expect(done).toMatchObject({ status: 'completed', outcome: 'report_sent' });
    // The commission reads the report's outcome; its procedure now waits for the commission's decision.
    const seen = await call(t, liaison, 'GET', `/api/referrals/${commissionRefId}`);
    expect(seen.body).toMatchObject({ side: 'sender', status: 'completed', outcome: 'report_sent', feedback: 'Relazione scritta trasmessa alla Commissione.' });
    path = await runOf(commissionRefId);
    expect(path.run).toMatchObject({ current_step: 'completed', status: 'open' });
    expect(path.steps.map((s) => s.step_key)).toEqual(['sent', 'accepted', 'in_progress', 'completed']);
    expect(path.steps.at(-1)?.acting_org_id).toBe(commissionId);
    expect(path.steps.at(-1)?.due_at).not.toBeNull();

    // 6. The residence permit (art. 18, social path) on the case: requested, then submitted.
    const permit = await call(t, w.faroWorker, 'POST', `/api/cases/${caseId}/permits`, { type: 'art18_social', proposerKind: 'social_services', questuraOrganisationId: w.questuraId });
    expect(permit.status, JSON.stringify(permit.body)).toBe(201);
    expect(permit.body).toMatchObject({ status: 'prepared', nextSteps: ['submitted'] });
    const submitted = await call(t, w.faroWorker, 'POST', `/api/permits/${permit.body.id}/steps`, { version: permit.body.version, to: 'submitted', on: '2026-03-10' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect(submitted.body.status).toBe('submitted');

    // The hotline referral can still go on to the end.
    expect((await move(w.faroWorker, hotlineRefId, { to: 'in_progress' })).status).toBe('in_progress');
    expect((await move(w.faroWorker, hotlineRefId, { to: 'completed', outcome: 'taken_in_charge', feedback: 'Presa in carico.' })).status).toBe('completed');
    path = await runOf(hotlineRefId);
    expect(path.run).toMatchObject({ current_step: 'completed', status: 'completed' });
    expect(path.steps.map((s) => s.step_key)).toEqual(['sent', 'accepted', 'in_progress', 'completed']);

    const entries = await auditSince(t, mark);
    expectAudited(entries, [
      'hotline_call.create', 'hotline_call.route', 'referral.create', 'procedure.run_start', 'referral.list', 'referral.transition', 'procedure.run_advance',
      'person.create', 'case.create', 'referral.link_case', 'referral.read', 'permit.write',
    ]);
    // Three runs: the two referrals' and the hotline call's first contact within 24 hours.
    const callRun = await db.selectFrom('procedure_runs').select('id').where('subject_type', '=', 'hotline_call').where('subject_id', '=', callRes.body.id as string).executeTakeFirstOrThrow();
    expect(entries.filter((e) => e.action === 'procedure.run_start').map((e) => e.record_id).sort()).toEqual([(await runOf(hotlineRefId)).run.id, (await runOf(commissionRefId)).run.id, callRun.id].sort());
    expect(JSON.stringify(entries)).not.toMatch(/Percorsofinto|Blessing/);
  });

  it.skipIf(skip)('an unanswered hotline referral expires after 24 hours, before its working-day step is due (manual clock), and so does its run', async () => {
    const db = t.database.db;
    t.clock.set('2026-03-12T09:00:00Z');
    const operator = await loginAs({ t, roleKey: 'hotline_operator', orgId: w.hotlineId, email: w.operator.email });
    const r = await call(t, operator, 'POST', '/api/hotline/calls', { ...namedCall, anonymous: true, caller: undefined });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = r.body.referral.id as string;
    const ref = await referralRow(id);
    const due = new Date(ref.answer_due_at);
    expect(due.toISOString()).toBe(hours(t.clock.now(), 24).toISOString());
    // The procedure's step: Thursday + 3 working days crosses a weekend, more than 72 hours; unchanged.
    const stepDue = new Date((await runOf(id)).steps[0]?.due_at ?? 0);
    expect(stepDue.toISOString()).toBe(deadlineFrom({ from: t.clock.now(), duration: wd(REFERRAL_ANSWER_WORKING_DAYS) }).toISOString());
    expect(stepDue.getTime() - t.clock.now().getTime()).toBeGreaterThan(72 * 3_600_000);
    t.clock.set(new Date(due.getTime() - 60_000));
    await systemExpireReferrals({ db, now: t.clock.now() });
    expect((await referralRow(id)).status).toBe('sent');
    t.clock.advance({ minutes: 2 });
    const mark = await lastAuditId(db);
    await systemExpireReferrals({ db, now: t.clock.now() });
    expect((await referralRow(id)).status).toBe('expired');
    const path = await runOf(id);
    expect(path.run).toMatchObject({ current_step: 'expired', status: 'completed' });
    expect(path.steps.map((s) => s.step_key)).toEqual(['sent', 'expired']);
    const entries = await auditSince(t, mark);
    expect(entries.filter((e) => e.record_id === id || e.record_id === path.run.id).map((e) => [e.action, e.outcome, e.actor_user_id])).toEqual([
      ['procedure.run_advance', 'success', null],
      ['referral.expire', 'success', null],
    ]);
  });

  it.skipIf(skip)('from a case: the run starts with the referral; a decline and a revocation end it', async () => {
    t.clock.set('2026-03-16T09:00:00Z');
    const worker = await loginAs({ t, roleKey: 'case_worker', orgId: w.faroId, email: w.faroWorker.email });
    const valleWorker = await loginAs({ t, roleKey: 'case_worker', orgId: w.valleId });
    const person = await call(t, worker, 'POST', '/api/persons', { names: [{ kind: 'primary', given: 'Joy', family: 'Casofinto' }], birth: { estimatedYear: 2000 }, citizenships: ['NG'], languages: ['en'] });
    expect(person.status, JSON.stringify(person.body)).toBe(201);
    const opened = await call(t, worker, 'POST', '/api/cases', { personId: person.body.id });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const send = async () => {
      const r = await call(t, worker, 'POST', '/api/referrals', { caseId: opened.body.id, toOrgId: w.valleId, reason: 'additional_services', urgency: 'routine', shareFields: ['case.phase'] });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      // Additional services: 72 hours by the reason, 3 working days by the procedure: the earlier.
      const stepDue = deadlineFrom({ from: t.clock.now(), duration: wd(REFERRAL_ANSWER_WORKING_DAYS) });
      expect(r.body).toMatchObject({ status: 'sent', consentBasis: 'no_personal_data', answerDueAt: earlier(hours(t.clock.now(), 72), stepDue).toISOString() });
      const path = await runOf(r.body.id as string);
      expect(path.run).toMatchObject({ procedure_key: 'referral_answer', current_step: 'sent', org_ids: [w.faroId, w.valleId] });
      return r.body.id as string;
    };
    const declinedId = await send();
    expect((await move(valleWorker, declinedId, { to: 'declined', reason: 'Nessun posto disponibile.' })).status).toBe('declined');
    expect((await runOf(declinedId)).run).toMatchObject({ current_step: 'declined', status: 'completed' });
    const revokedId = await send();
    expect((await move(valleWorker, revokedId, { to: 'accepted' })).status).toBe('accepted');
    expect((await move(worker, revokedId, { to: 'revoked', reason: 'La persona ha cambiato città.' })).status).toBe('revoked');
    const revoked = await runOf(revokedId);
    expect(revoked.run).toMatchObject({ current_step: 'revoked', status: 'completed' });
    expect(revoked.steps.map((s) => s.step_key)).toEqual(['sent', 'accepted', 'revoked']);
    // A closed run is left alone by later work on the referral (nothing to advance).
    await systemExpireReferrals({ db: t.database.db, now: new Date('2026-04-30T00:00:00Z') });
    expect((await runOf(revokedId)).steps).toHaveLength(3);
  });
});
