/**
 * Authentication rules: login with lockout and rate limiting, the second factor, logout.
 *
 * Failed attempts are committed (counters, attempt rows, audit) before the error is thrown, so a
 * failure always leaves its trace. Password hashing runs outside transactions: a transaction
 * must not hold a connection for the ~100 ms of argon2.
 */
import type { DataAccess, Actor } from '../../platform/access.ts';
import type { Config } from '../../platform/config.ts';
import type { FieldCipher } from '../../platform/crypto.ts';
import { PonteError } from '../../platform/errors.ts';
import { dummyHash, verifyPassword } from '../../platform/auth/password.ts';
import { createSession, loadPermissions, revokeUserSessions, rotateSessionToken, sessionNeedsMfa, type SessionPolicy } from '../../platform/auth/session.ts';
import {
  buildMe,
  defaultOrganisation,
  findUserForLogin,
  ipBlockedUntil,
  lockUserRow,
  recordAttempt,
  registerAccountFailure,
  resetAccountFailures,
  unknownEmailLockedUntil,
  type Me,
  type MfaState,
} from './queries.ts';
import { checkTotp, consumeRecoveryCode, decryptTotpSecret, encryptTotpSecret, newTotpSecret, replaceRecoveryCodes, totpSetupMaterial } from './mfa.ts';

export interface AuthDeps {
  access: DataAccess;
  config: Config;
  cipher: FieldCipher;
  policy: SessionPolicy;
}

function rateLimited(until: Date, now: Date, detail: string): PonteError {
  return new PonteError({ code: 'rate_limited', retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)), detail });
}

/** The session's actor even while the second factor is pending (auth routes and GET /api/me). */
export function requireSession(access: DataAccess): Actor {
  if (!access.actor) throw new PonteError({ code: access.sessionEnded ? 'session_expired' : 'unauthenticated' });
  return access.actor;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  mfa: MfaState;
  me: Me;
}

export async function login(deps: AuthDeps & { email: string; password: string; userAgent: string | null }): Promise<LoginResult> {
  const { access, config } = deps;
  const email = deps.email.trim().toLowerCase();
  const ip = access.meta.ip;
  const now = access.clock.now();

  // 1. Limits, read before any password work.
  const pre = await access.anonymousTransaction(async (tx) => {
    const ipUntil = await ipBlockedUntil({ db: tx.db, ip, now, max: config.PONTE_IP_MAX_FAILURES });
    const user = await findUserForLogin({ db: tx.db, email });
    const lockedUntil = user
      ? user.locked_until && user.locked_until.getTime() > now.getTime() ? user.locked_until : null
      : await unknownEmailLockedUntil({ db: tx.db, email, now, max: config.PONTE_LOGIN_MAX_FAILURES, lockMinutes: config.PONTE_LOGIN_LOCK_MINUTES });
    return { ipUntil, user, lockedUntil };
  });
  if (pre.ipUntil) {
    await access.anonymousTransaction((tx) => tx.audit({ action: 'auth.login', outcome: 'denied', details: { reason: 'ip_rate_limited' } }, null, null));
    throw rateLimited(pre.ipUntil, now, 'too many failures from this address');
  }
  if (pre.lockedUntil) {
    // The same answer whether the password is right or not; the attempt still counts for the address.
    await access.anonymousTransaction(async (tx) => {
      await recordAttempt({ db: tx.db, email, ip, success: false, now });
      await tx.audit({ action: 'auth.login', outcome: 'denied', ...(pre.user ? { recordType: 'user', recordId: pre.user.id } : {}), details: { reason: 'locked' } }, null, null);
    });
    throw rateLimited(pre.lockedUntil, now, 'account locked');
  }

  // 2. The password (an unknown e-mail costs the same time).
  const user = pre.user;
  const hash = user?.password_hash ?? (await dummyHash());
  const passwordOk = (await verifyPassword(hash, deps.password)) && !!user?.password_hash && user.is_active;

  // 3. Commit the outcome.
  const outcome = await access.anonymousTransaction(async (tx) => {
    if (!user || !passwordOk) {
      await recordAttempt({ db: tx.db, email, ip, success: false, now });
      const reason = !user ? 'unknown_account' : !user.is_active ? 'disabled' : !user.password_hash ? 'no_password' : 'wrong_password';
      await tx.audit({ action: 'auth.login', outcome: 'failure', ...(user ? { recordType: 'user', recordId: user.id } : {}), details: { reason } }, null, null);
      if (user) {
        const locked = await registerAccountFailure({ db: tx.db, userId: user.id, now, max: config.PONTE_LOGIN_MAX_FAILURES, lockMinutes: config.PONTE_LOGIN_LOCK_MINUTES });
        if (locked) await tx.audit({ action: 'auth.lockout', outcome: 'success', recordType: 'user', recordId: user.id, details: { minutes: config.PONTE_LOGIN_LOCK_MINUTES, after: 'password' } }, null, null);
      }
      return { kind: 'invalid' as const };
    }
    const row = await lockUserRow({ db: tx.db, userId: user.id });
    if (row.locked_until && row.locked_until.getTime() > now.getTime()) return { kind: 'locked' as const, until: row.locked_until };
    await resetAccountFailures({ db: tx.db, userId: user.id, now, loggedIn: true });
    await recordAttempt({ db: tx.db, email, ip, success: true, now });
    if (access.actor) {
      await tx.db.updateTable('sessions').set({ revoked_at: now, revoke_reason: 'new_login' }).where('id', '=', access.actor.sessionId).where('revoked_at', 'is', null).execute();
    }
    const organisationId = await defaultOrganisation({ db: tx.db, userId: user.id });
    const { permissions } = await loadPermissions({ db: tx.db, userId: user.id, organisationId });
    const needed = sessionNeedsMfa({ permissions, totpEnabled: row.totp_enabled, mfaExempt: row.mfa_exempt, demo: deps.policy.demo });
    const mfa: MfaState = !needed ? 'not_needed' : row.totp_enabled ? 'required' : 'setup_required';
    const session = await createSession({ db: tx.db, userId: user.id, organisationId, mfaVerified: false, now, policy: deps.policy, ip, userAgent: deps.userAgent });
    await tx.audit({ action: 'auth.login', outcome: 'success', recordType: 'user', recordId: user.id, details: { mfa } }, user.id, organisationId);
    const me = await buildMe({ db: tx.db, sessionId: session.sessionId, demo: deps.policy.demo });
    return { kind: 'ok' as const, result: { token: session.token, csrfToken: session.csrfToken, mfa, me } };
  });
  if (outcome.kind === 'invalid') throw new PonteError({ code: 'invalid_credentials' });
  if (outcome.kind === 'locked') throw rateLimited(outcome.until, now, 'account locked');
  return outcome.result;
}

