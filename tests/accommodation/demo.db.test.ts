/**
 * The demo accommodation: facilities of several bodies across provinces, beds, current and past
 * placements of demo persons with a case at the facility's body, a waiting list; idempotent; the
 * demo shelter coordinator sees their facilities, addresses decrypt, the board counts free beds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs } from '../helpers/login.ts';
import { systemSeedDemo } from '../../src/server/features/demo/seed.ts';
import { systemSeedDemoPersons } from '../../src/server/features/demo/persons.ts';
import { demoFacilities, systemSeedDemoAccommodation } from '../../src/server/features/demo/accommodation.ts';

describe.each(await engineCases())('demo accommodation on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let result: Awaited<ReturnType<typeof systemSeedDemoAccommodation>>;
  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine, env: { PONTE_DEMO: 'true' } });
    t.clock.set('2026-05-20T08:00:00Z');
    await systemSeedDemo({ db: t.database.db, passwordHash: 'not-used' });
    await systemSeedDemoPersons({ db: t.database.db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, blindIndex: t.app.services.blindIndex, count: 200 });
    result = await systemSeedDemoAccommodation({ db: t.database.db, cipher: t.app.services.cipher, now: t.clock.now() });
  }, 240_000);
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('creates facilities across provinces, placements of persons with a case at the body, a waiting list; a second run adds nothing', async () => {
    expect(result.facilitiesCreated).toBe(demoFacilities.length);
    expect(result.placementsCreated).toBeGreaterThan(20);
    expect(result.waitlistCreated).toBeGreaterThan(5);
    expect(new Set(demoFacilities.map((f) => f.province)).size).toBeGreaterThanOrEqual(4);
    const db = t.database.db;
    const rows = await db
      .selectFrom('placements')
      .innerJoin('facility_beds', 'facility_beds.id', 'placements.bed_id')
      .innerJoin('facilities', 'facilities.id', 'facility_beds.facility_id')
      .innerJoin('cases', 'cases.id', 'placements.case_id')
      .select(['cases.org_id as case_org', 'facilities.org_id as facility_org', 'cases.person_id', 'placements.person_id as placed', 'placements.ends_on'])
      .execute();
    expect(rows.length).toBe(result.placementsCreated);
    for (const r of rows) {
      expect(r.case_org).toBe(r.facility_org);
      expect(r.person_id).toBe(r.placed);
    }
    expect(rows.some((r) => r.ends_on === null)).toBe(true);
    expect(rows.some((r) => r.ends_on !== null)).toBe(true);
    expect(await systemSeedDemoAccommodation({ db, cipher: t.app.services.cipher, now: t.clock.now() })).toEqual({ facilitiesCreated: 0, placementsCreated: 0, waitlistCreated: 0 });
  });

  it.skipIf(skip)('the demo shelter coordinator sees their facilities with the address, and the board counts free beds', async () => {
    const shelter = await loginAs({ t, roleKey: 'shelter_coordinator', orgCode: 'coop-la-rondine' });
    const list = await t.app.inject({ method: 'GET', url: '/api/accommodation/facilities', headers: shelter.headers });
    expect(list.statusCode, list.body).toBe(200);
    const names = list.json().items.map((f: { name: string }) => f.name);
    expect(names).toEqual(['Alloggio Rondine 1', 'Convivenza Rondine 2']);
    const page = await t.app.inject({ method: 'GET', url: `/api/accommodation/facilities/${list.json().items[0].id}`, headers: shelter.headers });
    expect(page.json().address).toBe('Via dei Tigli Demo 22, Asti');
    const coordinator = await loginAs({ t, roleKey: 'coordinator', orgCode: 'regione-demo' });
    const all = await t.app.inject({ method: 'GET', url: '/api/accommodation/facilities', headers: coordinator.headers });
    expect(all.json().items).toHaveLength(demoFacilities.length);
    const board = await t.app.inject({ method: 'GET', url: '/api/accommodation/availability', headers: coordinator.headers });
    const body = board.json();
    expect(body.totals.beds).toBe(demoFacilities.reduce((s, f) => s + f.beds.length, 0));
    expect(body.totals.free).toBeGreaterThan(0);
    expect(body.totals.free).toBeLessThan(body.totals.beds);
  });
});
