/**
 * Case transfers on both engines: consent first (the guardian's for minors, override with the
 * permission and a reason), the receiving body decides, the case moves with its history, the
 * former owner keeps read access only to what it wrote, a third body sees nothing; refusals
 * change nothing but the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { lastAuditId, snapshot } from '../access/snapshot.ts';
import { insertCase, insertPerson } from '../helpers/records.ts';
import { recordFixtures } from '../case-records/fixtures.ts';
import { fieldAad } from '../../src/server/platform/crypto.ts';
import { buildApp } from '../../src/server/app.ts';

/** Counts the queries an app sends to the database. */
class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

describe.each(await engineCases())('case transfers on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let orgA: string;
  let orgB: string;
  let orgC: string;
  let workerA: LoggedIn;
  let coordinatorA: LoggedIn;
  let workerB: LoggedIn;
  let coordinatorB: LoggedIn;
  let workerC: LoggedIn;
  let specialistB: LoggedIn;
  let fx: ReturnType<typeof recordFixtures>;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    const db = t.database.db;
    orgA = await ensureTestOrganisation({ db, code: 'transfer-a' });
    orgB = await ensureTestOrganisation({ db, code: 'transfer-b' });
    orgC = await ensureTestOrganisation({ db, code: 'transfer-c' });
    workerA = await loginAs({ t, roleKey: 'case_worker', orgId: orgA });
    coordinatorA = await loginAs({ t, roleKey: 'coordinator', orgId: orgA });
    workerB = await loginAs({ t, roleKey: 'case_worker', orgId: orgB });
    coordinatorB = await loginAs({ t, roleKey: 'coordinator', orgId: orgB });
    specialistB = await loginAs({ t, roleKey: 'specialist', orgId: orgB });
    workerC = await loginAs({ t, roleKey: 'case_worker', orgId: orgC });
    fx = recordFixtures(db);
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  type Method = 'GET' | 'POST';
  function call(user: LoggedIn, method: Method, url: string, payload?: unknown) {
    return t.app.inject({ method, url, headers: user.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  }

  async function newCase(options: { minor?: boolean } = {}): Promise<{ caseId: string; personId: string }> {
    const db = t.database.db;
    const person = await insertPerson({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId: orgA });
    const c = await insertCase({ db, orgId: orgA, personId: person.id, caseWorkerId: workerA.userId });
    if (options.minor) await db.updateTable('cases').set({ minor_status: 'minor' }).where('id', '=', c.id).execute();
    return { caseId: c.id, personId: person.id };
  }

  async function sharingConsent(caseId: string, toOrg: string, givenBy: 'person' | 'guardian' = 'person'): Promise<void> {
    const db = t.database.db;
    const id = randomUUID();
    await db
      .insertInto('case_consents')
      .values({
        id, case_id: caseId, purpose: 'sharing', organisation_id: toOrg, status: 'given', decided_on: '2026-01-02', method: 'written', given_by: givenBy,
        guardian_name_enc: givenBy === 'guardian' ? await fx.cipher.encrypt({ plaintext: 'Tutrice Fittizia', aad: fieldAad({ table: 'case_consents', column: 'guardian_name_enc', rowId: id }) }) : null,
        recorded_by: workerA.userId,
      })
      .execute();
  }

  async function note(caseId: string, author: LoggedIn, text: string): Promise<string> {
    const r = await call(author, 'POST', `/api/cases/${caseId}/notes`, { text });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ id: string }>().id;
  }

  async function expectUnchanged(options: { user: LoggedIn; method: Method; url: string; payload?: unknown; status: number; audited?: string }) {
    const db = t.database.db;
    const before = await snapshot({ db, includeAudit: !options.audited });
    const mark = await lastAuditId(db);
    const r = await call(options.user, options.method, options.url, options.payload);
    expect(r.statusCode, r.body).toBe(options.status);
    const after = await snapshot({ db, includeAudit: !options.audited });
    // (sessions record when a session was last used: the manual clock moves in these tests)
    expect(Object.keys(after).filter((k) => k !== 'sessions' && JSON.stringify(after[k]) !== JSON.stringify(before[k]))).toEqual([]);
    if (options.audited) {
      const entries = await db.selectFrom('audit_log').select(['action', 'outcome']).where('id', '>', mark).execute();
      expect(entries).toEqual([{ action: options.audited, outcome: 'denied' }]);
    }
    return r;
  }

  const request = { reason: 'change_of_location', explanation: 'La persona si trasferisce nella provincia di Borgo Demo.' };

  it.skipIf(skip)('refuses a transfer without sharing consent for the receiver, nothing written', async () => {
    const { caseId } = await newCase();
    const r = await expectUnchanged({ user: workerA, method: 'POST', url: `/api/cases/${caseId}/transfers`, payload: { toOrgId: orgB, ...request }, status: 409, audited: 'case.transfer_request' });
    expect(r.json().error.code).toBe('consent_required');
    // consent for another body does not count
    await sharingConsent(caseId, orgC);
    await expectUnchanged({ user: workerA, method: 'POST', url: `/api/cases/${caseId}/transfers`, payload: { toOrgId: orgB, ...request }, status: 409, audited: 'case.transfer_request' });
    // an override reason from someone without the permission is refused
    await expectUnchanged({
      user: workerA, method: 'POST', url: `/api/cases/${caseId}/transfers`, payload: { toOrgId: orgB, ...request, overrideReason: 'Pericolo immediato per la persona.' }, status: 403, audited: 'case.transfer_request',
    });
  });

  it.skipIf(skip)('for a minor only the guardian’s consent counts', async () => {
    const { caseId } = await newCase({ minor: true });
    await sharingConsent(caseId, orgB, 'person');
    await expectUnchanged({ user: workerA, method: 'POST', url: `/api/cases/${caseId}/transfers`, payload: { toOrgId: orgB, ...request }, status: 409, audited: 'case.transfer_request' });
    await sharingConsent(caseId, orgB, 'guardian');
    const r = await call(workerA, 'POST', `/api/cases/${caseId}/transfers`, { toOrgId: orgB, ...request });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().consentBasis).toBe('guardian_consent');
  });

  it.skipIf(skip)('bad input gets a 4xx and changes nothing', async () => {
    const { caseId } = await newCase();
    await sharingConsent(caseId, orgB);
    const url = `/api/cases/${caseId}/transfers`;
    await expectUnchanged({ user: workerA, method: 'POST', url, payload: { toOrgId: orgA, ...request }, status: 400 });
    await expectUnchanged({ user: workerA, method: 'POST', url, payload: { toOrgId: randomUUID(), ...request }, status: 400 });
    await expectUnchanged({ user: workerA, method: 'POST', url, payload: { toOrgId: orgB, reason: 'vacation', explanation: request.explanation }, status: 400 });
    await expectUnchanged({ user: workerA, method: 'POST', url, payload: { toOrgId: orgB, reason: 'safety', explanation: 'corto' }, status: 400 });
    await expectUnchanged({ user: workerA, method: 'POST', url, payload: { toOrgId: orgB, ...request, explanation: 'x'.repeat(4001) }, status: 400 });
    await expectUnchanged({ user: workerA, method: 'POST', url, payload: { toOrgId: orgB, ...request, extra: 1 }, status: 400 });
    // another body's case does not exist for the caller
    await expectUnchanged({ user: workerC, method: 'POST', url, payload: { toOrgId: orgB, ...request }, status: 404, audited: 'case.transfer_request' });
  });

  it.skipIf(skip)('moves the case on acceptance; the former owner keeps only what it wrote; a third body sees nothing', async () => {
    const db = t.database.db;
    const { caseId, personId } = await newCase();
    await sharingConsent(caseId, orgB);
    const before = await note(caseId, workerA, 'Nota scritta prima del trasferimento');
    await db.insertInto('case_team').values({ case_id: caseId, user_id: coordinatorA.userId, team_role: 'coordinamento' }).execute();
    t.clock.advance({ minutes: 5 });
    const created = await call(workerA, 'POST', `/api/cases/${caseId}/transfers`, { toOrgId: orgB, ...request });
    expect(created.statusCode, created.body).toBe(201);
    const transfer = created.json<{ id: string; status: string; side: string; explanation: string }>();
    expect(transfer).toMatchObject({ status: 'requested', side: 'sender', explanation: request.explanation });
    // one open request per case
    await expectUnchanged({ user: workerA, method: 'POST', url: `/api/cases/${caseId}/transfers`, payload: { toOrgId: orgB, ...request }, status: 409 });
    // the receiver is notified and sees the request, not the case
    const notified = await db.selectFrom('notifications').select('user_id').where('kind', '=', 'case.transfer_requested').where('record_id', '=', transfer.id).execute();
    expect(notified.map((n) => n.user_id)).toEqual(expect.arrayContaining([workerB.userId, coordinatorB.userId]));
    const inbox = await call(coordinatorB, 'GET', '/api/case-transfers?box=in');
    expect(inbox.json().items.map((i: { id: string }) => i.id)).toContain(transfer.id);
    expect((await call(workerB, 'GET', `/api/cases/${caseId}`)).statusCode).toBe(404);
    // a third body, and the sender, cannot decide
    await expectUnchanged({ user: workerC, method: 'GET', url: `/api/case-transfers/${transfer.id}`, status: 404, audited: 'case.read' });
    await expectUnchanged({ user: workerC, method: 'POST', url: `/api/case-transfers/${transfer.id}/decision`, payload: { decision: 'accept' }, status: 404, audited: 'case.transfer_decide' });
    await expectUnchanged({ user: coordinatorA, method: 'POST', url: `/api/case-transfers/${transfer.id}/decision`, payload: { decision: 'accept' }, status: 404, audited: 'case.transfer_decide' });
    await expectUnchanged({ user: specialistB, method: 'POST', url: `/api/case-transfers/${transfer.id}/decision`, payload: { decision: 'accept' }, status: 404, audited: 'case.transfer_decide' });
    // the named case worker must be a user of the receiving body who reads cases
    await expectUnchanged({ user: coordinatorB, method: 'POST', url: `/api/case-transfers/${transfer.id}/decision`, payload: { decision: 'accept', caseWorkerId: workerA.userId }, status: 400 });

    t.clock.advance({ minutes: 5 });
    const accepted = await call(coordinatorB, 'POST', `/api/case-transfers/${transfer.id}/decision`, { decision: 'accept', caseWorkerId: workerB.userId, note: 'Presa in carico accettata.' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().status).toBe('accepted');
    const moved = await db.selectFrom('cases').select(['org_id', 'case_worker_id']).where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(moved).toEqual({ org_id: orgB, case_worker_id: workerB.userId });
    expect(await db.selectFrom('case_team').select('user_id').where('case_id', '=', caseId).execute()).toEqual([]);
    // the receiver now holds the case, with its history and records
    const read = await call(workerB, 'GET', `/api/cases/${caseId}`);
    expect(read.statusCode, read.body).toBe(200);
    const history = await call(workerB, 'GET', `/api/cases/${caseId}/history`);
    expect(history.json().items.at(-1).reason).toContain('→');
    const notesB = await call(workerB, 'GET', `/api/cases/${caseId}/notes`);
    expect(JSON.stringify(notesB.json())).toContain('Nota scritta prima del trasferimento');
    expect((await call(workerB, 'GET', `/api/persons/${personId}`)).statusCode).toBe(200);

    // the former owner: the case is gone, its own records remain readable
    expect((await call(workerA, 'GET', `/api/cases/${caseId}`)).statusCode).toBe(404);
    t.clock.advance({ minutes: 5 });
    await note(caseId, workerB, 'Nota scritta dal nuovo ente');
    const doc = await fx.document(caseId, workerB.userId);
    await sql`update case_documents set uploaded_at = ${t.clock.now().toISOString()}::timestamptz where id = ${doc}`.execute(db);
    const own = await call(workerA, 'GET', `/api/case-transfers/${transfer.id}/records`);
    expect(own.statusCode, own.body).toBe(200);
    const body = own.json<{ notes: { id: string; text: string }[]; documents: { id: string }[] }>();
    expect(body.notes.map((n) => n.id)).toEqual([before]);
    expect(JSON.stringify(body)).not.toContain('Nota scritta dal nuovo ente');
    expect(body.documents).toEqual([]);
    await expectUnchanged({ user: workerA, method: 'GET', url: `/api/case-transfers/${transfer.id}/documents/${doc}`, status: 404, audited: 'document.read' });
    // nobody else reads the former owner's view
    await expectUnchanged({ user: workerB, method: 'GET', url: `/api/case-transfers/${transfer.id}/records`, status: 404, audited: 'case.read' });
    await expectUnchanged({ user: workerC, method: 'GET', url: `/api/case-transfers/${transfer.id}/records`, status: 404, audited: 'case.read' });
    // decided once
    await expectUnchanged({ user: coordinatorB, method: 'POST', url: `/api/case-transfers/${transfer.id}/decision`, payload: { decision: 'decline', note: 'No' }, status: 409 });
    // both sides audited
    const audit = await db.selectFrom('audit_log').select(['action', 'actor_org_id']).where('record_id', '=', caseId).where('action', 'in', ['case.transfer_request', 'case.transfer_decide']).execute();
    expect(audit).toEqual(expect.arrayContaining([{ action: 'case.transfer_request', actor_org_id: orgA }, { action: 'case.transfer_decide', actor_org_id: orgB }]));
  });

  it.skipIf(skip)('declining needs a note and leaves the case where it is; the sender may withdraw', async () => {
    const db = t.database.db;
    const { caseId } = await newCase();
    await sharingConsent(caseId, orgB);
    const first = (await call(workerA, 'POST', `/api/cases/${caseId}/transfers`, { toOrgId: orgB, ...request })).json<{ id: string }>();
    await expectUnchanged({ user: workerB, method: 'POST', url: `/api/case-transfers/${first.id}/decision`, payload: { decision: 'decline' }, status: 400 });
    const declined = await call(workerB, 'POST', `/api/case-transfers/${first.id}/decision`, { decision: 'decline', note: 'Non abbiamo posti nel territorio.' });
    expect(declined.json().status).toBe('declined');
    expect((await db.selectFrom('cases').select('org_id').where('id', '=', caseId).executeTakeFirstOrThrow()).org_id).toBe(orgA);
    const sender = await call(workerA, 'GET', `/api/case-transfers/${first.id}`);
    expect(sender.json().decisionNote).toBe('Non abbiamo posti nel territorio.');

    const second = (await call(workerA, 'POST', `/api/cases/${caseId}/transfers`, { toOrgId: orgB, ...request })).json<{ id: string }>();
    await expectUnchanged({ user: workerB, method: 'POST', url: `/api/case-transfers/${second.id}/withdraw`, status: 404, audited: 'case.transfer_withdraw' });
    const withdrawn = await call(workerA, 'POST', `/api/case-transfers/${second.id}/withdraw`);
    expect(withdrawn.json().status).toBe('withdrawn');
    await expectUnchanged({ user: workerB, method: 'POST', url: `/api/case-transfers/${second.id}/decision`, payload: { decision: 'accept' }, status: 409 });
  });

  it.skipIf(skip)('an override needs the permission and a reason, which only the sender reads; nothing in clear in the dump', async () => {
    const { caseId } = await newCase();
    const r = await call(coordinatorA, 'POST', `/api/cases/${caseId}/transfers`, {
      toOrgId: orgB, reason: 'safety', explanation: 'Spostamento urgente per ragioni di sicurezza personale.', overrideReason: 'Rischio immediato: nessun modo di raccogliere il consenso oggi.',
    });
    // coordinators do not hold cases.write: they cannot request
    expect(r.statusCode).toBe(404);
    await t.database.db.updateTable('cases').set({ case_worker_id: workerA.userId }).where('id', '=', caseId).execute();
    const roleId = (await t.database.db.selectFrom('roles').select('id').where('key', '=', 'case_worker').executeTakeFirstOrThrow()).id;
    await t.database.db.insertInto('role_permissions').values({ role_id: roleId, permission: 'referrals.override_consent' }).execute();
    try {
      const overridden = await call(workerA, 'POST', `/api/cases/${caseId}/transfers`, {
        toOrgId: orgB, reason: 'safety', explanation: 'Spostamento urgente per ragioni di sicurezza personale.', overrideReason: 'Rischio immediato: nessun modo di raccogliere il consenso oggi.',
      });
      expect(overridden.statusCode, overridden.body).toBe(201);
      const id = overridden.json().id as string;
      expect(overridden.json().overrideReason).toContain('Rischio immediato');
      const receiver = await call(workerB, 'GET', `/api/case-transfers/${id}`);
      expect(receiver.json().overrideReason).toBeNull();
      expect(receiver.json().consentBasis).toBe('override');
      // stored encrypted: no row of the table holds the texts in clear
      const stored = JSON.stringify(await t.database.db.selectFrom('case_transfers').selectAll().execute());
      expect(stored).not.toContain('Rischio immediato');
      expect(stored).not.toContain('Spostamento urgente');
    } finally {
      await t.database.db.deleteFrom('role_permissions').where('role_id', '=', roleId).where('permission', '=', 'referrals.override_consent').execute();
    }
  });

  it.skipIf(skip)('lists many transfers with a fixed number of queries, each item as reading it on its own answers', async () => {
    const db = t.database.db;
    const orgD = await ensureTestOrganisation({ db, code: 'transfer-list-d' });
    const orgE = await ensureTestOrganisation({ db, code: 'transfer-list-e' });
    const workerD = await loginAs({ t, roleKey: 'case_worker', orgId: orgD });
    const coordinatorE = await loginAs({ t, roleKey: 'coordinator', orgId: orgE });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const person = await insertPerson({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId: orgD });
      const c = await insertCase({ db, orgId: orgD, personId: person.id, caseWorkerId: workerD.userId });
      await sharingConsent(c.id, orgE);
      const r = await call(workerD, 'POST', `/api/cases/${c.id}/transfers`, { toOrgId: orgE, reason: i % 2 ? 'safety' : 'change_of_location', explanation: `Trasferimento di prova numero ${i}.` });
      expect(r.statusCode, r.body).toBe(201);
      ids.push(r.json<{ id: string }>().id);
      // some requests share their time, the others are a minute apart
      if (i % 3 === 0) t.clock.advance({ minutes: 1 });
    }
    for (const [i, id] of ids.entries()) {
      if (i % 4 === 1) expect((await call(coordinatorE, 'POST', `/api/case-transfers/${id}/decision`, { decision: 'decline', note: `Nessun posto disponibile (${i}).` })).statusCode).toBe(200);
    }
    expect((await call(workerD, 'POST', `/api/case-transfers/${ids[0] ?? ''}/withdraw`)).statusCode).toBe(200);

    type Item = { id: string; status: string };
    for (const [user, url, expected] of [
      [workerD, '/api/case-transfers?box=out', 30],
      [coordinatorE, '/api/case-transfers?box=in', 30],
      [coordinatorE, '/api/case-transfers?box=in&status=declined', 8],
      [workerD, '/api/case-transfers?box=out&status=withdrawn', 1],
      [coordinatorE, '/api/case-transfers?box=out', 0],
    ] as const) {
      const list = await call(user, 'GET', url);
      expect(list.statusCode, list.body).toBe(200);
      const items = list.json<{ items: Item[] }>().items;
      expect(items, url).toHaveLength(expected);
      // newest first, as stored
      const order = await db
        .selectFrom('case_transfers')
        .select('id')
        .where('id', 'in', items.length ? items.map((x) => x.id) : [randomUUID()])
        .orderBy('requested_at', 'desc')
        .orderBy('id')
        .execute();
      expect(items.map((x) => x.id), url).toEqual(order.map((x) => x.id));
      for (const item of items) {
        const one = await call(user, 'GET', `/api/case-transfers/${item.id}`);
        expect(item, url).toEqual(one.json());
      }
    }

    // The number of queries does not grow with the number of transfers listed.
    const counter = new QueryCounter();
    const counted = await buildApp({ config: t.config, database: { ...t.database, db: db.withPlugin(counter) }, clock: t.clock, logger: false });
    try {
      await counted.ready();
      const queries = async (url: string, expected: number): Promise<number> => {
        counter.count = 0;
        const r = await counted.inject({ method: 'GET', url, headers: workerD.headers });
        expect(r.statusCode, r.body).toBe(200);
        expect(r.json<{ items: Item[] }>().items).toHaveLength(expected);
        return counter.count;
      };
      await queries('/api/case-transfers?box=out', 30);
      const few = await queries('/api/case-transfers?box=out&status=withdrawn', 1);
      const many = await queries('/api/case-transfers?box=out', 30);
      expect(few).toBeGreaterThan(0);
      expect(many).toBe(few);
    } finally {
      await counted.close();
    }
  });
});
