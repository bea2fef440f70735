import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { auditRows, call, createOrganisation, createUser, expectNoStack, fastArgon, login, PASSWORD, snapshot } from '../helpers/auth.ts';
import { revokeUserSessions } from '../../src/server/platform/auth/session.ts';

describe.each(await engineCases())('sessions on $engine', ({ engine, skip }) => {
  let t: TestApp;
  beforeAll(async () => {
    if (!skip) t = await openTestApp({ engine, env: { ...fastArgon, PONTE_SESSION_IDLE_MINUTES: '15', PONTE_SESSION_ABSOLUTE_MINUTES: '60' } });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('the idle timeout ends the session (401 session_expired, audited, cookie cleared)', async () => {
    const u = await createUser(t);
    const s = await login(t, u.email);
    t.clock.advance({ minutes: 14 });
    expect((await call(t, s, 'GET', '/api/me')).statusCode).toBe(200);
    t.clock.advance({ minutes: 14 });
    expect((await call(t, s, 'GET', '/api/me')).statusCode).toBe(200);
    t.clock.advance({ minutes: 16 });
    const r = await call(t, s, 'GET', '/api/me');
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('session_expired');
    expect(String(r.headers['set-cookie'])).toMatch(/ponte_session=;/);
    expect((await auditRows(t, 'auth.session_expired')).filter((a) => a.actor_user_id === u.id)).toMatchObject([{ details: { reason: 'idle' } }]);
    // It stays ended: activity does not revive it.
    const again = await call(t, s, 'GET', '/api/me');
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('session_expired');
    const unknown = await call(t, { ...s, cookie: 'not-a-session' }, 'GET', '/api/me');
    expect(unknown.json().error.code).toBe('unauthenticated');
  });

  it.skipIf(skip)('the absolute timeout ends the session even with steady activity', async () => {
    const u = await createUser(t);
    const s = await login(t, u.email);
    for (let i = 0; i < 5; i++) {
      t.clock.advance({ minutes: 10 });
      expect((await call(t, s, 'GET', '/api/me')).statusCode).toBe(200);
    }
    t.clock.advance({ minutes: 10 });
    const r = await call(t, s, 'GET', '/api/me');
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('session_expired');
    expect((await auditRows(t, 'auth.session_expired')).filter((a) => a.actor_user_id === u.id)).toMatchObject([{ details: { reason: 'absolute' } }]);
  });

  it.skipIf(skip)('a role change ends the user\'s sessions at once', async () => {
    const u = await createUser(t, { role: 'observatory_analyst' });
    const s = await login(t, u.email);
    const trainer = await t.database.db.selectFrom('roles').select('id').where('key', '=', 'trainer').executeTakeFirstOrThrow();
    await t.database.db.transaction().execute(async (trx) => {
      await trx.updateTable('memberships').set({ role_id: trainer.id }).where('user_id', '=', u.id).execute();
      await revokeUserSessions({ db: trx, userId: u.id, reason: 'role_changed', now: t.clock.now() });
    });
    const r = await call(t, s, 'GET', '/api/me');
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('session_expired');
  });

  it.skipIf(skip)('CSRF: a state change with a session but without or with a wrong token is refused and writes nothing', async () => {
    const u = await createUser(t);
    const s = await login(t, u.email);
    const before = await snapshot(t);
    for (const csrf of [null, 'wrong-token', `${s.csrf}x`]) {
      for (const [method, url, payload] of [
        ['PATCH', '/api/me', { locale: 'en' }],
        ['POST', '/api/auth/logout', {}],
        ['POST', '/api/auth/logout-all', {}],
        ['POST', '/api/me/password', { currentPassword: PASSWORD, newPassword: 'a brand new password' }],
      ] as const) {
        const r = await call(t, s, method, url, payload, { csrf });
        expect(r.statusCode, `${method} ${url} ${csrf}`).toBe(403);
        expect(r.json().error.code).toBe('csrf');
        expectNoStack(r);
      }
    }
    expect(await snapshot(t)).toEqual(before);
    expect((await call(t, s, 'PATCH', '/api/me', { locale: 'en' })).statusCode).toBe(200);
  });

  it.skipIf(skip)('logout ends this session only and clears the cookie', async () => {
    const u = await createUser(t);
    const a = await login(t, u.email);
    const b = await login(t, u.email);
    const r = await call(t, a, 'POST', '/api/auth/logout', {});
    expect(r.statusCode).toBe(204);
    expect(String(r.headers['set-cookie'])).toMatch(/ponte_session=;.*HttpOnly.*SameSite=Strict/);
    expect((await call(t, a, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await call(t, b, 'GET', '/api/me')).statusCode).toBe(200);
    expect((await auditRows(t, 'auth.logout')).filter((x) => x.actor_user_id === u.id)).toHaveLength(1);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/auth/logout', payload: {} });
    expect(anonymous.statusCode).toBe(401);
  });

  it.skipIf(skip)('logout-all ends every session of the user, this one included', async () => {
    const u = await createUser(t);
    const other = await createUser(t);
    const sessions = [await login(t, u.email), await login(t, u.email), await login(t, u.email)];
    const bystander = await login(t, other.email);
    const r = await call(t, sessions[1]!, 'POST', '/api/auth/logout-all');
    expect(r.statusCode).toBe(204);
    for (const s of sessions) expect((await call(t, s, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await call(t, bystander, 'GET', '/api/me')).statusCode).toBe(200);
    expect((await auditRows(t, 'auth.logout_all')).filter((x) => x.actor_user_id === u.id)).toMatchObject([{ details: { sessions: 3 } }]);
  });

  it.skipIf(skip)('lists own open sessions with public handles and ends one', async () => {
    const u = await createUser(t);
    const a = await login(t, u.email, PASSWORD, '10.2.0.1');
    const b = await login(t, u.email, PASSWORD, '10.2.0.2');
    const list = await call(t, a, 'GET', '/api/me/sessions');
    expect(list.statusCode).toBe(200);
    const items = list.json().items as Array<{ id: string; ip: string; current: boolean }>;
    expect(items).toHaveLength(2);
    const stored = await t.database.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute();
    for (const item of items) {
      expect(item.id).toMatch(/^[0-9a-f]{32}$/);
      expect(stored.map((x) => x.id)).not.toContain(item.id);
      expect([a.cookie, b.cookie]).not.toContain(item.id);
    }
    expect(items.find((i) => i.current)?.ip).toBe('10.2.0.1');
    const otherHandle = items.find((i) => !i.current)!.id;

    // Someone else's handle is "not found", and nothing changes.
    const stranger = await login(t, (await createUser(t)).email);
    const before = await snapshot(t);
    const foreign = await call(t, stranger, 'DELETE', `/api/me/sessions/${otherHandle}`);
    expect(foreign.statusCode).toBe(404);
    const after = (await snapshot(t)) as Record<string, unknown>;
    expect({ ...after, audit: null }).toEqual({ ...(before as object), audit: null });

    expect((await call(t, a, 'DELETE', `/api/me/sessions/${otherHandle}`)).statusCode).toBe(204);
    expect((await call(t, b, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await call(t, a, 'GET', '/api/me/sessions')).json().items).toHaveLength(1);
  });

  it.skipIf(skip)('changing the password needs the current one and ends the other sessions', async () => {
    const u = await createUser(t);
    const a = await login(t, u.email);
    const b = await login(t, u.email);
    const before = await snapshot(t);
    const short = await call(t, a, 'POST', '/api/me/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    const same = await call(t, a, 'POST', '/api/me/password', { currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.statusCode).toBe(400);
    expect(await snapshot(t)).toEqual(before);
    const wrong = await call(t, a, 'POST', '/api/me/password', { currentPassword: 'not my password', newPassword: 'a brand new password' });
    expect(wrong.statusCode).toBe(403);
    expect((await auditRows(t, 'auth.password_changed')).filter((x) => x.actor_user_id === u.id)).toMatchObject([{ outcome: 'failure' }]);

    const ok = await call(t, a, 'POST', '/api/me/password', { currentPassword: PASSWORD, newPassword: 'a brand new password' });
    expect(ok.statusCode).toBe(204);
    expect((await call(t, a, 'GET', '/api/me')).statusCode).toBe(200);
    expect((await call(t, b, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: PASSWORD }, remoteAddress: '10.2.0.9' })).statusCode).toBe(401);
    await login(t, u.email, 'a brand new password', '10.2.0.9');
    expect((await auditRows(t, 'auth.password_changed')).filter((x) => x.actor_user_id === u.id).at(-1)).toMatchObject({ outcome: 'success', details: { otherSessionsEnded: 1 } });
  });

  it.skipIf(skip)('switches the acting organisation among memberships only', async () => {
    const u = await createUser(t, { role: 'observatory_analyst' });
    const second = await createOrganisation(t);
    const outsider = await createOrganisation(t);
    const trainer = await t.database.db.selectFrom('roles').select('id').where('key', '=', 'trainer').executeTakeFirstOrThrow();
    await t.database.db.insertInto('memberships').values({ user_id: u.id, organisation_id: second, role_id: trainer.id }).execute();
    const s = await login(t, u.email);
    expect(s.response.json().me.memberships).toHaveLength(2);
    expect(s.response.json().me.organisation.id).toBe(u.organisationId);

    const before = await snapshot(t);
    const denied = await call(t, s, 'POST', '/api/me/organisation', { organisationId: outsider });
    expect(denied.statusCode).toBe(404);
    const after = (await snapshot(t)) as Record<string, unknown>;
    expect({ ...after, audit: null }).toEqual({ ...(before as object), audit: null });

    const r = await call(t, s, 'POST', '/api/me/organisation', { organisationId: second });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().me).toMatchObject({ organisation: { id: second }, role: { key: 'trainer' } });
    // A trainer's role holds personal data: the session now needs a second factor, and until
    // then no permission is usable (or reported).
    expect(r.json().me.mfa).toEqual({ required: true, verified: false });
    expect(r.json().me.permissions).toEqual([]);
    expect((await call(t, s, 'GET', '/api/me/sessions')).json().error.code).toBe('mfa_setup_required');
    expect((await auditRows(t, 'auth.switch_org')).filter((x) => x.actor_user_id === u.id)).toMatchObject([{ outcome: 'denied' }, { outcome: 'success', record_id: second }]);
  });

  it.skipIf(skip)('the profile language drives error messages once logged in', async () => {
    const u = await createUser(t);
    const s = await login(t, u.email);
    const it1 = await call(t, s, 'PATCH', '/api/me', { locale: 'xx' });
    expect(it1.json().error.message).toBe('Alcuni dati non sono validi.');
    const set = await call(t, s, 'PATCH', '/api/me', { locale: 'en', displayName: '  Ada  ' });
    expect(set.statusCode).toBe(200);
    expect(set.json().me.user).toMatchObject({ locale: 'en', displayName: 'Ada' });
    const en = await call(t, s, 'PATCH', '/api/me', { locale: 'xx' }, { headers: { 'accept-language': 'it' } });
    expect(en.json().error.message).toBe('Some data is not valid.');
    expect((await auditRows(t, 'user.update')).filter((x) => x.record_id === u.id)).toMatchObject([{ fields: ['locale', 'displayName'] }]);
  });
});
