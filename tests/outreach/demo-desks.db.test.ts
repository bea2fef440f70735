/**
 * The demo desks: Strade Nuove holds one desk of each kind the issue names (asylum commission,
 * civil court, women's prison, juvenile justice centre), every session held within the desk's
 * opening hours and valid by the same schema the API applies (most with the interviews broken down
 * by sex, age band and nationality group), readable by a desk worker of the body through the API; a
 * second run adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs } from '../access/login-fixture.ts';
import { systemSeedDemo } from '../../src/server/features/demo/seed.ts';
import { systemSeedDemoOutreach } from '../../src/server/features/demo/outreach.ts';
import { deskSessionFieldsSchema } from '../../src/domain/outreach/index.ts';

describe.each(await engineCases())('demo desks on $engine', ({ engine, skip }) => {
  let t: TestApp;
  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine, env: { PONTE_DEMO: 'true' } });
    await systemSeedDemo({ db: t.database.db, passwordHash: 'not-used' });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('four desks of the four kinds with valid weekly sessions, read by the body’s desk worker; idempotent', async () => {
    const db = t.database.db;
    const first = await systemSeedDemoOutreach({ db, cipher: t.app.services.cipher, now: t.clock.now() });
    expect(first.sessionsCreated).toBeGreaterThanOrEqual(4 * 25);
    const org = await db.selectFrom('organisations').select('id').where('code', '=', 'assoc-strade-nuove').executeTakeFirstOrThrow();
    const worker = await loginAs({ t, roleKey: 'desk_worker', orgId: org.id });
    const list = await t.app.inject({ method: 'GET', url: '/api/outreach/desks', headers: worker.headers });
    expect(list.statusCode, list.body).toBe(200);
    const desks = list.json<{ items: Array<{ id: string; kind: string; sessions: number; openingHours: Array<{ weekday: number; from: string; to: string }> }> }>().items;
    expect(desks.map((d) => d.kind).sort()).toEqual(['asylum_commission', 'civil_court', 'juvenile_justice_centre', 'womens_prison']);
    for (const desk of desks) {
      expect(desk.sessions).toBeGreaterThanOrEqual(25);
      const r = await t.app.inject({ method: 'GET', url: `/api/outreach/desks/${desk.id}/sessions?limit=500`, headers: worker.headers });
      expect(r.statusCode, r.body).toBe(200);
      type Counts = Record<string, number> | null;
      const sessions = r.json<{ items: Array<{ date: string; startTime: string; endTime: string; workerUserId: string; interviews: number; advice: Record<string, number>; personCodes: string[]; bySex: Counts; byAge: Counts; byNationality: Counts }> }>().items;
      expect(sessions).toHaveLength(desk.sessions);
      // most sessions say whom the desk met (each breakdown adding up, checked by the schema), some do not
      const described = sessions.filter((s) => s.bySex && s.byAge && s.byNationality);
      expect(described.length).toBeGreaterThan(sessions.length / 2);
      expect(described.length).toBeLessThan(sessions.length);
      expect(sessions.every((s) => (s.bySex === null) === (s.byAge === null) && (s.byAge === null) === (s.byNationality === null))).toBe(true);
      if (desk.kind === 'womens_prison') for (const s of described) expect(s.bySex?.female).toBe(s.interviews);
      for (const s of sessions) {
        const { date, startTime, endTime, workerUserId, interviews, advice, personCodes, bySex, byAge, byNationality } = s;
        expect(deskSessionFieldsSchema.safeParse({ date, startTime, endTime, workerUserId, interviews, advice, personCodes, bySex, byAge, byNationality }).success, JSON.stringify(s)).toBe(true);
        const weekday = ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
        expect(desk.openingHours.some((h) => h.weekday === weekday && h.from <= startTime && endTime <= h.to), `${date} ${startTime}`).toBe(true);
      }
    }
    expect((await systemSeedDemoOutreach({ db, cipher: t.app.services.cipher, now: t.clock.now() })).sessionsCreated).toBe(0);
  });
});
