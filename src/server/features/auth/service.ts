/**
 * Authentication rules: login with lockout and rate limiting, the second factor, logout.
 *
 * Every password or code check is first counted as a failure (claimAttempt: address and account
 * serialised, limits checked, counter increased, attempt recorded) and committed; only then is
 * the password or code checked, and a success takes the count back. So parallel requests cannot
 * get past the limits, and a refused attempt answers the same whether the password is right or
 * not. Password hashing runs outside transactions: a transaction must not hold a connection for
 * the ~100 ms of argon2. Second-factor codes are cheap and checked inside the claiming transaction.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { DataAccess, Actor } from '../../platform/access.ts';
import type { AuditEntry } from '../../platform/audit.ts';
import type { Config } from '../../platform/config.ts';
import type { FieldCipher } from '../../platform/crypto.ts';
import { PonteError } from '../../platform/errors.ts';
import { dummyHash, verifyPassword } from '../../platform/auth/password.ts';
import { createSession, loadPermissions, revokeUserSessions, rotateSessionToken, sessionNeedsMfa, type SessionPolicy } from '../../platform/auth/session.ts';
import {
  abandonClaim,
  buildMe,
  claimAttempt,
  defaultOrganisation,
  emailCounterKey,
  findUserForLogin,
  lockUserRow,
  settleSuccess,
  type Claim,
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

function limits(config: Config) {
  return { max: config.PONTE_LOGIN_MAX_FAILURES, lockMinutes: config.PONTE_LOGIN_LOCK_MINUTES, ipMax: config.PONTE_IP_MAX_FAILURES };
}

type Claimed = Extract<Claim, { kind: 'claimed' }>;
type Refused = Exclude<Claim, { kind: 'claimed' }>;

function refusal(claim: Refused, now: Date): PonteError {
  return rateLimited(claim.until, now, claim.kind === 'ip_limited' ? 'too many failures from this address' : 'account locked');
}

const refusalReason = (claim: Refused) => (claim.kind === 'ip_limited' ? 'ip_rate_limited' : 'locked');

/** A transaction with audit, whether or not the session has passed its second factor. */
interface AuthTx {
  db: Transaction<DB>;
  audit(entry: AuditEntry): Promise<void>;
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

  // 1. Count the attempt as a failure before any password work (or refuse it).
  const pre = await access.anonymousTransaction(async (tx) => {
    const user = await findUserForLogin({ db: tx.db, email });
    const claim = await claimAttempt({ db: tx.db, subject: user ? { userId: user.id } : { emailKey: emailCounterKey(email) }, email, ip, now, ...limits(config) });
    if (claim.kind === 'ip_limited') await tx.audit({ action: 'auth.login', outcome: 'denied', details: { reason: 'ip_rate_limited' } }, null, null);
    if (claim.kind === 'locked') {
      // The same answer whether the password is right or not; the attempt still counts for the address.
      await tx.audit({ action: 'auth.login', outcome: 'denied', ...(user ? { recordType: 'user', recordId: user.id } : {}), details: { reason: 'locked' } }, null, null);
    }
    return { user, claim };
  });
  if (pre.claim.kind !== 'claimed') throw refusal(pre.claim, now);
  const claim = pre.claim;

  // 2. The password (an unknown e-mail costs the same time).
  const user = pre.user;
  let passwordOk: boolean;
  try {
    const hash = user?.password_hash ?? (await dummyHash());
    passwordOk = (await verifyPassword(hash, deps.password)) && !!user?.password_hash && user.is_active;
  } catch (e) {
    // Busy (503): the password was not checked, so the attempt does not count.
    await access.anonymousTransaction((tx) => abandonClaim({ db: tx.db, claim, now }));
    throw e;
  }

