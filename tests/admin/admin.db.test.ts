import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs, ensureTestOrganisation, type LoggedIn } from '../access/login-fixture.ts';
import { verifyPassword } from '../../src/server/platform/auth/password.ts';
import { builtinRoles, permissions } from '../../src/domain/permissions.ts';

describe.each(await engineCases())('users and roles on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let admin: LoggedIn;
  let orgId: string;
  let otherOrgId: string;
  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    admin = await loginAs({ t, roleKey: 'system_admin' });
    orgId = admin.orgId;
    otherOrgId = await ensureTestOrganisation({ db: t.database.db, code: 'other-org' });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  const activeSessions = async (userId: string): Promise<number> =>
    (await t.database.db.selectFrom('sessions').select('id').where('user_id', '=', userId).where('revoked_at', 'is', null).execute()).length;

  it.skipIf(skip)('creates a user with a password (argon2id), lowercased e-mail, memberships; audited', async () => {
    const r = await t.app.inject({
      method: 'POST', url: '/api/users', headers: admin.headers,
      payload: { email: '  Maria.Bianchi@Example.ORG ', displayName: 'Maria Bianchi', password: 'correct horse battery', memberships: [{ organisationId: orgId, roleKey: 'case_worker' }] },
    });
    expect(r.statusCode, r.body).toBe(201);
    const u = r.json();
    expect(u).toMatchObject({ email: 'maria.bianchi@example.org', displayName: 'Maria Bianchi', locale: 'it', isActive: true, hasPassword: true, memberships: [{ organisationId: orgId, roleKey: 'case_worker' }] });
    expect(JSON.stringify(u)).not.toContain('argon2');
    const row = await t.database.db.selectFrom('users').select('password_hash').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.password_hash!, 'correct horse battery')).toBe(true);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'outcome', 'actor_user_id', 'fields']).where('record_id', '=', u.id).execute();
    expect(audit).toEqual([{ action: 'user.create', outcome: 'success', actor_user_id: admin.userId, fields: ['email', 'displayName', 'locale', 'password', 'memberships'] }]);
    expect(JSON.stringify(audit)).not.toContain('correct horse');
  });

  it.skipIf(skip)('refuses a short password, duplicate e-mails (409), unknown roles and organisations (400)', async () => {
    const short = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { email: 'x@example.org', displayName: 'X', password: 'short' } });
    expect(short.statusCode).toBe(400);
    const dup = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { email: 'MARIA.BIANCHI@example.org', displayName: 'Other' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toBe('Esiste già un utente con questa e-mail.');
    const role = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { email: 'y@example.org', displayName: 'Y', memberships: [{ organisationId: orgId, roleKey: 'no_such_role' }] } });
    expect(role.statusCode).toBe(400);
    expect(role.json().error.issues[0]).toEqual({ path: 'body.memberships.0.roleKey', message: 'ruolo inesistente' });
    const org = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { email: 'y@example.org', displayName: 'Y', memberships: [{ organisationId: '00000000-0000-4000-8000-000000000000', roleKey: 'trainer' }] } });
    expect(org.statusCode).toBe(400);
    const none = await t.database.db.selectFrom('users').select('id').where('email', '=', 'y@example.org').execute();
    expect(none).toHaveLength(0);
  });

  it.skipIf(skip)('creates a user without a password', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { email: 'nopass@example.org', displayName: 'No Pass', locale: 'en' } });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ hasPassword: false, locale: 'en', memberships: [] });
  });

  it.skipIf(skip)('lists and reads users with audit entries', async () => {
    const list = await t.app.inject({ method: 'GET', url: `/api/users?organisationId=${orgId}&q=bianchi`, headers: admin.headers });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as Array<{ id: string; email: string }>;
    expect(items.map((i) => i.email)).toEqual(['maria.bianchi@example.org']);
    const read = await t.app.inject({ method: 'GET', url: `/api/users/${items[0]!.id}`, headers: admin.headers });
    expect(read.statusCode).toBe(200);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'record_id', 'details']).where('actor_user_id', '=', admin.userId).where('action', 'in', ['user.list', 'user.read']).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['user.list', 'user.read']);
    expect(audit[0]?.details).toMatchObject({ count: 1 });
    const missing = await t.app.inject({ method: 'GET', url: '/api/users/00000000-0000-4000-8000-000000000000', headers: admin.headers });
    expect(missing.statusCode).toBe(404);
  });

  it.skipIf(skip)('disabling a user ends their sessions at once; an admin cannot disable themselves', async () => {
    const victim = await loginAs({ t, roleKey: 'case_worker' });
    const before = await t.app.inject({ method: 'GET', url: '/api/organisations', headers: victim.headers });
    expect(before.statusCode).toBe(200);
    const r = await t.app.inject({ method: 'PATCH', url: `/api/users/${victim.userId}`, headers: admin.headers, payload: { isActive: false } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().isActive).toBe(false);
    expect(await activeSessions(victim.userId)).toBe(0);
    const after = await t.app.inject({ method: 'GET', url: '/api/organisations', headers: victim.headers });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('session_expired');
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'details']).where('record_id', '=', victim.userId).execute();
    expect(audit).toEqual([expect.objectContaining({ action: 'user.disable', details: { revokedSessions: 1 } })]);
    const self = await t.app.inject({ method: 'PATCH', url: `/api/users/${admin.userId}`, headers: admin.headers, payload: { isActive: false } });
    expect(self.statusCode).toBe(409);
  });

  it.skipIf(skip)('changing memberships ends the sessions; an identical list changes nothing', async () => {
    const u = await loginAs({ t, roleKey: 'outreach_worker' });
    const same = await t.app.inject({ method: 'PUT', url: `/api/users/${u.userId}/memberships`, headers: admin.headers, payload: [{ organisationId: u.orgId, roleKey: 'outreach_worker' }] });
    expect(same.statusCode, same.body).toBe(200);
    expect(await activeSessions(u.userId)).toBe(1);
    const r = await t.app.inject({
      method: 'PUT', url: `/api/users/${u.userId}/memberships`, headers: admin.headers,
      payload: [{ organisationId: u.orgId, roleKey: 'desk_worker' }, { organisationId: otherOrgId, roleKey: 'trainer' }],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().memberships.map((m: { roleKey: string }) => m.roleKey).sort()).toEqual(['desk_worker', 'trainer']);
    expect(await activeSessions(u.userId)).toBe(0);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'details']).where('record_id', '=', u.userId).where('action', '=', 'membership.change').execute();
    expect(audit).toEqual([{ action: 'membership.change', details: { added: 1, removed: 0, changed: 1, revokedSessions: 1 } }]);
    const twice = await t.app.inject({ method: 'PUT', url: `/api/users/${u.userId}/memberships`, headers: admin.headers, payload: [{ organisationId: u.orgId, roleKey: 'desk_worker' }, { organisationId: u.orgId, roleKey: 'trainer' }] });
    expect(twice.statusCode).toBe(400);
  });

  it.skipIf(skip)('lists roles and permissions', async () => {
    const roles = await t.app.inject({ method: 'GET', url: '/api/roles', headers: admin.headers });
    expect(roles.statusCode).toBe(200);
    const items = roles.json().items as Array<{ key: string; builtin: boolean; permissions: string[] }>;
    for (const b of builtinRoles) {
      expect(items.find((r) => r.key === b.key)).toMatchObject({ builtin: true, permissions: [...b.permissions].sort() });
    }
    const perms = await t.app.inject({ method: 'GET', url: '/api/permissions', headers: admin.headers });
    expect(perms.json().items).toHaveLength(permissions.length);
    expect(perms.json().items).toEqual(expect.arrayContaining([{ key: 'cases.read', personalData: true }, { key: 'stats.aggregate', personalData: false }]));
  });

  it.skipIf(skip)('creates, edits and deletes custom roles; built-in and held roles cannot be deleted', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/roles', headers: admin.headers, payload: { key: 'volunteer', nameIt: 'Volontario', nameEn: 'Volunteer', permissions: ['network.read'] } });
    expect(created.statusCode, created.body).toBe(201);
    const role = created.json();
    expect(role).toMatchObject({ key: 'volunteer', builtin: false, permissions: ['network.read'], holders: 0 });
    const dup = await t.app.inject({ method: 'POST', url: '/api/roles', headers: admin.headers, payload: { key: 'volunteer', nameIt: 'V', nameEn: 'V', permissions: [] } });
    expect(dup.statusCode).toBe(409);
    const badPerm = await t.app.inject({ method: 'POST', url: '/api/roles', headers: admin.headers, payload: { key: 'bad', nameIt: 'V', nameEn: 'V', permissions: ['root'] } });
    expect(badPerm.statusCode).toBe(400);

    const holder = await loginAs({ t, roleKey: 'volunteer' });
    const rename = await t.app.inject({ method: 'PATCH', url: `/api/roles/${role.id}`, headers: admin.headers, payload: { nameEn: 'Volunteer helper', permissions: ['network.read'] } });
    expect(rename.statusCode, rename.body).toBe(200);
    expect(await activeSessions(holder.userId)).toBe(1);
    const widen = await t.app.inject({ method: 'PATCH', url: `/api/roles/${role.id}`, headers: admin.headers, payload: { permissions: ['network.read', 'forum.post'] } });
    expect(widen.json()).toMatchObject({ permissions: ['forum.post', 'network.read'], holders: 1 });
    expect(await activeSessions(holder.userId)).toBe(0);

    const held = await t.app.inject({ method: 'DELETE', url: `/api/roles/${role.id}`, headers: admin.headers });
    expect(held.statusCode).toBe(409);
    const builtin = (await t.app.inject({ method: 'GET', url: '/api/roles', headers: admin.headers })).json().items.find((r: { key: string }) => r.key === 'trainer');
    await t.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', admin.userId).execute();
    const delBuiltin = await t.app.inject({ method: 'DELETE', url: `/api/roles/${builtin.id}`, headers: admin.headers });
    await t.database.db.updateTable('users').set({ locale: 'it' }).where('id', '=', admin.userId).execute();
    expect(delBuiltin.statusCode).toBe(409);
    expect(delBuiltin.json().error.message).toBe('Built-in roles can be edited but not deleted.');
    const editBuiltin = await t.app.inject({ method: 'PATCH', url: `/api/roles/${builtin.id}`, headers: admin.headers, payload: { description: 'Eventi e formazione.' } });
    expect(editBuiltin.statusCode).toBe(200);

    await t.database.db.deleteFrom('memberships').where('user_id', '=', holder.userId).execute();
    const del = await t.app.inject({ method: 'DELETE', url: `/api/roles/${role.id}`, headers: admin.headers });
    expect(del.statusCode).toBe(204);
    const gone = await t.app.inject({ method: 'DELETE', url: `/api/roles/${role.id}`, headers: admin.headers });
    expect(gone.statusCode).toBe(404);
  });

  it.skipIf(skip)('refuses changes that would leave no active administrator', async () => {
    const db = t.database.db;
    // The guard counts administrators who can log in: this one has a password.
    await db.updateTable('users').set({ password_hash: '$argon2id$test-only' }).where('id', '=', admin.userId).execute();
    const adminsBefore = await db.selectFrom('memberships as m').innerJoin('roles as r', 'r.id', 'm.role_id').select('m.user_id').where('r.key', '=', 'system_admin').execute();
    expect(adminsBefore.map((a) => a.user_id)).toEqual([admin.userId]);
    // Their own memberships and their own role are out of their reach anyway (403, see escalation.db.test.ts).
    const demote = await t.app.inject({ method: 'PUT', url: `/api/users/${admin.userId}/memberships`, headers: admin.headers, payload: [{ organisationId: orgId, roleKey: 'trainer' }] });
    expect(demote.statusCode).toBe(403);
    const roles = (await t.app.inject({ method: 'GET', url: '/api/roles', headers: admin.headers })).json().items as Array<{ id: string; key: string; permissions: string[] }>;
    const sysadmin = roles.find((r) => r.key === 'system_admin')!;
    const strip = await t.app.inject({ method: 'PATCH', url: `/api/roles/${sysadmin.id}`, headers: admin.headers, payload: { permissions: sysadmin.permissions.filter((p) => p !== 'roles.manage') } });
    expect(strip.statusCode).toBe(403);
    const closeOrg = await t.app.inject({ method: 'PATCH', url: `/api/organisations/${orgId}`, headers: admin.headers, payload: { isActive: false } });
    expect(closeOrg.statusCode).toBe(409);
    expect(closeOrg.json().error.message).toBe('Operazione rifiutata: nessun utente attivo potrebbe più gestire gli utenti.');
    expect(await activeSessions(admin.userId)).toBe(1);
    const still = await t.app.inject({ method: 'GET', url: '/api/users', headers: admin.headers });
    expect(still.statusCode).toBe(200);

    // With a second administrator the same change is allowed.
    const second = await loginAs({ t, roleKey: 'system_admin', orgId: otherOrgId });
    await db.updateTable('users').set({ password_hash: '$argon2id$test-only' }).where('id', '=', second.userId).execute();
    const demoteFirst = await t.app.inject({ method: 'PUT', url: `/api/users/${admin.userId}/memberships`, headers: second.headers, payload: [{ organisationId: orgId, roleKey: 'trainer' }] });
    expect(demoteFirst.statusCode).toBe(200);
    const closeSecondOrg = await t.app.inject({ method: 'PATCH', url: `/api/organisations/${otherOrgId}`, headers: second.headers, payload: { isActive: false } });
    expect(closeSecondOrg.statusCode).toBe(409);
    expect(await activeSessions(admin.userId)).toBe(0);
  });
});