/** Counts a failed second factor like a failed login (attempt row, account counter, lockout). */
async function failSecondFactor(options: {
  deps: AuthDeps;
  actor: Actor;
  action: 'auth.login_mfa' | 'auth.mfa_enabled' | 'auth.recovery_codes_regenerated';
  reason: string;
}): Promise<never> {
  const { deps, actor } = options;
  const { access, config } = deps;
  const now = access.clock.now();
  await access.anonymousTransaction(async (tx) => {
    await recordAttempt({ db: tx.db, email: actor.email, ip: access.meta.ip, success: false, now });
    await tx.audit({ action: options.action, outcome: 'failure', recordType: 'user', recordId: actor.userId, details: { reason: options.reason } });
    const locked = await registerAccountFailure({ db: tx.db, userId: actor.userId, now, max: config.PONTE_LOGIN_MAX_FAILURES, lockMinutes: config.PONTE_LOGIN_LOCK_MINUTES });
    if (locked) await tx.audit({ action: 'auth.lockout', outcome: 'success', recordType: 'user', recordId: actor.userId, details: { minutes: config.PONTE_LOGIN_LOCK_MINUTES, after: 'second_factor' } });
  });
  throw new PonteError({ code: 'mfa_invalid' });
}

/** Refuses second-factor attempts from a limited address or on a locked account. */
async function checkSecondFactorLimits(deps: AuthDeps, actor: Actor): Promise<void> {
  const { access, config } = deps;
  const now = access.clock.now();
  const blocked = await access.anonymousTransaction(async (tx) => {
    const ipUntil = await ipBlockedUntil({ db: tx.db, ip: access.meta.ip, now, max: config.PONTE_IP_MAX_FAILURES });
    const user = await tx.db.selectFrom('users').select('locked_until').where('id', '=', actor.userId).executeTakeFirstOrThrow();
    const until = ipUntil ?? (user.locked_until && user.locked_until.getTime() > now.getTime() ? user.locked_until : null);
    if (until) await tx.audit({ action: 'auth.login_mfa', outcome: 'denied', recordType: 'user', recordId: actor.userId, details: { reason: ipUntil ? 'ip_rate_limited' : 'locked' } });
    return until;
  });
  if (blocked) throw rateLimited(blocked, now, 'second factor limited');
}

