import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { auditRows, call, createUser, enableTotp, expectNoStack, fastArgon, login, PASSWORD, snapshot, totpNow } from '../helpers/auth.ts';
import { keyIdOf } from '../../src/server/platform/crypto.ts';

describe.each(await engineCases())('two-factor verification on $engine', ({ engine, skip }) => {
  let t: TestApp;
  beforeAll(async () => {
    if (!skip) t = await openTestApp({ engine, env: { ...fastArgon, PONTE_LOGIN_MAX_FAILURES: '4' } });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('a role with personal data must set up 2FA: setup → confirm → later logins verify with a code', async () => {
    const u = await createUser(t, { role: 'case_worker' });
    const s = await login(t, u.email);
    expect(s.response.json()).toMatchObject({ mfa: 'setup_required', me: { mfa: { required: true, verified: false }, permissions: [] } });

    // Pending: only /api/auth/* and GET /api/me answer.
    const me = await call(t, s, 'GET', '/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ mfa: { required: true, verified: false }, user: { totpEnabled: false } });
    const blocked = await call(t, s, 'GET', '/api/me/sessions');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('mfa_setup_required');
    const verifyFirst = await call(t, s, 'POST', '/api/auth/mfa/verify', { code: '123456' });
    expect(verifyFirst.json().error.code).toBe('mfa_setup_required');

    const setup = await call(t, s, 'POST', '/api/auth/mfa/setup', {});
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl, qrSvg } = setup.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Ponte:/);
    expect(otpauthUrl).toContain(`secret=${secret}`);
    expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    // Stored encrypted (pending), never in clear.
    const pending = await t.database.db.selectFrom('users').select(['totp_pending_enc', 'totp_secret_enc', 'totp_enabled']).where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(pending.totp_enabled).toBe(false);
    expect(pending.totp_secret_enc).toBeNull();
    expect(keyIdOf(pending.totp_pending_enc!)).not.toBeNull();
    expect(pending.totp_pending_enc).not.toContain(secret);

    const confirm = await call(t, s, 'POST', '/api/auth/mfa/confirm', { code: await totpNow(t, secret) });
    expect(confirm.statusCode, confirm.body).toBe(200);
    const { recoveryCodes, me: after } = confirm.json();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(after).toMatchObject({ mfa: { required: true, verified: true }, user: { totpEnabled: true } });
    expect(after.permissions).toContain('cases.read');
    expect((await call(t, s, 'GET', '/api/me/sessions')).statusCode).toBe(200);
    const stored = await t.database.db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', u.id).execute();
    expect(stored).toHaveLength(10);
    expect(stored.map((r) => r.code_hash)).not.toContain(recoveryCodes[0]);
    expect((await auditRows(t, 'auth.mfa_setup')).some((a) => a.record_id === u.id)).toBe(true);
    expect((await auditRows(t, 'auth.mfa_enabled')).filter((a) => a.record_id === u.id)).toMatchObject([{ outcome: 'success' }]);

    // A new login now asks for the code.
    t.clock.advance({ seconds: 30 });
    const s2 = await login(t, u.email);
    expect(s2.response.json().mfa).toBe('required');
    const pendingCall = await call(t, s2, 'PATCH', '/api/me', { locale: 'en' });
    expect(pendingCall.statusCode).toBe(401);
    expect(pendingCall.json().error.code).toBe('mfa_required');
    const passwordOnlyToken = s2.cookie;
    const ok = await call(t, s2, 'POST', '/api/auth/mfa/verify', { code: await totpNow(t, secret) });
    expect(ok.statusCode, ok.body).toBe(200);
    // The session gets a new token once verified: the password-only token is worth nothing now.
    expect(s2.cookie).not.toBe(passwordOnlyToken);
    expect((await call(t, { ...s2, cookie: passwordOnlyToken }, 'GET', '/api/me')).json().error.code).toBe('unauthenticated');
    expect(ok.json().me.mfa).toEqual({ required: true, verified: true });
    expect((await auditRows(t, 'auth.login_mfa')).filter((a) => a.record_id === u.id)).toMatchObject([{ outcome: 'success', details: { method: 'totp' } }]);
    expect((await call(t, s2, 'PATCH', '/api/me', { locale: 'en' })).statusCode).toBe(200);
  });

  it.skipIf(skip)('a wrong code is refused, audited, counts as a failed login; the same code is never accepted twice', async () => {
    const u = await createUser(t, { role: 'case_worker' });
    const { secret } = await enableTotp(t, await login(t, u.email));
    const s = await login(t, u.email);
    const right = await totpNow(t, secret);
    const wrong = right === '000000' ? '111111' : '000000';
    const before = await t.database.db.selectFrom('sessions').selectAll().where('user_id', '=', u.id).orderBy('id').execute();
    const r = await call(t, s, 'POST', '/api/auth/mfa/verify', { code: wrong });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('mfa_invalid');
    expectNoStack(r);
    expect(await t.database.db.selectFrom('sessions').selectAll().where('user_id', '=', u.id).orderBy('id').execute()).toEqual(before);
    expect((await auditRows(t, 'auth.login_mfa')).filter((a) => a.record_id === u.id)).toMatchObject([{ outcome: 'failure', details: { reason: 'wrong_code' } }]);
    const row = await t.database.db.selectFrom('users').select('failed_logins').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.failed_logins).toBe(1);
    expect((await call(t, s, 'GET', '/api/me/sessions')).json().error.code).toBe('mfa_required');

    expect((await call(t, s, 'POST', '/api/auth/mfa/verify', { code: right })).statusCode).toBe(200);
    // Replay of the same code in another session within its validity.
    const s2 = await login(t, u.email);
    const replay = await call(t, s2, 'POST', '/api/auth/mfa/verify', { code: right });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('mfa_invalid');
  });

  it.skipIf(skip)('too many wrong codes lock the account', async () => {
    const u = await createUser(t, { role: 'case_worker' });
    const { secret } = await enableTotp(t, await login(t, u.email));
    const s = await login(t, u.email);
    for (let i = 0; i < 4; i++) {
      const r = await call(t, s, 'POST', '/api/auth/mfa/verify', { code: String(100000 + i) });
      expect(r.statusCode).toBe(401);
    }
    expect((await auditRows(t, 'auth.lockout')).filter((a) => a.record_id === u.id)).toHaveLength(1);
    const locked = await call(t, s, 'POST', '/api/auth/mfa/verify', { code: await totpNow(t, secret) });
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: PASSWORD } })).statusCode).toBe(429);
  });

  it.skipIf(skip)('a recovery code works once, and regenerating replaces the set', async () => {
    const u = await createUser(t, { role: 'coordinator' });
    const { secret, recoveryCodes } = await enableTotp(t, await login(t, u.email));
    const code = recoveryCodes[3]!;

    const s = await login(t, u.email);
    const r = await call(t, s, 'POST', '/api/auth/mfa/verify', { recoveryCode: code.toLowerCase().replace('-', ' ') });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().me.mfa.verified).toBe(true);
    expect((await auditRows(t, 'auth.recovery_code_used')).filter((a) => a.record_id === u.id)).toMatchObject([{ outcome: 'success', details: { remaining: 9 } }]);

    const s2 = await login(t, u.email);
    const again = await call(t, s2, 'POST', '/api/auth/mfa/verify', { recoveryCode: code });
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('mfa_invalid');
    expect((await auditRows(t, 'auth.login_mfa')).filter((a) => a.record_id === u.id).at(-1)).toMatchObject({ outcome: 'failure', details: { reason: 'wrong_recovery_code' } });

    // Regenerate (needs a verified session and a current code): the old set stops working.
    const regen = await call(t, s, 'POST', '/api/auth/mfa/recovery-codes', { code: await totpNow(t, secret) });
    expect(regen.statusCode, regen.body).toBe(200);
    const fresh = regen.json().recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect((await auditRows(t, 'auth.recovery_codes_regenerated')).filter((a) => a.record_id === u.id)).toHaveLength(1);
    const old = await call(t, s2, 'POST', '/api/auth/mfa/verify', { recoveryCode: recoveryCodes[5] });
    expect(old.statusCode).toBe(401);
    const neu = await call(t, s2, 'POST', '/api/auth/mfa/verify', { recoveryCode: fresh[0] });
    expect(neu.statusCode).toBe(200);
  });

  it.skipIf(skip)('a password-only session cannot replace a working authenticator', async () => {
    const u = await createUser(t, { role: 'case_worker' });
    await enableTotp(t, await login(t, u.email));
    const s = await login(t, u.email);
    const before = await snapshot(t);
    const setup = await call(t, s, 'POST', '/api/auth/mfa/setup', {});
    expect(setup.statusCode).toBe(401);
    expect(setup.json().error.code).toBe('mfa_required');
    const regen = await call(t, s, 'POST', '/api/auth/mfa/recovery-codes', { code: '123456' });
    expect(regen.json().error.code).toBe('mfa_required');
    expect(await snapshot(t)).toEqual(before);
  });

  it.skipIf(skip)('confirm without setup is a conflict; bodies are strict', async () => {
    const u = await createUser(t, { role: 'case_worker' });
    const s = await login(t, u.email);
    const before = await snapshot(t);
    const r = await call(t, s, 'POST', '/api/auth/mfa/confirm', { code: '123456' });
    expect(r.statusCode).toBe(409);
    for (const payload of [{ code: '12345' }, { code: '1234567' }, { code: 'abcdef' }, { code: '123456', extra: true }, { code: '123456', recoveryCode: 'AAAAA-BBBBB' }]) {
      const v = await call(t, s, 'POST', '/api/auth/mfa/verify', payload);
      expect(v.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it.skipIf(skip)('a tampered secret fails closed: 500 without any internal detail', async () => {
    const u = await createUser(t, { role: 'case_worker' });
    await enableTotp(t, await login(t, u.email));
    // Someone copies another user's encrypted secret into this row: the AAD no longer matches.
    const other = await createUser(t, { role: 'case_worker' });
    const { secret } = await enableTotp(t, await login(t, other.email));
    const stolen = await t.database.db.selectFrom('users').select('totp_secret_enc').where('id', '=', other.id).executeTakeFirstOrThrow();
    await t.database.db.updateTable('users').set({ totp_secret_enc: stolen.totp_secret_enc }).where('id', '=', u.id).execute();
    const s = await login(t, u.email);
    const r = await call(t, s, 'POST', '/api/auth/mfa/verify', { code: await totpNow(t, secret) });
    expect(r.statusCode).toBe(500);
    expect(r.json()).toEqual({ error: { code: 'internal', message: 'Si è verificato un errore interno.', requestId: expect.any(String) } });
    expectNoStack(r);
    expect(r.body).not.toMatch(/decrypt|aad|key/i);
    expect((await call(t, s, 'GET', '/api/me')).json().mfa.verified).toBe(false);
  });

  it.skipIf(skip)('outside demo mode a demo account (mfa_exempt) still needs 2FA', async () => {
    const u = await createUser(t, { role: 'case_worker', mfaExempt: true });
    const s = await login(t, u.email);
    expect(s.response.json().mfa).toBe('setup_required');
    expect((await call(t, s, 'GET', '/api/me/sessions')).statusCode).toBe(403);
  });

  it.skipIf(skip)('roles without personal data need no second factor', async () => {
    const u = await createUser(t, { role: 'observatory_analyst' });
    const s = await login(t, u.email);
    expect(s.response.json()).toMatchObject({ mfa: 'not_needed', me: { mfa: { required: false } } });
    expect((await call(t, s, 'GET', '/api/me/sessions')).statusCode).toBe(200);
  });
});
