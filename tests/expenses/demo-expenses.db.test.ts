/** The demo expenses: every line of the demo plan charged, support for demo cases, one line over budget with its reason; idempotent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { systemSeedDemo } from '../../src/server/features/demo/seed.ts';
import { systemSeedDemoPersons } from '../../src/server/features/demo/persons.ts';
import { systemSeedDemoExpenses } from '../../src/server/features/demo/expenses.ts';
import { toCents } from '../../src/domain/expenses/index.ts';

describe.each(await engineCases())('demo expenses on $engine', ({ engine, skip }) => {
  let t: TestApp;
  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine, env: { PONTE_DEMO: 'true' } });
    await systemSeedDemo({ db: t.database.db, passwordHash: 'not-used' });
    await systemSeedDemoPersons({ db: t.database.db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, blindIndex: t.app.services.blindIndex, count: 40 });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('charges every line, supports demo cases, takes exactly one line over budget with a reason; a second run adds nothing', async () => {
    const db = t.database.db;
    const now = new Date('2026-03-20T10:00:00Z');
    const result = await systemSeedDemoExpenses({ db, cipher: t.app.services.cipher, now });
    expect(result.expensesCreated).toBeGreaterThan(100);
    expect(result.overBudget).toBe(1);
    const perLine = await db
      .selectFrom('project_budget_lines as l')
      .leftJoin('expenses as e', 'e.budget_line_id', 'l.id')
      .select(['l.code', 'l.amount', sql<string>`coalesce(sum(e.amount), 0)::text`.as('spent'), sql<number>`count(e.id)::int`.as('n')])
      .groupBy(['l.code', 'l.amount'])
      .orderBy('l.code')
      .execute();
    expect(perLine.map((l) => l.code)).toEqual(['A', 'B', 'C', 'D', 'E']);
    for (const l of perLine) {
      expect(l.n, l.code).toBeGreaterThan(0);
      expect(toCents(l.spent) > toCents(l.amount), l.code).toBe(l.code === 'E');
    }
    const over = await db.selectFrom('expenses').select(['over_budget_reason_enc', 'spent_on']).where('over_budget', '=', true).execute();
    expect(over).toHaveLength(1);
    expect(over[0]?.over_budget_reason_enc).toBeTruthy();
    const support = await db.selectFrom('expenses').select(['category']).where('case_id', 'is not', null).execute();
    expect(support.length).toBeGreaterThan(10);
    expect(new Set(support.map((s) => s.category)).size).toBeGreaterThanOrEqual(5);
    const outOfPeriod = await db.selectFrom('expenses').select('id').where((eb) => eb.or([eb('spent_on', '<', '2024-10-01'), eb('spent_on', '>', '2026-02-28')])).execute();
    expect(outOfPeriod).toEqual([]);
    expect(await systemSeedDemoExpenses({ db, cipher: t.app.services.cipher, now })).toEqual({ expensesCreated: 0, overBudget: 0 });
  });
});
