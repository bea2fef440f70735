/**
 * Nobody gains permissions through user and role administration (src/domain/admin-rules.ts):
 * partial administrators (a custom role with users.manage or roles.manage alone) cannot grant
 * what they do not hold, nobody changes their own memberships or a role they hold, and only a
 * caller who holds every permission of a user may change that user. Each refusal is a 403 with a
 * message, nothing written, the attempt audited as denied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs, type LoggedIn } from '../helpers/login.ts';
import { lastAuditId, snapshot } from '../access/snapshot.ts';

describe.each(await engineCases())('no escalation through administration on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let root: LoggedIn;
  let userAdmin: LoggedIn;
  let roleAdmin: LoggedIn;
  /** users.manage with a little more: may manage holders of `reader`. */
  let scopedAdmin: LoggedIn;
  const orgCode = 'escalation-org';

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    root = await loginAs({ t, roleKey: 'system_admin', orgCode });
    userAdmin = await loginAs({ t, roleKey: 'user_admin', permissions: ['users.manage'], orgCode });
    roleAdmin = await loginAs({ t, roleKey: 'role_admin', permissions: ['roles.manage'], orgCode });
    scopedAdmin = await loginAs({ t, roleKey: 'scoped_admin', permissions: ['users.manage', 'network.read', 'forum.post'], orgCode });
    await loginAs({ t, roleKey: 'reader', permissions: ['network.read'], orgCode });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  const roleId = async (key: string): Promise<string> => (await t.database.db.selectFrom('roles').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;
  const rolesOf = async (userId: string): Promise<string[]> =>
    (await t.database.db.selectFrom('memberships as m').innerJoin('roles as r', 'r.id', 'm.role_id').select('r.key').where('m.user_id', '=', userId).execute()).map((r) => r.key).sort();

  /** Sends the request, expects a 403 with `message`, nothing written, one denied audit entry. */
  async function expectRefused(options: {
    who: LoggedIn;
    method: 'POST' | 'PUT' | 'PATCH';
    url: string;
    payload: unknown;
    message: string;
    audit: { action: string; recordId?: string | null; details: Record<string, unknown> };
  }): Promise<void> {
    const db = t.database.db;
    const before = await snapshot({ db });
    const mark = await lastAuditId(db);
    const r = await t.app.inject({ method: options.method, url: options.url, headers: options.who.headers, payload: options.payload as object });
    expect(r.statusCode, r.body).toBe(403);
    expect(r.json().error).toMatchObject({ code: 'forbidden', message: options.message });
    expect(await snapshot({ db })).toEqual(before);
    const entries = await db.selectFrom('audit_log').select(['action', 'outcome', 'actor_user_id', 'record_id', 'details']).where('id', '>', mark).execute();
    expect(entries).toEqual([
      { action: options.audit.action, outcome: 'denied', actor_user_id: options.who.userId, record_id: options.audit.recordId ?? null, details: options.audit.details },
    ]);
  }

  const sysadminMissing = 'audit.read,network.manage,network.read,procedures.manage,roles.manage';

  it.skipIf(skip)('users.manage alone cannot make itself (or anyone) a system administrator', async () => {
    await expectRefused({
      who: userAdmin, method: 'PUT', url: `/api/users/${userAdmin.userId}/memberships`,
      payload: [{ organisationId: userAdmin.orgId, roleKey: 'system_admin' }],
      message: 'Non puoi modificare i tuoi stessi ruoli: chiedilo a un altro amministratore.',
      audit: { action: 'membership.change', recordId: userAdmin.userId, details: { reason: 'own_memberships' } },
    });
    expect(await rolesOf(userAdmin.userId)).toEqual(['user_admin']);

    const blank = await t.database.db.insertInto('users').values({ email: 'blank@test.ponte.invalid', display_name: 'Blank' }).returning('id').executeTakeFirstOrThrow();
    await expectRefused({
      who: userAdmin, method: 'PUT', url: `/api/users/${blank.id}/memberships`,
      payload: [{ organisationId: userAdmin.orgId, roleKey: 'system_admin' }],
      message: `Non puoi concedere permessi che non hai: ${sysadminMissing.replaceAll(',', ', ')}.`,
      audit: { action: 'membership.change', recordId: blank.id, details: { reason: 'grants_unheld', missing: sysadminMissing } },
    });
    await expectRefused({
      who: userAdmin, method: 'POST', url: '/api/users',
      payload: { email: 'sock.puppet@test.ponte.invalid', displayName: 'Sock Puppet', password: 'correct horse battery', memberships: [{ organisationId: userAdmin.orgId, roleKey: 'case_worker' }] },
      message: 'Non puoi concedere permessi che non hai: budget.read, cases.read, cases.write, criminal.read, forum.post, inclusion.write, network.read, permits.write, persons.read, persons.write, referrals.receive, referrals.send, screening.write.',
      audit: { action: 'user.create', details: { reason: 'grants_unheld', missing: 'budget.read,cases.read,cases.write,criminal.read,forum.post,inclusion.write,network.read,permits.write,persons.read,persons.write,referrals.receive,referrals.send,screening.write' } },
    });
  });

  it.skipIf(skip)('a partial administrator cannot disable, edit or re-role a user holding more than they do', async () => {
    const missing = 'audit.read,network.manage,network.read,procedures.manage,roles.manage';
    const message = `Non puoi gestire un utente che ha permessi che tu non hai: ${missing.replaceAll(',', ', ')}.`;
    const audit = (action: string): { action: string; recordId: string; details: Record<string, unknown> } => ({ action, recordId: root.userId, details: { reason: 'target_outranks', missing } });
    await expectRefused({ who: userAdmin, method: 'PATCH', url: `/api/users/${root.userId}`, payload: { isActive: false }, message, audit: audit('user.update') });
    await expectRefused({ who: userAdmin, method: 'PATCH', url: `/api/users/${root.userId}`, payload: { displayName: 'Renamed' }, message, audit: audit('user.update') });
    await expectRefused({ who: userAdmin, method: 'PUT', url: `/api/users/${root.userId}/memberships`, payload: [], message, audit: audit('membership.change') });
    expect(await rolesOf(root.userId)).toEqual(['system_admin']);
  });

  it.skipIf(skip)('within what they hold, a partial administrator works as before', async () => {
    const created = await t.app.inject({
      method: 'POST', url: '/api/users', headers: scopedAdmin.headers,
      payload: { email: 'reader.one@test.ponte.invalid', displayName: 'Reader One', memberships: [{ organisationId: scopedAdmin.orgId, roleKey: 'reader' }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const moved = await t.app.inject({ method: 'PUT', url: `/api/users/${id}/memberships`, headers: scopedAdmin.headers, payload: [] });
    expect(moved.statusCode, moved.body).toBe(200);
    const disabled = await t.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: scopedAdmin.headers, payload: { isActive: false } });
    expect(disabled.statusCode, disabled.body).toBe(200);
    // …but not towards a role with more than they hold.
    await expectRefused({
      who: scopedAdmin, method: 'PUT', url: `/api/users/${id}/memberships`,
      payload: [{ organisationId: scopedAdmin.orgId, roleKey: 'trainer' }],
      message: 'Non puoi concedere permessi che non hai: events.manage, public.edit.',
      audit: { action: 'membership.change', recordId: id, details: { reason: 'grants_unheld', missing: 'events.manage,public.edit' } },
    });
  });

  it.skipIf(skip)('roles.manage alone cannot widen its own role, nor create or widen another beyond what it holds', async () => {
    const own = await roleId('role_admin');
    await expectRefused({
      who: roleAdmin, method: 'PATCH', url: `/api/roles/${own}`,
      payload: { permissions: ['roles.manage', 'users.manage', 'audit.read', 'persons.read', 'criminal.read'] },
      message: 'Non puoi modificare un ruolo che ricopri: chiedilo a un altro amministratore.',
      audit: { action: 'role.update', recordId: own, details: { reason: 'own_role' } },
    });
    await expectRefused({
      who: roleAdmin, method: 'POST', url: '/api/roles',
      payload: { key: 'shadow_admin', nameIt: 'Ombra', nameEn: 'Shadow', permissions: ['roles.manage', 'users.manage'] },
      message: 'Non puoi concedere permessi che non hai: users.manage.',
      audit: { action: 'role.create', details: { reason: 'grants_unheld', missing: 'users.manage' } },
    });
    const reader = await roleId('reader');
    await expectRefused({
      who: roleAdmin, method: 'PATCH', url: `/api/roles/${reader}`,
      payload: { permissions: ['network.read', 'criminal.read'] },
      message: 'Non puoi concedere permessi che non hai: criminal.read, network.read.',
      audit: { action: 'role.update', recordId: reader, details: { reason: 'grants_unheld', missing: 'criminal.read,network.read' } },
    });
    // Within what it holds: allowed.
    const ok = await t.app.inject({ method: 'POST', url: '/api/roles', headers: roleAdmin.headers, payload: { key: 'role_deputy', nameIt: 'Vice', nameEn: 'Deputy', permissions: ['roles.manage'] } });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it.skipIf(skip)('a system administrator manages everyone else, but not their own role or memberships (message in English too)', async () => {
    const caseWorker = await loginAs({ t, roleKey: 'case_worker', orgCode });
    const moved = await t.app.inject({ method: 'PUT', url: `/api/users/${caseWorker.userId}/memberships`, headers: root.headers, payload: [{ organisationId: root.orgId, roleKey: 'coordinator' }] });
    expect(moved.statusCode, moved.body).toBe(200);
    const role = await t.app.inject({ method: 'POST', url: '/api/roles', headers: root.headers, payload: { key: 'analyst_plus', nameIt: 'Analista', nameEn: 'Analyst', permissions: ['stats.aggregate', 'criminal.read'] } });
    expect(role.statusCode, role.body).toBe(201);

    await t.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', root.userId).execute();
    const sysadmin = await roleId('system_admin');
    await expectRefused({
      who: root, method: 'PATCH', url: `/api/roles/${sysadmin}`, payload: { description: 'Mine.' },
      message: 'You cannot edit a role you hold: ask another administrator.',
      audit: { action: 'role.update', recordId: sysadmin, details: { reason: 'own_role' } },
    });
    await expectRefused({
      who: root, method: 'PUT', url: `/api/users/${root.userId}/memberships`, payload: [{ organisationId: root.orgId, roleKey: 'case_worker' }],
      message: 'You cannot change your own memberships: ask another administrator.',
      audit: { action: 'membership.change', recordId: root.userId, details: { reason: 'own_memberships' } },
    });
    await t.database.db.updateTable('users').set({ locale: 'it' }).where('id', '=', root.userId).execute();
  });
});
