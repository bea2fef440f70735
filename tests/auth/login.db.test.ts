import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { auditRows, call, createUser, expectNoStack, fastArgon, login, PASSWORD, sessionCookie, snapshot } from '../helpers/auth.ts';

describe.each(await engineCases())('login on $engine', ({ engine, skip }) => {
  let t: TestApp;
  beforeAll(async () => {
    if (!skip) t = await openTestApp({ engine, env: { ...fastArgon, PONTE_LOGIN_MAX_FAILURES: '3', PONTE_LOGIN_LOCK_MINUTES: '15', PONTE_IP_MAX_FAILURES: '6' } });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  const post = (payload: unknown, ip: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: payload as object, remoteAddress: ip, headers });

  it.skipIf(skip)('logs in: HttpOnly SameSite=Strict cookie, csrf token, profile, audited', async () => {
    const u = await createUser(t, { role: 'observatory_analyst' });
    const r = await post({ email: u.email.toUpperCase(), password: PASSWORD }, '10.1.0.1', { 'user-agent': 'TestBrowser/1' });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.mfa).toBe('not_needed');
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(body.me).toMatchObject({ user: { id: u.id, email: u.email, locale: 'it', totpEnabled: false }, role: { key: 'observatory_analyst' }, mfa: { required: false, verified: false } });
    expect(body.me.permissions).toContain('stats.aggregate');
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toMatch(/ponte_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    const token = sessionCookie(r)!;
    // Only the hash of the token is stored.
    const stored = await t.database.db.selectFrom('sessions').select(['id', 'user_agent']).where('user_id', '=', u.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).not.toBe(token);
    expect(stored[0]!.user_agent).toBe('TestBrowser/1');
    const me = await call(t, { cookie: token, csrf: body.csrfToken, response: r }, 'GET', '/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { id: u.id }, csrfToken: body.csrfToken });
    const audit = (await auditRows(t, 'auth.login')).filter((a) => a.record_id === u.id);
    expect(audit).toMatchObject([{ outcome: 'success', actor_user_id: u.id, ip: '10.1.0.1' }]);
  });

  it.skipIf(skip)('a wrong password is refused and audited as a failure', async () => {
    const u = await createUser(t);
    const r = await post({ email: u.email, password: 'wrong password here' }, '10.1.0.2');
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('invalid_credentials');
    expect(r.cookies).toHaveLength(0);
    expectNoStack(r);
    const audit = (await auditRows(t, 'auth.login')).filter((a) => a.record_id === u.id);
    expect(audit).toMatchObject([{ outcome: 'failure', actor_user_id: null, record_type: 'user', details: { reason: 'wrong_password' } }]);
    const row = await t.database.db.selectFrom('users').select('failed_logins').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.failed_logins).toBe(1);
    expect(await t.database.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute()).toHaveLength(0);
  });

  it.skipIf(skip)('an unknown e-mail answers exactly like a wrong password', async () => {
    const u = await createUser(t);
    const wrong = await post({ email: u.email, password: 'not the password' }, '10.1.0.3');
    const unknown = await post({ email: 'nobody-here@example.org', password: 'not the password' }, '10.1.0.3');
    expect(unknown.statusCode).toBe(wrong.statusCode);
    const strip = (b: { error: Record<string, unknown> }) => ({ ...b.error, requestId: undefined });
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
    expect(Object.keys(unknown.headers).sort()).toEqual(Object.keys(wrong.headers).sort());
    const audit = await auditRows(t, 'auth.login');
    expect(audit.at(-1)).toMatchObject({ outcome: 'failure', record_id: null, details: { reason: 'unknown_account' } });
  });

  it.skipIf(skip)('locks the account after N failures, refuses even the right password, audits, unlocks after the lock time', async () => {
    const u = await createUser(t);
    const ip = '10.1.0.4';
    for (let i = 0; i < 3; i++) expect((await post({ email: u.email, password: `wrong-${i}-password` }, ip)).statusCode).toBe(401);
    const lockout = (await auditRows(t, 'auth.lockout')).filter((a) => a.record_id === u.id);
    expect(lockout).toHaveLength(1);

    const right = await post({ email: u.email, password: PASSWORD }, ip);
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('rate_limited');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expect(right.cookies).toHaveLength(0);
    const wrong = await post({ email: u.email, password: 'still wrong pw' }, ip);
    expect(wrong.statusCode).toBe(429);
    expect(wrong.json().error.code).toBe(right.json().error.code);
    expect(await t.database.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute()).toHaveLength(0);

    t.clock.advance({ minutes: 14 });
    expect((await post({ email: u.email, password: PASSWORD }, ip)).statusCode).toBe(429);
    t.clock.advance({ minutes: 1, seconds: 1 });
    const after = await post({ email: u.email, password: PASSWORD }, ip);
    expect(after.statusCode).toBe(200);
    const row = await t.database.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_logins: 0, locked_until: null });
  });

  it.skipIf(skip)('an unknown e-mail gets "locked" exactly like a real account', async () => {
    const u = await createUser(t);
    const ip = '10.1.0.5';
    const real: number[] = [];
    const fake: number[] = [];
    for (let i = 0; i < 4; i++) {
      real.push((await post({ email: u.email, password: 'bad password!' }, ip)).statusCode);
      fake.push((await post({ email: `ghost-${u.email}`, password: 'bad password!' }, `${ip}0`)).statusCode);
    }
    expect(real).toEqual([401, 401, 401, 429]);
    expect(fake).toEqual(real);
    t.clock.advance({ minutes: 16 });
    expect((await post({ email: `ghost-${u.email}`, password: 'bad password!' }, `${ip}0`)).statusCode).toBe(401);
  });

  it.skipIf(skip)('limits failures per address within 15 minutes, for every account, with Retry-After', async () => {
    const ip = '10.9.9.9';
    const users = await Promise.all([createUser(t), createUser(t)]);
    for (let i = 0; i < 6; i++) {
      const r = await post({ email: `nobody${i}@example.org`, password: 'wrong password' }, ip);
      expect(r.statusCode).toBe(401);
      t.clock.advance({ seconds: 10 });
    }
    const before = await snapshot(t);
    const blocked = await post({ email: users[0].email, password: PASSWORD }, ip);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('rate_limited');
    const retry = Number(blocked.headers['retry-after']);
    expect(retry).toBeGreaterThan(13 * 60);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    // Nothing but the audit entry of the refusal is written; the account's counters are untouched.
    const after = (await snapshot(t)) as { audit: { n: string } };
    expect({ ...after, audit: null }).toEqual({ ...(before as object), audit: null });
    expect(Number(after.audit.n)).toBe(Number((before as { audit: { n: string } }).audit.n) + 1);
    // Another address is not affected.
    expect((await post({ email: users[1].email, password: PASSWORD }, '10.9.9.10')).statusCode).toBe(200);
    t.clock.advance({ seconds: retry + 1 });
    expect((await post({ email: users[0].email, password: PASSWORD }, ip)).statusCode).toBe(200);
  });

  it.skipIf(skip)('a disabled account cannot log in, and its open session stops at once', async () => {
    const u = await createUser(t);
    const s = await login(t, u.email, PASSWORD, '10.1.0.6');
    expect((await call(t, s, 'GET', '/api/me')).statusCode).toBe(200);
    await t.database.db.updateTable('users').set({ is_active: false }).where('id', '=', u.id).execute();
    const me = await call(t, s, 'GET', '/api/me');
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('session_expired');
    const again = await post({ email: u.email, password: PASSWORD }, '10.1.0.6');
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('invalid_credentials');
  });

  it.skipIf(skip)('validates bodies strictly and with bounded lengths, writing nothing', async () => {
    const before = await snapshot(t);
    const cases: unknown[] = [
      { email: 'a@b.it', password: 'x', extra: 1 },
      { email: 'a@b.it' },
      { email: `${'a'.repeat(250)}@b.it`, password: 'x' },
      { email: 'a@b.it', password: 'x'.repeat(257) },
      { email: 5, password: 'x' },
    ];
    for (const payload of cases) {
      const r = await post(payload, '10.1.0.7');
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.json().error.code).toBe('validation');
      expectNoStack(r);
    }
    const malformed = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: '{"email":', headers: { 'content-type': 'application/json' }, remoteAddress: '10.1.0.7' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('malformed_json');
    expect(await snapshot(t)).toEqual(before);
  });

  it.skipIf(skip)('errors are in Italian by default and English on request', async () => {
    const it1 = await post({ email: 'x@example.org', password: 'nope nope' }, '10.1.0.8');
    expect(it1.json().error.message).toBe('E-mail o password non corretti.');
    const en = await post({ email: 'x@example.org', password: 'nope nope' }, '10.1.0.8', { 'accept-language': 'en' });
    expect(en.json().error.message).toBe('Wrong e-mail or password.');
  });
});

