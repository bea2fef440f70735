/** The demo's public pages: published once, in several languages, with one language left to fall back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { systemSeedDemo } from '../../src/server/features/demo/seed.ts';

describe.each(await engineCases())('demo public pages on $engine', ({ engine, skip }) => {
  let t: TestApp;
  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    await systemSeedDemo({ db: t.database.db, passwordHash: 'not-a-real-hash' });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it.skipIf(skip)('publishes home, help and the plan’s page; a second run adds nothing', async () => {
    const count = async () => Number((await t.database.db.selectFrom('public_page_versions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    expect(before).toBeGreaterThan(8);
    await systemSeedDemo({ db: t.database.db, passwordHash: 'not-a-real-hash' });
    expect(await count()).toBe(before);

    const home = await get('/p/it/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('<h1>Piano antitratta della Regione Demo</h1>');
    expect(home.body).toContain('Cooperativa Sociale Il Faro');
    expect(home.body).toContain('href="/p/it/projects/piano-antitratta-demo-5"');
    expect((await get('/p/en/')).body).not.toContain('class="notice"');
    expect((await get('/p/fr/')).body).not.toContain('class="notice"');
    // the home page is deliberately not translated into Arabic: shown in Italian, with the notice
    const ar = (await get('/p/ar/')).body;
    expect(ar).toContain('class="notice"');
    expect(ar).toContain('<h1 lang="it" dir="ltr">Piano antitratta della Regione Demo</h1>');
    // …while the help page is
    const arHelp = (await get('/p/ar/help')).body;
    expect(arHelp).toContain('<h1>طلب المساعدة</h1>');
    expect(arHelp).not.toContain('class="notice"');
    expect((await get('/p/en/projects/piano-antitratta-demo-5')).statusCode).toBe(200);
    const contacts = (await get('/p/it/contacts')).body;
    expect(contacts).toContain('Regione Demo');
    // bodies that are not partners of a published project (police, prosecutor) are not listed
    expect(contacts).not.toContain('Questura di Borgo Demo');
  });
});
