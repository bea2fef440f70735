/**
 * Auth fixtures: users with memberships, logins through the API, TOTP codes from the test clock,
 * and database snapshots to prove a refused request changed nothing.
 */
import { expect } from 'vitest';
import { generate } from 'otplib';
import type { LightMyRequestResponse } from 'fastify';
import { hashPassword } from '../../src/server/platform/auth/password.ts';
import type { TestApp } from './app.ts';

/** Fast argon2 for tests (production defaults stay 64 MiB, t=3). */
export const fastArgon = { PONTE_ARGON2_MEMORY_KIB: '1024', PONTE_ARGON2_TIME_COST: '1' };

export const PASSWORD = 'correct horse battery staple';

let counter = 0;

export async function createOrganisation(t: TestApp, code?: string): Promise<string> {
  const c = code ?? `org-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  const row = await t.database.db.insertInto('organisations').values({ code: c, name: `Ente ${c}`, org_type: 'ngo' }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function createUser(
  t: TestApp,
  options: { role?: string | null; organisationId?: string; password?: string; mfaExempt?: boolean; email?: string } = {},
): Promise<{ id: string; email: string; organisationId: string | null }> {
  const email = options.email ?? `user${++counter}.${Math.random().toString(36).slice(2, 8)}@example.org`;
  const user = await t.database.db
    .insertInto('users')
    .values({ email, display_name: `User ${counter}`, password_hash: await hashPassword(options.password ?? PASSWORD), mfa_exempt: options.mfaExempt ?? false })
    .returning('id')
    .executeTakeFirstOrThrow();
  let organisationId: string | null = null;
  if (options.role !== null) {
    organisationId = options.organisationId ?? (await createOrganisation(t));
    const role = await t.database.db.selectFrom('roles').select('id').where('key', '=', options.role ?? 'observatory_analyst').executeTakeFirstOrThrow();
    await t.database.db.insertInto('memberships').values({ user_id: user.id, organisation_id: organisationId, role_id: role.id }).execute();
  }
  return { id: user.id, email, organisationId };
}

export interface Session {
  cookie: string;
  csrf: string;
  response: LightMyRequestResponse;
}

export function sessionCookie(r: LightMyRequestResponse): string | undefined {
  const c = r.cookies.find((x) => x.name === 'ponte_session');
  return c?.value;
}

export async function login(t: TestApp, email: string, password = PASSWORD, ip = '10.0.0.1'): Promise<Session> {
  const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });
  expect(response.statusCode, response.body).toBe(200);
  return { cookie: sessionCookie(response)!, csrf: response.json().csrfToken as string, response };
}

/** Sends a request with the session cookie and (for unsafe methods) the CSRF token. */
export async function call(
  t: TestApp,
  s: Session | null,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
  url: string,
  payload?: unknown,
  extra: { csrf?: string | null; ip?: string; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...extra.headers };
  if (s) headers.cookie = `ponte_session=${s.cookie}`;
  const csrf = extra.csrf === undefined ? s?.csrf : extra.csrf;
  if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
  const r = await t.app.inject({ method, url, headers, remoteAddress: extra.ip ?? '10.0.0.1', ...(payload === undefined ? {} : { payload: payload as object }) });
  // Like a browser: a new session cookie replaces the old one.
  const renewed = sessionCookie(r);
  if (s && renewed) s.cookie = renewed;
  return r;
}

export async function totpNow(t: TestApp, secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) });
}

/** Sets up and confirms TOTP in this session; returns the secret and the recovery codes. */
export async function enableTotp(t: TestApp, s: Session): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await call(t, s, 'POST', '/api/auth/mfa/setup', {});
  expect(setup.statusCode, setup.body).toBe(200);
  const secret = setup.json().secret as string;
  const confirm = await call(t, s, 'POST', '/api/auth/mfa/confirm', { code: await totpNow(t, secret) });
  expect(confirm.statusCode, confirm.body).toBe(200);
  // The next code must come from a later time step (a code is never accepted twice).
  t.clock.advance({ seconds: 30 });
  return { secret, recoveryCodes: confirm.json().recoveryCodes as string[] };
}

/** Everything a refused request must leave as it was. */
export async function snapshot(t: TestApp): Promise<unknown> {
  const db = t.database.db;
  return {
    users: await db.selectFrom('users').selectAll().orderBy('id').execute(),
    sessions: await db.selectFrom('sessions').selectAll().orderBy('id').execute(),
    memberships: await db.selectFrom('memberships').selectAll().orderBy('user_id').orderBy('organisation_id').execute(),
    recovery: await db.selectFrom('recovery_codes').selectAll().orderBy('id').execute(),
    attempts: await db.selectFrom('login_attempts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst(),
    audit: await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst(),
    keys: await db.selectFrom('encryption_keys').selectAll().orderBy('id').execute(),
  };
}

export async function auditRows(t: TestApp, action: string) {
  return t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

/** No answer ever carries a stack trace or internal detail. */
export function expectNoStack(r: LightMyRequestResponse): void {
  expect(r.body).not.toMatch(/\bat .+\.(ts|js):\d+/);
  expect(r.body).not.toMatch(/node_modules|stack|PonteError/);
}
