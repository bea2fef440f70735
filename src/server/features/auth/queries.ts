/**
 * SQL of the auth and profile features. Every function takes the transaction it runs in
 * (from req.access), never the database client.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { loadPermissions, sessionNeedsMfa } from '../../platform/auth/session.ts';

type Executor = Transaction<DB> | Kysely<DB>;

/** Window of the per-address failure count. */
export const IP_WINDOW_MINUTES = 15;
/**
 * A failure counter (of an account or of an e-mail without one) forgets its failures this long
 * after the last one; login attempts older than this are purged.
 */
export const FAILURE_MEMORY_HOURS = 24;
/** About one claimed attempt in PURGE_ONE_IN deletes old rows, at most PURGE_BATCH per table. */
const PURGE_ONE_IN = 100;
const PURGE_BATCH = 1000;
/** Namespace of the per-address advisory locks (two-key form: apart from the single-key locks). */
const ADDRESS_LOCK_SPACE = 7242010;

export async function findUserForLogin(options: { db: Executor; email: string }) {
  return options.db
    .selectFrom('users')
    .select(['id', 'email', 'password_hash', 'is_active', 'totp_enabled', 'mfa_exempt', 'failed_logins', 'locked_until', 'locale'])
    .where('email', '=', options.email)
    .executeTakeFirst();
}

