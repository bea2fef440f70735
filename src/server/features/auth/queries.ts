/**
 * SQL of the auth and profile features. Every function takes the transaction it runs in
 * (from req.access), never the database client.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { loadPermissions, sessionNeedsMfa } from '../../platform/auth/session.ts';

type Executor = Transaction<DB> | Kysely<DB>;

/** Window of the per-address failure count. */
export const IP_WINDOW_MINUTES = 15;
/** How far back failures of an unknown e-mail are replayed to mimic an account lock. */
const UNKNOWN_EMAIL_HORIZON_HOURS = 24;

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
    .select(['id', 'email', 'password_hash', 'is_active', 'totp_enabled', 'totp_secret_enc', 'totp_pending_enc', 'totp_last_step', 'mfa_exempt', 'failed_logins', 'locked_until'])
    .where('id', '=', options.userId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function recordAttempt(options: { db: Transaction<DB>; email: string | null; ip: string; success: boolean; now: Date }): Promise<void> {
  await options.db
    .insertInto('login_attempts')
    .values({ email: options.email, ip: options.ip, success: options.success, at: options.now })
    .execute();
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

/**
 * For an e-mail with no account: replays its recent failures through the same lock rule as real
 * accounts (N consecutive failures lock for M minutes; attempts while locked do not count), so
 * that an unknown address gets locked exactly like a known one and lockout reveals nothing.
 */
export async function unknownEmailLockedUntil(options: { db: Executor; email: string; now: Date; max: number; lockMinutes: number }): Promise<Date | null> {
  const since = new Date(options.now.getTime() - UNKNOWN_EMAIL_HORIZON_HOURS * 3_600_000);
  const rows = await options.db
    .selectFrom('login_attempts')
    .select('at')
    .where('email', '=', options.email)
    .where('success', '=', false)
    .where('at', '>', since)
    .orderBy('at', 'asc')
    .limit(1000)
    .execute();
  let count = 0;
  let lockedUntil = 0;
  for (const r of rows) {
    const t = new Date(r.at).getTime();
    if (t < lockedUntil) continue;
    count++;
    if (count >= options.max) {
      lockedUntil = t + options.lockMinutes * 60_000;
      count = 0;
    }
  }
  return lockedUntil > options.now.getTime() ? new Date(lockedUntil) : null;
}

/**
 * Counts a failed login against an account (wrong password, wrong code); locks it when the limit
 * is reached. Returns the lock end when this failure locked it.
 */
export async function registerAccountFailure(options: { db: Transaction<DB>; userId: string; now: Date; max: number; lockMinutes: number }): Promise<Date | null> {
  const row = await options.db
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', options.userId)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  if (row.failed_logins < options.max) return null;
  const until = new Date(options.now.getTime() + options.lockMinutes * 60_000);
  await options.db.updateTable('users').set({ failed_logins: 0, locked_until: until }).where('id', '=', options.userId).execute();
  return until;
}

export async function resetAccountFailures(options: { db: Transaction<DB>; userId: string; now: Date; loggedIn: boolean }): Promise<void> {
  await options.db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null, ...(options.loggedIn ? { last_login_at: options.now } : {}) })
    .where('id', '=', options.userId)
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
