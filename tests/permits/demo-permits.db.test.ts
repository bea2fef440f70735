/** The demo permits: every status of the machine, reminders for the demo case worker, a minor turning 18; idempotent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { systemSeedDemo } from '../../src/server/features/demo/seed.ts';
import { systemSeedDemoPersons } from '../../src/server/features/demo/persons.ts';
import { systemSeedDemoPermits } from '../../src/server/features/demo/permits.ts';
import { systemPermitReminders } from '../../src/server/features/permits/reminders.ts';
import { permitStatuses } from '../../src/domain/permits/index.ts';

describe.each(await engineCases())('demo permits on $engine', ({ engine, skip }) => {
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

  it.skipIf(skip)('permits in every status, art. 18 both paths, 18-ter and protection; a second run adds nothing', async () => {
    const db = t.database.db;
    const result = await systemSeedDemoPermits({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage });
    expect(result.permitsCreated).toBeGreaterThanOrEqual(13);
    expect(result.minorsCreated).toBe(1);
    const rows = await db.selectFrom('permits').select(['status', 'permit_type']).execute();
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(permitStatuses));
    for (const type of ['art18_social', 'art18_judicial', 'art18ter', 'international_protection']) expect(rows.some((r) => r.permit_type === type)).toBe(true);
    expect(await systemSeedDemoPermits({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage })).toEqual({ permitsCreated: 0, minorsCreated: 0 });
  });

  it.skipIf(skip)('the reminders put renewals, an expiry and the minor’s 18th birthday on the demo case worker’s tasks', async () => {
    const db = t.database.db;
    const r = await systemPermitReminders({ db, cipher: t.app.services.cipher, now: t.clock.now() });
    expect(r.renewalReminders).toBeGreaterThanOrEqual(2);
    expect(r.expired).toBe(1);
    expect(r.majorityWarnings).toBe(1);
    const worker = await db.selectFrom('users').select('id').where('email', '=', 'operatrice@demo.ponte.invalid').executeTakeFirstOrThrow();
    const tasks = await db.selectFrom('case_tasks').select('id').where('assignee_id', '=', worker.id).execute();
    expect(tasks.length).toBeGreaterThanOrEqual(4);
  });
});
