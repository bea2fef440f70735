/**
 * Transfers coordinated by the hotline, on both engines: the hotline proposes a receiving body for
 * a case it names by code; the body holding the case confirms (the ordinary transfer request is
 * written and linked) or refuses; the receiver accepts through the transfer; the hotline follows
 * the status and never sees the case, the person or the texts of the transfer; a third body sees
 * nothing; every step is audited, refusals change nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { lastAuditId, snapshot } from '../access/snapshot.ts';
import { insertCase, insertPerson } from '../helpers/records.ts';
import { auditSince } from '../cases/helpers.ts';

describe.each(await engineCases())('hotline-coordinated transfers on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let hotlineOrg: string;
  let orgA: string;
  let orgB: string;
  let orgC: string;
  let operator: LoggedIn;
  let workerA: LoggedIn;
  let coordinatorA: LoggedIn;
  let workerB: LoggedIn;
  let workerC: LoggedIn;
  let specialistA: LoggedIn;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    const db = t.database.db;
    hotlineOrg = await ensureTestOrganisation({ db, code: 'coord-hotline' });
    orgA = await ensureTestOrganisation({ db, code: 'coord-a' });
    orgB = await ensureTestOrganisation({ db, code: 'coord-b' });
    orgC = await ensureTestOrganisation({ db, code: 'coord-c' });
    operator = await loginAs({ t, roleKey: 'hotline_operator', orgId: hotlineOrg });
    workerA = await loginAs({ t, roleKey: 'case_worker', orgId: orgA });
    coordinatorA = await loginAs({ t, roleKey: 'coordinator', orgId: orgA });
    specialistA = await loginAs({ t, roleKey: 'specialist', orgId: orgA });
    workerB = await loginAs({ t, roleKey: 'case_worker', orgId: orgB });
    workerC = await loginAs({ t, roleKey: 'case_worker', orgId: orgC });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  function call(user: LoggedIn, method: 'GET' | 'POST', url: string, payload?: unknown) {
    return t.app.inject({ method, url, headers: user.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  }

  async function newCase(): Promise<{ caseId: string; caseCode: string; personCode: string }> {
    const db = t.database.db;
    const person = await insertPerson({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId: orgA, identity: { names: [{ kind: 'primary', given: 'Blessing', family: 'Provafinta' }] } });
    const c = await insertCase({ db, orgId: orgA, personId: person.id, caseWorkerId: workerA.userId });
    await db
      .insertInto('case_consents')
      .values({ id: randomUUID(), case_id: c.id, purpose: 'sharing', organisation_id: orgB, status: 'given', decided_on: '2026-01-02', method: 'written', given_by: 'person', recorded_by: workerA.userId })
      .execute();
    return { caseId: c.id, caseCode: c.code, personCode: person.code };
  }

  async function propose(caseCode: string, fromOrgId = orgA) {
    return call(operator, 'POST', '/api/transfer-coordinations', { caseCode, fromOrgId, toOrgId: orgB, reason: 'safety', message: 'Posto libero nella casa di fuga di B da lunedì.' });
  }

  it.skipIf(skip)('propose → confirm → the receiver accepts: the case moves, the hotline sees only codes, bodies and status', async () => {
    const { caseId, caseCode, personCode } = await newCase();
    const mark = await lastAuditId(t.database.db);
    const p = await propose(caseCode.toLowerCase());
    expect(p.statusCode, p.body).toBe(201);
    const proposed = p.json<Record<string, unknown>>();
    expect(proposed).toMatchObject({ side: 'hotline', caseCode, caseId: null, personCode: null, status: 'proposed', open: true, from: { id: orgA }, to: { id: orgB } });
    const id = proposed.id as string;

    // The body holding the case is told, and sees it in its inbox.
    const notes = await t.database.db.selectFrom('notifications').select('user_id').where('record_id', '=', id).execute();
    expect(notes.map((n) => n.user_id)).toEqual(expect.arrayContaining([workerA.userId, coordinatorA.userId]));
    const inboxA = await call(workerA, 'GET', '/api/inbox/counts');
    expect(inboxA.json<{ counts: Record<string, number> }>().counts.coordinations).toBe(1);

    // Nobody else sees it: the receiving body before confirmation, a third body, a specialist.
    for (const other of [workerB, workerC, specialistA]) expect((await call(other, 'GET', `/api/transfer-coordinations/${id}`)).statusCode).toBe(404);
    expect((await call(workerB, 'GET', '/api/transfer-coordinations')).json<{ items: unknown[] }>().items).toEqual([]);

    const asSender = await call(workerA, 'GET', `/api/transfer-coordinations/${id}`);
    expect(asSender.json()).toMatchObject({ side: 'sender', caseId, personCode, message: 'Posto libero nella casa di fuga di B da lunedì.' });

    // The hotline cannot confirm for the body; the body confirms.
    expect((await call(operator, 'POST', `/api/transfer-coordinations/${id}/confirm`, { explanation: 'Per la sicurezza della persona.' })).statusCode).toBe(404);
    const confirmed = await call(workerA, 'POST', `/api/transfer-coordinations/${id}/confirm`, { explanation: 'Per la sicurezza della persona, concordato con il Numero Verde.' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'transfer_requested', open: true });
    const link = await t.database.db.selectFrom('transfer_coordinations').select(['transfer_id', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(link.status).toBe('confirmed');
    const transfer = await t.database.db.selectFrom('case_transfers').selectAll().where('id', '=', link.transfer_id ?? '').executeTakeFirstOrThrow();
    expect(transfer).toMatchObject({ case_id: caseId, from_org_id: orgA, to_org_id: orgB, reason: 'safety', status: 'requested', consent_basis: 'consent' });

    // The hotline follows the status; the transfer itself stays out of its reach.
    const seen = await call(operator, 'GET', `/api/transfer-coordinations/${id}`);
    expect(seen.json()).toMatchObject({ status: 'transfer_requested', caseId: null, personCode: null });
    expect((await call(operator, 'GET', `/api/case-transfers/${transfer.id}`)).statusCode).toBe(404);
    expect((await call(operator, 'GET', `/api/cases/${caseId}`)).statusCode).toBe(404);
    expect(JSON.stringify(seen.json())).not.toContain('Provafinta');
    expect(JSON.stringify(seen.json())).not.toContain('sicurezza della persona');

    // The receiver answers through the ordinary transfer.
    const decided = await call(workerB, 'POST', `/api/case-transfers/${transfer.id}/decision`, { decision: 'accept' });
    expect(decided.statusCode, decided.body).toBe(200);
    const closed = await call(operator, 'GET', `/api/transfer-coordinations/${id}`);
    expect(closed.json()).toMatchObject({ status: 'transfer_accepted', open: false });
    expect((await t.database.db.selectFrom('cases').select('org_id').where('id', '=', caseId).executeTakeFirstOrThrow()).org_id).toBe(orgB);

    const actions = (await auditSince(t, mark)).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(expect.arrayContaining([
      'transfer_coordination.propose:success', 'transfer_coordination.confirm:success', 'case.transfer_request:success', 'case.transfer_decide:success', 'transfer_coordination.read:success',
    ]));
  });

  it.skipIf(skip)('a wrong code or body gets one answer; refusals and foreign attempts change nothing', async () => {
    const { caseCode } = await newCase();
    const wrongBody = await propose(caseCode, orgC);
    expect(wrongBody.statusCode).toBe(400);
    const unknown = await propose('C-2026-ZZZZZZ');
    expect(unknown.statusCode).toBe(400);
    expect(wrongBody.json<{ message: string }>().message).toBe(unknown.json<{ message: string }>().message);

    const p = await propose(caseCode);
    expect(p.statusCode, p.body).toBe(201);
    const id = p.json<{ id: string }>().id;
    expect((await propose(caseCode)).statusCode).toBe(409);

    const before = await snapshot({ db: t.database.db });
    expect((await call(workerC, 'POST', `/api/transfer-coordinations/${id}/refuse`, { reason: 'other' })).statusCode).toBe(404);
    expect((await call(workerB, 'POST', `/api/transfer-coordinations/${id}/confirm`, { explanation: 'Non sono io il mittente.' })).statusCode).toBe(404);
    expect((await call(coordinatorA, 'POST', `/api/transfer-coordinations/${id}/refuse`, { reason: 'other' })).statusCode).toBe(404);
    expect((await call(workerA, 'POST', '/api/transfer-coordinations', { caseCode, fromOrgId: orgA, toOrgId: orgB, reason: 'safety' })).statusCode).toBe(404);
    expect(await snapshot({ db: t.database.db })).toEqual(before);

    const refused = await call(workerA, 'POST', `/api/transfer-coordinations/${id}/refuse`, { reason: 'person_unavailable' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ status: 'refused', open: false, refusalReason: 'person_unavailable' });
    expect((await call(operator, 'GET', `/api/transfer-coordinations/${id}`)).json()).toMatchObject({ status: 'refused', refusalReason: 'person_unavailable' });
    expect((await call(operator, 'POST', `/api/transfer-coordinations/${id}/withdraw`, {})).statusCode).toBe(409);
    expect(await t.database.db.selectFrom('case_transfers').select('id').where('case_id', '=', (await t.database.db.selectFrom('cases').select('id').where('code', '=', caseCode).executeTakeFirstOrThrow()).id).execute()).toEqual([]);
  });

  it.skipIf(skip)('the hotline withdraws a proposal not yet answered', async () => {
    const { caseCode } = await newCase();
    const p = await propose(caseCode);
    const id = p.json<{ id: string }>().id;
    const w = await call(operator, 'POST', `/api/transfer-coordinations/${id}/withdraw`, {});
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json()).toMatchObject({ status: 'withdrawn', open: false });
    expect((await call(workerA, 'POST', `/api/transfer-coordinations/${id}/confirm`, { explanation: 'Troppo tardi ormai per questo.' })).statusCode).toBe(409);
  });
});
