import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { systemSeedDemo, demoAccountsMarkdown, DemoRefusedError } from '../../src/server/features/demo/seed.ts';
import { demoAccounts, demoOrganisations, demoProject, DEMO_EMAIL_DOMAIN } from '../../src/server/features/demo/data.ts';
import { builtinRoles } from '../../src/domain/permissions.ts';
import { isOrganisationType } from '../../src/domain/organisations.ts';
import { isProvinceCode } from '../../src/domain/provinces.ts';
import { isServiceCode } from '../../src/domain/services.ts';
import { moneyToCents } from '../../src/domain/fields.ts';
import { createSession } from '../../src/server/platform/auth/session.ts';
import { snapshot } from '../access/snapshot.ts';

describe('demo data', () => {
  it('has one account per built-in role, on the reserved domain', () => {
    expect(demoAccounts.map((a) => a.roleKey).sort()).toEqual(builtinRoles.map((r) => r.key).sort());
    for (const a of demoAccounts) {
      expect(a.email.endsWith(`@${DEMO_EMAIL_DOMAIN}`)).toBe(true);
      expect(demoOrganisations.some((o) => o.code === a.organisationCode)).toBe(true);
    }
  });

  it('uses valid reference codes and a budget whose lines add up exactly', () => {
    for (const o of demoOrganisations) {
      expect(isOrganisationType(o.type)).toBe(true);
      for (const p of o.provinces) expect(isProvinceCode(p)).toBe(true);
      for (const s of o.services) expect(isServiceCode(s)).toBe(true);
    }
    const sum = demoProject.budgetLines.reduce((acc, l) => acc + moneyToCents(l.amount), 0n);
    expect(sum).toBe(moneyToCents(demoProject.budgetTotal));
    const types = new Set(demoOrganisations.map((o) => o.type));
    for (const t of ['region', 'hotline', 'asylum_commission', 'police_immigration_office', 'prosecutor', 'health_authority', 'reception_centre']) {
      expect(types.has(t as never)).toBe(true);
    }
    expect(demoProject.partners.length).toBeGreaterThanOrEqual(6);
  });

  it('docs/demo-accounts.md and the README list exactly the demo accounts', () => {
    for (const file of ['../../docs/demo-accounts.md', '../../README.md']) {
      const doc = readFileSync(new URL(file, import.meta.url), 'utf8');
      expect(doc, file).toContain(demoAccountsMarkdown());
    }
  });
});

describe.each(await engineCases())('demo seed on $engine', ({ engine, skip }) => {
  let t: TestApp;
  beforeAll(async () => {
    if (!skip) t = await openTestApp({ engine, env: { PONTE_DEMO: 'true' } });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  const counts = async (): Promise<Record<string, number>> => {
    const s = await snapshot({ db: t.database.db });
    return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.rows]));
  };

  it.skipIf(skip)('seeds once, and a second run duplicates nothing and keeps the accounts', async () => {
    // Any fixed string stands in for the argon2 hash here: hashing is tested elsewhere and is slow.
    const first = await systemSeedDemo({ db: t.database.db, passwordHash: '$argon2id$first' });
    expect(first).toEqual({ organisationsCreated: demoOrganisations.length, usersCreated: demoAccounts.length, projectCreated: true });
    const after1 = await counts();
    expect(after1).toMatchObject({
      organisations: demoOrganisations.length,
      users: demoAccounts.length,
      memberships: demoAccounts.length,
      projects: 1,
      project_partners: demoProject.partners.length,
      project_budget_lines: demoProject.budgetLines.length,
      complementary_projects: demoProject.complementary.length,
    });
    const ids1 = await t.database.db.selectFrom('users').select(['id', 'email']).orderBy('email').execute();

    const second = await systemSeedDemo({ db: t.database.db, passwordHash: '$argon2id$second' });
    expect(second).toEqual({ organisationsCreated: 0, usersCreated: 0, projectCreated: false });
    expect(await counts()).toEqual(after1);
    expect(await t.database.db.selectFrom('users').select(['id', 'email']).orderBy('email').execute()).toEqual(ids1);
    const hashes = await t.database.db.selectFrom('users').select(['password_hash', 'mfa_exempt', 'is_active']).distinct().execute();
    expect(hashes).toEqual([{ password_hash: '$argon2id$second', mfa_exempt: true, is_active: true }]);

    const project = await t.database.db.selectFrom('projects').select(['budget_total', 'period_start', 'period_end']).executeTakeFirstOrThrow();
    expect(project).toEqual({ budget_total: '1700256.47', period_start: demoProject.periodStart, period_end: demoProject.periodEnd });
  });

  it.skipIf(skip)('puts back a demo account role changed in between, ending its sessions', async () => {
    const db = t.database.db;
    const admin = await db.selectFrom('users').select('id').where('email', '=', demoAccounts[0]!.email).executeTakeFirstOrThrow();
    const trainer = await db.selectFrom('roles').select('id').where('key', '=', 'trainer').executeTakeFirstOrThrow();
    await db.updateTable('memberships').set({ role_id: trainer.id }).where('user_id', '=', admin.id).execute();
    await createSession({ db, userId: admin.id, organisationId: null, mfaVerified: false, now: t.clock.now(), policy: t.app.services.sessionPolicy, ip: null, userAgent: null });
    await systemSeedDemo({ db, passwordHash: '$argon2id$third' });
    const role = await db.selectFrom('memberships as m').innerJoin('roles as r', 'r.id', 'm.role_id').select('r.key').where('m.user_id', '=', admin.id).executeTakeFirstOrThrow();
    expect(role.key).toBe('system_admin');
    const open = await db.selectFrom('sessions').select('id').where('user_id', '=', admin.id).where('revoked_at', 'is', null).execute();
    expect(open).toHaveLength(0);
  });

  it.skipIf(skip)('demo accounts skip two-factor verification in demo mode and can use the API', async () => {
    const db = t.database.db;
    const admin = await db
      .selectFrom('users as u')
      .innerJoin('memberships as m', 'm.user_id', 'u.id')
      .select(['u.id', 'm.organisation_id'])
      .where('u.email', '=', demoAccounts[0]!.email)
      .executeTakeFirstOrThrow();
    const session = await createSession({ db, userId: admin.id, organisationId: admin.organisation_id, mfaVerified: false, now: t.clock.now(), policy: t.app.services.sessionPolicy, ip: null, userAgent: null });
    const r = await t.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: `ponte_session=${session.token}` } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items).toHaveLength(demoAccounts.length);
    const project = await t.app.inject({ method: 'GET', url: '/api/projects', headers: { cookie: `ponte_session=${session.token}` } });
    expect(project.json().items).toEqual([expect.objectContaining({ code: demoProject.code, budgetTotal: '1700256.47' })]);
  });

  it.skipIf(skip)('refuses to add demo accounts to a database with real users', async () => {
    const db = t.database.db;
    const real = await db.insertInto('users').values({ email: 'real.person@example.org', display_name: 'Real' }).returning('id').executeTakeFirstOrThrow();
    const before = await snapshot({ db });
    await expect(systemSeedDemo({ db, passwordHash: '$argon2id$fourth' })).rejects.toBeInstanceOf(DemoRefusedError);
    expect(await snapshot({ db })).toEqual(before);
    await db.deleteFrom('users').where('id', '=', real.id).execute();
  });
});
