/** The demo inclusion data: courses with sessions and attendance, internships, placements, housing, voluntary returns; idempotent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { systemSeedDemo } from '../../src/server/features/demo/seed.ts';
import { systemSeedDemoPersons } from '../../src/server/features/demo/persons.ts';
import { systemSeedDemoInclusion } from '../../src/server/features/demo/inclusion.ts';

describe.each(await engineCases())('demo inclusion on $engine', ({ engine, skip }) => {
  let t: TestApp;
  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine, env: { PONTE_DEMO: 'true' } });
    await systemSeedDemo({ db: t.database.db, passwordHash: 'not-used' });
    await systemSeedDemoPersons({ db: t.database.db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, blindIndex: t.app.services.blindIndex, count: 120 });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('courses with sessions and a register, internships, placements, housing and returns; a second run adds nothing', async () => {
    const db = t.database.db;
    const result = await systemSeedDemoInclusion({ db, cipher: t.app.services.cipher });
    expect(result).toMatchObject({ coursesCreated: 2 });
    expect(result.enrolmentsCreated).toBeGreaterThanOrEqual(6);
    expect(result.recordsCreated).toBe(11);
    expect((await db.selectFrom('course_sessions').select('id').execute()).length).toBeGreaterThanOrEqual(10);
    expect((await db.selectFrom('course_attendance').select('status').execute()).map((r) => r.status)).toEqual(expect.arrayContaining(['present', 'absent', 'excused']));
    const returns = await db.selectFrom('voluntary_returns').select(['status', 'country']).execute();
    expect(returns.map((r) => r.status).sort()).toEqual(['approved', 'departed']);
    expect(await systemSeedDemoInclusion({ db, cipher: t.app.services.cipher })).toEqual({ coursesCreated: 0, enrolmentsCreated: 0, recordsCreated: 0 });
  });
});
