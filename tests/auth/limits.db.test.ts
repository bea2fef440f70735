/**
 * Lockout and rate limits under attack: the second factor cannot be guessed by logging in again,
 * parallel requests cannot get past the limits (the attempt is counted before the password or
 * code is checked), unknown e-mails follow exactly the rules of real accounts, a password change
 * is limited and audited like a login, and old attempt rows are purged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { auditRows, call, createUser, enableTotp, fastArgon, login, PASSWORD, snapshot, totpNow } from '../helpers/auth.ts';
import { purgeStaleLoginRecords } from '../../src/server/features/auth/queries.ts';
import { passwordWork, setPasswordConcurrency } from '../../src/server/platform/auth/password.ts';

const count = (statuses: number[], ...codes: number[]) => statuses.filter((s) => codes.includes(s)).length;

describe.each(await engineCases())('authentication limits on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let ipCounter = 0;
  const freshIp = () => `10.77.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;
  beforeAll(async () => {
    if (!skip) {
      t = await openTestApp({
        engine,
        env: { ...fastArgon, PONTE_LOGIN_MAX_FAILURES: '4', PONTE_LOGIN_LOCK_MINUTES: '15', PONTE_IP_MAX_FAILURES: '8', PONTE_ARGON2_CONCURRENCY: '2', PONTE_ARGON2_QUEUE: '64' },
      });
    }
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  const post = (payload: unknown, ip: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: payload as object, remoteAddress: ip });
  const wrongCode = (right: string, i: number) => {
    const c = String(100000 + i);
    return c === right ? String(200000 + i) : c;
  };

  it.skipIf(skip)('a right password does not reset the failures of the second factor (no endless code guessing)', async () => {
    const u = await createUser(t, { role: 'case_worker' });
    const ip = freshIp();
    const { secret } = await enableTotp(t, await login(t, u.email, PASSWORD, ip));
    const right = await totpNow(t, secret);
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      const r = await post({ email: u.email, password: PASSWORD }, ip);
      statuses.push(r.statusCode);
      if (r.statusCode !== 200) break;
      const s = { cookie: r.cookies.find((c) => c.name === 'ponte_session')!.value, csrf: r.json().csrfToken as string, response: r };
      for (let i = 0; i < 2; i++) statuses.push((await call(t, s, 'POST', '/api/auth/mfa/verify', { code: wrongCode(right, round * 2 + i) }, { ip })).statusCode);
    }
    // 4 wrong codes lock the account, whatever the password logins in between.
    expect(statuses).toEqual([200, 401, 401, 200, 401, 401, 429]);
    expect((await auditRows(t, 'auth.lockout')).filter((a) => a.record_id === u.id)).toMatchObject([{ details: { after: 'second_factor' } }]);

    // After the lock a right code resets the counter; a password login alone does not.
    t.clock.advance({ minutes: 16 });
    const s = await login(t, u.email, PASSWORD, ip);
    expect((await call(t, s, 'POST', '/api/auth/mfa/verify', { code: wrongCode(right, 9) }, { ip })).statusCode).toBe(401);
    await login(t, u.email, PASSWORD, ip);
    expect((await t.database.db.selectFrom('users').select('failed_logins').where('id', '=', u.id).executeTakeFirstOrThrow()).failed_logins).toBe(1);
    const ok = await call(t, s, 'POST', '/api/auth/mfa/verify', { code: await totpNow(t, secret) }, { ip });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await t.database.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('id', '=', u.id).executeTakeFirstOrThrow()).toEqual({ failed_logins: 0, locked_until: null });
  });

  it.skipIf(skip)('a right password that reaches the limit while the second factor is pending takes back only its own count', async () => {
    const u = await createUser(t, { role: 'case_worker' });
    const ip = freshIp();
    const { secret } = await enableTotp(t, await login(t, u.email, PASSWORD, ip));
    await t.database.db.updateTable('users').set({ failed_logins: 3, last_failed_login_at: t.clock.now() }).where('id', '=', u.id).execute();
    const s = await login(t, u.email, PASSWORD, ip);
    expect(s.response.json().mfa).toBe('required');
    expect(await t.database.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('id', '=', u.id).executeTakeFirstOrThrow()).toEqual({ failed_logins: 3, locked_until: null });
    const right = await totpNow(t, secret);
    expect((await call(t, s, 'POST', '/api/auth/mfa/verify', { code: wrongCode(right, 0) }, { ip })).statusCode).toBe(401);
    expect((await call(t, s, 'POST', '/api/auth/mfa/verify', { code: right }, { ip })).statusCode).toBe(429);
    t.clock.advance({ minutes: 16 });
  });

  it.skipIf(skip)('when password work is saturated a login answers 503 with Retry-After and counts nothing', async () => {
    const u = await createUser(t);
    const ip = freshIp();
    setPasswordConcurrency({ concurrency: 1, queue: 0 });
    let release = () => {};
    const blocker = passwordWork.run(() => new Promise<void>((r) => (release = r)));
    try {
      const users = () => t.database.db.selectFrom('users').selectAll().orderBy('id').execute();
      const before = await users();
      for (const email of [u.email, `nobody-busy-${ip}@example.org`]) {
        const r = await post({ email, password: PASSWORD }, ip);
        expect(r.statusCode).toBe(503);
        expect(r.json().error.code).toBe('unavailable');
        expect(r.headers['retry-after']).toBe('1');
      }
      expect(await users()).toEqual(before);
      expect(await t.database.db.selectFrom('login_attempts').select('id').where('ip', '=', ip).execute()).toEqual([]);
    } finally {
      release();
      await blocker;
      setPasswordConcurrency({ concurrency: 2, queue: 64 });
    }
    expect((await post({ email: u.email, password: PASSWORD }, ip)).statusCode).toBe(200);
  });

  it.skipIf(skip)('parallel wrong passwords: exactly N are checked, the rest (the right one too) answer 429', async () => {
    const u = await createUser(t);
    const ip = freshIp();
    const payloads = Array.from({ length: 9 }, (_, i) => ({ email: u.email, password: `wrong password ${i}` }));
    const wrong = await Promise.all(payloads.map((p) => post(p, ip)));
    const statuses = wrong.map((r) => r.statusCode);
    expect(count(statuses, 401)).toBe(4);
    expect(count(statuses, 429)).toBe(5);
    expect((await auditRows(t, 'auth.lockout')).filter((a) => a.record_id === u.id)).toHaveLength(1);
    // The right password during the lock answers exactly like a wrong one.
    const right = await post({ email: u.email, password: PASSWORD }, ip);
    const again = await post({ email: u.email, password: 'wrong password 0' }, ip);
    expect(right.statusCode).toBe(429);
    expect(again.statusCode).toBe(429);
    expect(right.json().error).toEqual({ ...again.json().error, requestId: right.json().error.requestId });
    t.clock.advance({ minutes: 16 });
  });

  it.skipIf(skip)('a burst mixing the right password with wrong ones never answers the right one differently from a locked one', async () => {
    const u = await createUser(t);
    const ip = freshIp();
    const payloads = [...Array.from({ length: 8 }, (_, i) => ({ email: u.email, password: `wrong password ${i}` })), { email: u.email, password: PASSWORD }];
    const statuses = (await Promise.all(payloads.map((p) => post(p, ip)))).map((r) => r.statusCode);
    const rightStatus = statuses.at(-1)!;
    expect([200, 429]).toContain(rightStatus);
    if (rightStatus === 429) {
      // Only the first 4 were checked; the rest were refused before any password check.
      expect(count(statuses, 401)).toBe(4);
      expect(count(statuses, 429)).toBe(5);
    } else {
      expect(count(statuses, 401)).toBeLessThanOrEqual(7);
    }
    t.clock.advance({ minutes: 16 });
  });

  it.skipIf(skip)('parallel failures from one address stop at the address limit', async () => {
    const ip = freshIp();
    const statuses = (await Promise.all(Array.from({ length: 14 }, (_, i) => post({ email: `nobody-${i}-${ip}@example.org`, password: 'wrong password' }, ip)))).map((r) => r.statusCode);
    expect(count(statuses, 401)).toBe(8);
    expect(count(statuses, 429)).toBe(6);
    t.clock.advance({ minutes: 16 });
  });

  it.skipIf(skip)('parallel wrong TOTP codes: exactly N are checked, then the right code is refused too', async () => {
    const u = await createUser(t, { role: 'case_worker' });
    const ip = freshIp();
    const { secret } = await enableTotp(t, await login(t, u.email, PASSWORD, ip));
    const s = await login(t, u.email, PASSWORD, ip);
    const right = await totpNow(t, secret);
    const statuses = (await Promise.all(Array.from({ length: 12 }, (_, i) => call(t, s, 'POST', '/api/auth/mfa/verify', { code: wrongCode(right, i) }, { ip })))).map((r) => r.statusCode);
    expect(count(statuses, 401)).toBe(4);
    expect(count(statuses, 429)).toBe(8);
    expect((await call(t, s, 'POST', '/api/auth/mfa/verify', { code: right }, { ip })).statusCode).toBe(429);
    t.clock.advance({ minutes: 16 });
  });

  it.skipIf(skip)('a password change: parallel wrong passwords lock after N; locked and address-limited attempts are refused and audited', async () => {
    const u = await createUser(t);
    const ip = freshIp();
    const s = await login(t, u.email, PASSWORD, ip);
    const body = (i: number) => ({ currentPassword: `wrong password ${i}`, newPassword: 'a brand new password' });
    const statuses = (await Promise.all(Array.from({ length: 6 }, (_, i) => call(t, s, 'POST', '/api/me/password', body(i), { ip })))).map((r) => r.statusCode);
    expect(count(statuses, 403)).toBe(4);
    expect(count(statuses, 429)).toBe(2);
    const locked = await call(t, s, 'POST', '/api/me/password', { currentPassword: PASSWORD, newPassword: 'a brand new password' }, { ip });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    const denied = (await auditRows(t, 'auth.password_changed')).filter((a) => a.record_id === u.id && a.outcome === 'denied');
    expect(denied.length).toBe(3);
    expect(denied.at(-1)).toMatchObject({ details: { reason: 'locked' } });
    t.clock.advance({ minutes: 16 });

    // From an address at its limit the change is refused before the password is checked.
    const other = await createUser(t);
    const blockedIp = freshIp();
    const s2 = await login(t, other.email, PASSWORD, blockedIp);
    for (let i = 0; i < 8; i++) expect((await post({ email: `nobody-pw-${i}@example.org`, password: 'wrong password' }, blockedIp)).statusCode).toBe(401);
    const before = await snapshot(t);
    const limited = await call(t, s2, 'POST', '/api/me/password', { currentPassword: PASSWORD, newPassword: 'a brand new password' }, { ip: blockedIp });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    const after = (await snapshot(t)) as { audit: unknown };
    expect({ ...after, audit: null }).toEqual({ ...(before as object), audit: null });
    expect((await auditRows(t, 'auth.password_changed')).filter((a) => a.record_id === other.id)).toMatchObject([{ outcome: 'denied', details: { reason: 'ip_rate_limited' } }]);
    // A wrong current password counts for the address like a failed login.
    const attempts = await t.database.db.selectFrom('login_attempts').select('success').where('email', '=', u.email).where('success', '=', false).execute();
    expect(attempts.length).toBeGreaterThanOrEqual(4);
    t.clock.advance({ minutes: 16 });
  });

  it.skipIf(skip)('a real and an unknown e-mail go through the same statuses, with time passing', async () => {
    const u = await createUser(t);
    const ghost = `ghost-${u.email}`;
    const steps: Array<number | 'fail'> = ['fail', 'fail', 'fail', 25 * 60, 'fail', 'fail', 'fail', 1, 'fail', 'fail', 10, 'fail', 6, 'fail', 'fail', 60 * 24 + 1, 'fail'];
    const run = async (email: string, ip: string) => {
      const start = t.clock.now();
      const statuses: number[] = [];
      for (const step of steps) {
        if (step === 'fail') statuses.push((await post({ email, password: 'bad password!' }, ip)).statusCode);
        else t.clock.advance({ minutes: step });
      }
      t.clock.set(start);
      return statuses;
    };
    const start = t.clock.now();
    const real = await run(u.email, freshIp());
    const fake = await run(ghost, freshIp());
    t.clock.set(new Date(start.getTime() + 3 * 24 * 3_600_000));
    expect(real).toEqual([401, 401, 401, 401, 401, 401, 401, 429, 429, 401, 401, 401]);
    expect(fake).toEqual(real);
  });

  it.skipIf(skip)('old login attempts and forgotten counters are purged', async () => {
    const now = t.clock.now();
    const old = new Date(now.getTime() - 25 * 3_600_000);
    const recent = new Date(now.getTime() - 3_600_000);
    const db = t.database.db;
    await db.insertInto('login_attempts').values([
      { email: 'purge-old@example.org', ip: '10.99.0.1', success: false, at: old },
      { email: 'purge-recent@example.org', ip: '10.99.0.1', success: false, at: recent },
    ]).execute();
    await db.insertInto('login_failure_counters').values([
      { email_hash: 'purge-old', failed_logins: 2, last_failed_at: old },
      { email_hash: 'purge-old-locked', failed_logins: 0, locked_until: new Date(now.getTime() + 60_000), last_failed_at: old },
      { email_hash: 'purge-recent', failed_logins: 2, last_failed_at: recent },
    ]).execute();
    await db.transaction().execute((trx) => purgeStaleLoginRecords({ db: trx, now }));
    const emails = (await db.selectFrom('login_attempts').select('email').where('email', 'like', 'purge-%').execute()).map((r) => r.email);
    expect(emails).toEqual(['purge-recent@example.org']);
    const hashes = (await db.selectFrom('login_failure_counters').select('email_hash').where('email_hash', 'like', 'purge-%').orderBy('email_hash').execute()).map((r) => r.email_hash);
    expect(hashes).toEqual(['purge-old-locked', 'purge-recent']);
  });
});
