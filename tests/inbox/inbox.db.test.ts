/**
 * The per-user inbox on both engines: each role sees the kinds it acts on for the organisation it
 * acts for (referrals waiting, approvals, due steps, transfer requests, coordinations, unread
 * notifications), with codes and never names; another body sees none of it; reading is audited;
 * each count is one query that can use an index (EXPLAIN with sequential scans disabled).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledQuery, sql } from 'kysely';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { lastAuditId } from '../access/snapshot.ts';
import { insertCase, insertPerson } from '../helpers/records.ts';
import { sharingConsent } from '../referrals/fixtures.ts';
import { auditSince } from '../cases/helpers.ts';
import { startRun, systemSeedBuiltinProcedures } from '../../src/server/features/procedures/runs.ts';
import * as q from '../../src/server/features/inbox/queries.ts';

const secret = { given: 'Adaeze', family: 'Inboxfittizia' };

interface Counts {
  counts: Record<string, number>;
  total: number;
}
interface Inbox extends Counts {
  sections: { kind: string; count: number; items: Record<string, unknown>[] }[];
}

describe.each(await engineCases())('inbox on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let orgA: string;
  let orgB: string;
  let orgC: string;
  let hotlineOrg: string;
  let workerA: LoggedIn;
  let workerB: LoggedIn;
  let coordinatorB: LoggedIn;
  let specialistB: LoggedIn;
  let workerC: LoggedIn;
  let referralId: string;
  let referralCode: string;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    t.clock.set('2026-04-14T08:00:00Z');
    const db = t.database.db;
    await systemSeedBuiltinProcedures({ db });
    orgA = await ensureTestOrganisation({ db, code: 'inbox-a' });
    orgB = await ensureTestOrganisation({ db, code: 'inbox-b' });
    orgC = await ensureTestOrganisation({ db, code: 'inbox-c' });
    hotlineOrg = await ensureTestOrganisation({ db, code: 'inbox-hotline' });
    workerA = await loginAs({ t, roleKey: 'case_worker', orgId: orgA });
    workerB = await loginAs({ t, roleKey: 'case_worker', orgId: orgB });
    coordinatorB = await loginAs({ t, roleKey: 'coordinator', orgId: orgB });
    specialistB = await loginAs({ t, roleKey: 'specialist', orgId: orgB });
    workerC = await loginAs({ t, roleKey: 'case_worker', orgId: orgC });

    // A referral from A to B, waiting for B's answer.
    const person = await insertPerson({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId: orgA, identity: { names: [{ kind: 'primary', ...secret }] } });
    const c = await insertCase({ db, orgId: orgA, personId: person.id, phase: 'identification', caseWorkerId: workerA.userId });
    await sharingConsent(db, { caseId: c.id, toOrgId: orgB, recordedBy: workerA.userId });
    const r = await call(workerA, 'GET', '/api/inbox/counts');
    expect(r.statusCode).toBe(200);
    const sent = await call(workerA, 'POST', '/api/referrals', { caseId: c.id, toOrgId: orgB, reason: 'additional_services', urgency: 'routine', shareFields: ['person.code'] });
    expect(sent.statusCode, sent.body).toBe(201);
    referralId = sent.json<{ id: string; code: string }>().id;
    referralCode = sent.json<{ id: string; code: string }>().code;

    // A transfer request from A to B.
    const person2 = await insertPerson({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId: orgA });
    const c2 = await insertCase({ db, orgId: orgA, personId: person2.id, caseWorkerId: workerA.userId });
    await sharingConsent(db, { caseId: c2.id, toOrgId: orgB, recordedBy: workerA.userId });
    const tr = await call(workerA, 'POST', `/api/cases/${c2.id}/transfers`, { toOrgId: orgB, reason: 'change_of_location', explanation: 'La persona si trasferisce nel territorio di B.' });
    expect(tr.statusCode, tr.body).toBe(201);

    // A closure request on one of B's cases, by B's case worker.
    const person3 = await insertPerson({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId: orgB });
    const c3 = await insertCase({ db, orgId: orgB, personId: person3.id, caseWorkerId: workerB.userId });
    await db.insertInto('case_approval_requests').values({ case_id: c3.id, kind: 'close', to_phase: 'closed', closure_reason: 'autonomy', status: 'pending', requested_by: workerB.userId }).execute();

    // A hotline first-contact run whose step B acts on (due in 24 hours, warned 6 hours before).
    await startRun({ db }, { procedureKey: 'hotline_first_contact', subjectType: 'hotline_call', subjectId: '00000000-0000-4000-8000-000000000001', orgIds: [hotlineOrg, orgB], now: t.clock.now() });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  function call(user: LoggedIn, method: 'GET' | 'POST', url: string, payload?: unknown) {
    return t.app.inject({ method, url, headers: user.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  }
  /** The clock jumped past the sessions' idle timeout: log in again. */
  async function relogin(): Promise<void> {
    workerA = await loginAs({ t, roleKey: 'case_worker', orgId: orgA, email: workerA.email });
    workerB = await loginAs({ t, roleKey: 'case_worker', orgId: orgB, email: workerB.email });
    coordinatorB = await loginAs({ t, roleKey: 'coordinator', orgId: orgB, email: coordinatorB.email });
    specialistB = await loginAs({ t, roleKey: 'specialist', orgId: orgB, email: specialistB.email });
    workerC = await loginAs({ t, roleKey: 'case_worker', orgId: orgC, email: workerC.email });
  }
  async function counts(user: LoggedIn): Promise<Counts> {
    const r = await call(user, 'GET', '/api/inbox/counts');
    expect(r.statusCode, r.body).toBe(200);
    return r.json<Counts>();
  }

  it.skipIf(skip)('each role counts the kinds it acts on, for its own organisation', async () => {
    const b = await counts(workerB);
    expect(b.counts).toMatchObject({ referrals: 1, steps: 0, transfers: 1, coordinations: 0 });
    expect(b.counts.approvals).toBeUndefined();
    expect(b.counts.notifications).toBeGreaterThanOrEqual(2);
    expect(b.total).toBe(2);

    const coord = await counts(coordinatorB);
    expect(coord.counts).toMatchObject({ referrals: 1, approvals: 1, transfers: 1 });
    // Coordinators read coordinations but do not confirm them (cases.write): not in their inbox.
    expect(coord.counts.coordinations).toBeUndefined();

    const spec = await counts(specialistB);
    expect(Object.keys(spec.counts)).toEqual(['notifications']);
    expect(spec.total).toBe(0);

    const c = await counts(workerC);
    expect(c.counts).toMatchObject({ referrals: 0, steps: 0, transfers: 0, coordinations: 0, notifications: 0 });
    expect(c.total).toBe(0);
  });

  it.skipIf(skip)('steps show when due soon and when overdue, with the clock', async () => {
    expect((await counts(workerB)).counts.steps).toBe(0);
    t.clock.advance({ hours: 19 });
    await relogin();
    const soon = await call(workerB, 'GET', '/api/inbox');
    const steps = soon.json<Inbox>().sections.find((s) => s.kind === 'steps');
    expect(steps?.count).toBe(1);
    expect(steps?.items[0]).toMatchObject({ overdue: false, status: 'hotline_call' });
    expect(String(steps?.items[0]?.what)).toContain('Primo contatto');
    t.clock.advance({ hours: 6 });
    await relogin();
    const late = await call(workerB, 'GET', '/api/inbox');
    expect(late.json<Inbox>().sections.find((s) => s.kind === 'steps')?.items[0]).toMatchObject({ overdue: true });
    expect((await counts(workerC)).counts.steps).toBe(0);
  });

  it.skipIf(skip)('items carry codes and links, never names; reading is audited', async () => {
    const mark = await lastAuditId(t.database.db);
    const r = await call(coordinatorB, 'GET', '/api/inbox');
    expect(r.statusCode, r.body).toBe(200);
    const inbox = r.json<Inbox>();
    const referrals = inbox.sections.find((s) => s.kind === 'referrals');
    expect(referrals?.items).toEqual([expect.objectContaining({ id: referralId, code: referralCode, link: `/referrals/${referralId}`, what: 'additional_services' })]);
    const transfers = inbox.sections.find((s) => s.kind === 'transfers');
    expect(transfers?.items[0]).toMatchObject({ link: '/transfers?box=in', what: 'change_of_location' });
    expect(String(transfers?.items[0]?.caseCode)).toMatch(/^C-/);
    expect(inbox.sections.find((s) => s.kind === 'approvals')?.items[0]).toMatchObject({ link: '/case-approvals', what: 'close' });
    expect(r.body).not.toContain(secret.family);
    expect(r.body).not.toContain(secret.given);
    expect(r.body).not.toContain('trasferisce');
    const audit = await auditSince(t, mark);
    expect(audit.filter((e) => e.action === 'inbox.read' && e.outcome === 'success').length).toBe(1);

    const other = await call(workerC, 'GET', '/api/inbox');
    expect(other.json<Inbox>().sections.every((s) => s.items.length === 0)).toBe(true);
  });

  it.skipIf(skip)('answering a referral takes it out of the inbox', async () => {
    const before = (await counts(workerB)).counts.referrals;
    const ref = await call(workerB, 'GET', `/api/referrals/${referralId}`);
    const accepted = await call(workerB, 'POST', `/api/referrals/${referralId}/transitions`, { to: 'accepted', version: ref.json<{ version: number }>().version });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((await counts(workerB)).counts.referrals).toBe((before ?? 0) - 1);
  });

  it.skipIf(skip)('every count query can use an index', async () => {
    const db = t.database.db;
    const who = { userId: workerB.userId, orgId: orgB, now: t.clock.now() };
    const queries: Record<string, CompiledQuery> = {
      referrals: q.waitingReferrals(db, who).select((eb) => eb.fn.countAll().as('n')).compile(),
      approvals: q.pendingApprovals(db, who).select((eb) => eb.fn.countAll().as('n')).compile(),
      steps: q.dueSteps(db, who).select((eb) => eb.fn.countAll().as('n')).compile(),
      transfers: q.transferRequests(db, who).select((eb) => eb.fn.countAll().as('n')).compile(),
      coordinationsToAnswer: q.coordinationsToAnswer(db, who).select((eb) => eb.fn.countAll().as('n')).compile(),
      coordinationsFollowed: q.coordinationsFollowed(db, who).select((eb) => eb.fn.countAll().as('n')).compile(),
      notifications: q.unreadNotifications(db, who).select((eb) => eb.fn.countAll().as('n')).compile(),
    };
    await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      for (const [kind, compiled] of Object.entries(queries)) {
        const plan = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN ${compiled.sql}`, [...compiled.parameters]));
        const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
        expect(text, `${kind}:\n${text}`).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
        // The table the count is about is not read sequentially.
        const first = text.split('\n').find((l) => /Seq Scan on (referrals|case_approval_requests|procedure_run_steps|case_transfers|transfer_coordinations|notifications)\b/.test(l));
        expect(first, `${kind}:\n${text}`).toBeUndefined();
      }
    });
  });
});
