/**
 * Logged-in test users without going through the login routes: inserts a user with a membership
 * in an organisation with the given role and opens a session directly (second factor passed).
 * Returns what a browser would send: the session cookie and the CSRF token.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { createSession } from '../../src/server/platform/auth/session.ts';
import type { TestApp } from '../helpers/app.ts';

export interface LoggedIn {
  userId: string;
  orgId: string;
  roleKey: string;
  email: string;
  cookie: string;
  csrfToken: string;
  /** Headers for app.inject: cookie, CSRF token, and JSON. */
  headers: Record<string, string>;
}

/** An organisation for test users (created once per code). */
export async function ensureTestOrganisation(options: { db: Kysely<DB>; code?: string; type?: string }): Promise<string> {
  const code = options.code ?? 'test-org';
  const existing = await options.db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirst();
  if (existing) return existing.id;
  const r = await options.db
    .insertInto('organisations')
    .values({ code, name: `Test organisation ${code}`, org_type: options.type ?? 'ngo', provinces: ['001'] })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

let counter = 0;

/** Creates a user holding `roleKey` in the organisation and a verified session for them. */
export async function loginAs(options: { t: TestApp; roleKey: string; orgId?: string; email?: string; mfaExempt?: boolean }): Promise<LoggedIn> {
  const { t, roleKey } = options;
  const db = t.database.db;
  const orgId = options.orgId ?? (await ensureTestOrganisation({ db }));
  const role = await db.selectFrom('roles').select('id').where('key', '=', roleKey).executeTakeFirstOrThrow();
  counter++;
  const email = options.email ?? `${roleKey.replace(/_/g, '-')}-${counter}-${Date.now().toString(36)}@test.ponte.invalid`;
  const user = await db
    .insertInto('users')
    .values({ email, display_name: `Test ${roleKey} ${counter}`, mfa_exempt: options.mfaExempt ?? false })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('memberships').values({ user_id: user.id, organisation_id: orgId, role_id: role.id }).execute();
  const session = await createSession({
    db,
    userId: user.id,
    organisationId: orgId,
    mfaVerified: true,
    now: t.clock.now(),
    policy: t.app.services.sessionPolicy,
    ip: '127.0.0.1',
    userAgent: 'vitest',
  });
  const cookie = `ponte_session=${session.token}`;
  return {
    userId: user.id,
    orgId,
    roleKey,
    email,
    cookie,
    csrfToken: session.csrfToken,
    headers: { cookie, 'x-csrf-token': session.csrfToken },
  };
}
