/** The demo events on both engines: seeded once, fictional registrants readable by staff, upcoming ones on the public site. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs } from '../access/login-fixture.ts';
import { systemSeedDemoEvents } from '../../src/server/features/demo/events.ts';

describe.each(await engineCases())('demo events on $engine', ({ engine, skip }) => {
  let t: TestApp;
  beforeAll(async () => {
    if (!skip) t = await openTestApp({ engine });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('seeds three events once, with a waiting list and a past attendance register', async () => {
    const seed = () => systemSeedDemoEvents({ db: t.database.db, cipher: t.app.services.cipher, blindIndex: (o) => t.app.services.blindIndex(o), now: t.clock.now() });
    expect(await seed()).toBe(3);
    expect(await seed()).toBe(0);
    const trainer = await loginAs({ t, roleKey: 'trainer' });
    const list = (await t.app.inject({ method: 'GET', url: '/api/events', headers: trainer.headers })).json<{ items: Array<{ id: string; slug: string; confirmed: number; waiting: number; attended: number }> }>().items;
    expect(list).toHaveLength(3);
    const torino = list.find((e) => e.slug === 'indicatori-di-tratta-torino');
    expect(torino).toMatchObject({ confirmed: 8, waiting: 2 });
    expect(list.find((e) => e.slug === 'minori-stranieri-non-accompagnati')?.attended).toBeGreaterThan(0);
    const regs = await t.app.inject({ method: 'GET', url: `/api/events/${torino?.id ?? ''}/registrations`, headers: trainer.headers });
    const items = regs.json<{ items: Array<{ email: string; name: string }> }>().items;
    expect(items.every((r) => r.email.endsWith('@example.org'))).toBe(true);
    const page = await t.app.inject({ method: 'GET', url: '/p/it/events' });
    expect(page.body).toContain('Riconoscere gli indicatori di tratta');
    expect(page.body).toContain('Webinar: il referral multi-agenzia');
    expect(page.body).not.toContain('Minori stranieri non accompagnati e tratta');
  });
});
