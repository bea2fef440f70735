/**
 * The access suites' organisation-by-id front to tests/helpers/login.ts (which makes the user, the
 * membership and a session with the second factor passed).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { loginAs as loginAsMember, type LoggedIn } from '../helpers/login.ts';
import type { TestApp } from '../helpers/app.ts';

export type { LoggedIn } from '../helpers/login.ts';

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

/**
 * loginAs of tests/helpers/login.ts, acting for an organisation given by id (default: the shared
 * test organisation made by ensureTestOrganisation).
 */
export async function loginAs(options: { t: TestApp; roleKey: string; orgId?: string; email?: string }): Promise<LoggedIn> {
  const db = options.t.database.db;
  const orgId = options.orgId ?? (await ensureTestOrganisation({ db }));
  const org = await db.selectFrom('organisations').select('code').where('id', '=', orgId).executeTakeFirstOrThrow();
  return loginAsMember({ t: options.t, roleKey: options.roleKey, orgCode: org.code, ...(options.email ? { email: options.email } : {}) });
}