/** POST /api/auth/mfa/verify: a TOTP code or a recovery code completes the login (new session token). */
export async function verifySecondFactor(deps: AuthDeps & { code?: string; recoveryCode?: string }): Promise<{ me: Me; token: string }> {
  const { access, cipher } = deps;
  const actor = requireSession(access);
  if (actor.totpEnabled === false) throw new PonteError({ code: 'mfa_setup_required' });
  await checkSecondFactorLimits(deps, actor);
  const now = access.clock.now();
  const ok = await access.anonymousTransaction(async (tx) => {
    const user = await lockUserRow({ db: tx.db, userId: actor.userId });
    let method: 'totp' | 'recovery_code';
    if (deps.recoveryCode !== undefined) {
      if (!(await consumeRecoveryCode({ db: tx.db, userId: actor.userId, code: deps.recoveryCode, now }))) return false;
      method = 'recovery_code';
      const left = await tx.db.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', actor.userId).where('used_at', 'is', null).executeTakeFirstOrThrow();
      await tx.audit({ action: 'auth.recovery_code_used', outcome: 'success', recordType: 'user', recordId: actor.userId, details: { remaining: Number(left.n) } });
    } else {
      if (!user.totp_secret_enc || deps.code === undefined) return false;
      const secret = await decryptTotpSecret({ cipher, userId: actor.userId, value: user.totp_secret_enc, column: 'totp_secret_enc', db: tx.db });
      const step = await checkTotp({ secret, code: deps.code, now, lastStep: user.totp_last_step });
      if (step === null) return false;
      await tx.db.updateTable('users').set({ totp_last_step: step }).where('id', '=', actor.userId).execute();
      method = 'totp';
    }
    await resetAccountFailures({ db: tx.db, userId: actor.userId, now, loggedIn: false });
    await recordAttempt({ db: tx.db, email: actor.email, ip: access.meta.ip, success: true, now });
    await tx.db.updateTable('sessions').set({ mfa_verified: true }).where('id', '=', actor.sessionId).execute();
    const rotated = await rotateSessionToken({ db: tx.db, sessionId: actor.sessionId });
    await tx.audit({ action: 'auth.login_mfa', outcome: 'success', recordType: 'user', recordId: actor.userId, details: { method } });
    return { token: rotated.token, me: await buildMe({ db: tx.db, sessionId: rotated.sessionId, demo: deps.policy.demo }) };
  });
  if (!ok) return failSecondFactor({ deps, actor, action: 'auth.login_mfa', reason: deps.recoveryCode !== undefined ? 'wrong_recovery_code' : 'wrong_code' });
  return ok;
}

/**
 * POST /api/auth/mfa/setup: a new secret, kept pending until confirmed. Replacing a working
 * authenticator needs a session that has passed it.
 */
export async function startMfaSetup(deps: AuthDeps): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
  const { access, cipher } = deps;
  const actor = requireSession(access);
  if (actor.totpEnabled && !actor.mfaVerified) throw new PonteError({ code: 'mfa_required' });
  const secret = newTotpSecret();
  await access.anonymousTransaction(async (tx) => {
    const value = await encryptTotpSecret({ cipher, userId: actor.userId, secret, column: 'totp_pending_enc', db: tx.db });
    await tx.db.updateTable('users').set({ totp_pending_enc: value, updated_at: tx.now }).where('id', '=', actor.userId).execute();
    await tx.audit({ action: 'auth.mfa_setup', outcome: 'success', recordType: 'user', recordId: actor.userId, details: { replacing: !!actor.totpEnabled } });
  });
  return { secret, ...(await totpSetupMaterial({ secret, accountName: actor.email })) };
}

