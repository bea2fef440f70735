/**
 * Residence permits on both engines: the step machine through the API (refusals write nothing),
 * version conflicts, scope (another organisation, coordinators reading without writing), the
 * person's legal status, the reminders with a manual clock (renewal window, expiry onto the case
 * worker's task list, minors turning 18), criminal proceedings readable only with criminal.read,
 * and no permit number in clear in a dump.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { lastAuditId, snapshot } from '../access/snapshot.ts';
import { insertCase, insertPerson } from '../helpers/records.ts';
import { scanForSecrets } from '../helpers/secrets.ts';
import { pgDump } from '../helpers/pg-dump.ts';
import { italianToday } from '../../src/domain/case-records.ts';
import { systemPermitReminders } from '../../src/server/features/permits/reminders.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Every row of every table as text: what a logical dump of the data holds. */
async function rowsDump(db: Kysely<DB>): Promise<Buffer> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<{ t: string }>`select t::text as t from ${sql.table(name)} t`.execute(db);
    parts.push(...rows.rows.map((r) => r.t));
  }
  return Buffer.from(parts.join('\n'), 'utf8');
}

describe.each(await engineCases())('residence permits on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let orgId: string;
  let otherOrgId: string;
  let questuraId: string;
  let procuraId: string;
  let worker: LoggedIn;
  let coordinator: LoggedIn;
  let specialist: LoggedIn;
  let otherWorker: LoggedIn;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    const db = t.database.db;
    orgId = await ensureTestOrganisation({ db, code: 'permits-org' });
    otherOrgId = await ensureTestOrganisation({ db, code: 'permits-other' });
    questuraId = await ensureTestOrganisation({ db, code: 'permits-questura', type: 'immigration' });
    procuraId = await ensureTestOrganisation({ db, code: 'permits-procura', type: 'legal' });
    worker = await loginAs({ t, roleKey: 'case_worker', orgId });
    coordinator = await loginAs({ t, roleKey: 'coordinator', orgId });
    specialist = await loginAs({ t, roleKey: 'specialist', orgId });
    otherWorker = await loginAs({ t, roleKey: 'case_worker', orgId: otherOrgId });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  const today = () => italianToday(t.clock.now());

  async function newCase(options: { org?: string; caseWorkerId?: string | null; birthDate?: string; minor?: boolean } = {}): Promise<{ caseId: string; personId: string; code: string }> {
    const db = t.database.db;
    const org = options.org ?? orgId;
    const person = await insertPerson({
      db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId: org,
      ...(options.birthDate ? { identity: { birth: { birthDate: options.birthDate } } } : {}),
    });
    const caseWorkerId = options.caseWorkerId === undefined ? worker.userId : options.caseWorkerId;
    const c = await insertCase({ db, orgId: org, personId: person.id, ...(caseWorkerId ? { caseWorkerId } : {}) });
    if (options.minor) await db.updateTable('cases').set({ minor_status: 'minor' }).where('id', '=', c.id).execute();
    return { caseId: c.id, personId: person.id, code: c.code };
  }

  function call(user: LoggedIn, method: Method, url: string, payload?: unknown) {
    return t.app.inject({ method, url, headers: user.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
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

  interface Permit { id: string; status: string; version: number; expiresOn: string | null; nextSteps: string[]; events: Array<{ toStatus: string; on: string }>; permitNumber: string | null; renewalDue: boolean }

  async function createPermit(caseId: string, body: object = { type: 'art18_social', proposerKind: 'social_services', questuraOrganisationId: questuraId }): Promise<Permit> {
    const r = await call(worker, 'POST', `/api/cases/${caseId}/permits`, body);
    expect(r.statusCode, r.body).toBe(201);
    return r.json<Permit>();
  }

  async function step(p: Permit, body: object, user: LoggedIn = worker): Promise<Permit> {
    const r = await call(user, 'POST', `/api/permits/${p.id}/steps`, { version: p.version, ...body });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<Permit>();
  }

  /** A permit issued on `issuedOn` and expiring on `expiresOn` (both may be in the past or future). */
  async function issuedPermit(caseId: string, options: { issuedOn: string; expiresOn: string }): Promise<Permit> {
    let p = await createPermit(caseId, { type: 'art18_judicial', proposerKind: 'prosecutor', proposerOrganisationId: procuraId, requestedOn: addDays(options.issuedOn, -20) });
    p = await step(p, { to: 'submitted', on: addDays(options.issuedOn, -10) });
    return step(p, { to: 'issued', on: options.issuedOn, expiresOn: options.expiresOn, permitNumber: 'I0P9ZZ77661' });
  }

  // -------------------------------------------------------------------------------------------
  it.skipIf(skip)('a request goes prepared → submitted → issued → renewal → renewed → converted, each step dated, in the history', async () => {
    const { caseId, personId } = await newCase();
    let p = await createPermit(caseId, { type: 'art18_social', proposerKind: 'body', proposerOrganisationId: orgId, questuraOrganisationId: questuraId, requestedOn: addDays(today(), -200), note: 'Proposta dell’ente' });
    expect(p).toMatchObject({ status: 'prepared', version: 1, nextSteps: ['submitted'] });
    p = await step(p, { to: 'submitted', on: addDays(today(), -190) });
    p = await step(p, { to: 'issued', on: addDays(today(), -180), expiresOn: addDays(today(), 0), permitNumber: 'AB12345XY' });
    expect(p).toMatchObject({ status: 'issued', permitNumber: 'AB12345XY', renewalDue: true });
    p = await step(p, { to: 'renewal_requested', on: addDays(today(), -30) });
    p = await step(p, { to: 'renewed', on: addDays(today(), -1), expiresOn: addDays(today(), 364), note: 'Rinnovo per un anno' });
    p = await step(p, { to: 'converted', on: today(), convertedTo: 'work' });
    expect(p.status).toBe('converted');
    expect(p.nextSteps).toEqual([]);
    expect(p.events.map((e) => e.toStatus)).toEqual(['prepared', 'submitted', 'issued', 'renewal_requested', 'renewed', 'converted']);

    const list = await call(coordinator, 'GET', `/api/cases/${caseId}/permits`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toHaveLength(1);
    const one = await call(worker, 'GET', `/api/permits/${p.id}`);
    expect(one.json()).toMatchObject({ id: p.id, convertedTo: 'work', type: 'art18_social', proposerKind: 'body' });
    const status = await call(worker, 'GET', `/api/persons/${personId}/legal-status`);
    expect(status.statusCode, status.body).toBe(200);
    expect(status.json().items.map((i: Permit) => i.id)).toEqual([p.id]);
    expect(status.json().current).toBeNull();
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'fields']).where('record_id', '=', personId).where('action', '=', 'legal_status.read').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('AB12345XY');
  });

  it.skipIf(skip)('steps outside the machine and bad dates are refused with nothing written', async () => {
    const { caseId } = await newCase();
    const p = await createPermit(caseId, { type: 'art18ter', proposerKind: 'prosecutor', requestedOn: addDays(today(), -10) });
    const url = `/api/permits/${p.id}/steps`;
    const skipAhead = await expectUnchanged({ user: worker, method: 'POST', url, payload: { version: 1, to: 'issued', on: today(), expiresOn: addDays(today(), 180) }, status: 409 });
    expect(skipAhead.json().error.code).toBe('conflict');
    const submitted = await step(p, { to: 'submitted', on: addDays(today(), -5) });
    const v = submitted.version;
    await expectUnchanged({ user: worker, method: 'POST', url, payload: { version: v, to: 'issued', on: today() }, status: 400 });
    await expectUnchanged({ user: worker, method: 'POST', url, payload: { version: v, to: 'issued', on: addDays(today(), -6), expiresOn: addDays(today(), 180) }, status: 400 });
    await expectUnchanged({ user: worker, method: 'POST', url, payload: { version: v, to: 'issued', on: addDays(today(), 1), expiresOn: addDays(today(), 180) }, status: 400 });
    await expectUnchanged({ user: worker, method: 'POST', url, payload: { version: v, to: 'converted', on: today(), convertedTo: 'work' }, status: 409 });
    await expectUnchanged({ user: worker, method: 'POST', url, payload: { version: v, to: 'flying', on: today() }, status: 400 });
    // art. 18 without a proposer, or with one of another path
    await expectUnchanged({ user: worker, method: 'POST', url: `/api/cases/${caseId}/permits`, payload: { type: 'art18_social' }, status: 400 });
    await expectUnchanged({ user: worker, method: 'POST', url: `/api/cases/${caseId}/permits`, payload: { type: 'art18_judicial', proposerKind: 'social_services' }, status: 400 });
    await expectUnchanged({ user: worker, method: 'POST', url: `/api/cases/${caseId}/permits`, payload: { type: 'work', proposerKind: 'body' }, status: 400 });
    // Italian message for a rule of the machine
    await t.database.db.updateTable('users').set({ locale: 'it' }).where('id', '=', worker.userId).execute();
    const it = await call(worker, 'POST', url, { version: v, to: 'issued', on: today() });
    expect(it.json().error.issues[0].message).toContain('scadenza');
    await t.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', worker.userId).execute();
  });

  it.skipIf(skip)('a stale version is a conflict, for steps and changes alike, with nothing written', async () => {
    const { caseId } = await newCase();
    const p = await createPermit(caseId);
    const moved = await step(p, { to: 'submitted', on: today() });
    expect(moved.version).toBe(2);
    await expectUnchanged({ user: worker, method: 'POST', url: `/api/permits/${p.id}/steps`, payload: { version: 1, to: 'refused', on: today() }, status: 409 });
    await expectUnchanged({ user: worker, method: 'PATCH', url: `/api/permits/${p.id}`, payload: { version: 1, note: 'Vecchia versione' }, status: 409 });
    const ok = await call(worker, 'PATCH', `/api/permits/${p.id}`, { version: 2, note: 'Appuntamento in Questura fissato', permitNumber: 'RIC-2231' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: 3, note: 'Appuntamento in Questura fissato', permitNumber: 'RIC-2231' });
  });

  it.skipIf(skip)('scope: another organisation and unassigned specialists get 404; coordinators read but do not write', async () => {
    const { caseId, personId } = await newCase();
    const p = await createPermit(caseId);
    const attempts: Array<{ method: Method; url: string; payload?: unknown; action: string }> = [
      { method: 'GET', url: `/api/cases/${caseId}/permits`, action: 'permit.list' },
      { method: 'POST', url: `/api/cases/${caseId}/permits`, payload: { type: 'study' }, action: 'permit.write' },
      { method: 'GET', url: `/api/permits/${p.id}`, action: 'permit.read' },
      { method: 'PATCH', url: `/api/permits/${p.id}`, payload: { version: 1, note: 'x' }, action: 'permit.write' },
      { method: 'POST', url: `/api/permits/${p.id}/steps`, payload: { version: 1, to: 'submitted', on: today() }, action: 'permit.write' },
      { method: 'GET', url: `/api/persons/${personId}/legal-status`, action: 'legal_status.read' },
    ];
    for (const user of [otherWorker, specialist]) {
      for (const a of attempts) {
        const r = await expectUnchanged({ user, method: a.method, url: a.url, payload: a.payload, status: 404, audited: a.action });
        expect(r.json().error.code).toBe('not_found');
      }
    }
    for (const a of attempts.filter((x) => x.method !== 'GET')) {
      await expectUnchanged({ user: coordinator, method: a.method, url: a.url, payload: a.payload, status: 404, audited: a.action });
    }
    expect((await call(coordinator, 'GET', `/api/permits/${p.id}`)).statusCode).toBe(200);
    // A specialist on the team sees the permits (reading goes with the case).
    await t.database.db.insertInto('case_team').values({ case_id: caseId, user_id: specialist.userId, team_role: 'lawyer' }).execute();
    expect((await call(specialist, 'GET', `/api/cases/${caseId}/permits`)).statusCode).toBe(200);
    expect((await call(specialist, 'GET', `/api/persons/${personId}/legal-status`)).statusCode).toBe(200);
  });

  it.skipIf(skip)('reminders with a controllable clock: renewal once inside the window, then expiry onto the case worker’s task list', async () => {
    const db = t.database.db;
    const owner = await loginAs({ t, roleKey: 'case_worker', orgId });
    const { caseId } = await newCase({ caseWorkerId: owner.userId });
    const start = today();
    const p = await issuedPermit(caseId, { issuedOn: addDays(start, -100), expiresOn: addDays(start, 70) });
    // The job's clock moves; the sessions' clock stays (days would end them).
    let at = t.clock.now();
    const advance = (days: number) => { at = new Date(at.getTime() + days * 86_400_000); };
    const run = () => systemPermitReminders({ db, cipher: t.app.services.cipher, now: at, windowDays: 60 });
    const ownTasks = async () => (await call(owner, 'GET', '/api/me/tasks')).json<{ items: Array<{ caseId: string; title: string; dueOn: string }> }>().items.filter((i) => i.caseId === caseId);
    const notices = async () => (await call(owner, 'GET', '/api/notifications')).json<{ items: Array<{ kind: string; recordId: string }> }>().items.filter((n) => n.recordId === p.id);
    await run();
    expect(await ownTasks()).toEqual([]);
    {
      advance(11);
      const r1 = await run();
      expect(r1.renewalReminders).toBeGreaterThanOrEqual(1);
      expect(await ownTasks()).toHaveLength(1);
      expect((await ownTasks())[0]).toMatchObject({ dueOn: addDays(start, 70) });
      expect((await ownTasks())[0]?.title).toContain('Rinnovo');
      expect((await notices()).map((n) => n.kind)).toEqual(['permit.renewal_due']);
      // Once: a second run, and a later one in the window, add nothing.
      await run();
      advance(20);
      await run();
      expect(await ownTasks()).toHaveLength(1);
      const got = await call(owner, 'GET', `/api/permits/${p.id}`);
      expect(got.json()).toMatchObject({ status: 'issued', renewalDue: false }); // by the request's clock, 70 days ahead

      // Past the expiry date: expired (a step by Ponte itself), with a task on the owner's list.
      advance(40);
      const r2 = await run();
      expect(r2.expired).toBeGreaterThanOrEqual(1);
      const after = (await call(owner, 'GET', `/api/permits/${p.id}`)).json<Permit & { expiredOn: string }>();
      expect(after.status).toBe('expired');
      expect(after.expiredOn).toBe(addDays(start, 71));
      expect(after.events.at(-1)).toMatchObject({ toStatus: 'expired', userId: null });
      const tasks = await ownTasks();
      expect(tasks).toHaveLength(2);
      expect(tasks.some((x) => x.title.includes('scaduto'))).toBe(true);
      expect((await notices()).map((n) => n.kind).sort()).toEqual(['permit.expired', 'permit.renewal_due']);
      await run();
      expect(await ownTasks()).toHaveLength(2);
      const audit = await db.selectFrom('audit_log').select(['action', 'actor_user_id', 'details']).where('record_id', '=', p.id).where('action', 'in', ['permit.remind', 'permit.write']).where('actor_user_id', 'is', null).execute();
      expect(audit.map((a) => a.action).sort()).toEqual(['permit.remind', 'permit.write']);
    }
  });

  it.skipIf(skip)('a renewal brings a new expiry date and, in its window, a new reminder', async () => {
    const db = t.database.db;
    const owner = await loginAs({ t, roleKey: 'case_worker', orgId });
    const { caseId } = await newCase({ caseWorkerId: owner.userId });
    let p = await issuedPermit(caseId, { issuedOn: addDays(today(), -150), expiresOn: addDays(today(), 30) });
    const run = () => systemPermitReminders({ db, cipher: t.app.services.cipher, now: t.clock.now(), windowDays: 60 });
    await run();
    p = await step(p, { to: 'renewal_requested', on: today() }, owner);
    await run();
    const tasks = async () => (await call(owner, 'GET', '/api/me/tasks')).json<{ items: Array<{ caseId: string }> }>().items.filter((i) => i.caseId === caseId);
    expect(await tasks()).toHaveLength(1);
    const renewed = await step(p, { to: 'renewed', on: today(), expiresOn: addDays(today(), 40) }, owner);
    expect(renewed.expiresOn).toBe(addDays(today(), 40));
    await run();
    expect(await tasks()).toHaveLength(2);
    await run();
    expect(await tasks()).toHaveLength(2);
  });

  it.skipIf(skip)('minors: the case worker is told 30 days before and on the 18th birthday, once each; the birth date read is audited as the system', async () => {
    const db = t.database.db;
    const owner = await loginAs({ t, roleKey: 'case_worker', orgId });
    const start = today();
    // 18th birthday 40 days from now.
    const birthday = addDays(start, 40);
    const birthDate = `${Number(birthday.slice(0, 4)) - 18}${birthday.slice(4)}`;
    const { caseId, personId } = await newCase({ caseWorkerId: owner.userId, birthDate, minor: true });
    let at = t.clock.now();
    const advance = (days: number) => { at = new Date(at.getTime() + days * 86_400_000); };
    const run = () => systemPermitReminders({ db, cipher: t.app.services.cipher, now: at });
    const tasks = async () => (await call(owner, 'GET', '/api/me/tasks')).json<{ items: Array<{ caseId: string; title: string }> }>().items.filter((i) => i.caseId === caseId);
    {
      await run();
      expect(await tasks()).toEqual([]);
      advance(11);
      await run();
      await run();
      expect(await tasks()).toHaveLength(1);
      expect((await tasks())[0]?.title).toContain('18');
      advance(30);
      await run();
      await run();
      expect(await tasks()).toHaveLength(2);
      const kinds = (await call(owner, 'GET', '/api/notifications')).json<{ items: Array<{ kind: string; recordId: string }> }>().items.filter((n) => n.recordId === caseId).map((n) => n.kind).sort();
      expect(kinds).toEqual(['minor.turned_18', 'minor.turns_18_soon']);
      const row = await db.selectFrom('case_minor').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
      expect(row.majority_warned_at).not.toBeNull();
      expect(row.majority_alerted_at).not.toBeNull();
      const reads = await db.selectFrom('audit_log').select(['actor_user_id', 'fields']).where('record_id', '=', personId).where('action', '=', 'person.read').execute();
      expect(reads.length).toBeGreaterThanOrEqual(3);
      expect(reads.every((r) => r.actor_user_id === null && JSON.stringify(r.fields) === '["birth"]')).toBe(true);
      // Once alerted, the job no longer decrypts the identity.
      const before = reads.length;
      await run();
      expect(await db.selectFrom('audit_log').select('id').where('record_id', '=', personId).where('action', '=', 'person.read').execute()).toHaveLength(before);
    }
  });

  it.skipIf(skip)('minors: the age assessment outcome and the programme continuing past 18 are recorded by case workers', async () => {
    const { caseId } = await newCase({ minor: true });
    const base = `/api/cases/${caseId}/minor`;
    expect((await call(coordinator, 'GET', base)).json()).toMatchObject({ minorStatus: 'minor', continuesPast18: false, ageAssessmentOutcome: null });
    const put = await call(worker, 'PUT', base, { ageAssessmentOutcome: 'inconclusive', ageAssessmentOutcomeOn: addDays(today(), -5), continuesPast18: true, continuesUntil: addDays(today(), 900) });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ ageAssessmentOutcome: 'inconclusive', continuesPast18: true, continuesUntil: addDays(today(), 900) });
    await expectUnchanged({ user: worker, method: 'PUT', url: base, payload: { continuesPast18: false, continuesUntil: addDays(today(), 10) }, status: 400 });
    await expectUnchanged({ user: worker, method: 'PUT', url: base, payload: { continuesPast18: false, ageAssessmentOutcomeOn: addDays(today(), 1) }, status: 400 });
    await expectUnchanged({ user: coordinator, method: 'PUT', url: base, payload: { continuesPast18: false }, status: 404, audited: 'minor.write' });
    await expectUnchanged({ user: otherWorker, method: 'GET', url: base, status: 404, audited: 'minor.read' });
  });

  it.skipIf(skip)('criminal proceedings: only with criminal.read; others get 404 and never see the fields', async () => {
    const { caseId } = await newCase();
    const base = `/api/cases/${caseId}/criminal-proceedings`;
    const put = await call(worker, 'PUT', base, { version: 0, complaintFiled: true, complaintOn: addDays(today(), -60), prosecutorOrganisationId: procuraId, personRole: 'injured_party', protectionMeasures: 'Programma di protezione Vexmarker' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ recorded: true, version: 1, personRole: 'injured_party', protectionMeasures: 'Programma di protezione Vexmarker' });
    const hearing = await call(worker, 'POST', `${base}/hearings`, { heldOn: addDays(today(), -10), kind: 'incidente_probatorio' });
    expect(hearing.statusCode, hearing.body).toBe(201);
    expect(hearing.json().hearings).toHaveLength(1);
    await expectUnchanged({ user: worker, method: 'PUT', url: base, payload: { version: 1, complaintFiled: false }, status: 409 });
    await expectUnchanged({ user: worker, method: 'PUT', url: base, payload: { version: 2, complaintFiled: false, complaintOn: today() }, status: 400 });
    for (const user of [coordinator, specialist, otherWorker]) {
      await expectUnchanged({ user, method: 'GET', url: base, status: 404, audited: 'criminal.read' });
      await expectUnchanged({ user, method: 'PUT', url: base, payload: { version: 2, complaintFiled: false }, status: 404, audited: 'criminal.write' });
      await expectUnchanged({ user, method: 'POST', url: `${base}/hearings`, payload: { heldOn: today(), kind: 'trial' }, status: 404, audited: 'criminal.write' });
    }
    const caseRead = await call(coordinator, 'GET', `/api/cases/${caseId}`);
    expect(caseRead.statusCode, caseRead.body).toBe(200);
    expect(caseRead.body).not.toMatch(/complaint|prosecutor|Vexmarker|injured_party|hearing/i);
  });

  it.skipIf(skip)('no permit number, note or protection measure in clear in the stored data', async () => {
    const { caseId } = await newCase();
    const p = await createPermit(caseId, { type: 'international_protection', permitNumber: 'ZQ9988776PX', note: 'Nota Thistlewhump' });
    await step(p, { to: 'submitted', on: today(), note: 'Consegnato a mano Bramblequoth' });
    await call(worker, 'PUT', `/api/cases/${caseId}/criminal-proceedings`, { version: 0, complaintFiled: false, protectionMeasures: 'Misura Quillfeather' });
    const secrets = ['ZQ9988776PX', 'Thistlewhump', 'Bramblequoth', 'Quillfeather'];
    const dump = t.url ? await pgDump(t.url) : await rowsDump(t.database.db);
    expect(scanForSecrets({ secrets, buffers: [{ name: 'dump', data: dump }] })).toEqual([]);
    // control: the questura's name is stored in clear and is found
    const control = scanForSecrets({ secrets: ['Test organisation permits-questura'], buffers: [{ name: 'dump', data: dump }] });
    expect(control.length).toBeGreaterThan(0);
    expect((await call(worker, 'GET', `/api/permits/${p.id}`)).json().permitNumber).toBe('ZQ9988776PX');
  });
});
