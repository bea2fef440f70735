/**
 * Server-side sessions. The cookie carries a random token; the database keeps only its SHA-256.
 * A session ends after the idle timeout, at its absolute end, on logout, and at once when the user
 * is disabled or their role changes (revokeUserSessions).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { isPermission, roleNeedsMfa, type Permission } from '../../../domain/permissions.ts';
import type { Actor } from '../access.ts';
import { writeAudit, type AuditContext } from '../audit.ts';

export const SESSION_COOKIE = 'ponte_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteMinutes: number;
  /** Demo mode lets accounts flagged mfa_exempt skip two-factor verification. */
  demo: boolean;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The public handle of a session, shown in the profile's session list and used to end one
 * session: derived from the stored id (itself a hash of the token), so neither the token nor
 * its hash ever leaves the server.
 */
export function sessionHandle(sessionId: string): string {
  return createHash('sha256').update(`ponte-session-handle\u0000${sessionId}`).digest('hex').slice(0, 32);
}

/** Whether a session needs a second factor: a role with personal data, or a user who enabled TOTP. */
export function sessionNeedsMfa(options: { permissions: Iterable<string>; totpEnabled: boolean; mfaExempt: boolean; demo: boolean }): boolean {
  if (options.demo && options.mfaExempt) return false;
  return options.totpEnabled || roleNeedsMfa(options.permissions);
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Creates a session and returns the token for the cookie (shown once, never stored). */
export async function createSession(options: {
  db: Transaction<DB> | Kysely<DB>;
  userId: string;
  organisationId: string | null;
  mfaVerified: boolean;
  now: Date;
  policy: SessionPolicy;
  ip: string | null;
  userAgent: string | null;
}): Promise<{ token: string; csrfToken: string; sessionId: string; expiresAt: Date }> {
  const token = newToken();
  const csrfToken = newToken();
  const sessionId = hashToken(token);
  const expiresAt = new Date(options.now.getTime() + options.policy.absoluteMinutes * 60_000);
  await options.db
    .insertInto('sessions')
    .values({
      id: sessionId,
      user_id: options.userId,
      organisation_id: options.organisationId,
      csrf_token: csrfToken,
      mfa_verified: options.mfaVerified,
      created_at: options.now,
      last_seen_at: options.now,
      expires_at: expiresAt,
      ip: options.ip,
      user_agent: options.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken, sessionId, expiresAt };
}

/**
 * Gives a session a new token (after the second factor: a token seen before the privilege change
 * is worth nothing after it). Returns the new token for the cookie and the new session id.
 */
export async function rotateSessionToken(options: {
  db: Transaction<DB> | Kysely<DB>;
  sessionId: string;
}): Promise<{ token: string; sessionId: string }> {
  const token = newToken();
  const sessionId = hashToken(token);
  await options.db.updateTable('sessions').set({ id: sessionId }).where('id', '=', options.sessionId).execute();
  return { token, sessionId };
}

/** Ends every open session of a user (disabled account, role change, "log out everywhere"). */
export async function revokeUserSessions(options: {
  db: Transaction<DB> | Kysely<DB>;
  userId: string;
  reason: string;
  now: Date;
  exceptSessionId?: string;
}): Promise<number> {
  let q = options.db
    .updateTable('sessions')
    .set({ revoked_at: options.now, revoke_reason: options.reason })
    .where('user_id', '=', options.userId)
    .where('revoked_at', 'is', null);
  if (options.exceptSessionId) q = q.where('id', '!=', options.exceptSessionId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function loadPermissions(options: {
  db: Kysely<DB> | Transaction<DB>;
  userId: string;
  organisationId: string | null;
}): Promise<{ roleKey: string | null; permissions: Set<Permission> }> {
  if (!options.organisationId) return { roleKey: null, permissions: new Set() };
  const rows = await options.db
    .selectFrom('memberships as m')
    .innerJoin('roles as r', 'r.id', 'm.role_id')
    .leftJoin('role_permissions as rp', 'rp.role_id', 'r.id')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['r.key', 'rp.permission'])
    .where('m.user_id', '=', options.userId)
    .where('m.organisation_id', '=', options.organisationId)
    .where('o.is_active', '=', true)
    .execute();
  if (rows.length === 0) return { roleKey: null, permissions: new Set() };
  const permissions = new Set<Permission>();
  for (const r of rows) if (r.permission && isPermission(r.permission)) permissions.add(r.permission);
  return { roleKey: rows[0]?.key ?? null, permissions };
}

export type SessionLookup =
  | { kind: 'none' }
  | { kind: 'expired'; reason: 'idle' | 'absolute' | 'revoked' | 'disabled' }
  | { kind: 'active'; actor: Actor; csrfToken: string; locale: 'it' | 'en' };

/** Resolves the session cookie into an actor, ending it if it has timed out. */
export async function resolveSession(options: {
  db: Kysely<DB>;
  token: string | undefined;
  now: Date;
  policy: SessionPolicy;
  audit: AuditContext;
}): Promise<SessionLookup> {
  const { db, token, now, policy } = options;
  if (!token || token.length > 100) return { kind: 'none' };
  const id = hashToken(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id', 's.user_id', 's.organisation_id', 's.csrf_token', 's.mfa_verified', 's.last_seen_at',
      's.expires_at', 's.revoked_at', 'u.email', 'u.display_name', 'u.is_active', 'u.mfa_exempt',
      'u.totp_enabled', 'u.locale',
    ])
    // The role and its permissions in the session's organisation (what loadPermissions reads) in
    // the same statement: one round trip fewer on every API request.
    .select((eb) => [
      eb
        .selectFrom('memberships as m')
        .innerJoin('roles as r', 'r.id', 'm.role_id')
        .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
        .select('r.key')
        .whereRef('m.user_id', '=', 's.user_id')
        .whereRef('m.organisation_id', '=', 's.organisation_id')
        .where('o.is_active', '=', true)
        .as('role_key'),
      eb
        .selectFrom('memberships as m')
        .innerJoin('role_permissions as rp', 'rp.role_id', 'm.role_id')
        .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
        .select(sql<string[]>`coalesce(array_agg(rp.permission), '{}')`.as('permissions'))
        .whereRef('m.user_id', '=', 's.user_id')
        .whereRef('m.organisation_id', '=', 's.organisation_id')
        .where('o.is_active', '=', true)
        .as('permissions'),
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return { kind: 'none' };
  if (row.revoked_at) return { kind: 'expired', reason: 'revoked' };

  const idleEnd = new Date(row.last_seen_at).getTime() + policy.idleMinutes * 60_000;
  const absoluteEnd = new Date(row.expires_at).getTime();
  const reason = !row.is_active ? 'disabled' : now.getTime() >= absoluteEnd ? 'absolute' : now.getTime() >= idleEnd ? 'idle' : null;
  if (reason) {
    await db.transaction().execute(async (trx) => {
      const ended = await trx
        .updateTable('sessions')
        .set({ revoked_at: now, revoke_reason: reason })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(ended.numUpdatedRows) > 0) {
        await writeAudit({
          db: trx,
          context: { ...options.audit, userId: row.user_id, orgId: row.organisation_id },
          entry: { action: 'auth.session_expired', outcome: 'success', recordType: 'session', details: { reason } },
        });
      }
    });
    return { kind: 'expired', reason };
  }

  // Sliding idle window; written at most every 15 s to spare the database.
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 15_000) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }

  const roleKey = row.role_key ?? null;
  const permissions = new Set<Permission>();
  if (roleKey !== null) for (const p of row.permissions ?? []) if (isPermission(p)) permissions.add(p);
  const mfaRequired = sessionNeedsMfa({ permissions, totpEnabled: row.totp_enabled, mfaExempt: row.mfa_exempt, demo: policy.demo });
  return {
    kind: 'active',
    csrfToken: row.csrf_token,
    locale: row.locale,
    actor: {
      userId: row.user_id,
      email: row.email,
      displayName: row.display_name,
      orgId: row.organisation_id,
      roleKey,
      permissions,
      sessionId: row.id,
      mfaVerified: row.mfa_verified,
      mfaPending: mfaRequired && !row.mfa_verified,
      totpEnabled: row.totp_enabled,
    },
  };
}