export async function lockUserRow(options: { db: Transaction<DB>; userId: string }) {
  return options.db
    .selectFrom('users')
    .select([
      'id',
      'email',
      'password_hash',
      'is_active',
      'totp_enabled',
      'totp_secret_enc',
      'totp_pending_enc',
      'totp_last_step',
      'mfa_exempt',
      'failed_logins',
      'locked_until',
      'last_failed_login_at',
    ])
    .where('id', '=', options.userId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** The key of an e-mail without an account in login_failure_counters (the address is not kept). */
export function emailCounterKey(email: string): string {
  return createHash('sha256').update(`ponte-login-failures\u0000${email.trim().toLowerCase()}`).digest('hex');
}

/**
 * When the address has reached its failure limit: the time at which it may try again, else null.
 * The limit is `max` failures within the window; it lifts when the oldest of them leaves it.
 */
export async function ipBlockedUntil(options: { db: Executor; ip: string; now: Date; max: number }): Promise<Date | null> {
  const since = new Date(options.now.getTime() - IP_WINDOW_MINUTES * 60_000);
  const row = await options.db
    .selectFrom('login_attempts')
    .select('at')
    .where('ip', '=', options.ip)
    .where('success', '=', false)
    .where('at', '>', since)
    .orderBy('at', 'desc')
    .offset(options.max - 1)
    .limit(1)
    .executeTakeFirst();
  return row ? new Date(new Date(row.at).getTime() + IP_WINDOW_MINUTES * 60_000) : null;
}

/** Whose failures an attempt counts against: an account, or an e-mail that has none. */
export type AttemptSubject = { userId: string } | { emailKey: string };

/** A failure counter as it was before an attempt claimed it (to undo the claim on success). */
interface CounterState {
  failed: number;
  lockedUntil: Date | null;
  lastFailedAt: Date | null;
}

export type Claim =
  | { kind: 'ip_limited'; until: Date }
  | { kind: 'locked'; until: Date }
  | {
      kind: 'claimed';
      /** The login_attempts row, recorded as a failure until the attempt succeeds. */
      attemptId: string;
      subject: AttemptSubject;
      previous: CounterState;
      /** Set when this attempt reached the limit and locked (reported if it fails, undone if not). */
      lockedUntil: Date | null;
      /** When the claim was made (the counter's last failure, unless another came since). */
      at: Date;
    };

const isLocked = (until: Date | null, now: Date): until is Date => !!until && until.getTime() > now.getTime();
const forgotten = (last: Date | null, now: Date) => !last || last.getTime() <= now.getTime() - FAILURE_MEMORY_HOURS * 3_600_000;

/**
 * Counts an attempt as a failure BEFORE the password or code is checked, so that parallel
 * requests cannot all get past the limits: one transaction serialises the address (advisory lock
 * on it) and the account or unknown e-mail (row lock), refuses when the address is limited or the
 * subject locked, else increments the counter (locking at the limit) and records a failed attempt.
 * The caller commits, checks, and on success calls settleSuccess.
 *
 * Same rules for accounts and unknown e-mails: `max` consecutive failures lock for `lockMinutes`
 * (the counter starts again from 0 after a lock), failures are forgotten FAILURE_MEMORY_HOURS
 * after the last one, attempts while locked or limited do not count against the subject.
 * An attempt refused because of a lock still counts for the address.
 */
export async function claimAttempt(options: {
  db: Transaction<DB>;
  subject: AttemptSubject;
  email: string | null;
  ip: string;
  now: Date;
  max: number;
  lockMinutes: number;
  ipMax: number;
}): Promise<Claim> {
  const { db, subject, now } = options;
  await sql`SELECT pg_advisory_xact_lock(${ADDRESS_LOCK_SPACE}, hashtext(${options.ip}))`.execute(db);
  const ipUntil = await ipBlockedUntil({ db, ip: options.ip, now, max: options.ipMax });
  if (ipUntil) return { kind: 'ip_limited', until: ipUntil };

  let previous: CounterState;
  if ('userId' in subject) {
    const row = await lockUserRow({ db, userId: subject.userId });
    previous = { failed: row.failed_logins, lockedUntil: row.locked_until, lastFailedAt: row.last_failed_login_at };
  } else {
    await db.insertInto('login_failure_counters').values({ email_hash: subject.emailKey, failed_logins: 0, last_failed_at: now }).onConflict((oc) => oc.column('email_hash').doNothing()).execute();
    const row = await db.selectFrom('login_failure_counters').selectAll().where('email_hash', '=', subject.emailKey).forUpdate().executeTakeFirstOrThrow();
    previous = { failed: row.failed_logins, lockedUntil: row.locked_until, lastFailedAt: row.last_failed_at };
  }

  const attempt = await db
    .insertInto('login_attempts')
    .values({ email: options.email, ip: options.ip, success: false, at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (isLocked(previous.lockedUntil, now)) return { kind: 'locked', until: previous.lockedUntil };

  const failed = (forgotten(previous.lastFailedAt, now) ? 0 : previous.failed) + 1;
  const lockedUntil = failed >= options.max ? new Date(now.getTime() + options.lockMinutes * 60_000) : null;
  await writeCounter({ db, subject, state: { failed: lockedUntil ? 0 : failed, lockedUntil: lockedUntil ?? previous.lockedUntil, lastFailedAt: now } });
  if (Math.random() * PURGE_ONE_IN < 1) await purgeStaleLoginRecords({ db, now });
  return { kind: 'claimed', attemptId: attempt.id, subject, previous, lockedUntil, at: now };
}

async function writeCounter(options: { db: Transaction<DB>; subject: AttemptSubject; state: CounterState }): Promise<void> {
  const { db, subject, state } = options;
  if ('userId' in subject) {
    await db
      .updateTable('users')
      .set({ failed_logins: state.failed, locked_until: state.lockedUntil, last_failed_login_at: state.lastFailedAt })
      .where('id', '=', subject.userId)
      .execute();
  } else {
    await db
      .updateTable('login_failure_counters')
      .set({ failed_logins: state.failed, locked_until: state.lockedUntil, ...(state.lastFailedAt ? { last_failed_at: state.lastFailedAt } : {}) })
      .where('email_hash', '=', subject.emailKey)
      .execute();
  }
}

/**
 * The claimed attempt succeeded: its attempt row becomes a success, and its failure is taken back.
 * `reset` (the login is complete: no second factor pending) also clears earlier failures and any
 * lock; otherwise only this attempt's own increment (and the lock it set) is undone, so earlier
 * failures, of the second factor too, still count.
 */
export async function settleSuccess(options: { db: Transaction<DB>; claim: Extract<Claim, { kind: 'claimed' }>; reset: boolean; loggedIn?: boolean; now: Date }): Promise<void> {
  const { db, claim } = options;
  await db.updateTable('login_attempts').set({ success: true }).where('id', '=', claim.attemptId).execute();
  if (!('userId' in claim.subject)) return;
  const userId = claim.subject.userId;
  const row = await lockUserRow({ db, userId });
  let state: CounterState;
  if (options.reset) {
    state = { failed: 0, lockedUntil: null, lastFailedAt: null };
  } else if (claim.lockedUntil && row.locked_until?.getTime() === claim.lockedUntil.getTime()) {
    // This attempt set the lock (nothing could count since): back to the state before it.
    state = { ...claim.previous, lockedUntil: isLocked(claim.previous.lockedUntil, options.now) ? claim.previous.lockedUntil : null };
  } else {
    const ownLast = row.last_failed_login_at?.getTime() === claim.at.getTime();
    state = { failed: Math.max(0, row.failed_logins - 1), lockedUntil: row.locked_until, lastFailedAt: ownLast ? claim.previous.lastFailedAt : row.last_failed_login_at };
  }
  await writeCounter({ db, subject: claim.subject, state });
  if (options.loggedIn) await db.updateTable('users').set({ last_login_at: options.now }).where('id', '=', userId).execute();
}

/**
 * The attempt was never checked (password work refused as busy): as if it had not been made.
 * Same undo as a success without reset; its attempt row is deleted.
 */
export async function abandonClaim(options: { db: Transaction<DB>; claim: Extract<Claim, { kind: 'claimed' }>; now: Date }): Promise<void> {
  const { db, claim } = options;
  if ('userId' in claim.subject) {
    await settleSuccess({ db, claim, reset: false, now: options.now });
  } else {
    const row = await db.selectFrom('login_failure_counters').selectAll().where('email_hash', '=', claim.subject.emailKey).forUpdate().executeTakeFirst();
    if (row) {
      const state: CounterState =
        claim.lockedUntil && row.locked_until?.getTime() === claim.lockedUntil.getTime()
          ? claim.previous
          : { failed: Math.max(0, row.failed_logins - 1), lockedUntil: row.locked_until, lastFailedAt: row.last_failed_at };
      await writeCounter({ db, subject: claim.subject, state });
    }
  }
  await db.deleteFrom('login_attempts').where('id', '=', claim.attemptId).execute();
}

/**
 * Deletes login attempts older than the longest window and unknown-e-mail counters that have
 * forgotten their failures and are not locked (such a row means the same as no row), at most
 * PURGE_BATCH of each.
 */
export async function purgeStaleLoginRecords(options: { db: Transaction<DB>; now: Date }): Promise<void> {
  const { db, now } = options;
  const before = new Date(now.getTime() - FAILURE_MEMORY_HOURS * 3_600_000);
  await db
    .deleteFrom('login_attempts')
    .where('id', 'in', (eb) => eb.selectFrom('login_attempts').select('id').where('at', '<', before).orderBy('at').limit(PURGE_BATCH))
    .execute();
  await db
    .deleteFrom('login_failure_counters')
    .where('email_hash', 'in', (eb) =>
      eb
        .selectFrom('login_failure_counters')
        .select('email_hash')
        .where('last_failed_at', '<=', before)
        .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<=', now)]))
        .limit(PURGE_BATCH),
    )
    .execute();
}

/** The organisation a new session acts for: the user's oldest membership in an active body. */
export async function defaultOrganisation(options: { db: Executor; userId: string }): Promise<string | null> {
  const row = await options.db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select('m.organisation_id')
    .where('m.user_id', '=', options.userId)
    .where('o.is_active', '=', true)
    .orderBy('m.created_at')
    .orderBy('o.name')
    .limit(1)
    .executeTakeFirst();
  return row?.organisation_id ?? null;
}

export async function membershipExists(options: { db: Executor; userId: string; organisationId: string }): Promise<boolean> {
  const row = await options.db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select('m.organisation_id')
    .where('m.user_id', '=', options.userId)
    .where('m.organisation_id', '=', options.organisationId)
    .where('o.is_active', '=', true)
    .executeTakeFirst();
  return !!row;
}

export type MfaState = 'not_needed' | 'required' | 'setup_required';

export interface Me {
  user: { id: string; email: string; displayName: string; locale: 'it' | 'en'; totpEnabled: boolean };
  organisation: { id: string; code: string; name: string } | null;
  role: { key: string; nameIt: string; nameEn: string } | null;
  permissions: string[];
  memberships: Array<{ organisationId: string; organisationCode: string; organisationName: string; roleKey: string }>;
  mfa: { required: boolean; verified: boolean };
  csrfToken: string;
}

/** The profile answer of GET /api/me (and of login, 2FA and profile changes). */
export async function buildMe(options: { db: Executor; sessionId: string; demo: boolean }): Promise<Me> {
  const { db } = options;
  const session = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.user_id', 's.organisation_id', 's.csrf_token', 's.mfa_verified', 'u.email', 'u.display_name', 'u.locale', 'u.totp_enabled', 'u.mfa_exempt'])
    .where('s.id', '=', options.sessionId)
    .executeTakeFirstOrThrow();
  const memberships = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .innerJoin('roles as r', 'r.id', 'm.role_id')
    .select(['o.id', 'o.code', 'o.name', 'r.key', 'r.name_it', 'r.name_en'])
    .where('m.user_id', '=', session.user_id)
    .where('o.is_active', '=', true)
    .orderBy('m.created_at')
    .orderBy('o.name')
    .execute();
  const { permissions } = await loadPermissions({ db, userId: session.user_id, organisationId: session.organisation_id });
  const required = sessionNeedsMfa({ permissions, totpEnabled: session.totp_enabled, mfaExempt: session.mfa_exempt, demo: options.demo });
  const current = memberships.find((m) => m.id === session.organisation_id);
  const pending = required && !session.mfa_verified;
  return {
    user: { id: session.user_id, email: session.email, displayName: session.display_name, locale: session.locale, totpEnabled: session.totp_enabled },
    organisation: current ? { id: current.id, code: current.code, name: current.name } : null,
    role: current ? { key: current.key, nameIt: current.name_it, nameEn: current.name_en } : null,
    // Until the second factor is passed the permissions cannot be used, so none are reported.
    permissions: pending ? [] : [...permissions].sort(),
    memberships: memberships.map((m) => ({ organisationId: m.id, organisationCode: m.code, organisationName: m.name, roleKey: m.key })),
    mfa: { required, verified: session.mfa_verified },
    csrfToken: session.csrf_token,
  };
}