/** POST /api/auth/mfa/confirm: a code from the pending secret enables it and verifies the session. */
export async function confirmMfaSetup(deps: AuthDeps & { code: string }): Promise<{ recoveryCodes: string[]; me: Me; token: string }> {
  const { access, cipher } = deps;
  const actor = requireSession(access);
  if (actor.totpEnabled && !actor.mfaVerified) throw new PonteError({ code: 'mfa_required' });
  await checkSecondFactorLimits(deps, actor);
  const now = access.clock.now();
  const result = await access.anonymousTransaction(async (tx) => {
    const user = await lockUserRow({ db: tx.db, userId: actor.userId });
    if (!user.totp_pending_enc) return { kind: 'no_setup' as const };
    const secret = await decryptTotpSecret({ cipher, userId: actor.userId, value: user.totp_pending_enc, column: 'totp_pending_enc', db: tx.db });
    const step = await checkTotp({ secret, code: deps.code, now, lastStep: null });
    if (step === null) return { kind: 'wrong' as const };
    const enabled = await encryptTotpSecret({ cipher, userId: actor.userId, secret, column: 'totp_secret_enc', db: tx.db });
    await tx.db
      .updateTable('users')
      .set({ totp_secret_enc: enabled, totp_pending_enc: null, totp_enabled: true, totp_last_step: step, failed_logins: 0, updated_at: now })
      .where('id', '=', actor.userId)
      .execute();
    const recoveryCodes = await replaceRecoveryCodes({ db: tx.db, userId: actor.userId, now });
    await tx.db.updateTable('sessions').set({ mfa_verified: true }).where('id', '=', actor.sessionId).execute();
    const rotated = await rotateSessionToken({ db: tx.db, sessionId: actor.sessionId });
    await tx.audit({ action: 'auth.mfa_enabled', outcome: 'success', recordType: 'user', recordId: actor.userId, details: { replaced: user.totp_enabled } });
    return { kind: 'ok' as const, recoveryCodes, token: rotated.token, me: await buildMe({ db: tx.db, sessionId: rotated.sessionId, demo: deps.policy.demo }) };
  });
  if (result.kind === 'no_setup') {
    throw new PonteError({
      code: 'conflict',
      detail: 'no pending TOTP setup',
      message: { it: 'Avvia prima la configurazione della verifica in due passaggi.', en: 'Start the two-factor setup first.' },
    });
  }
  if (result.kind === 'wrong') return failSecondFactor({ deps, actor, action: 'auth.mfa_enabled', reason: 'wrong_code' });
  return { recoveryCodes: result.recoveryCodes, me: result.me, token: result.token };
}

/** POST /api/auth/mfa/recovery-codes: a fresh set, confirmed with a current TOTP code. */
export async function regenerateRecoveryCodes(deps: AuthDeps & { code: string }): Promise<string[]> {
  const { access, cipher } = deps;
  const actor = access.requireActor();
  if (!actor.totpEnabled) throw new PonteError({ code: 'mfa_setup_required' });
  await checkSecondFactorLimits(deps, actor);
  const now = access.clock.now();
  const codes = await access.transaction(async (tx) => {
    const user = await lockUserRow({ db: tx.db, userId: actor.userId });
    if (!user.totp_secret_enc) return null;
    const secret = await decryptTotpSecret({ cipher, userId: actor.userId, value: user.totp_secret_enc, column: 'totp_secret_enc', db: tx.db });
    const step = await checkTotp({ secret, code: deps.code, now, lastStep: user.totp_last_step });
    if (step === null) return null;
    await tx.db.updateTable('users').set({ totp_last_step: step }).where('id', '=', actor.userId).execute();
    const fresh = await replaceRecoveryCodes({ db: tx.db, userId: actor.userId, now });
    await tx.audit({ action: 'auth.recovery_codes_regenerated', outcome: 'success', recordType: 'user', recordId: actor.userId });
    return fresh;
  });
  if (!codes) return failSecondFactor({ deps, actor, action: 'auth.recovery_codes_regenerated', reason: 'wrong_code' });
  return codes;
}

/** POST /api/auth/logout: ends this session. */
export async function logout(deps: AuthDeps): Promise<void> {
  const { access } = deps;
  const actor = requireSession(access);
  await access.anonymousTransaction(async (tx) => {
    await tx.db.updateTable('sessions').set({ revoked_at: tx.now, revoke_reason: 'logout' }).where('id', '=', actor.sessionId).where('revoked_at', 'is', null).execute();
    await tx.audit({ action: 'auth.logout', outcome: 'success', recordType: 'user', recordId: actor.userId });
  });
}

/** POST /api/auth/logout-all: ends every session of the user, this one included. */
export async function logoutAll(deps: AuthDeps): Promise<number> {
  const { access } = deps;
  const actor = access.requireActor();
  return access.transaction(async (tx) => {
    const ended = await revokeUserSessions({ db: tx.db, userId: actor.userId, reason: 'logout_all', now: tx.now });
    await tx.audit({ action: 'auth.logout_all', outcome: 'success', recordType: 'user', recordId: actor.userId, details: { sessions: ended } });
    return ended;
  });
}
