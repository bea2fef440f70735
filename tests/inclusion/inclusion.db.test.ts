/**
 * Social inclusion on both engines: exact stipends, end not before start, attendance only for
 * cases enrolled in the course (by the service and by the database), the attendance rate, version
 * conflicts, voluntary-return steps, scope (another organisation gets 404 and changes nothing),
 * audit entries with field names and no values, names not in clear in the stored rows, and the
 * board (counts only; organisation or network).
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

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

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

interface Course {
  id: string;
  version: number;
  sessionList: Array<{ id: string; heldOn: string }>;
  enrolmentList: Array<{ id: string; caseId: string; caseCode: string; attendanceRate: number | null; version: number }>;
  hiddenEnrolments: number;
  attendance: Array<{ sessionId: string; enrolmentId: string; status: string }>;
  attendanceRate: number | null;
}

describe.each(await engineCases())('social inclusion on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let orgId: string;
  let otherOrgId: string;
  let worker: LoggedIn;
  let coordinator: LoggedIn;
  let specialist: LoggedIn;
  let otherWorker: LoggedIn;
  let analyst: LoggedIn;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    const db = t.database.db;
    orgId = await ensureTestOrganisation({ db, code: 'inclusion-org' });
    otherOrgId = await ensureTestOrganisation({ db, code: 'inclusion-other' });
    worker = await loginAs({ t, roleKey: 'case_worker', orgId });
    coordinator = await loginAs({ t, roleKey: 'coordinator', orgId });
    specialist = await loginAs({ t, roleKey: 'specialist', orgId });
    otherWorker = await loginAs({ t, roleKey: 'case_worker', orgId: otherOrgId });
    analyst = await loginAs({ t, roleKey: 'observatory_analyst', orgId: otherOrgId });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  async function newCase(org = orgId): Promise<{ caseId: string; code: string }> {
    const person = await insertPerson({ db: t.database.db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId: org });
    const c = await insertCase({ db: t.database.db, orgId: org, personId: person.id });
    return { caseId: c.id, code: c.code };
  }

  function call(user: LoggedIn, method: Method, url: string, payload?: unknown) {
    return t.app.inject({ method, url, headers: user.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  }

  /** The call answers `status` and changes nothing (a denial writes only its own audit entry). */
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

  async function newCourse(body: object = {}): Promise<Course> {
    const r = await call(worker, 'POST', '/api/courses', { title: 'Italiano L2 – livello A2', kind: 'language', providerName: 'CPIA Prova Nord', place: 'Sede centrale', startsOn: '2025-09-01', endsOn: '2026-06-30', plannedHours: 120, ...body });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<Course>();
  }

  // -------------------------------------------------------------------------------------------
  it.skipIf(skip)('an internship keeps its stipend as an exact decimal; float-looking or 3-decimal amounts are refused and write nothing', async () => {
    const { caseId } = await newCase();
    const r = await call(worker, 'POST', `/api/cases/${caseId}/inclusion/internships`, {
      employerName: 'Trattoria Esempio', sector: 'I', tutorName: 'Giulia Tutorelli', hoursPerWeek: 20, monthlyStipend: '333.33', startsOn: '2025-10-01', endsOn: '2026-03-31',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ monthlyStipend: '333.33', hoursPerWeek: '20.0', employerName: 'Trattoria Esempio', tutorName: 'Giulia Tutorelli', version: 1 });
    const stored = await t.database.db.selectFrom('inclusion_internships').select(['monthly_stipend']).where('id', '=', r.json<{ id: string }>().id).executeTakeFirstOrThrow();
    expect(stored.monthly_stipend).toBe('333.33');
    // three decimals of the same amount sum exactly in the database
    const sum = await sql<{ s: string }>`select (monthly_stipend * 3)::text as s from inclusion_internships where id = ${r.json<{ id: string }>().id}`.execute(t.database.db);
    expect(sum.rows[0]?.s).toBe('999.99');
    const url = `/api/cases/${caseId}/inclusion/internships`;
    const base = { employerName: 'Altro', startsOn: '2025-10-01' };
    for (const monthlyStipend of [0.1 + 0.2, '12.345', '-5', '1e3', 'dieci']) {
      const bad = await expectUnchanged({ user: worker, method: 'POST', url, payload: { ...base, monthlyStipend }, status: 400 });
      expect(bad.json().error.code).toBe('validation');
    }
    expect((await call(worker, 'POST', url, { ...base, monthlyStipend: 450.5 })).json()).toMatchObject({ monthlyStipend: '450.50' });
  });

  it.skipIf(skip)('an end before the start is refused on create and on update (against the stored start), nothing written', async () => {
    const { caseId } = await newCase();
    const bad = await expectUnchanged({
      user: worker, method: 'POST', url: `/api/cases/${caseId}/inclusion/placements`,
      payload: { employerName: 'Azienda', contractType: 'fixed_term', startsOn: '2025-10-01', endsOn: '2025-09-30' }, status: 400,
    });
    expect(bad.json().error.issues[0].path).toBe('body.endsOn');
    const ok = await call(worker, 'POST', `/api/cases/${caseId}/inclusion/placements`, { employerName: 'Azienda', contractType: 'fixed_term', startsOn: '2025-10-01', endsOn: '2025-10-01' });
    expect(ok.statusCode, ok.body).toBe(201);
    await expectUnchanged({ user: worker, method: 'PATCH', url: `/api/inclusion/placements/${ok.json<{ id: string }>().id}`, payload: { version: 1, endsOn: '2025-01-01' }, status: 400 });
    await expectUnchanged({ user: worker, method: 'POST', url: '/api/courses', payload: { title: 'X', kind: 'it', startsOn: '2025-10-01', endsOn: '2025-09-01' }, status: 400 });
  });

  it.skipIf(skip)('a stale version answers 409 and changes nothing', async () => {
    const { caseId } = await newCase();
    const created = await call(worker, 'POST', `/api/cases/${caseId}/inclusion/housing`, { movedOn: '2025-12-01', kind: 'rented_shared', support: ['deposit'] });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    const first = await call(worker, 'PATCH', `/api/inclusion/housing/${id}`, { version: 1, support: ['deposit', 'furniture'] });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ version: 2, support: ['deposit', 'furniture'] });
    const stale = await expectUnchanged({ user: worker, method: 'PATCH', url: `/api/inclusion/housing/${id}`, payload: { version: 1, kind: 'with_family' }, status: 409 });
    expect(stale.json().error.code).toBe('conflict');
    const course = await newCourse();
    expect((await call(worker, 'PATCH', `/api/courses/${course.id}`, { version: 1, place: 'Aula 3' })).statusCode).toBe(200);
    await expectUnchanged({ user: worker, method: 'PATCH', url: `/api/courses/${course.id}`, payload: { version: 1, place: 'Aula 4' }, status: 409 });
  });

  it.skipIf(skip)('attendance is marked only for cases enrolled in the course; the rate leaves excused absences out', async () => {
    const a = await newCase();
    const b = await newCase();
    let course = await newCourse();
    const other = await newCourse({ title: 'Informatica di base', kind: 'it' });
    for (const heldOn of ['2025-09-08', '2025-09-10', '2025-09-12', '2025-09-15']) {
      const r = await call(worker, 'POST', `/api/courses/${course.id}/sessions`, { heldOn, hours: 3 });
      expect(r.statusCode, r.body).toBe(201);
      course = r.json<Course>();
    }
    await expectUnchanged({ user: worker, method: 'POST', url: `/api/courses/${course.id}/sessions`, payload: { heldOn: '2025-08-31', hours: 3 }, status: 400 });
    const enrolled = await call(worker, 'POST', `/api/courses/${course.id}/enrolments`, { caseCode: a.code.toLowerCase() });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    course = enrolled.json<Course>();
    await expectUnchanged({ user: worker, method: 'POST', url: `/api/courses/${course.id}/enrolments`, payload: { caseId: a.caseId }, status: 409 });
    const otherEnrolment = (await call(worker, 'POST', `/api/courses/${other.id}/enrolments`, { caseId: b.caseId })).json<Course>().enrolmentList[0]!;
    const enrolment = course.enrolmentList[0]!;
    const [s1, s2, s3, s4] = course.sessionList;

    // b is enrolled in the other course only: its enrolment is refused in this register
    const refused = await expectUnchanged({
      user: worker, method: 'PUT', url: `/api/courses/${course.id}/attendance`,
      payload: { marks: [{ sessionId: s1!.id, enrolmentId: enrolment.id, status: 'present' }, { sessionId: s1!.id, enrolmentId: otherEnrolment.id, status: 'present' }] }, status: 400,
    });
    expect(refused.json().error.issues[0].path).toBe('body.marks.1.enrolmentId');
    // and the database refuses a mark that mixes two courses, whatever the service does
    await expect(
      t.database.db.insertInto('course_attendance').values({ course_id: course.id, session_id: s1!.id, enrolment_id: otherEnrolment.id, status: 'present' }).execute(),
    ).rejects.toThrow();
    await expect(
      t.database.db.insertInto('course_attendance').values({ course_id: other.id, session_id: s1!.id, enrolment_id: otherEnrolment.id, status: 'present' }).execute(),
    ).rejects.toThrow();

    const marked = await call(worker, 'PUT', `/api/courses/${course.id}/attendance`, {
      marks: [
        { sessionId: s1!.id, enrolmentId: enrolment.id, status: 'present' },
        { sessionId: s2!.id, enrolmentId: enrolment.id, status: 'absent' },
        { sessionId: s3!.id, enrolmentId: enrolment.id, status: 'present' },
        { sessionId: s4!.id, enrolmentId: enrolment.id, status: 'excused' },
      ],
    });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json<Course>().enrolmentList[0]!.attendanceRate).toBe(0.6667);
    const cleared = await call(worker, 'PUT', `/api/courses/${course.id}/attendance`, { marks: [{ sessionId: s2!.id, enrolmentId: enrolment.id, status: null }] });
    expect(cleared.json<Course>().attendanceRate).toBe(1);
    const view = await call(coordinator, 'GET', `/api/cases/${a.caseId}/inclusion`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json().enrolments[0]).toMatchObject({ courseId: course.id, sessions: 4, present: 2, absent: 0, excused: 1, attendanceRate: 1 });
  });

  it.skipIf(skip)('a course shows only the enrolments of cases the caller sees; a staff member without cases.write sees them counted', async () => {
    const a = await newCase();
    const course = await newCourse();
    await call(worker, 'POST', `/api/courses/${course.id}/enrolments`, { caseId: a.caseId });
    const seen = await call(specialist, 'GET', `/api/courses/${course.id}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json<Course>()).toMatchObject({ enrolmentList: [], hiddenEnrolments: 1 });
    expect(seen.body).not.toContain(a.code);
  });

  it.skipIf(skip)('another organisation gets 404 for the case, its records and the course, audited, nothing changed; it cannot enrol a case it does not hold', async () => {
    const { caseId, code } = await newCase();
    const internship = (await call(worker, 'POST', `/api/cases/${caseId}/inclusion/internships`, { employerName: 'Serra Esempio', startsOn: '2025-10-01' })).json<{ id: string }>();
    const course = await newCourse();
    await expectUnchanged({ user: otherWorker, method: 'GET', url: `/api/cases/${caseId}/inclusion`, status: 404, audited: 'inclusion.read' });
    await expectUnchanged({ user: otherWorker, method: 'POST', url: `/api/cases/${caseId}/inclusion/returns`, payload: { country: 'NG' }, status: 404, audited: 'inclusion.write' });
    await expectUnchanged({ user: otherWorker, method: 'PATCH', url: `/api/inclusion/internships/${internship.id}`, payload: { version: 1, outcome: 'completed' }, status: 404, audited: 'inclusion.write' });
    await expectUnchanged({ user: otherWorker, method: 'GET', url: `/api/courses/${course.id}`, status: 404, audited: 'course.read' });
    await expectUnchanged({ user: otherWorker, method: 'POST', url: `/api/courses/${course.id}/sessions`, payload: { heldOn: '2025-09-08', hours: 2 }, status: 404, audited: 'course.write' });
    const otherCourse = (await call(otherWorker, 'POST', '/api/courses', { title: 'Corso altrui', kind: 'vocational', startsOn: '2025-09-01' })).json<Course>();
    const r = await expectUnchanged({ user: otherWorker, method: 'POST', url: `/api/courses/${otherCourse.id}/enrolments`, payload: { caseCode: code }, status: 400 });
    expect(r.json().error.issues[0].path).toBe('body.caseCode');
    expect((await call(worker, 'GET', '/api/courses')).json<{ items: Array<{ id: string }> }>().items.map((c) => c.id)).not.toContain(otherCourse.id);
  });

  it.skipIf(skip)('a voluntary return goes requested → approved → departed with its date; skipping a step or a date without departure is refused', async () => {
    const { caseId } = await newCase();
    const created = await call(worker, 'POST', `/api/cases/${caseId}/inclusion/returns`, { country: 'ng', partnerName: 'Partner Lagos Esempio', plannedOn: '2026-01-15', support: ['business', 'psychosocial'], supportNote: 'Avvio sartoria' });
    expect(created.statusCode, created.body).toBe(201);
    const ret = created.json<{ id: string; country: string; status: string }>();
    expect(ret).toMatchObject({ country: 'NG', status: 'requested' });
    const url = `/api/inclusion/returns/${ret.id}`;
    await expectUnchanged({ user: worker, method: 'PATCH', url, payload: { version: 1, status: 'departed', departedOn: '2025-12-01' }, status: 409 });
    await expectUnchanged({ user: worker, method: 'PATCH', url, payload: { version: 1, departedOn: '2025-12-01' }, status: 400 });
    await expectUnchanged({ user: worker, method: 'POST', url: `/api/cases/${caseId}/inclusion/returns`, payload: { country: 'XX' }, status: 400 });
    const approved = await call(worker, 'PATCH', url, { version: 1, status: 'approved' });
    expect(approved.statusCode, approved.body).toBe(200);
    await expectUnchanged({ user: worker, method: 'PATCH', url, payload: { version: 2, status: 'departed' }, status: 400 });
    const departed = await call(worker, 'PATCH', url, { version: 2, status: 'departed', departedOn: '2025-12-01' });
    expect(departed.json()).toMatchObject({ status: 'departed', departedOn: '2025-12-01', version: 3 });
  });

  it.skipIf(skip)('writes and reads are audited with field names, never values; names are not stored in clear', async () => {
    const { caseId } = await newCase();
    const mark = await lastAuditId(t.database.db);
    const r = await call(worker, 'POST', `/api/cases/${caseId}/inclusion/internships`, {
      employerName: 'Panificio Zeferino Quattrocchi', tutorName: 'Ottavina Brambillasca', monthlyStipend: '500.00', startsOn: '2025-10-01', outcome: 'interrupted', outcomeReason: 'Trasferimento a Viterbo-Nord',
    });
    expect(r.statusCode, r.body).toBe(201);
    await call(worker, 'POST', `/api/cases/${caseId}/inclusion/placements`, { employerName: 'Officina Ermenegilda Pozzoluongo', contractType: 'domestic', startsOn: '2025-11-01' });
    await call(coordinator, 'GET', `/api/cases/${caseId}/inclusion`);
    const entries = await t.database.db.selectFrom('audit_log').select(['action', 'outcome', 'record_type', 'fields', 'details']).where('id', '>', mark).orderBy('id').execute();
    expect(entries.map((e) => [e.action, e.outcome, e.record_type])).toEqual([
      ['inclusion.write', 'success', 'internship'],
      ['inclusion.write', 'success', 'job_placement'],
      ['inclusion.read', 'success', 'case'],
    ]);
    expect(entries[0]!.fields).toEqual(['employerName', 'monthlyStipend', 'outcome', 'outcomeReason', 'startsOn', 'tutorName']);
    const secrets = ['Panificio Zeferino Quattrocchi', 'Ottavina Brambillasca', 'Trasferimento a Viterbo-Nord', 'Officina Ermenegilda Pozzoluongo'];
    expect(JSON.stringify(entries)).not.toMatch(/Zeferino|Brambillasca|Viterbo|Ermenegilda/);
    const dump = await rowsDump(t.database.db);
    expect(scanForSecrets({ secrets, buffers: [{ name: 'rows', data: dump }] })).toEqual([]);
    expect(scanForSecrets({ secrets: ['Test organisation inclusion-org'], buffers: [{ name: 'rows', data: dump }] })).not.toEqual([]);
  });

  it.skipIf(skip)('the board gives counts only: the organisation for case workers, the network for coordinators; another organisation and the observatory are 403', async () => {
    const { caseId } = await newCase();
    await call(worker, 'POST', `/api/cases/${caseId}/inclusion/placements`, { employerName: 'Cantiere', contractType: 'apprenticeship', startsOn: '2025-10-01' });
    const other = await newCase(otherOrgId);
    await call(otherWorker, 'POST', `/api/cases/${other.caseId}/inclusion/placements`, { employerName: 'Vivaio', contractType: 'seasonal', startsOn: '2025-10-01' });
    const own = await call(worker, 'GET', '/api/inclusion/summary');
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ scope: 'organisation', organisationId: orgId });
    expect(own.json().placementsByContract.seasonal).toBeUndefined();
    expect(own.json().placementsByContract.apprenticeship).toBeGreaterThanOrEqual(1);
    const network = await call(coordinator, 'GET', '/api/inclusion/summary');
    expect(network.json()).toMatchObject({ scope: 'network', organisationId: null });
    // across organisations the coordinator reads no case records: small cells are hidden (tests/protection)
    expect(network.json().k).toBe(11);
    expect(network.json().placementsByContract.seasonal).toBeNull();
    expect(network.body).not.toMatch(/C-\d{4}-|P-[0-9A-Z]{4}-|Cantiere|Vivaio/);
    const filtered = await call(coordinator, 'GET', `/api/inclusion/summary?orgId=${otherOrgId}`);
    expect(filtered.json()).toMatchObject({ scope: 'organisation', organisationId: otherOrgId });
    await expectUnchanged({ user: worker, method: 'GET', url: `/api/inclusion/summary?orgId=${otherOrgId}`, status: 403, audited: 'inclusion.summary' });
    // Unsuppressed counts never reach the observatory, which reads no case records.
    await expectUnchanged({ user: analyst, method: 'GET', url: '/api/inclusion/summary', status: 403, audited: 'inclusion.summary' });
  });
});
