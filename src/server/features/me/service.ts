/**
 * The logged-in user's own profile: who am I, language and name, acting organisation, password,
 * open sessions.
 */
import { PonteError } from '../../platform/errors.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { revokeUserSessions, sessionHandle } from '../../platform/auth/session.ts';
import { buildMe, lockUserRow, membershipExists, settleSuccess, type Me } from '../auth/queries.ts';
import { requireSession, verifyCurrentPassword, type AuthDeps } from '../auth/service.ts';

/** GET /api/me: also answers for a session still waiting for its second factor. */
export async function getMe(deps: AuthDeps): Promise<Me> {
  const actor = requireSession(deps.access);
  return deps.access.anonymousTransaction((tx) => buildMe({ db: tx.db, sessionId: actor.sessionId, demo: deps.policy.demo }));
}

/** PATCH /api/me */
export async function updateProfile(deps: AuthDeps & { locale?: 'it' | 'en' | undefined; displayName?: string | undefined }): Promise<Me> {
  const { access } = deps;
  const actor = access.requireActor();
  return access.transaction(async (tx) => {
    const fields: string[] = [];
    const set: { locale?: 'it' | 'en'; display_name?: string } = {};
    if (deps.locale !== undefined) {
      set.locale = deps.locale;
      fields.push('locale');
    }
    if (deps.displayName !== undefined) {
      set.display_name = deps.displayName;
      fields.push('displayName');
    }
    if (fields.length > 0) {
      await tx.db.updateTable('users').set({ ...set, updated_at: tx.now }).where('id', '=', actor.userId).execute();
      await tx.audit({ action: 'user.update', outcome: 'success', recordType: 'user', recordId: actor.userId, fields, details: { self: true } });
    }
    return buildMe({ db: tx.db, sessionId: actor.sessionId, demo: deps.policy.demo });
  });
}

/** POST /api/me/organisation: act for another organisation the user belongs to. */
export async function switchOrganisation(deps: AuthDeps & { organisationId: string }): Promise<Me> {
  const { access } = deps;
  const actor = access.requireActor();
  const result = await access.transaction(async (tx) => {
    if (!(await membershipExists({ db: tx.db, userId: actor.userId, organisationId: deps.organisationId }))) return null;
    await tx.db.updateTable('sessions').set({ organisation_id: deps.organisationId }).where('id', '=', actor.sessionId).execute();
    await tx.audit({ action: 'auth.switch_org', outcome: 'success', recordType: 'organisation', recordId: deps.organisationId, details: { from: actor.orgId } });
    return buildMe({ db: tx.db, sessionId: actor.sessionId, demo: deps.policy.demo });
  });
  if (!result) {
    await access.auditDenied({ action: 'auth.switch_org', recordType: 'organisation', recordId: deps.organisationId, details: { reason: 'not_a_member' } });
    throw new PonteError({ code: 'not_found', detail: 'not a membership of the user' });
  }
  return result;
}

/**
 * POST /api/me/password: the current password is required (counted and limited like a login:
 * account lock and per-address limit, audited when refused); every other session ends.
 */
export async function changePassword(deps: AuthDeps & { currentPassword: string; newPassword: string }): Promise<void> {
  const { access } = deps;
  const actor = access.requireActor();
  // Checked first: it needs nothing stored, and a refused change writes nothing.
  if (deps.newPassword === deps.currentPassword || deps.newPassword.toLowerCase() === actor.email.toLowerCase()) {
    throw new PonteError({
      code: 'validation',
      issues: [{ path: 'body.newPassword', message: access.meta.locale === 'en' ? 'Choose a different password.' : 'Scegli una password diversa.' }],
    });
  }
  const { claim, passwordHash } = await verifyCurrentPassword({ deps, actor, password: deps.currentPassword, action: 'auth.password_changed', lockoutAfter: 'password_change' });
  // The current password was right: its attempt is taken back whatever happens next.
  const settle = (tx: { db: Parameters<typeof settleSuccess>[0]['db'] }) => settleSuccess({ db: tx.db, claim, reset: true, now: access.clock.now() });
  let hash: string;
  try {
    hash = await hashPassword(deps.newPassword);
  } catch (e) {
    await access.transaction(settle);
    throw e;
  }
  const changed = await access.transaction(async (tx) => {
    const row = await lockUserRow({ db: tx.db, userId: actor.userId });
    await settle(tx);
    if (row.password_hash !== passwordHash) return false;
    await tx.db.updateTable('users').set({ password_hash: hash, password_changed_at: tx.now, updated_at: tx.now }).where('id', '=', actor.userId).execute();
    const ended = await revokeUserSessions({ db: tx.db, userId: actor.userId, reason: 'password_changed', now: tx.now, exceptSessionId: actor.sessionId });
    await tx.audit({ action: 'auth.password_changed', outcome: 'success', recordType: 'user', recordId: actor.userId, details: { otherSessionsEnded: ended } });
    return true;
  });
  if (!changed) throw new PonteError({ code: 'conflict', detail: 'password changed meanwhile' });
}

export interface SessionItem {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

/** The user's sessions that are still open, newest first. */
async function openSessions(deps: AuthDeps) {
  const { access } = deps;
  const actor = access.requireActor();
  const now = access.clock.now();
  const rows = await access.transaction((tx) =>
    tx.db
      .selectFrom('sessions')
      .select(['id', 'created_at', 'last_seen_at', 'ip', 'user_agent'])
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .where('last_seen_at', '>', new Date(now.getTime() - deps.policy.idleMinutes * 60_000))
      .orderBy('created_at', 'desc')
      .execute(),
  );
  return { actor, rows };
}

/** GET /api/me/sessions */
export async function listSessions(deps: AuthDeps): Promise<SessionItem[]> {
  const { actor, rows } = await openSessions(deps);
  return rows.map((r) => ({
    id: sessionHandle(r.id),
    createdAt: new Date(r.created_at).toISOString(),
    lastSeenAt: new Date(r.last_seen_at).toISOString(),
    ip: r.ip,
    userAgent: r.user_agent,
    current: r.id === actor.sessionId,
  }));
}

/** DELETE /api/me/sessions/:id — returns whether it was the current session. */
export async function endSession(deps: AuthDeps & { handle: string }): Promise<{ current: boolean }> {
  const { access } = deps;
  const { actor, rows } = await openSessions(deps);
  const target = rows.find((r) => sessionHandle(r.id) === deps.handle);
  if (!target) {
    await access.auditDenied({ action: 'auth.session_revoked', recordType: 'session', recordId: deps.handle, details: { reason: 'not_found' } });
    throw new PonteError({ code: 'not_found', detail: 'no such open session of the user' });
  }
  await access.transaction(async (tx) => {
    await tx.db.updateTable('sessions').set({ revoked_at: tx.now, revoke_reason: 'ended_by_user' }).where('id', '=', target.id).where('user_id', '=', actor.userId).execute();
    await tx.audit({ action: 'auth.session_revoked', outcome: 'success', recordType: 'session', recordId: deps.handle, details: { current: target.id === actor.sessionId } });
  });
  return { current: target.id === actor.sessionId };
}