  // 3. Commit the outcome.
  const outcome = await access.anonymousTransaction(async (tx) => {
    if (!user || !passwordOk) {
      const reason = !user ? 'unknown_account' : !user.is_active ? 'disabled' : !user.password_hash ? 'no_password' : 'wrong_password';
      await tx.audit({ action: 'auth.login', outcome: 'failure', ...(user ? { recordType: 'user', recordId: user.id } : {}), details: { reason } }, null, null);
      if (user && claim.lockedUntil) {
        await tx.audit({ action: 'auth.lockout', outcome: 'success', recordType: 'user', recordId: user.id, details: { minutes: config.PONTE_LOGIN_LOCK_MINUTES, after: 'password' } }, null, null);
      }
      return null;
    }
    const row = await lockUserRow({ db: tx.db, userId: user.id });
    if (access.actor) {
      await tx.db.updateTable('sessions').set({ revoked_at: now, revoke_reason: 'new_login' }).where('id', '=', access.actor.sessionId).where('revoked_at', 'is', null).execute();
    }
    const organisationId = await defaultOrganisation({ db: tx.db, userId: user.id });
    const { permissions } = await loadPermissions({ db: tx.db, userId: user.id, organisationId });
    const needed = sessionNeedsMfa({ permissions, totpEnabled: row.totp_enabled, mfaExempt: row.mfa_exempt, demo: deps.policy.demo });
    const mfa: MfaState = !needed ? 'not_needed' : row.totp_enabled ? 'required' : 'setup_required';
    // Earlier failures are cleared only when the login is complete; with a second factor still
    // to pass, only this attempt's own count is taken back (failed codes keep counting).
    await settleSuccess({ db: tx.db, claim, reset: !needed, loggedIn: true, now });
    const session = await createSession({ db: tx.db, userId: user.id, organisationId, mfaVerified: false, now, policy: deps.policy, ip, userAgent: deps.userAgent });
    await tx.audit({ action: 'auth.login', outcome: 'success', recordType: 'user', recordId: user.id, details: { mfa } }, user.id, organisationId);
    const me = await buildMe({ db: tx.db, sessionId: session.sessionId, demo: deps.policy.demo });
    return { token: session.token, csrfToken: session.csrfToken, mfa, me };
  });
  if (!outcome) throw new PonteError({ code: 'invalid_credentials' });
  return outcome;
}

type FactorAction = 'auth.login_mfa' | 'auth.mfa_enabled' | 'auth.recovery_codes_regenerated' | 'auth.mfa_setup';

/**
 * A second-factor check in one transaction: the attempt is claimed (limits, count) with the user
 * row locked, then `check` runs under that lock. A wrong answer (null) is audited and counted like
 * a failed login; a right one takes the count back (`reset` also clears earlier failures). `check`
 * may throw to roll everything back (nothing counted).
 */
async function withSecondFactor<T>(options: {
  deps: AuthDeps;
  actor: Actor;
  action: FactorAction;
  reason: string;
  reset: boolean;
  transaction: <X>(fn: (tx: AuthTx) => Promise<X>) => Promise<X>;
  check: (tx: AuthTx, user: Awaited<ReturnType<typeof lockUserRow>>, now: Date) => Promise<T | null>;
}): Promise<T> {
  const { deps, actor } = options;
  const { access, config } = deps;
  const now = access.clock.now();
  const outcome = await options.transaction(async (tx) => {
    const claim = await claimAttempt({ db: tx.db, subject: { userId: actor.userId }, email: actor.email, ip: access.meta.ip, now, ...limits(config) });
    if (claim.kind !== 'claimed') {
      await tx.audit({ action: options.action, outcome: 'denied', recordType: 'user', recordId: actor.userId, details: { reason: refusalReason(claim) } });
      return { kind: 'refused' as const, claim };
    }
    const user = await lockUserRow({ db: tx.db, userId: actor.userId });
    const value = await options.check(tx, user, now);
    if (value === null) {
      await tx.audit({ action: options.action, outcome: 'failure', recordType: 'user', recordId: actor.userId, details: { reason: options.reason } });
      if (claim.lockedUntil) {
        await tx.audit({ action: 'auth.lockout', outcome: 'success', recordType: 'user', recordId: actor.userId, details: { minutes: config.PONTE_LOGIN_LOCK_MINUTES, after: 'second_factor' } });
      }
      return { kind: 'wrong' as const };
    }
    await settleSuccess({ db: tx.db, claim, reset: options.reset, now });
    return { kind: 'ok' as const, value };
  });
  if (outcome.kind === 'refused') throw refusal(outcome.claim, now);
  if (outcome.kind === 'wrong') throw new PonteError({ code: 'mfa_invalid' });
  return outcome.value;
}

