/**
 * What the staff pages ask for, on both engines: the outings list filtered by kind, unit and zone
 * (only the organisation's), and the team to choose from (active members of the organisation
 * only, audited; another organisation's people never listed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { outingBody } from './fixtures.ts';

describe.each(await engineCases())('outreach staff lists on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let orgId: string;
  let worker: LoggedIn;
  let colleague: LoggedIn;
  let otherWorker: LoggedIn;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    const db = t.database.db;
    orgId = await ensureTestOrganisation({ db, code: 'staff-org' });
    const otherOrgId = await ensureTestOrganisation({ db, code: 'staff-other' });
    worker = await loginAs({ t, roleKey: 'outreach_worker', orgId });
    colleague = await loginAs({ t, roleKey: 'outreach_worker', orgId });
    otherWorker = await loginAs({ t, roleKey: 'outreach_worker', orgId: otherOrgId });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  function call(user: LoggedIn, method: 'GET' | 'POST', url: string, payload?: unknown) {
    return t.app.inject({ method, url, headers: user.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  }

  it.skipIf(skip)('the outings list filters by kind, unit and zone', async () => {
    const zone = await call(worker, 'POST', '/api/outreach/zones', { name: 'Parco Nord', provinceCode: '058', municipality: 'Roma' });
    expect(zone.statusCode, zone.body).toBe(201);
    const zoneId = zone.json<{ id: string }>().id;
    const zoned = await call(worker, 'POST', '/api/outings', { ...outingBody({ now: t.clock.now(), total: 2, zones: [{ zoneId, contacts: 2 }] }), unitName: 'Unità Parco' });
    expect(zoned.statusCode, zoned.body).toBe(201);
    const indoor = await call(worker, 'POST', '/api/outings', { ...outingBody({ now: t.clock.now(), total: 1 }), unitKind: 'indoor', unitName: 'Unità Appartamenti' });
    expect(indoor.statusCode, indoor.body).toBe(201);
    const foreign = await call(otherWorker, 'POST', '/api/outings', { ...outingBody({ now: t.clock.now(), total: 1 }), unitKind: 'indoor', unitName: 'Unità Appartamenti' });
    expect(foreign.statusCode, foreign.body).toBe(201);

    const list = async (query: string): Promise<string[]> => {
      const r = await call(worker, 'GET', `/api/outings${query}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ items: Array<{ id: string }> }>().items.map((i) => i.id).sort();
    };
    const zonedId = zoned.json<{ id: string }>().id;
    const indoorId = indoor.json<{ id: string }>().id;
    expect(await list('')).toEqual([zonedId, indoorId].sort());
    expect(await list('?unitKind=indoor')).toEqual([indoorId]);
    expect(await list('?unit=appartam')).toEqual([indoorId]);
    expect(await list(`?zoneId=${zoneId}`)).toEqual([zonedId]);
    expect(await list(`?zoneId=${zoneId}&unitKind=indoor`)).toEqual([]);
    expect((await call(worker, 'GET', '/api/outings?unitKind=boat')).statusCode).toBe(400);
  });

  it.skipIf(skip)('the team lists the active members of the organisation only, and is audited', async () => {
    const db = t.database.db;
    await db.updateTable('users').set({ is_active: false }).where('id', '=', colleague.userId).execute();
    const r = await call(worker, 'GET', '/api/outreach/team');
    expect(r.statusCode, r.body).toBe(200);
    const ids = r.json<{ items: Array<{ userId: string; displayName: string }> }>().items.map((m) => m.userId);
    expect(ids).toContain(worker.userId);
    expect(ids).not.toContain(colleague.userId);
    expect(ids).not.toContain(otherWorker.userId);
    const audit = await db.selectFrom('audit_log').select(['action', 'outcome', 'record_type']).where('actor_user_id', '=', worker.userId).where('record_type', '=', 'outreach_team').execute();
    expect(audit).toEqual([{ action: 'user.list', outcome: 'success', record_type: 'outreach_team' }]);
  });
});
