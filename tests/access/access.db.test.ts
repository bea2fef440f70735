/**
 * Runs the access matrix (matrix.ts) on both engines: every endpoint × every built-in role, plus
 * an anonymous client. Allowed → 2xx; others → the denied status, the database unchanged and the
 * denied attempt in the audit trail. Administration writes are also called by a partial
 * administrator (a custom role with only users.manage or roles.manage), refused by the grant
 * rules. Also checks that every API route is in the matrix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { builtinRoles, type BuiltinRoleKey } from '../../src/domain/permissions.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from './login-fixture.ts';
import { endpoints, type EndpointCase, type MatrixFixtures } from './matrix.ts';
import { lastAuditId, snapshot } from './snapshot.ts';
import { insertCase, insertPerson } from '../helpers/records.ts';

/** Routes outside the role matrix: public, or about the caller's own account and session. */
const exempt = [/^GET \/api\/health$/, /^[A-Z]+ \/api\/auth\//, /^[A-Z]+ \/api\/me(\/|$)/];

function isAllowed(ep: EndpointCase, role: BuiltinRoleKey): boolean {
  return ep.allowed === 'any' || (ep.allowed as readonly string[]).includes(role);
}

describe.each(await engineCases())('access matrix on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let fixtures: MatrixFixtures;
  const users = new Map<BuiltinRoleKey, LoggedIn>();
  /** A member of the organisation whose (custom) role grants nothing. */
  let powerless: LoggedIn;
  /** Members whose custom role holds a single administration permission. */
  const partialAdmins = new Map<string, LoggedIn>();

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    const db = t.database.db;
    const orgId = await ensureTestOrganisation({ db, code: 'matrix-org' });
    for (const role of builtinRoles) users.set(role.key, await loginAs({ t, roleKey: role.key, orgId }));
    await db.insertInto('roles').values({ key: 'no_permissions', name_it: 'Nessun permesso', name_en: 'No permissions' }).execute();
    powerless = await loginAs({ t, roleKey: 'no_permissions', orgId });
    for (const permission of ['users.manage', 'roles.manage'] as const) {
      const key = `only_${permission.replace('.', '_')}`;
      const role = await db.insertInto('roles').values({ key, name_it: key, name_en: key }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('role_permissions').values({ role_id: role.id, permission }).execute();
      partialAdmins.set(permission, await loginAs({ t, roleKey: key, orgId }));
    }
    const project = await db
      .insertInto('projects')
      .values({ code: 'matrix-project', name: 'Matrix project', period_start: '2024-01-01', period_end: '2024-12-31', funder: 'DPO', budget_total: '100.00', lead_org_id: orgId })
      .returning('id')
      .executeTakeFirstOrThrow();
    let n = 0;
    const unique = (): string => `${Date.now().toString(36)}${(++n).toString(36)}`;
    const trainerRole = await db.selectFrom('roles').select('id').where('key', '=', 'trainer').executeTakeFirstOrThrow();
    const newUser = async (): Promise<string> => {
      const u = await db.insertInto('users').values({ email: `target-${unique()}@test.ponte.invalid`, display_name: 'Target' }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('memberships').values({ user_id: u.id, organisation_id: orgId, role_id: trainerRole.id }).execute();
      return u.id;
    };
    const otherOrgId = await ensureTestOrganisation({ db, code: 'matrix-other-org' });
    const services = { db, cipher: t.app.services.cipher, linkage: t.app.services.linkage };
    const newPerson = async (options: { orgId?: string } = {}): Promise<string> => (await insertPerson({ ...services, orgId: options.orgId ?? orgId })).id;
    fixtures = {
      db,
      orgId,
      otherOrgId,
      newPerson,
      async newCase(options = {}) {
        const caseOrg = options.orgId ?? orgId;
        const personId = options.personId ?? (await newPerson({ orgId: caseOrg }));
        return (await insertCase({ db, orgId: caseOrg, personId })).id;
      },
      projectId: project.id,
      userId: await newUser(),
      unique,
      newUser,
      async newCustomRole() {
        const r = await db.insertInto('roles').values({ key: `fixture_${unique()}`, name_it: 'Prova', name_en: 'Test', builtin: false }).returning('id').executeTakeFirstOrThrow();
        await db.insertInto('role_permissions').values({ role_id: r.id, permission: 'network.read' }).execute();
        return r.id;
      },
    };
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('covers every API route', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const inMatrix = new Set(endpoints.map((e) => `${e.method} ${e.route}`));
    const missing = routes.filter((r) => !inMatrix.has(r) && !exempt.some((x) => x.test(r)));
    expect(missing, 'every endpoint needs a row in tests/access/matrix.ts').toEqual([]);
    const unknown = [...inMatrix].filter((r) => !routes.includes(r));
    expect(unknown, 'matrix rows must match registered routes').toEqual([]);
  });

  for (const ep of endpoints) {
    describe(`${ep.method} ${ep.route}`, () => {
      it.skipIf(skip)('anonymous → 401, nothing written', async () => {
        const url = await ep.path(fixtures);
        const payload = ep.body?.(fixtures);
        const before = await snapshot({ db: t.database.db, includeAudit: true });
        const r = await t.app.inject({ method: ep.method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
        expect(r.statusCode, r.body).toBe(401);
        expect(await snapshot({ db: t.database.db, includeAudit: true })).toEqual(before);
      });

      it.skipIf(skip)(`a role without permissions → ${ep.allowed === 'any' ? '2xx' : ep.denied}`, async () => {
        const url = await ep.path(fixtures, powerless);
        const payload = ep.body?.(fixtures);
        const before = await snapshot({ db: t.database.db });
        const auditMark = await lastAuditId(t.database.db);
        const r = await t.app.inject({ method: ep.method, url, headers: powerless.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
        if (ep.allowed === 'any') {
          expect(r.statusCode, r.body).toBeLessThan(300);
          return;
        }
        expect(r.statusCode, r.body).toBe(ep.denied);
        expect(await snapshot({ db: t.database.db })).toEqual(before);
        const entries = await t.database.db.selectFrom('audit_log').select(['action', 'outcome']).where('id', '>', auditMark).execute();
        expect(entries).toEqual([{ action: ep.deniedAction, outcome: 'denied' }]);
      });

      const partial = ep.partialAdmin;
      if (partial) {
        it.skipIf(skip)(`a role with only ${partial} → 403 (grant rules)`, async () => {
          const user = partialAdmins.get(partial)!;
          const url = await ep.path(fixtures, user);
          const payload = ep.body?.(fixtures);
          const before = await snapshot({ db: t.database.db });
          const auditMark = await lastAuditId(t.database.db);
          const r = await t.app.inject({ method: ep.method, url, headers: user.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
          expect(r.statusCode, r.body).toBe(403);
          expect(r.json().error.code).toBe('forbidden');
          expect(await snapshot({ db: t.database.db })).toEqual(before);
          const entries = await t.database.db.selectFrom('audit_log').select(['action', 'outcome', 'actor_user_id']).where('id', '>', auditMark).execute();
          expect(entries).toEqual([{ action: ep.deniedAction, outcome: 'denied', actor_user_id: user.userId }]);
        });
      }

      for (const role of builtinRoles) {
        const allowed = isAllowed(ep, role.key);
        it.skipIf(skip)(`${role.key} → ${allowed ? '2xx' : ep.denied}`, async () => {
          const user = users.get(role.key)!;
          const url = await ep.path(fixtures, user);
          const payload = ep.body?.(fixtures);
          const before = allowed ? undefined : await snapshot({ db: t.database.db });
          const auditMark = await lastAuditId(t.database.db);
          const r = await t.app.inject({ method: ep.method, url, headers: user.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
          if (allowed) {
            expect(r.statusCode, r.body).toBeGreaterThanOrEqual(200);
            expect(r.statusCode, r.body).toBeLessThan(300);
            return;
          }
          expect(r.statusCode, r.body).toBe(ep.denied);
          expect(r.json().error.code).toBe(ep.denied === 404 ? 'not_found' : 'forbidden');
          expect(await snapshot({ db: t.database.db })).toEqual(before);
          const entries = await t.database.db
            .selectFrom('audit_log')
            .select(['action', 'outcome', 'actor_user_id', 'actor_org_id'])
            .where('id', '>', auditMark)
            .execute();
          expect(entries).toEqual([{ action: ep.deniedAction, outcome: 'denied', actor_user_id: user.userId, actor_org_id: user.orgId }]);
        });
      }
    });
  }
});