/**
 * Checks the current password of a logged-in user, counted and limited like a login (argon2 runs
 * between two transactions). Wrong: audited as `action` failure, `403 forbidden`; locked or
 * limited: audited as denied, `429`. Right: returns the claim, which the caller settles with
 * settleSuccess (in the transaction of the change it protects).
 */
export async function verifyCurrentPassword(options: {
  deps: AuthDeps;
  actor: Actor;
  password: string;
  action: 'auth.password_changed' | 'auth.mfa_setup';
  lockoutAfter: string;
}): Promise<{ claim: Claimed; passwordHash: string }> {
  const { deps, actor } = options;
  const { access, config } = deps;
  const now = access.clock.now();
  const pre = await access.anonymousTransaction(async (tx) => {
    const claim = await claimAttempt({ db: tx.db, subject: { userId: actor.userId }, email: actor.email, ip: access.meta.ip, now, ...limits(config) });
    if (claim.kind !== 'claimed') {
      await tx.audit({ action: options.action, outcome: 'denied', recordType: 'user', recordId: actor.userId, details: { reason: refusalReason(claim) } });
      return { claim, hash: null };
    }
    const row = await tx.db.selectFrom('users').select('password_hash').where('id', '=', actor.userId).executeTakeFirstOrThrow();
    return { claim, hash: row.password_hash };
  });
  if (pre.claim.kind !== 'claimed') throw refusal(pre.claim, now);
  const claim = pre.claim;
  let ok: boolean;
  try {
    ok = pre.hash !== null && (await verifyPassword(pre.hash, options.password));
  } catch (e) {
    await access.anonymousTransaction((tx) => abandonClaim({ db: tx.db, claim, now }));
    throw e;
  }
  if (!ok || pre.hash === null) {
    await access.anonymousTransaction(async (tx) => {
      await tx.audit({ action: options.action, outcome: 'failure', recordType: 'user', recordId: actor.userId, details: { reason: 'wrong_current_password' } });
      if (claim.lockedUntil) {
        await tx.audit({ action: 'auth.lockout', outcome: 'success', recordType: 'user', recordId: actor.userId, details: { minutes: config.PONTE_LOGIN_LOCK_MINUTES, after: options.lockoutAfter } });
      }
    });
    throw new PonteError({
      code: 'forbidden',
      detail: 'wrong current password',
      message: { it: 'La password attuale non è corretta.', en: 'The current password is wrong.' },
    });
  }
  return { claim, passwordHash: pre.hash };
}

/** POST /api/auth/mfa/verify: a TOTP code or a recovery code completes the login (new session token). */
export async function verifySecondFactor(deps: AuthDeps & { code?: string; recoveryCode?: string }): Promise<{ me: Me; token: string }> {
  const { access, cipher } = deps;
  const actor = requireSession(access);
  if (actor.totpEnabled === false) throw new PonteError({ code: 'mfa_setup_required' });
  return withSecondFactor({
    deps,
    actor,
    action: 'auth.login_mfa',
    reason: deps.recoveryCode !== undefined ? 'wrong_recovery_code' : 'wrong_code',
    // The login is complete: earlier failures are cleared.
    reset: true,
    transaction: (fn) => access.anonymousTransaction(fn),
    check: async (tx, user, now) => {
      let method: 'totp' | 'recovery_code';
      if (deps.recoveryCode !== undefined) {
        if (!(await consumeRecoveryCode({ db: tx.db, userId: actor.userId, code: deps.recoveryCode, now }))) return null;
        method = 'recovery_code';
        const left = await tx.db.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', actor.userId).where('used_at', 'is', null).executeTakeFirstOrThrow();
        await tx.audit({ action: 'auth.recovery_code_used', outcome: 'success', recordType: 'user', recordId: actor.userId, details: { remaining: Number(left.n) } });
      } else {
        if (!user.totp_secret_enc || deps.code === undefined) return null;
        const secret = await decryptTotpSecret({ cipher, userId: actor.userId, value: user.totp_secret_enc, column: 'totp_secret_enc', db: tx.db });
        const step = await checkTotp({ secret, code: deps.code, now, lastStep: user.totp_last_step });
        if (step === null) return null;
        await tx.db.updateTable('users').set({ totp_last_step: step }).where('id', '=', actor.userId).execute();
        method = 'totp';
      }
      await tx.db.updateTable('sessions').set({ mfa_verified: true }).where('id', '=', actor.sessionId).execute();
      const rotated = await rotateSessionToken({ db: tx.db, sessionId: actor.sessionId });
      await tx.audit({ action: 'auth.login_mfa', outcome: 'success', recordType: 'user', recordId: actor.userId, details: { method } });
      return { token: rotated.token, me: await buildMe({ db: tx.db, sessionId: rotated.sessionId, demo: deps.policy.demo }) };
    },
  });
}

