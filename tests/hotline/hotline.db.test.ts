/**
 * Hotline calls on both engines: logging a call, routing it (roster, province, fallback,
 * override) with the referral written in the same transaction (or nothing on error), what the
 * receiving body gets, bad input (4xx, nothing written), scope (the station, a lead body's view
 * without caller details, nobody else), version checks, the roster and the routing preview.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { lastAuditId, snapshot } from '../access/snapshot.ts';
import { hotlineCallCodePattern } from '../../src/domain/hotline/index.ts';
import { loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { auditSince, call, makeWorld, namedCall, referralSubject, type HotlineWorld } from './helpers.ts';

describe.each(await engineCases())('hotline calls on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let w: HotlineWorld;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    w = await makeWorld(t);
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  /** Moves the clock and returns a new session of the operator at that time (sessions end after 15 idle minutes). */
  async function operatorAt(time: string): Promise<LoggedIn> {
    t.clock.set(time);
    return loginAs({ t, roleKey: 'hotline_operator', orgId: w.hotlineId, email: w.operator.email });
  }

  it.skipIf(skip)('logs a routed call: the call and its referral to the competent body, notification, audit', async () => {
    const mark = await lastAuditId(t.database.db);
    const r = await call(t, w.operator, 'POST', '/api/hotline/calls', { ...namedCall, durationSeconds: 420, municipality: '058091' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const c = r.body;
    expect(c.code).toMatch(hotlineCallCodePattern);
    expect(c).toMatchObject({
      view: 'hotline', province: '058', municipality: '058091', language: 'pcm', anonymous: false, outcome: 'routed', durationSeconds: 420,
      caller: namedCall.caller, summary: namedCall.summary, operator: { id: w.operator.userId },
      routing: { rule: 'province', organisation: { id: w.faroId }, proposedOrganisation: { id: w.faroId }, overrideReason: null },
      referral: { status: 'sent', answerDueAt: '2026-03-11T10:00:00.000Z' }, version: 1,
    });
    const ref = await t.database.db.selectFrom('referrals').selectAll().where('id', '=', c.referral.id).executeTakeFirstOrThrow();
    expect(ref).toMatchObject({
      source: 'hotline', hotline_call_id: c.id, from_org_id: w.hotlineId, from_user_id: w.operator.userId, to_org_id: w.faroId,
      reason: 'hotline_report', urgency: 'urgent', consent_basis: 'caller_request', share_fields: [], case_id: null, person_id: null,
    });
    expect(await referralSubject(t, c.referral.id)).toEqual({
      hotlineCall: c.code, receivedAt: '2026-03-10T10:00:00.000Z', language: 'pcm', callerType: 'potential_victim', province: '058', municipality: '058091',
      exploitationTypes: ['SexualExploitation'], urgency: 'urgent', name: 'Efosa Chiamantefinto', phone: '+39 300 000 4242', bestTime: 'dopo le 18',
    });
    const notes = await t.database.db.selectFrom('notifications').select(['user_id', 'kind']).where('record_id', '=', c.referral.id).execute();
    expect(notes).toEqual([{ user_id: w.faroWorker.userId, kind: 'referral.received' }]);
    const audit = await auditSince(t, mark);
    expect(audit.map((a) => a.action)).toEqual(['hotline_call.route', 'referral.create', 'hotline_call.create']);
    expect(audit.every((a) => a.outcome === 'success' && a.actor_user_id === w.operator.userId)).toBe(true);
    expect(JSON.stringify(audit)).not.toMatch(/Efosa|4242|madame/);
  });

  it.skipIf(skip)('passes on name and phone only when the caller agreed; anonymous calls carry no caller at all', async () => {
    const noContact = await call(t, w.operator, 'POST', '/api/hotline/calls', { ...namedCall, caller: { name: 'Ada Nonconsenziente', contactAgreed: false } });
    expect(noContact.status).toBe(201);
    const subject = await referralSubject(t, noContact.body.referral.id);
    expect(subject).not.toHaveProperty('name');
    expect(JSON.stringify(subject)).not.toContain('Ada');
    const basis = await t.database.db.selectFrom('referrals').select('consent_basis').where('id', '=', noContact.body.referral.id).executeTakeFirstOrThrow();
    expect(basis.consent_basis).toBe('no_personal_data');

    const anon = await call(t, w.operator, 'POST', '/api/hotline/calls', { ...namedCall, anonymous: true, caller: undefined, province: '059' });
    expect(anon.status).toBe(201);
    expect(anon.body).toMatchObject({ anonymous: true, caller: null, routing: { rule: 'province', organisation: { id: w.valleId } } });
    const row = await t.database.db.selectFrom('hotline_calls').select(['caller_enc', 'summary_enc']).where('id', '=', anon.body.id).executeTakeFirstOrThrow();
    expect(row.caller_enc).toBeNull();
    expect(row.summary_enc).toMatch(/^v1:/);
  });

  it.skipIf(skip)('routing rules: project partner before identification, fallback for a province or place without a body, roster wins', async () => {
    // 059: Valle is the project partner, Strade offers identification: the partner wins
    const p059 = await call(t, w.operator, 'GET', '/api/hotline/routing?province=059');
    expect(p059.status).toBe(200);
    expect(p059.body).toMatchObject({ orgId: w.valleId, rule: 'province' });
    expect(p059.body.candidates.map((c: { code: string }) => c.code)).toEqual(['h-valle', 'h-strade', 'h-regione']);
    // 001: no body of this network, the Questura is not a candidate: the lead body
    const outside = await call(t, w.operator, 'GET', '/api/hotline/routing?province=001');
    expect(outside.body).toMatchObject({ orgId: w.regionId, rule: 'fallback' });
    const abroad = await call(t, w.operator, 'POST', '/api/hotline/calls', { ...namedCall, province: 'abroad', anonymous: true, caller: undefined });
    expect(abroad.body.routing).toMatchObject({ rule: 'fallback', organisation: { id: w.regionId } });
    // a shift for 058 now: the body on duty receives it
    const put = await call(t, w.operator, 'PUT', '/api/hotline/roster', {
      shifts: [{ orgId: w.stradeId, provinces: ['058'], startsAt: '2026-03-10T08:00:00Z', endsAt: '2026-03-10T20:00:00Z', note: 'Turno di prova' }],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const rostered = await call(t, w.operator, 'POST', '/api/hotline/calls', { ...namedCall, anonymous: true, caller: undefined });
    expect(rostered.body.routing).toMatchObject({ rule: 'roster', organisation: { id: w.stradeId } });
    // after the shift, the province rule again
    const evening = await operatorAt('2026-03-10T21:00:00Z');
    const later = await call(t, evening, 'GET', '/api/hotline/routing?province=058');
    expect(later.body).toMatchObject({ orgId: w.faroId, rule: 'province' });
    // an inactive body is skipped
    await t.database.db.updateTable('organisations').set({ is_active: false }).where('id', '=', w.faroId).execute();
    expect((await call(t, evening, 'GET', '/api/hotline/routing?province=058')).body).toMatchObject({ orgId: w.regionId, rule: 'fallback' });
    await t.database.db.updateTable('organisations').set({ is_active: true }).where('id', '=', w.faroId).execute();
    t.clock.set('2026-03-10T10:00:00Z');
    expect((await call(t, w.operator, 'PUT', '/api/hotline/roster', { shifts: [] })).status).toBe(200);
  });

  it.skipIf(skip)('the operator may override the proposed body, with a reason', async () => {
    const before = await snapshot({ db: t.database.db });
    const noReason = await call(t, w.operator, 'POST', '/api/hotline/calls', { ...namedCall, routing: { orgId: w.stradeId } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.issues[0].path).toBe('body.routing.overrideReason');
    const toHotline = await call(t, w.operator, 'POST', '/api/hotline/calls', { ...namedCall, routing: { orgId: w.hotlineId, overrideReason: 'prova' } });
    expect(toHotline.status).toBe(400);
    expect(toHotline.body.error.issues[0].path).toBe('body.routing.orgId');
    expect(await snapshot({ db: t.database.db })).toEqual(before);
    const ok = await call(t, w.operator, 'POST', '/api/hotline/calls', {
      ...namedCall, routing: { orgId: w.stradeId, overrideReason: 'La persona chiede un servizio in un’altra città per sicurezza', message: 'Richiamare dopo le 18' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.routing).toMatchObject({ rule: 'override', organisation: { id: w.stradeId }, proposedOrganisation: { id: w.faroId }, overrideReason: 'La persona chiede un servizio in un’altra città per sicurezza' });
    const ref = await t.database.db.selectFrom('referrals').select(['to_org_id', 'message_enc']).where('id', '=', ok.body.referral.id).executeTakeFirstOrThrow();
    expect(ref.to_org_id).toBe(w.stradeId);
    expect(ref.message_enc).toMatch(/^v1:/);
  });

  it.skipIf(skip)('the call and the referral are written together, or nothing on error', async () => {
    await t.database.asOwner(async (db) => {
      await sql`create function hotline_test_fail() returns trigger language plpgsql as $$ begin raise exception 'test failure'; end $$`.execute(db);
      await sql`create trigger hotline_test_fail before insert on hotline_calls for each row when (new.duration_seconds = 4242) execute function hotline_test_fail()`.execute(db);
    });
    try {
      const before = await snapshot({ db: t.database.db, includeAudit: true });
      const counts = async () => Promise.all(['referrals', 'referral_events', 'notifications', 'hotline_calls'].map(async (table) =>
        Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db)).rows[0]?.n)));
      const n0 = await counts();
      const r = await call(t, w.operator, 'POST', '/api/hotline/calls', { ...namedCall, durationSeconds: 4242 });
      expect(r.status).toBe(500);
      expect(await counts()).toEqual(n0);
      expect(await snapshot({ db: t.database.db, includeAudit: true })).toEqual(before);
    } finally {
      await t.database.asOwner(async (db) => {
        await sql`drop trigger hotline_test_fail on hotline_calls`.execute(db);
        await sql`drop function hotline_test_fail()`.execute(db);
      });
    }
  });

  it.skipIf(skip)('bad input → 4xx, nothing written', async () => {
    const before = await snapshot({ db: t.database.db, includeAudit: true });
    const bad: Array<[string, object, string]> = [
      ['unknown province', { province: '999' }, 'body.province'],
      ['unknown language', { language: 'xx' }, 'body.language'],
      ['negative duration', { durationSeconds: -5 }, 'body.durationSeconds'],
      ['named call without a name', { caller: undefined }, 'body.caller'],
      ['named call with an empty name', { caller: { name: '  ' } }, 'body.caller.name'],
      ['anonymous call with caller details', { anonymous: true }, 'body.caller'],
      ['oversize summary', { summary: 'x'.repeat(4001) }, 'body.summary'],
      ['municipality outside the province', { municipality: '059011' }, 'body.municipality'],
      ['unknown exploitation type', { exploitationTypes: ['Smuggling'] }, 'body.exploitationTypes.0'],
      ['routing without outcome routed', { outcome: 'information_given', routing: { message: 'x' } }, 'body.routing'],
      ['a call in the future', { receivedAt: '2026-03-11T10:00:00Z' }, 'body.receivedAt'],
      ['unknown caller type', { callerType: 'journalist' }, 'body.callerType'],
      ['unknown field', { notes: 'x' }, 'body'],
    ];
    for (const [what, patch, path] of bad) {
      const r = await call(t, w.operator, 'POST', '/api/hotline/calls', { ...namedCall, ...patch });
      expect(r.status, what).toBe(400);
      expect(r.body.error.issues?.map((i: { path: string }) => i.path).join(' '), what).toContain(path);
    }
    expect(await snapshot({ db: t.database.db, includeAudit: true })).toEqual(before);
  });

  it.skipIf(skip)('scope: the station in full, the lead body without caller details, nobody else (404, audited)', async () => {
    const c = (await call(t, w.operator, 'POST', '/api/hotline/calls', namedCall)).body;
    const colleague = await call(t, w.operator2, 'GET', `/api/hotline/calls/${c.id}`);
    expect(colleague.body).toMatchObject({ view: 'hotline', caller: namedCall.caller, summary: namedCall.summary });

    const mark = await lastAuditId(t.database.db);
    const lead = await call(t, w.coordinator, 'GET', `/api/hotline/calls/${c.id}`);
    expect(lead.status).toBe(200);
    expect(lead.body).toMatchObject({ view: 'network', caller: null, summary: null, operator: null, routing: { organisation: { id: w.faroId }, overrideReason: null } });
    expect(JSON.stringify(lead.body)).not.toMatch(/Efosa|4242|madame/);
    const [read] = await auditSince(t, mark);
    expect(read).toMatchObject({ action: 'hotline_call.read', outcome: 'success', record_id: c.id });
    expect(read!.fields).not.toContain('caller');

    const leadList = await call(t, w.coordinator, 'GET', '/api/hotline/calls?province=058');
    expect(leadList.body.view).toBe('network');
    expect(leadList.body.items.map((i: { id: string }) => i.id)).toContain(c.id);

    for (const [who, user] of [['a coordinator of a body leading nothing', w.otherCoordinator], ['another station', w.otherStation], ['the receiving body', w.faroWorker]] as const) {
      const m = await lastAuditId(t.database.db);
      const r = await call(t, user, 'GET', `/api/hotline/calls/${c.id}`);
      expect(r.status, who).toBe(404);
      expect(await auditSince(t, m), who).toEqual([expect.objectContaining({ action: 'hotline_call.read', outcome: 'denied', record_id: c.id })]);
    }
    const otherList = await call(t, w.otherStation, 'GET', '/api/hotline/calls');
    expect(otherList.body.items.map((i: { id: string }) => i.id)).not.toContain(c.id);
    const noLead = await call(t, w.otherCoordinator, 'GET', '/api/hotline/calls');
    expect(noLead.body.items).toEqual([]);
    // the lead body cannot change a call
    expect((await call(t, w.coordinator, 'PATCH', `/api/hotline/calls/${c.id}`, { version: 1, urgency: 'routine' })).status).toBe(404);
  });

  it.skipIf(skip)('lists with filters, codes and no names', async () => {
    await call(t, w.operator, 'POST', '/api/hotline/calls', { ...namedCall, anonymous: true, caller: undefined, outcome: 'information_given', province: 'unknown', receivedAt: '2026-02-01T23:30:00Z' });
    const all = await call(t, w.operator, 'GET', '/api/hotline/calls?limit=200');
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThan(3);
    expect(JSON.stringify(all.body)).not.toMatch(/Efosa|4242|madame|Ada/);
    const info = await call(t, w.operator, 'GET', '/api/hotline/calls?outcome=information_given');
    expect(info.body.items.every((i: { outcome: string }) => i.outcome === 'information_given')).toBe(true);
    // 2026-02-01T23:30Z is 2 February in Italy
    const feb2 = await call(t, w.operator, 'GET', '/api/hotline/calls?from=2026-02-02&to=2026-02-02');
    expect(feb2.body.items).toHaveLength(1);
    expect(feb2.body.items[0]).toMatchObject({ province: 'unknown', outcome: 'information_given', routing: null, referralCode: null });
    const feb1 = await call(t, w.operator, 'GET', '/api/hotline/calls?from=2026-02-01&to=2026-02-01');
    expect(feb1.body.items).toHaveLength(0);
    const routed058 = await call(t, w.operator, 'GET', '/api/hotline/calls?province=058&outcome=routed');
    expect(routed058.body.items.length).toBeGreaterThan(0);
    expect(routed058.body.items[0].referralCode).toMatch(/^R-2026-/);
    expect((await call(t, w.operator, 'GET', '/api/hotline/calls?province=999')).status).toBe(400);
  });

  it.skipIf(skip)('changes a call with a version check; routing it later writes the referral; a routed call keeps its routing', async () => {
    const c = (await call(t, w.operator, 'POST', '/api/hotline/calls', { ...namedCall, outcome: 'information_given', anonymous: true, caller: undefined })).body;
    expect(c.referral).toBeNull();
    const stale = await call(t, w.operator, 'PATCH', `/api/hotline/calls/${c.id}`, { version: 2, urgency: 'routine' });
    expect(stale.status).toBe(409);
    const named = await call(t, w.operator, 'PATCH', `/api/hotline/calls/${c.id}`, { version: 1, anonymous: false });
    expect(named.status).toBe(400);
    expect(named.body.error.issues[0].path).toBe('body.caller');
    const routed = await call(t, w.operator, 'PATCH', `/api/hotline/calls/${c.id}`, {
      version: 1, anonymous: false, caller: { name: 'Bisi Richiamata', contactAgreed: true }, outcome: 'routed', province: '059',
    });
    expect(routed.status, JSON.stringify(routed.body)).toBe(200);
    expect(routed.body).toMatchObject({ version: 2, outcome: 'routed', province: '059', routing: { rule: 'province', organisation: { id: w.valleId } }, referral: { status: 'sent' } });
    expect(await referralSubject(t, routed.body.referral.id)).toMatchObject({ name: 'Bisi Richiamata', province: '059' });
    const move = await call(t, w.operator, 'PATCH', `/api/hotline/calls/${c.id}`, { version: 2, province: '058' });
    expect(move.status).toBe(409);
    const summary = await call(t, w.operator, 'PATCH', `/api/hotline/calls/${c.id}`, { version: 2, summary: 'Richiamata: conferma la disponibilità a un colloquio.' });
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ version: 3, summary: 'Richiamata: conferma la disponibilità a un colloquio.' });
    // another station cannot touch it
    expect((await call(t, w.otherStation, 'PATCH', `/api/hotline/calls/${c.id}`, { version: 3, urgency: 'routine' })).status).toBe(404);
  });

  it.skipIf(skip)('roster: replaces running and future shifts, keeps ended ones, refuses bad shifts', async () => {
    t.clock.set('2026-03-10T10:00:00Z');
    const put = await call(t, w.operator, 'PUT', '/api/hotline/roster', {
      shifts: [
        { orgId: w.faroId, allProvinces: true, startsAt: '2026-03-10T19:00:00Z', endsAt: '2026-03-11T07:00:00Z' },
        { orgId: w.valleId, provinces: ['059'], startsAt: '2026-03-09T19:00:00Z', endsAt: '2026-03-10T19:00:00Z' },
      ],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.items.map((s: { organisation: { code: string }; current: boolean }) => [s.organisation.code, s.current])).toEqual([['h-valle', true], ['h-faro', false]]);
    const morning = await operatorAt('2026-03-11T08:00:00Z');
    const replaced = await call(t, morning, 'PUT', '/api/hotline/roster', { shifts: [] });
    expect(replaced.body.items.map((s: { organisation: { code: string }; past: boolean }) => [s.organisation.code, s.past])).toEqual([
      ['h-valle', true], ['h-faro', true],
    ]);
    const before = await snapshot({ db: t.database.db, includeAudit: true });
    const bad: object[] = [
      { shifts: [{ orgId: w.faroId, allProvinces: true, startsAt: '2026-03-10T19:00:00Z', endsAt: '2026-03-11T07:00:00Z' }] }, // ended
      { shifts: [{ orgId: w.faroId, allProvinces: true, startsAt: '2026-03-12T19:00:00Z', endsAt: '2026-03-12T07:00:00Z' }] }, // reversed
      { shifts: [{ orgId: w.faroId, startsAt: '2026-03-12T19:00:00Z', endsAt: '2026-03-13T07:00:00Z' }] }, // no provinces
      { shifts: [{ orgId: w.faroId, allProvinces: true, provinces: ['058'], startsAt: '2026-03-12T19:00:00Z', endsAt: '2026-03-13T07:00:00Z' }] }, // both
      { shifts: [{ orgId: w.hotlineId, allProvinces: true, startsAt: '2026-03-12T19:00:00Z', endsAt: '2026-03-13T07:00:00Z' }] }, // the station itself
      { shifts: [{ orgId: w.faroId, provinces: ['999'], startsAt: '2026-03-12T19:00:00Z', endsAt: '2026-03-13T07:00:00Z' }] },
    ];
    for (const body of bad) expect((await call(t, morning, 'PUT', '/api/hotline/roster', body)).status, JSON.stringify(body)).toBe(400);
    expect(await snapshot({ db: t.database.db, includeAudit: true })).toEqual(before);
    t.clock.set('2026-03-10T10:00:00Z');
    expect((await call(t, w.coordinator, 'GET', '/api/hotline/roster')).status).toBe(404);
  });

  it.skipIf(skip)('messages in Italian and English', async () => {
    const it_ = await call(t, w.operator, 'POST', '/api/hotline/calls', { ...namedCall, caller: undefined });
    expect(it_.body.error.issues[0].message).toBe('una chiamata non anonima richiede i dati di chi chiama (almeno il nome)');
    await t.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', w.operator.userId).execute();
    const en = await call(t, w.operator, 'POST', '/api/hotline/calls', { ...namedCall, caller: undefined });
    expect(en.body.error.issues[0].message).toBe('a call that is not anonymous needs the caller’s details (at least a name)');
    await t.database.db.updateTable('users').set({ locale: 'it' }).where('id', '=', w.operator.userId).execute();
  });
  it.skipIf(skip)('the person the call is about: optional coarse values (outreach lists; under 18, adult, unknown), changed with the call, one audit entry each', async () => {
    const db = t.database.db;
    const anonymous = { ...namedCall, outcome: 'information_given', anonymous: true, caller: undefined, summary: undefined };
    // Refused, nothing written: values not of the lists, free text.
    const before = await snapshot({ db, includeAudit: true });
    for (const [what, patch, path] of [
      ['sex not of the list', { subjectSex: 'woman' }, 'body.subjectSex'],
      ['an age band instead of the coarse age', { subjectAge: '18_24' }, 'body.subjectAge'],
      ['a citizenship instead of the group', { subjectNationality: 'NG' }, 'body.subjectNationality'],
      ['a number', { subjectAge: 17 }, 'body.subjectAge'],
    ] as const) {
      const r = await call(t, w.operator, 'POST', '/api/hotline/calls', { ...anonymous, ...patch });
      expect(r.status, what).toBe(400);
      expect(r.body.error.issues?.map((i: { path: string }) => i.path), what).toContain(path);
    }
    expect(await snapshot({ db, includeAudit: true })).toEqual(before);

    // Not given: not recorded.
    const plain = await call(t, w.operator, 'POST', '/api/hotline/calls', anonymous);
    expect(plain.status, JSON.stringify(plain.body)).toBe(201);
    expect(plain.body).toMatchObject({ subjectSex: null, subjectAge: null, subjectNationality: null });

    const mark = await lastAuditId(db);
    const made = await call(t, w.operator, 'POST', '/api/hotline/calls', { ...anonymous, subjectSex: 'female', subjectAge: 'under_18', subjectNationality: 'nigeria' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ subjectSex: 'female', subjectAge: 'under_18', subjectNationality: 'nigeria' });
    const row = await db.selectFrom('hotline_calls').select(['subject_sex', 'subject_age', 'subject_nationality']).where('id', '=', made.body.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ subject_sex: 'female', subject_age: 'under_18', subject_nationality: 'nigeria' });
    const created = await auditSince(t, mark);
    expect(created.map((e) => e.action)).toEqual(['hotline_call.create']);
    expect(created[0]!.fields).toEqual(expect.arrayContaining(['subjectAge', 'subjectNationality', 'subjectSex']));

    const listed = await call(t, w.operator, 'GET', '/api/hotline/calls?limit=200');
    expect(listed.body.items.find((i: { id: string }) => i.id === made.body.id)).toMatchObject({ subjectSex: 'female', subjectAge: 'under_18', subjectNationality: 'nigeria' });

    const mark2 = await lastAuditId(db);
    const changed = await call(t, w.operator, 'PATCH', `/api/hotline/calls/${made.body.id}`, { version: 1, subjectAge: 'adult', subjectNationality: null });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ version: 2, subjectSex: 'female', subjectAge: 'adult', subjectNationality: null });
    const updated = await auditSince(t, mark2);
    expect(updated.map((e) => [e.action, e.fields])).toEqual([['hotline_call.update', ['subjectAge', 'subjectNationality']]]);
    const refused = await call(t, w.operator, 'PATCH', `/api/hotline/calls/${made.body.id}`, { version: 2, subjectSex: 'x' });
    expect(refused.status).toBe(400);
    expect((await db.selectFrom('hotline_calls').select('version').where('id', '=', made.body.id).executeTakeFirstOrThrow()).version).toBe(2);
    expect((await call(t, w.otherStation, 'PATCH', `/api/hotline/calls/${made.body.id}`, { version: 2, subjectSex: 'male' })).status).toBe(404);
  });
});
