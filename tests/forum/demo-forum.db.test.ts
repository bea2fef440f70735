/** The demo forum: a dozen threads without personal data, most answered, one closed, one locked; searchable; idempotent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { systemSeedDemo } from '../../src/server/features/demo/seed.ts';
import { demoForumThreads, systemSeedDemoForum } from '../../src/server/features/demo/forum.ts';
import { findPersonalData } from '../../src/domain/forum/pii.ts';

describe('demo forum texts', () => {
  it('pass the personal-data check', () => {
    for (const th of demoForumThreads) {
      for (const text of [th.title, th.body, th.tags.join(' '), ...th.answers.map((a) => a.body)]) {
        expect(findPersonalData(text), text.slice(0, 60)).toEqual([]);
      }
    }
  });
});

describe.each(await engineCases())('demo forum on $engine', ({ engine, skip }) => {
  let t: TestApp;
  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine, env: { PONTE_DEMO: 'true' } });
    await systemSeedDemo({ db: t.database.db, passwordHash: 'not-used' });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('seeds twelve threads once, with answers, a knowledge base and moderation', async () => {
    const db = t.database.db;
    expect(await systemSeedDemoForum({ db })).toBe(12);
    expect(await systemSeedDemoForum({ db })).toBe(0);
    const threads = await db.selectFrom('forum_threads').select(['status', 'locked', 'answer_count']).execute();
    expect(threads).toHaveLength(12);
    expect(threads.filter((r) => r.status === 'answered').length).toBeGreaterThanOrEqual(9);
    expect(threads.some((r) => r.status === 'closed')).toBe(true);
    expect(threads.some((r) => r.locked)).toBe(true);
    expect(threads.some((r) => r.status === 'open' && r.answer_count > 0)).toBe(true);
    const found = await db.selectFrom('forum_threads').select('title').where((eb) => eb(eb.fn('websearch_to_tsquery', [eb.val('italian'), eb.val('rinnovare permesso')]), '@@', eb.ref('search'))).execute();
    expect(found.map((r) => r.title)).toContain('Rinnovo del permesso per casi speciali alla fine del programma');
  });
});
