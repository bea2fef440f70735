/**
 * Small-cell protection of the availability and inclusion boards on both engines (k = 3 here):
 * - availability: every caller gets free beds exact and no occupied count (nor a bed count that
 *   would give it away) between 1 and k − 1; a lone small cell is never the only hidden figure;
 * - inclusion: the coordinator reading the network or another organisation gets no protected count
 *   between 1 and k − 1 and the threshold in the answer; a case worker's and the coordinator's own
 *   organisation stay exact; each read is audited with the threshold applied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { insertCase, insertPerson } from '../helpers/records.ts';
import { publishedCounts } from '../../src/domain/protection/boards.ts';

const K = 3;

interface Row { facilityType: string; province: string; facilities: number; beds: number | null; free: number; occupied: number | null }

describe.each(await engineCases())('small-cell protection of the boards on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let shelterOrg: string;
  let leadOrg: string;
  let otherOrg: string;
  let manager: LoggedIn;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine, env: { PONTE_SMALL_CELL_K: String(K) } });
    t.clock.set('2026-03-10T10:00:00Z');
    const db = t.database.db;
    shelterOrg = await ensureTestOrganisation({ db, code: 'prot-shelter' });
    leadOrg = await ensureTestOrganisation({ db, code: 'prot-region', type: 'region' });
    otherOrg = await ensureTestOrganisation({ db, code: 'prot-other' });
    manager = await loginAs({ t, roleKey: 'shelter_coordinator', orgId: shelterOrg });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  type Method = 'GET' | 'POST';
  function call(user: LoggedIn, method: Method, url: string, payload?: unknown) {
    return t.app.inject({ method, url, headers: user.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  }

  async function newCase(org: string): Promise<{ personId: string; caseId: string }> {
    const person = await insertPerson({ db: t.database.db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId: org });
    const c = await insertCase({ db: t.database.db, orgId: org, personId: person.id });
    return { personId: person.id, caseId: c.id };
  }

  /** A facility with `beds` beds of which `placed` are taken today. */
  async function facility(type: string, province: string, beds: number, placed: number): Promise<void> {
    const r = await call(manager, 'POST', '/api/accommodation/facilities', { type, name: `Struttura ${type} ${province}`, province, beds: Array.from({ length: beds }, (_, i) => ({ label: `L${i + 1}` })) });
    expect(r.statusCode, r.body).toBe(201);
    const bedIds: string[] = r.json().beds.map((b: { id: string }) => b.id);
    for (const bedId of bedIds.slice(0, placed)) {
      const c = await newCase(shelterOrg);
      const p = await call(manager, 'POST', `/api/accommodation/facilities/${r.json().id}/placements`, { bedId, personId: c.personId, caseId: c.caseId, startsOn: '2026-03-01' });
      expect(p.statusCode, p.body).toBe(201);
    }
  }

  it.skipIf(skip)('the availability board: free beds exact, no occupied count below k for any caller', async () => {
    await facility('escape_house', '005', 3, 1); // one person: hidden
    await facility('semi_autonomy_flat', '005', 6, 4); // four: published unless needed as complement
    await facility('residential_community', '006', 8, 5);
    await facility('first_assistance_shelter', '006', 4, 0); // empty: zero is published
    const callers = [
      manager,
      await loginAs({ t, roleKey: 'case_worker', orgId: otherOrg }),
      await loginAs({ t, roleKey: 'coordinator', orgId: leadOrg }),
      await loginAs({ t, roleKey: 'hotline_operator', orgId: otherOrg }),
    ];
    for (const user of callers) {
      const r = await call(user, 'GET', '/api/accommodation/availability');
      expect(r.statusCode, `${callers.indexOf(user)} ${r.body}`).toBe(200);
      const body = r.json<{ k: number; items: Row[]; totals: { beds: number | null; free: number; occupied: number | null } }>();
      expect(body.k).toBe(K);
      const rows = new Map(body.items.map((i) => [`${i.facilityType}/${i.province}`, i]));
      expect(rows.get('escape_house/005')).toEqual({ facilityType: 'escape_house', province: '005', facilities: 1, beds: null, free: 2, occupied: null });
      expect(rows.get('semi_autonomy_flat/005')?.free).toBe(2);
      expect(rows.get('residential_community/006')?.free).toBe(3);
      expect(rows.get('first_assistance_shelter/006')).toMatchObject({ beds: 4, free: 4, occupied: 0 });
      expect(body.totals.free).toBe(2 + 2 + 3 + 4);
      for (const row of body.items) {
        expect(row.occupied === null || row.occupied === 0 || row.occupied >= K, JSON.stringify(row)).toBe(true);
        expect(row.beds === null).toBe(row.occupied === null);
        if (row.beds !== null && row.occupied !== null) expect(row.beds).toBe(row.free + row.occupied);
      }
      // the lone small cell has a complement: another hidden cell or the hidden total
      const hidden = body.items.filter((i) => i.occupied === null).length + (body.totals.occupied === null ? 1 : 0);
      expect(hidden).toBeGreaterThanOrEqual(2);
      if (body.totals.occupied !== null) expect(body.totals.beds).toBe(body.totals.free + body.totals.occupied);
    }
    const audit = await t.database.db.selectFrom('audit_log').select(['details']).where('action', '=', 'availability.read').where('actor_user_id', '=', manager.userId).executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ k: K });
  });

  it.skipIf(skip)('the inclusion board: protected for the coordinator across organisations, exact for the own organisation', async () => {
    const workerA = await loginAs({ t, roleKey: 'case_worker', orgId: leadOrg });
    const workerB = await loginAs({ t, roleKey: 'case_worker', orgId: otherOrg });
    const coordinator = await loginAs({ t, roleKey: 'coordinator', orgId: leadOrg });
    const add = async (user: LoggedIn, org: string, kind: string, body: object) => {
      const c = await newCase(org);
      const r = await call(user, 'POST', `/api/cases/${c.caseId}/inclusion/${kind}`, body);
      expect(r.statusCode, r.body).toBe(201);
    };
    // the other organisation: one seasonal contract (a person), four apprenticeships, one housing move
    await add(workerB, otherOrg, 'placements', { employerName: 'Vivaio', contractType: 'seasonal', startsOn: '2026-01-10' });
    for (let i = 0; i < 4; i++) await add(workerB, otherOrg, 'placements', { employerName: 'Cantiere', contractType: 'apprenticeship', startsOn: '2026-01-10' });
    await add(workerB, otherOrg, 'housing', { movedOn: '2026-02-01', kind: 'rented_shared' });
    await add(workerB, otherOrg, 'internships', { employerName: 'Forno', startsOn: '2026-01-10', endsOn: '2026-02-10', outcome: 'hired' });
    // the coordinator's own organisation: one domestic contract
    await add(workerA, leadOrg, 'placements', { employerName: 'Famiglia', contractType: 'domestic', startsOn: '2026-01-10' });

    const protectedPart = (body: Record<string, unknown>) => {
      const { scope: _s, organisationId: _o, organisationName: _n, date: _d, courses: _c, coursesRunning: _r, attendanceRate: _a, k: _k, ...rest } = body;
      return rest;
    };
    const network = await call(coordinator, 'GET', '/api/inclusion/summary');
    expect(network.statusCode, network.body).toBe(200);
    const other = await call(coordinator, 'GET', `/api/inclusion/summary?orgId=${otherOrg}`);
    expect(other.statusCode, other.body).toBe(200);
    for (const body of [network.json(), other.json()]) {
      expect(body.k).toBe(K);
      const counts = publishedCounts(protectedPart(body));
      expect(counts.length).toBeGreaterThan(0);
      for (const n of counts) expect(n === 0 || n >= K, JSON.stringify(body)).toBe(true);
      expect(body.housingMoves).toBeNull();
      expect(body.internshipOutcomes.hired).toBeNull();
    }
    // seasonal (1) hidden with a complement; the apprenticeships (4) are at least k
    expect(other.json().placementsByContract).toEqual({ apprenticeship: null, seasonal: null });
    expect(other.json().placementsActive).toBe(5);
    expect(network.json().placementsByContract).toEqual({ apprenticeship: null, domestic: null, seasonal: null });
    expect(network.json().placementsActive).toBe(6);

    // exact for the own organisation: the coordinator's and a case worker's
    const own = await call(coordinator, 'GET', `/api/inclusion/summary?orgId=${leadOrg}`);
    expect(own.json()).toMatchObject({ k: null, scope: 'organisation', placementsByContract: { domestic: 1 }, placementsActive: 1 });
    const ownWorker = await call(workerB, 'GET', '/api/inclusion/summary');
    expect(ownWorker.json()).toMatchObject({ k: null, placementsByContract: { seasonal: 1, apprenticeship: 4 }, housingMoves: 1, internshipOutcomes: { hired: 1 } });

    const audits = await t.database.db.selectFrom('audit_log').select(['details']).where('action', '=', 'inclusion.summary').where('actor_user_id', '=', coordinator.userId).orderBy('id').execute();
    expect(audits.map((a) => (a.details as { k: number | null }).k)).toEqual([K, K, null]);
  });
});
