/**
 * Cases on both engines: opening (one open case per person per organisation, minors flagged from
 * the person's birth), reading, changing with optimistic concurrency and HTCDS codes, listing with
 * filters, scope (another organisation, specialists on team cases only) and audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { insertCase } from '../helpers/records.ts';
import { lastAuditId, snapshot } from '../access/snapshot.ts';
import { loginAs } from '../access/login-fixture.ts';
import { caseCodePattern } from '../../src/domain/persons/index.ts';
import { auditSince, call, makeWorld, openCase, person, setLocale, type CaseWorld } from './helpers.ts';

describe.each(await engineCases())('cases on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let w: CaseWorld;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    w = await makeWorld(t);
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('opens a case: code, first history row, status, audit; one open case per person per organisation', async () => {
    const p = await person(t, w.orgId, { names: [{ kind: 'primary', given: 'Blessing', family: 'Okafor' }], birth: { birthDate: '1995-04-02' } });
    const mark = await lastAuditId(t.database.db);
    const c = await openCase(t, w.worker, {
      personId: p.id, caseWorkerId: w.worker.userId, phase: 'screening', team: [{ userId: w.specialist.userId, teamRole: 'mediator' }],
      exploitationTypes: ['SexualExploitation'], sexExploitationTypes: ['Prostitution'], exploitationCountries: ['NG', 'IT'], exploitationProvinces: ['001'],
      exploitationFrom: '2024-01-01', exploitationTo: '2025-03-31', meansOfControl: ['DebtBondage'],
    });
    expect(c.code).toMatch(caseCodePattern);
    expect(c.code.slice(2, 6)).toBe('2026');
    expect(c).toMatchObject({
      phase: 'screening', status: 'Active', closureReason: null, version: 1,
      person: { id: p.id, code: p.code, displayName: 'Blessing Okafor' },
      organisation: { id: w.orgId },
      caseWorker: { id: w.worker.userId },
      team: [{ userId: w.specialist.userId, teamRole: 'mediator' }],
      exploitation: { types: ['SexualExploitation'], sexExploitationTypes: ['Prostitution'], countries: ['NG', 'IT'], provinces: ['001'], from: '2024-01-01', to: '2025-03-31', meansOfControl: ['DebtBondage'] },
      minor: { status: 'adult', guardianExpected: false, missing: [] },
      pendingApproval: null,
    });
    expect(c.nextPhases).toEqual(['identification', 'first_assistance', 'closed']);
    const history = await t.database.db.selectFrom('case_phase_history').selectAll().where('case_id', '=', c.id).execute();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ from_phase: null, to_phase: 'screening', changed_by: w.worker.userId });
    const audit = await auditSince(t, mark);
    expect(audit).toEqual([expect.objectContaining({ action: 'case.create', outcome: 'success', record_type: 'case', record_id: c.id, actor_user_id: w.worker.userId })]);
    expect(audit[0]!.fields).toEqual(expect.arrayContaining(['personId', 'exploitationTypes', 'team']));
    expect(JSON.stringify(audit)).not.toContain('Okafor');

    const before = await snapshot({ db: t.database.db });
    const again = await call(t, w.worker2, 'POST', '/api/cases', { personId: p.id });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('Questa persona ha già un caso aperto nella tua organizzazione.');
    expect(await snapshot({ db: t.database.db })).toEqual(before);
    // Another organisation may hold its own case for the same person only if it can see the person: it cannot.
    const foreign = await call(t, w.outsider, 'POST', '/api/cases', { personId: p.id });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.issues).toEqual([{ path: 'body.personId', message: 'persona inesistente' }]);
    expect(await snapshot({ db: t.database.db })).toEqual(before);
  });

  it.skipIf(skip)('refuses what it cannot open: a phase past identification, a case worker of another body, a reversed period', async () => {
    const p = await person(t, w.orgId);
    const before = await snapshot({ db: t.database.db, includeAudit: true });
    expect((await call(t, w.worker, 'POST', '/api/cases', { personId: p.id, phase: 'inclusion' })).status).toBe(400);
    const stranger = await call(t, w.worker, 'POST', '/api/cases', { personId: p.id, caseWorkerId: w.outsider.userId });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.issues[0].path).toBe('body.caseWorkerId');
    const period = await call(t, w.worker, 'POST', '/api/cases', { personId: p.id, exploitationFrom: '2025-01-01', exploitationTo: '2024-01-01' });
    expect(period.status).toBe(400);
    expect(period.body.error.issues[0].path).toBe('body.exploitationTo');
    const code = await call(t, w.worker, 'POST', '/api/cases', { personId: p.id, exploitationTypes: ['Smuggling'] });
    expect(code.status).toBe(400);
    expect(code.body.error.issues[0].path).toBe('body.exploitationTypes.0');
    expect(await snapshot({ db: t.database.db, includeAudit: true })).toEqual(before);
  });

  it.skipIf(skip)('flags minors from the birth: exact date, estimated year, estimated range, adult, unknown', async () => {
    const cases = [
      { birth: { birthDate: '2010-05-01' }, status: 'minor', adultFrom: '2028-05-01', adultBy: '2028-05-01' },
      { birth: { birthDate: '2008-06-15' }, status: 'adult', adultFrom: '2026-06-15', adultBy: '2026-06-15' },
      { birth: { birthDate: '2008-06-16' }, status: 'minor', adultFrom: '2026-06-16', adultBy: '2026-06-16' },
      { birth: { estimatedYear: 2008 }, status: 'possibly_minor', adultFrom: '2026-01-01', adultBy: '2026-12-31' },
      { birth: { estimatedFrom: '2008-09-01', estimatedTo: '2009-03-31' }, status: 'minor', adultFrom: '2026-09-01', adultBy: '2027-03-31' },
      { birth: { estimatedFrom: '2008-01-01', estimatedTo: '2008-12-31' }, status: 'possibly_minor', adultFrom: '2026-01-01', adultBy: '2026-12-31' },
      { birth: undefined, status: null, adultFrom: null, adultBy: null },
    ] as const;
    for (const x of cases) {
      const p = await person(t, w.orgId, x.birth ? { birth: x.birth } : {});
      const c = await openCase(t, w.worker, { personId: p.id });
      expect(c.minor, JSON.stringify(x.birth)).toMatchObject({ status: x.status, adultFrom: x.adultFrom, adultBy: x.adultBy });
      const row = await t.database.db.selectFrom('cases').select('minor_status').where('id', '=', c.id).executeTakeFirstOrThrow();
      expect(row.minor_status).toBe(x.status);
      if (x.status === 'minor' || x.status === 'possibly_minor') {
        expect(c.minor.guardianExpected).toBe(true);
        expect(c.minor.missing).toEqual(expect.arrayContaining(['guardian', 'juvenileCourt']));
      } else {
        expect(c.minor.guardianExpected).toBe(false);
      }
    }
  });

  it.skipIf(skip)('a minor’s guardian is stored encrypted and read back; the minor status is recomputed on read', async () => {
    const p = await person(t, w.orgId, { birth: { birthDate: '2008-06-20' } });
    const c = await openCase(t, w.worker, { personId: p.id, guardian: { name: 'Giulia Tutrice', contact: '+39 011 000000', appointedOn: '2026-05-02' }, juvenileCourt: 'Tribunale per i minorenni di Torino' });
    expect(c.minor).toMatchObject({ status: 'minor', missing: [] });
    expect(c.guardian).toEqual({ name: 'Giulia Tutrice', contact: '+39 011 000000', appointedOn: '2026-05-02' });
    const row = await t.database.db.selectFrom('cases').select('guardian_enc').where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.guardian_enc).toMatch(/^v1:/);
    expect(row.guardian_enc).not.toContain('Giulia');
    t.clock.set('2026-06-20T08:00:00Z');
    try {
      // five days on (a fresh session: the others would be idle for too long)
      const laterWorker = await loginAs({ t, roleKey: 'case_worker', orgId: w.orgId });
      const later = await call(t, laterWorker, 'GET', `/api/cases/${c.id}`);
      expect(later.status).toBe(200);
      expect(later.body.minor).toMatchObject({ status: 'adult', guardianExpected: false });
      const stored = await t.database.db.selectFrom('cases').select('minor_status').where('id', '=', c.id).executeTakeFirstOrThrow();
      expect(stored.minor_status).toBe('adult');
    } finally {
      t.clock.set('2026-06-15T10:00:00Z');
    }
  });

  it.skipIf(skip)('reads a case with audit; the name shows to holders of persons.read, and in lists only to holders of persons.write', async () => {
    const p = await person(t, w.orgId, { names: [{ kind: 'primary', full: 'Mariam K.' }] });
    const c = await openCase(t, w.worker, { personId: p.id });
    const mark = await lastAuditId(t.database.db);
    const r = await call(t, w.coordinator, 'GET', `/api/cases/${c.id}`);
    expect(r.status).toBe(200);
    expect(r.body.person).toEqual({ id: p.id, code: p.code, displayName: 'Mariam K.' });
    const audit = await auditSince(t, mark);
    expect(audit).toEqual([expect.objectContaining({ action: 'case.read', outcome: 'success', record_id: c.id })]);
    expect(audit[0]!.fields).toEqual(expect.arrayContaining(['person', 'guardian', 'exploitation']));

    const asWorker = await call(t, w.worker, 'GET', `/api/cases?q=${c.code}`);
    expect(asWorker.body.items).toEqual([expect.objectContaining({ id: c.id, personCode: p.code, personName: 'Mariam K.', phase: 'contact', status: 'Active', pendingApproval: false })]);
    const asCoordinator = await call(t, w.coordinator, 'GET', `/api/cases?q=${p.code}`);
    expect(asCoordinator.body.items).toEqual([expect.objectContaining({ id: c.id, personCode: p.code, personName: null })]);
  });

  it.skipIf(skip)('changes a case: version checked, HTCDS codes checked in the user’s language, field names audited', async () => {
    const p = await person(t, w.orgId);
    const c = await openCase(t, w.worker, { personId: p.id });
    const mark = await lastAuditId(t.database.db);
    const ok = await call(t, w.worker, 'PATCH', `/api/cases/${c.id}`, {
      version: 1, exploitationTypes: ['ForcedLabour'], labourSectors: ['A_AgricultureForestryAndFishing'], exploitationProvinces: ['071'],
      traffickingStatus: 'PossibleVictimOfTrafficking', traffickingStatusDecidedBy: 'NGO', traffickingStatusDecidedOn: '2026-06-10',
      caseWorkerId: w.worker2.userId, team: [{ userId: w.specialist.userId, teamRole: 'lawyer' }],
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({
      version: 2, traffickingStatus: 'PossibleVictimOfTrafficking', traffickingStatusDecidedBy: 'NGO', traffickingStatusDecidedOn: '2026-06-10',
      exploitation: { types: ['ForcedLabour'], labourSectors: ['A_AgricultureForestryAndFishing'], provinces: ['071'] },
      caseWorker: { id: w.worker2.userId }, team: [{ userId: w.specialist.userId, teamRole: 'lawyer' }],
    });
    const audit = await auditSince(t, mark);
    expect(audit.map((a) => a.action)).toEqual(['case.team_change', 'case.update']);
    expect(audit[1]!.fields).toEqual(['caseWorkerId', 'exploitationProvinces', 'exploitationTypes', 'labourSectors', 'team', 'traffickingStatus', 'traffickingStatusDecidedBy', 'traffickingStatusDecidedOn']);

    const before = await snapshot({ db: t.database.db, includeAudit: true });
    const stale = await call(t, w.worker, 'PATCH', `/api/cases/${c.id}`, { version: 1, juvenileCourt: 'Tribunale' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toBe('Il caso è stato modificato nel frattempo: ricarica e riprova.');
    const badIt = await call(t, w.worker, 'PATCH', `/api/cases/${c.id}`, { version: 2, meansOfControl: ['Hypnosis'], exploitationProvinces: ['999'] });
    expect(badIt.status).toBe(400);
    expect(badIt.body.error.message).toBe('Alcuni dati non sono validi.');
    expect(badIt.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.exploitationProvinces.0', 'body.meansOfControl.0']);
    await setLocale(t, w.worker, 'en');
    try {
      const badEn = await call(t, w.worker, 'PATCH', `/api/cases/${c.id}`, { version: 2, recruiterRelations: ['Neighbour?'] });
      expect(badEn.status).toBe(400);
      expect(badEn.body.error.message).toBe('Some data is not valid.');
      const staleEn = await call(t, w.worker, 'PATCH', `/api/cases/${c.id}`, { version: 1 });
      expect(staleEn.body.error.message).toBe('The case was changed meanwhile: reload and try again.');
    } finally {
      await setLocale(t, w.worker, 'it');
    }
    expect(await snapshot({ db: t.database.db, includeAudit: true })).toEqual(before);
  });

  it.skipIf(skip)('lists with filters and pagination: phase, worker, mine, minor, q', async () => {
    const a = await openCase(t, w.worker, { personId: (await person(t, w.orgId)).id, phase: 'identification', caseWorkerId: w.worker2.userId });
    const b = await openCase(t, w.worker, { personId: (await person(t, w.orgId, { birth: { birthDate: '2012-01-01' } })).id, team: [{ userId: w.worker2.userId, teamRole: 'case_worker' }] });
    const ids = async (url: string, user = w.worker) => {
      const r = await call(t, user, 'GET', url);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.items.map((i: { id: string }) => i.id) as string[];
    };
    expect(await ids('/api/cases?phase=identification')).toContain(a.id);
    expect(await ids('/api/cases?phase=identification')).not.toContain(b.id);
    const byWorker = await ids(`/api/cases?worker=${w.worker2.userId}`);
    expect(byWorker).toContain(a.id);
    expect(byWorker).not.toContain(b.id);
    const mine = await ids('/api/cases?mine=true', w.worker2);
    expect(mine).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await ids('/api/cases?mine=true', w.worker)).not.toContain(a.id);
    expect(await ids('/api/cases?minor=minor')).toContain(b.id);
    expect(await ids('/api/cases?minor=minor')).not.toContain(a.id);
    expect(await ids(`/api/cases?q=${a.code.toLowerCase()}`)).toEqual([a.id]);
    const page = await call(t, w.worker, 'GET', '/api/cases?limit=2&offset=1');
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThan(3);
    const mark = await lastAuditId(t.database.db);
    await call(t, w.worker, 'GET', '/api/cases?phase=contact');
    expect(await auditSince(t, mark)).toEqual([expect.objectContaining({ action: 'case.list', outcome: 'success' })]);
    expect((await call(t, w.worker, 'GET', '/api/cases?phase=nowhere')).status).toBe(400);
  });

  it.skipIf(skip)('a specialist and a desk worker see only the cases they work on', async () => {
    const onTeam = await openCase(t, w.worker, { personId: (await person(t, w.orgId)).id, team: [{ userId: w.specialist.userId, teamRole: 'psychologist' }] });
    const other = await openCase(t, w.worker, { personId: (await person(t, w.orgId)).id });
    const asDesk = await openCase(t, w.worker, { personId: (await person(t, w.orgId)).id, caseWorkerId: w.desk.userId });
    const list = (await call(t, w.specialist, 'GET', '/api/cases?limit=200')).body.items.map((i: { id: string }) => i.id);
    expect(list).toContain(onTeam.id);
    expect(list).not.toContain(other.id);
    expect((await call(t, w.specialist, 'GET', `/api/cases/${onTeam.id}`)).status).toBe(200);
    const hidden = await call(t, w.specialist, 'GET', `/api/cases/${other.id}`);
    expect(hidden.status).toBe(404);
    expect((await call(t, w.specialist, 'GET', `/api/cases/${other.id}/history`)).status).toBe(404);
    // the specialist holds persons.read but not persons.write: the list shows no names
    expect((await call(t, w.specialist, 'GET', '/api/cases')).body.items.every((i: { personName: unknown }) => i.personName === null)).toBe(true);
    const deskList = (await call(t, w.desk, 'GET', '/api/cases?limit=200')).body.items.map((i: { id: string }) => i.id);
    expect(deskList).toEqual([asDesk.id]);
  });

  it.skipIf(skip)('another organisation gets 404 on every case endpoint, audited, with nothing changed', async () => {
    const c = await openCase(t, w.worker, { personId: (await person(t, w.orgId)).id });
    const request = await call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to: 'closed', closureReason: 'lost_contact', reason: 'Nessun contatto da tre mesi.' });
    expect(request.status).toBe(202);
    const requestId = request.body.approvalRequest.id as string;
    const before = await snapshot({ db: t.database.db });
    const calls: [typeof w.outsider, 'GET' | 'POST' | 'PATCH', string, object?][] = [
      [w.outsider, 'GET', `/api/cases/${c.id}`],
      [w.outsider, 'PATCH', `/api/cases/${c.id}`, { version: 1, juvenileCourt: 'X' }],
      [w.outsider, 'POST', `/api/cases/${c.id}/transitions`, { to: 'screening' }],
      [w.outsider, 'GET', `/api/cases/${c.id}/history`],
      [w.outsider, 'GET', `/api/cases/${c.id}/screenings`],
      [w.outsider, 'POST', `/api/cases/${c.id}/screenings`, { listId: 'adult_sexual', answers: {}, decision: 'further_assessment', decisionReason: 'x' }],
      [w.outsider, 'POST', `/api/case-approvals/${requestId}/withdraw`],
      [w.outsiderCoordinator, 'POST', `/api/case-approvals/${requestId}/decision`, { decision: 'approve' }],
    ];
    for (const [user, method, url, payload] of calls) {
      const mark = await lastAuditId(t.database.db);
      const r = await call(t, user, method, url, payload);
      expect(r.status, `${method} ${url}`).toBe(404);
      expect(r.body.error.code).toBe('not_found');
      const audit = await auditSince(t, mark);
      expect(audit, `${method} ${url}`).toEqual([expect.objectContaining({ outcome: 'denied', actor_user_id: user.userId })]);
    }
    const list = await call(t, w.outsider, 'GET', '/api/cases?limit=200');
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(c.id);
    const inbox = await call(t, w.outsiderCoordinator, 'GET', '/api/case-approvals');
    expect(inbox.body.items).toEqual([]);
    expect(await snapshot({ db: t.database.db })).toEqual(before);
  });

  it.skipIf(skip)('a case inserted by the fixture reads like one opened through the API', async () => {
    const p = await person(t, w.orgId);
    const c = await insertCase({ db: t.database.db, orgId: w.orgId, personId: p.id, phase: 'identification' });
    const r = await call(t, w.worker, 'GET', `/api/cases/${c.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ code: c.code, phase: 'identification', nextPhases: ['first_assistance', 'protection_territorial', 'closed'] });
  });
});