describe.each(await engineCases())('login over TLS, in demo mode, on $engine', ({ engine, skip }) => {
  it.skipIf(skip)('marks the cookie Secure when PONTE_TLS is on, lets demo accounts skip 2FA, documents the endpoints in OpenAPI', async () => {
    const t = await openTestApp({ engine, env: { ...fastArgon, PONTE_TLS: 'true', PONTE_DEMO: 'true' } });
    try {
      const demo = await createUser(t, { role: 'case_worker', mfaExempt: true });
      const d = await login(t, demo.email);
      expect(d.response.json()).toMatchObject({ mfa: 'not_needed', me: { mfa: { required: false } } });
      expect((await call(t, d, 'GET', '/api/me/sessions')).statusCode).toBe(200);
      const regular = await createUser(t, { role: 'case_worker' });
      expect((await login(t, regular.email)).response.json().mfa).toBe('setup_required');

      const u = await createUser(t);
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: PASSWORD } });
      expect(r.statusCode).toBe(200);
      expect(String(r.headers['set-cookie'])).toMatch(/; Secure/);
      expect(r.headers['strict-transport-security']).toBeDefined();
      const logout = await call(t, { cookie: sessionCookie(r)!, csrf: r.json().csrfToken, response: r }, 'POST', '/api/auth/logout');
      expect(String(logout.headers['set-cookie'])).toMatch(/ponte_session=;.*Secure/);
      const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      for (const path of ['/api/auth/login', '/api/auth/mfa/verify', '/api/auth/mfa/setup', '/api/auth/mfa/confirm', '/api/auth/mfa/recovery-codes', '/api/auth/logout', '/api/auth/logout-all', '/api/me', '/api/me/organisation', '/api/me/password', '/api/me/sessions', '/api/me/sessions/{id}']) {
        expect(doc.paths[path], path).toBeDefined();
      }
    } finally {
      await t.close();
    }
  });
});