/**
 * POST /api/auth/mfa/setup: a new secret, kept pending until confirmed. Replacing a confirmed
 * authenticator needs a session that has passed it and proof: a current code from it or the
 * current password (both counted and limited like a login).
 */
export async function startMfaSetup(deps: AuthDeps & { code?: string | undefined; password?: string | undefined }): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
  const { access, cipher } = deps;
  const actor = requireSession(access);
  if (actor.totpEnabled && !actor.mfaVerified) throw new PonteError({ code: 'mfa_required' });
  const secret = newTotpSecret();
  const store = async (tx: AuthTx, replacing: boolean, proof: string | null) => {
    const value = await encryptTotpSecret({ cipher, userId: actor.userId, secret, column: 'totp_pending_enc', db: tx.db });
    await tx.db.updateTable('users').set({ totp_pending_enc: value, updated_at: access.clock.now() }).where('id', '=', actor.userId).execute();
    await tx.audit({ action: 'auth.mfa_setup', outcome: 'success', recordType: 'user', recordId: actor.userId, details: { replacing, ...(proof ? { proof } : {}) } });
  };
  if (!actor.totpEnabled) {
    await access.anonymousTransaction(async (tx) => {
      const row = await lockUserRow({ db: tx.db, userId: actor.userId });
      // Confirmed meanwhile (another session): the rule for replacing applies.
      if (row.totp_enabled) throw new PonteError({ code: 'conflict', detail: 'authenticator confirmed meanwhile' });
      await store(tx, false, null);
    });
  } else if (deps.code !== undefined) {
    const code = deps.code;
    await withSecondFactor({
      deps,
      actor,
      action: 'auth.mfa_setup',
      reason: 'wrong_code',
      reset: false,
      transaction: (fn) => access.anonymousTransaction(fn),
      check: async (tx, user, now) => {
        if (!user.totp_secret_enc) return null;
        const current = await decryptTotpSecret({ cipher, userId: actor.userId, value: user.totp_secret_enc, column: 'totp_secret_enc', db: tx.db });
        const step = await checkTotp({ secret: current, code, now, lastStep: user.totp_last_step });
        if (step === null) return null;
        await tx.db.updateTable('users').set({ totp_last_step: step }).where('id', '=', actor.userId).execute();
        await store(tx, true, 'code');
        return true;
      },
    });
  } else if (deps.password !== undefined) {
    const { claim, passwordHash } = await verifyCurrentPassword({ deps, actor, password: deps.password, action: 'auth.mfa_setup', lockoutAfter: 'mfa_setup' });
    const now = access.clock.now();
    await access.anonymousTransaction(async (tx) => {
      const row = await lockUserRow({ db: tx.db, userId: actor.userId });
      await settleSuccess({ db: tx.db, claim, reset: false, now });
      if (row.password_hash !== passwordHash) throw new PonteError({ code: 'conflict', detail: 'password changed meanwhile' });
      await store(tx, true, 'password');
    });
  } else {
    throw new PonteError({
      code: 'validation',
      detail: 'replacing a confirmed authenticator needs proof',
      issues: [
        {
          path: 'body.code',
          message: access.meta.locale === 'en' ? 'Enter a current code from your authenticator app, or your password.' : "Inserisci un codice attuale dell'app di autenticazione, oppure la tua password.",
        },
      ],
    });
  }
  return { secret, ...(await totpSetupMaterial({ secret, accountName: actor.email })) };
}

