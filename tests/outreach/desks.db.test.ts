/**
 * Desks and desk sessions online on both engines, as the desk pages use them: a desk worker opens
 * a desk, corrects it with the version read (a stale one is 409), records sessions with the
 * persons met by code, corrects a session and cancels one recorded by mistake. Bad input is a clear
 * 400 in Italian (English for a user who chose it) with nothing written; another organisation gets
 * 404; every write is audited with field names; a cancelled session counts nowhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { snapshot } from '../access/snapshot.ts';
import { insertPerson } from '../helpers/records.ts';
import { italianToday } from '../../src/domain/case-records.ts';

type Method = 'GET' | 'POST' | 'PATCH';

interface Desk {
  id: string;
  version: number;
  name: string;
  openingHours: Array<{ weekday: number; from: string; to: string }>;
  sessions: number;
  interviews: number;
}

interface Session {
  id: string;
  version: number;
  date: string;
  startTime: string;
  interviews: number;
  advice: Record<string, number>;
  bySex: Record<string, number> | null;
  byAge: Record<string, number> | null;
  byNationality: Record<string, number> | null;
  personCodes: string[];
  cancelledAt: string | null;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const noAdvice = { orientation: 0, legal_advice: 0, health_orientation: 0, referral_to_services: 0, other: 0 };

describe.each(await engineCases())('desks and desk sessions on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let orgId: string;
  let otherOrgId: string;
  let worker: LoggedIn;
  let otherWorker: LoggedIn;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    const db = t.database.db;
    orgId = await ensureTestOrganisation({ db, code: 'desks-org' });
    otherOrgId = await ensureTestOrganisation({ db, code: 'desks-other' });
    worker = await loginAs({ t, roleKey: 'desk_worker', orgId });
    otherWorker = await loginAs({ t, roleKey: 'desk_worker', orgId: otherOrgId });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  function call(user: LoggedIn, method: Method, url: string, payload?: unknown) {
    return t.app.inject({ method, url, headers: user.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  }

  async function refused(user: LoggedIn, method: Method, url: string, payload: unknown, status = 400) {
    const before = await snapshot({ db: t.database.db, includeAudit: status !== 404 });
    const r = await call(user, method, url, payload);
    expect(r.statusCode, r.body).toBe(status);
    expect(await snapshot({ db: t.database.db, includeAudit: status !== 404 })).toEqual(before);
    return r.json<{ error: { code: string; message: string; issues?: Array<{ path: string; message: string }> } }>();
  }

  const yesterday = (): string => addDays(italianToday(t.clock.now()), -1);
  const deskBody = { name: 'Sportello Tribunale civile', kind: 'civil_court', provinceCode: '058', municipality: 'Roma', openingHours: [{ weekday: 2, from: '09:00', to: '13:00' }] };

  async function newDesk(user = worker): Promise<Desk> {
    const r = await call(user, 'POST', '/api/outreach/desks', deskBody);
    expect(r.statusCode, r.body).toBe(201);
    return r.json<Desk>();
  }

  it.skipIf(skip)('a desk is opened, read and corrected with its version; bad hours and stale versions change nothing', async () => {
    const desk = await newDesk();
    const read = await call(worker, 'GET', `/api/outreach/desks/${desk.id}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json<Desk>()).toMatchObject({ name: deskBody.name, kind: 'civil_court', sessions: 0, interviews: 0, openingHours: deskBody.openingHours });

    const backwards = await refused(worker, 'PATCH', `/api/outreach/desks/${desk.id}`, { version: 1, openingHours: [{ weekday: 3, from: '14:00', to: '10:00' }] });
    expect(backwards.error.issues).toContainEqual({ path: 'body.openingHours.0.to', message: 'una fascia oraria deve finire dopo l’inizio' });
    const noDay = await refused(worker, 'POST', '/api/outreach/desks', { ...deskBody, openingHours: [{ weekday: 8, from: '09:00', to: '10:00' }] });
    expect(noDay.error.issues?.[0]?.path).toBe('body.openingHours.0.weekday');
    const overlap = await refused(worker, 'POST', '/api/outreach/desks', { ...deskBody, openingHours: [{ weekday: 2, from: '09:00', to: '13:00' }, { weekday: 2, from: '12:00', to: '15:00' }] });
    expect(overlap.error.issues).toContainEqual({ path: 'body.openingHours.1.from', message: 'questa fascia si sovrappone a un’altra dello stesso giorno' });

    const hours = [{ weekday: 4, from: '14:00', to: '17:00' }, { weekday: 1, from: '09:00', to: '12:30' }];
    const edited = await call(worker, 'PATCH', `/api/outreach/desks/${desk.id}`, { version: 1, openingHours: hours, kind: 'womens_prison' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<Desk>()).toMatchObject({ version: 2, kind: 'womens_prison', openingHours: [hours[1], hours[0]] });
    const stale = await refused(worker, 'PATCH', `/api/outreach/desks/${desk.id}`, { version: 1, name: 'Sportello vecchio' }, 409);
    expect(stale.error.message).toBe('Il record è stato modificato nel frattempo: ricarica e riprova.');

    // Another organisation neither reads nor changes it.
    await refused(otherWorker, 'GET', `/api/outreach/desks/${desk.id}`, undefined, 404);
    await refused(otherWorker, 'PATCH', `/api/outreach/desks/${desk.id}`, { version: 2, name: 'Altro' }, 404);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'fields'])
      .where('record_id', '=', desk.id)
      .where('outcome', '=', 'success')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['desk.write', 'desk.read', 'desk.write']);
    expect(audit[2]?.fields).toEqual(['kind', 'openingHours']);
  });

  it.skipIf(skip)('sessions: recorded with persons met by code, refused when inconsistent, corrected, cancelled and then counted nowhere', async () => {
    const db = t.database.db;
    const desk = await newDesk();
    const person = await insertPerson({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId });
    const foreign = await insertPerson({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId: otherOrgId });
    const body = { date: yesterday(), startTime: '09:00', endTime: '12:00', workerUserId: worker.userId, interviews: 3, advice: { ...noAdvice, orientation: 2, legal_advice: 1 }, personCodes: [person.code] };
    const url = `/api/outreach/desks/${desk.id}/sessions`;

    // Refused, nothing written, the reason next to the field.
    const over = await refused(worker, 'POST', url, { ...body, advice: { ...noAdvice, legal_advice: 4 } });
    expect(over.error.issues).toContainEqual({ path: 'body.advice.legal_advice', message: 'i colloqui con un tipo di consulenza non possono superare i colloqui svolti' });
    const backwards = await refused(worker, 'POST', url, { ...body, endTime: '08:00' });
    expect(backwards.error.issues?.[0]).toEqual({ path: 'body.endTime', message: 'una fascia oraria deve finire dopo l’inizio' });
    const future = await refused(worker, 'POST', url, { ...body, date: addDays(yesterday(), 3) });
    expect(future.error.issues?.[0]?.path).toBe('body.date');
    const unseen = await refused(worker, 'POST', url, { ...body, personCodes: [foreign.code] });
    expect(unseen.error.issues).toContainEqual({ path: 'body.personCodes.0', message: 'nessuna persona con questo codice tra quelle che puoi vedere' });
    const tooMany = await refused(worker, 'POST', url, { ...body, interviews: 0, advice: noAdvice });
    expect(tooMany.error.issues?.[0]?.path).toBe('body.personCodes');
    await refused(otherWorker, 'POST', url, body, 404);
    // English for a user who chose English.
    await db.updateTable('users').set({ locale: 'en' }).where('id', '=', worker.userId).execute();
    const en = await call(worker, 'POST', url, { ...body, advice: { ...noAdvice, other: 9 } });
    await db.updateTable('users').set({ locale: 'it' }).where('id', '=', worker.userId).execute();
    expect(en.statusCode).toBe(400);
    expect(en.json<{ error: { issues: Array<{ message: string }> } }>().error.issues.map((i) => i.message)).toContain('advice of one kind cannot exceed the interviews held');

    // Two sessions; the list is newest first and the desk counts them.
    const first = await call(worker, 'POST', url, { ...body, date: addDays(yesterday(), -7), personCodes: [] });
    expect(first.statusCode, first.body).toBe(201);
    const second = await call(worker, 'POST', url, body);
    expect(second.statusCode, second.body).toBe(201);
    const s2 = second.json<Session>();
    expect(s2).toMatchObject({ version: 1, interviews: 3, personCodes: [person.code], cancelledAt: null });
    const list = async (): Promise<Session[]> => (await call(worker, 'GET', url)).json<{ items: Session[] }>().items;
    expect((await list()).map((s) => s.id)).toEqual([s2.id, first.json<Session>().id]);
    const totals = async (): Promise<Pick<Desk, 'sessions' | 'interviews'>> => {
      const d = (await call(worker, 'GET', `/api/outreach/desks/${desk.id}`)).json<Desk>();
      return { sessions: d.sessions, interviews: d.interviews };
    };
    expect(await totals()).toEqual({ sessions: 2, interviews: 6 });

    // Corrected with the version read: the person link removed, interviews changed; audited by field name.
    const fixed = await call(worker, 'PATCH', `/api/outreach/desk-sessions/${s2.id}`, { version: 1, interviews: 4, personCodes: [] });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json<Session>()).toMatchObject({ version: 2, interviews: 4, personCodes: [] });
    expect(await db.selectFrom('outreach_desk_session_persons').select('person_id').where('session_id', '=', s2.id).execute()).toEqual([]);
    const entry = await db.selectFrom('audit_log').select(['fields', 'details']).where('record_id', '=', s2.id).where('action', '=', 'desk_session.write').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry.fields).toEqual(['interviews', 'personCodes']);
    expect(JSON.stringify(entry.details)).not.toContain(person.code);
    // The merged session is checked whole: fewer interviews than advice given is refused.
    const merged = await refused(worker, 'PATCH', `/api/outreach/desk-sessions/${s2.id}`, { version: 2, interviews: 1 });
    expect(merged.error.issues?.[0]?.path).toBe('body.advice.orientation');
    await refused(worker, 'PATCH', `/api/outreach/desk-sessions/${s2.id}`, { version: 1, interviews: 2 }, 409);
    await refused(worker, 'PATCH', `/api/outreach/desk-sessions/${s2.id}`, { version: 2 });
    await refused(otherWorker, 'PATCH', `/api/outreach/desk-sessions/${s2.id}`, { version: 2, interviews: 2 }, 404);
    await refused(otherWorker, 'POST', `/api/outreach/desk-sessions/${s2.id}/cancel`, { version: 2 }, 404);

    // Cancelled: kept and marked, counted nowhere, and no longer changed.
    await refused(worker, 'POST', `/api/outreach/desk-sessions/${s2.id}/cancel`, { version: 1 }, 409);
    const cancelled = await call(worker, 'POST', `/api/outreach/desk-sessions/${s2.id}/cancel`, { version: 2 });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json<Session>().cancelledAt).not.toBeNull();
    expect((await list()).find((s) => s.id === s2.id)?.cancelledAt).not.toBeNull();
    expect(await totals()).toEqual({ sessions: 1, interviews: 3 });
    const again = await refused(worker, 'POST', `/api/outreach/desk-sessions/${s2.id}/cancel`, { version: 3 }, 409);
    expect(again.error.message).toBe('la sessione è stata annullata: non si può più modificare');
    await refused(worker, 'PATCH', `/api/outreach/desk-sessions/${s2.id}`, { version: 3, interviews: 2 }, 409);
    const cancelEntry = await db.selectFrom('audit_log').select(['fields', 'details']).where('record_id', '=', s2.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(cancelEntry.fields).toEqual(['cancelledAt']);
    expect(cancelEntry.details).toMatchObject({ op: 'cancel', deskId: desk.id });
  });
  it.skipIf(skip)('sessions are listed a page at a time, newest first, with none lost or repeated across pages', async () => {
    const desk = await newDesk();
    const url = `/api/outreach/desks/${desk.id}/sessions`;
    // Seven sessions: three on the same day and hour (ordered by when they were recorded, then id).
    const made: string[] = [];
    for (const [days, start] of [[-9, '09:00'], [-3, '10:00'], [-3, '10:00'], [-3, '10:00'], [-3, '08:00'], [-1, '09:00'], [-20, '15:00']] as const) {
      const r = await call(worker, 'POST', url, { date: addDays(yesterday(), days), startTime: start, endTime: '16:00', workerUserId: worker.userId, interviews: 1, advice: noAdvice, personCodes: [] });
      expect(r.statusCode, r.body).toBe(201);
      made.push(r.json<Session>().id);
    }
    const all = (await call(worker, 'GET', `${url}?limit=500`)).json<{ items: Session[]; hasMore: boolean }>();
    expect(all.hasMore).toBe(false);
    expect(all.items).toHaveLength(7);
    const keys = all.items.map((s) => `${s.date} ${s.startTime}`);
    expect(keys).toEqual([...keys].sort().reverse());
    const paged: string[] = [];
    let before: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await call(worker, 'GET', `${url}?limit=3${before ? `&before=${before}` : ''}`);
      expect(page.statusCode, page.body).toBe(200);
      const body = page.json<{ items: Session[]; hasMore: boolean }>();
      paged.push(...body.items.map((s) => s.id));
      pages += 1;
      if (!body.hasMore) break;
      before = body.items[body.items.length - 1]?.id;
    }
    expect(pages).toBe(3);
    expect(paged).toEqual(all.items.map((s) => s.id));
    expect(new Set(paged)).toEqual(new Set(made));

    // A cursor that is not one of this desk's sessions is out of reach; a malformed one is a 400.
    const other = await newDesk();
    await refused(worker, 'GET', `/api/outreach/desks/${other.id}/sessions?before=${made[0]}`, undefined, 404);
    await refused(worker, 'GET', `${url}?before=not-an-id`, undefined, 400);
    await refused(otherWorker, 'GET', `${url}?before=${made[0]}`, undefined, 404);
  });
  it.skipIf(skip)('sessions carry optional breakdowns of the interviews (the outing lists), adding up to the interviews; corrected with the session', async () => {
    const db = t.database.db;
    const desk = await newDesk();
    const url = `/api/outreach/desks/${desk.id}/sessions`;
    const sex = { female: 2, male: 1, transgender: 0, other_unknown: 0 };
    const age = { under_18: 1, '18_24': 2, '25_34': 0, '35_44': 0, '45_plus': 0, unknown: 0 };
    const nationality = { nigeria: 1, romania: 0, albania: 0, china: 0, other_africa: 2, other_europe: 0, latin_america: 0, other_unknown: 0 };
    const body = { date: yesterday(), startTime: '09:00', endTime: '12:00', workerUserId: worker.userId, interviews: 3, advice: noAdvice, personCodes: [] };

    // Refused, nothing written: a breakdown that does not add up to the interviews, a key not of the list, a key missing.
    const off = await refused(worker, 'POST', url, { ...body, bySex: { ...sex, female: 1 } });
    expect(off.error.issues).toContainEqual({ path: 'body.bySex', message: 'i colloqui per sesso/genere devono sommare ai colloqui svolti' });
    const offAge = await refused(worker, 'POST', url, { ...body, byAge: { ...age, unknown: 1 } });
    expect(offAge.error.issues).toContainEqual({ path: 'body.byAge', message: 'i colloqui per fascia d’età devono sommare ai colloqui svolti' });
    await refused(worker, 'POST', url, { ...body, byNationality: { ...nationality, other_africa: 1, italy: 1 } });
    const { other_unknown: _gone, ...partial } = sex;
    await refused(worker, 'POST', url, { ...body, bySex: partial });
    await refused(worker, 'POST', url, { ...body, bySex: { ...sex, female: -1, male: 4 } });
    await refused(otherWorker, 'POST', url, { ...body, bySex: sex }, 404);
    await db.updateTable('users').set({ locale: 'en' }).where('id', '=', worker.userId).execute();
    const en = await call(worker, 'POST', url, { ...body, byNationality: { ...nationality, nigeria: 0 } });
    await db.updateTable('users').set({ locale: 'it' }).where('id', '=', worker.userId).execute();
    expect(en.statusCode).toBe(400);
    expect(en.json<{ error: { issues: Array<{ message: string }> } }>().error.issues.map((i) => i.message)).toContain('the interviews by nationality group must add up to the interviews held');

    // Without breakdowns: stored as not recorded. With them: the outing's shape, as given.
    const plain = await call(worker, 'POST', url, body);
    expect(plain.statusCode, plain.body).toBe(201);
    expect(plain.json<Session>()).toMatchObject({ bySex: null, byAge: null, byNationality: null });
    const audits = async () => (await db.selectFrom('audit_log').select('id').where('action', '=', 'desk_session.write').execute()).length;
    const auditsBefore = await audits();
    const given = await call(worker, 'POST', url, { ...body, bySex: sex, byAge: age, byNationality: null });
    expect(given.statusCode, given.body).toBe(201);
    const s = given.json<Session>();
    expect(s).toMatchObject({ bySex: sex, byAge: age, byNationality: null });
    const row = await db.selectFrom('outreach_desk_sessions').select(['by_sex', 'by_age', 'by_nationality']).where('id', '=', s.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ by_sex: sex, by_age: age, by_nationality: null });
    expect(await audits()).toBe(auditsBefore + 1);
    const created = await db.selectFrom('audit_log').select(['fields', 'details']).where('record_id', '=', s.id).executeTakeFirstOrThrow();
    expect(created.fields).toEqual(['date', 'startTime', 'endTime', 'workerUserId', 'interviews', 'advice', 'bySex', 'byAge']);
    expect(JSON.stringify(created.details)).not.toContain('female');
    expect((await call(worker, 'GET', url)).json<{ items: Session[] }>().items.find((x) => x.id === s.id)).toMatchObject({ bySex: sex, byAge: age, byNationality: null });

    // Corrected: the whole session is checked again, so fewer interviews need the breakdowns corrected too.
    const stale = await refused(worker, 'PATCH', `/api/outreach/desk-sessions/${s.id}`, { version: 1, interviews: 2 });
    expect(stale.error.issues?.map((i) => i.path)).toEqual(['body.bySex', 'body.byAge']);
    const fixed = await call(worker, 'PATCH', `/api/outreach/desk-sessions/${s.id}`, {
      version: 1, interviews: 2, bySex: { ...sex, male: 0 }, byAge: null, byNationality: { ...nationality, nigeria: 0 },
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json<Session>()).toMatchObject({ version: 2, interviews: 2, bySex: { ...sex, male: 0 }, byAge: null, byNationality: { ...nationality, nigeria: 0 } });
    expect(await audits()).toBe(auditsBefore + 2);
    const entry = await db.selectFrom('audit_log').select('fields').where('record_id', '=', s.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry.fields).toEqual(['interviews', 'bySex', 'byAge', 'byNationality']);
    await refused(worker, 'PATCH', `/api/outreach/desk-sessions/${s.id}`, { version: 2, byAge: { ...age, under_18: 0, '18_24': 1 } });
    await refused(otherWorker, 'PATCH', `/api/outreach/desk-sessions/${s.id}`, { version: 2, bySex: null }, 404);
  });
});
