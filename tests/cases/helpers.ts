/** Shared set-up of the cases tests: an organisation with one user per role, persons and requests. */
import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { insertPerson } from '../helpers/records.ts';
import type { StoredIdentity } from '../../src/domain/persons/index.ts';

export const TODAY = '2026-06-15';

export interface CaseWorld {
  orgId: string;
  otherOrgId: string;
  worker: LoggedIn;
  worker2: LoggedIn;
  coordinator: LoggedIn;
  specialist: LoggedIn;
  outreach: LoggedIn;
  desk: LoggedIn;
  /** A case worker of another organisation. */
  outsider: LoggedIn;
  outsiderCoordinator: LoggedIn;
}

export async function makeWorld(t: TestApp): Promise<CaseWorld> {
  t.clock.set(`${TODAY}T10:00:00Z`);
  const db = t.database.db;
  const orgId = await ensureTestOrganisation({ db, code: 'cases-org' });
  const otherOrgId = await ensureTestOrganisation({ db, code: 'cases-other-org' });
  const as = (roleKey: string, org = orgId) => loginAs({ t, roleKey, orgId: org });
  return {
    orgId,
    otherOrgId,
    worker: await as('case_worker'),
    worker2: await as('case_worker'),
    coordinator: await as('coordinator'),
    specialist: await as('specialist'),
    outreach: await as('outreach_worker'),
    desk: await as('desk_worker'),
    outsider: await as('case_worker', otherOrgId),
    outsiderCoordinator: await as('coordinator', otherOrgId),
  };
}

export async function person(t: TestApp, orgId: string, identity: Partial<StoredIdentity> = {}): Promise<{ id: string; code: string }> {
  return insertPerson({ db: t.database.db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId, identity });
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function call(t: TestApp, user: LoggedIn | null, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object): Promise<{ status: number; body: Json }> {
  const r = await t.app.inject({ method, url, ...(user ? { headers: user.headers } : {}), ...(payload !== undefined ? { payload } : {}) });
  return { status: r.statusCode, body: r.body ? r.json<Json>() : {} };
}

export async function openCase(t: TestApp, user: LoggedIn, body: object): Promise<Json> {
  const r = await call(t, user, 'POST', '/api/cases', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

export async function setLocale(t: TestApp, user: LoggedIn, locale: 'it' | 'en'): Promise<void> {
  await t.database.db.updateTable('users').set({ locale }).where('id', '=', user.userId).execute();
}

/** Audit entries written after `mark` (an audit_log id). */
export async function auditSince(t: TestApp, mark: string): Promise<{ action: string; outcome: string; record_type: string | null; record_id: string | null; fields: string[] | null; actor_user_id: string | null }[]> {
  return t.database.db
    .selectFrom('audit_log')
    .select(['action', 'outcome', 'record_type', 'record_id', 'fields', 'actor_user_id'])
    .where('id', '>', mark)
    .orderBy('id')
    .execute();
}