/** POST /api/auth/mfa/confirm: a code from the pending secret enables it and verifies the session. */
export async function confirmMfaSetup(deps: AuthDeps & { code: string }): Promise<{ recoveryCodes: string[]; me: Me; token: string }> {
  const { access, cipher } = deps;
  const actor = requireSession(access);
  if (actor.totpEnabled && !actor.mfaVerified) throw new PonteError({ code: 'mfa_required' });
  return withSecondFactor({
    deps,
    actor,
    action: 'auth.mfa_enabled',
    reason: 'wrong_code',
    // The second factor is passed: earlier failures are cleared.
    reset: true,
    transaction: (fn) => access.anonymousTransaction(fn),
    check: async (tx, user, now) => {
      if (!user.totp_pending_enc) {
        // Rolls the claim back: nothing was checked.
        throw new PonteError({
          code: 'conflict',
          detail: 'no pending TOTP setup',
          message: { it: 'Avvia prima la configurazione della verifica in due passaggi.', en: 'Start the two-factor setup first.' },
        });
      }
      const secret = await decryptTotpSecret({ cipher, userId: actor.userId, value: user.totp_pending_enc, column: 'totp_pending_enc', db: tx.db });
      const step = await checkTotp({ secret, code: deps.code, now, lastStep: null });
      if (step === null) return null;
      const enabled = await encryptTotpSecret({ cipher, userId: actor.userId, secret, column: 'totp_secret_enc', db: tx.db });
      await tx.db
        .updateTable('users')
        .set({ totp_secret_enc: enabled, totp_pending_enc: null, totp_enabled: true, totp_last_step: step, updated_at: now })
        .where('id', '=', actor.userId)
        .execute();
      const recoveryCodes = await replaceRecoveryCodes({ db: tx.db, userId: actor.userId, now });
      await tx.db.updateTable('sessions').set({ mfa_verified: true }).where('id', '=', actor.sessionId).execute();
      const rotated = await rotateSessionToken({ db: tx.db, sessionId: actor.sessionId });
      await tx.audit({ action: 'auth.mfa_enabled', outcome: 'success', recordType: 'user', recordId: actor.userId, details: { replaced: user.totp_enabled } });
      return { recoveryCodes, token: rotated.token, me: await buildMe({ db: tx.db, sessionId: rotated.sessionId, demo: deps.policy.demo }) };
    },
  });
}

/** POST /api/auth/mfa/recovery-codes: a fresh set, confirmed with a current TOTP code. */
export async function regenerateRecoveryCodes(deps: AuthDeps & { code: string }): Promise<string[]> {
  const { access, cipher } = deps;
  const actor = access.requireActor();
  if (!actor.totpEnabled) throw new PonteError({ code: 'mfa_setup_required' });
  return withSecondFactor({
    deps,
    actor,
    action: 'auth.recovery_codes_regenerated',
    reason: 'wrong_code',
    reset: false,
    transaction: (fn) => access.transaction(fn),
    check: async (tx, user, now) => {
      if (!user.totp_secret_enc) return null;
      const secret = await decryptTotpSecret({ cipher, userId: actor.userId, value: user.totp_secret_enc, column: 'totp_secret_enc', db: tx.db });
      const step = await checkTotp({ secret, code: deps.code, now, lastStep: user.totp_last_step });
      if (step === null) return null;
      await tx.db.updateTable('users').set({ totp_last_step: step }).where('id', '=', actor.userId).execute();
      const fresh = await replaceRecoveryCodes({ db: tx.db, userId: actor.userId, now });
      await tx.audit({ action: 'auth.recovery_codes_regenerated', outcome: 'success', recordType: 'user', recordId: actor.userId });
      return fresh;
    },
  });
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
