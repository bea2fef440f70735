/**
 * A logged-in user for API tests, without going through the login routes: creates (or reuses) an
 * organisation, a user with a membership in it, and a session, and returns what a browser would
 * send. The session is made at the test app's clock time, with the second factor already passed
 * (pass mfaVerified: false to test the MFA gate).
 *
 *   const admin = await loginAs({ t, roleKey: 'system_admin' });
 *   await t.app.inject({ method: 'GET', url: '/api/audit', headers: admin.headers });
 *
 * roleKey is a built-in role, or any role key together with `permissions` (the role is created
 * once with exactly those permissions). Users logged in with the same orgCode share the
 * organisation. Every call makes a new user unless `email` names an existing one (it then gets
 * the membership if missing, and a new session acting for that organisation).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import type { Database } from '../../src/db/client.ts';
import type { PonteApp } from '../../src/server/app.ts';
import type { Clock } from '../../src/server/platform/clock.ts';
import { CSRF_HEADER, SESSION_COOKIE, createSession } from '../../src/server/platform/auth/session.ts';
import type { Permission } from '../../src/domain/permissions.ts';

export interface LoggedIn {
  /** `ponte_session=<token>`, for a `cookie` header. */
  cookie: string;
  /** The CSRF token to send in `x-csrf-token` on state-changing requests. */
  csrf: string;
  userId: string;
  orgId: string;
  orgCode: string;
  email: string;
  /** The session id (SHA-256 of the token), to find or revoke the session in the database. */
  sessionId: string;
  /** Both headers, ready for app.inject. */
  headers: { cookie: string; 'x-csrf-token': string };
}

export async function loginAs(options: {
  t: { app: PonteApp; database: Database; clock: Clock };
  roleKey: string;
  orgCode?: string;
  /** Creates the role with these permissions when it does not exist. */
  permissions?: readonly Permission[];
  email?: string;
  displayName?: string;
  mfaVerified?: boolean;
}): Promise<LoggedIn> {
  const { t, roleKey } = options;
  const db = t.database.db;
  const now = t.clock.now();
  const orgCode = options.orgCode ?? `org-${randomBytes(4).toString('hex')}`;
  const orgId = await ensureOrganisation({ db, code: orgCode });
  const roleId = await ensureRole({ db, key: roleKey, permissions: options.permissions });
  const email = (options.email ?? `${roleKey.replace(/_/g, '-')}-${randomBytes(5).toString('hex')}@test.ponte.invalid`).toLowerCase();

  const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  const userId =
    existing?.id ??
    (
      await db
        .insertInto('users')
        .values({ email, display_name: options.displayName ?? `Test ${roleKey}`, mfa_exempt: false, password_changed_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  await db
    .insertInto('memberships')
    .values({ user_id: userId, organisation_id: orgId, role_id: roleId })
    .onConflict((oc) => oc.columns(['user_id', 'organisation_id']).doUpdateSet({ role_id: roleId }))
    .execute();

  const session = await createSession({
    db,
    userId,
    organisationId: orgId,
    mfaVerified: options.mfaVerified ?? true,
    now,
    policy: t.app.services.sessionPolicy,
    ip: '127.0.0.1',
    userAgent: 'vitest',
  });
  const cookie = `${SESSION_COOKIE}=${session.token}`;
  return {
    cookie,
    csrf: session.csrfToken,
    userId,
    orgId,
    orgCode,
    email,
    sessionId: session.sessionId,
    headers: { cookie, [CSRF_HEADER]: session.csrfToken },
  };
}

async function ensureOrganisation(options: { db: Kysely<DB>; code: string }): Promise<string> {
  const { db, code } = options;
  await db
    .insertInto('organisations')
    .values({ code, name: `Test organisation ${code}`, org_type: 'ngo' })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const row = await db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return row.id;
}

async function ensureRole(options: { db: Kysely<DB>; key: string; permissions: readonly Permission[] | undefined }): Promise<string> {
  const { db, key, permissions } = options;
  const found = await db.selectFrom('roles').select('id').where('key', '=', key).executeTakeFirst();
  if (found) return found.id;
  if (!permissions) throw new Error(`loginAs: no role "${key}"; pass permissions to create it`);
  return db.transaction().execute(async (trx) => {
    const role = await trx
      .insertInto('roles')
      .values({ key, name_it: key, name_en: key, description: 'test role' })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!role) return (await trx.selectFrom('roles').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;
    if (permissions.length > 0) {
      await trx.insertInto('role_permissions').values(permissions.map((permission) => ({ role_id: role.id, permission }))).execute();
    }
    return role.id;
  });
}
