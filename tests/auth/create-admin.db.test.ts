import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { auditRows, fastArgon, snapshot } from '../helpers/auth.ts';
import { CreateAdminError, systemCreateAdmin } from '../../src/cli/commands/create-admin.ts';

const cli = { userId: null, orgId: null, ip: null, requestId: 'cli:create-admin' };

describe.each(await engineCases())('create-admin on $engine', ({ engine, skip }) => {
  let t: TestApp;
  beforeAll(async () => {
    if (!skip) t = await openTestApp({ engine, env: fastArgon });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('creates the region and a system administrator, audited as system actions, who must set up 2FA', async () => {
    const r = await systemCreateAdmin({ db: t.database.db, email: ' Admin@Example.ORG ', displayName: 'Ada', organisationCode: 'regione-test', organisationName: 'Regione Test', password: 'a long admin password', audit: cli });
    expect(r.organisationCreated).toBe(true);
    const org = await t.database.db.selectFrom('organisations').selectAll().where('id', '=', r.organisationId).executeTakeFirstOrThrow();
    expect(org).toMatchObject({ code: 'regione-test', name: 'Regione Test', org_type: 'region' });
    const user = await t.database.db.selectFrom('users').selectAll().where('id', '=', r.userId).executeTakeFirstOrThrow();
    expect(user.email).toBe('admin@example.org');
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    for (const action of ['organisation.create', 'user.create', 'membership.change']) {
      expect(await auditRows(t, action)).toMatchObject([{ outcome: 'success', actor_user_id: null, request_id: 'cli:create-admin', details: { via: 'cli' } }]);
    }
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'admin@example.org', password: 'a long admin password' } });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ mfa: 'setup_required', me: { role: { key: 'system_admin' }, organisation: { code: 'regione-test' } } });

    // A second administrator joins the existing organisation.
    const second = await systemCreateAdmin({ db: t.database.db, email: 'second@example.org', displayName: 'Bea', organisationCode: 'regione-test', password: 'another long password', audit: cli });
    expect(second).toMatchObject({ organisationCreated: false, organisationId: r.organisationId });
  });

  it.skipIf(skip)('refuses bad input and duplicates, writing nothing', async () => {
    const before = await snapshot(t);
    const base = { db: t.database.db, email: 'x@example.org', displayName: 'X', organisationCode: 'regione-test', password: 'a long admin password', audit: cli };
    await expect(systemCreateAdmin({ ...base, email: 'admin@example.org' })).rejects.toThrow(/already exists/);
    await expect(systemCreateAdmin({ ...base, organisationCode: 'nowhere' })).rejects.toThrow(/--organisation-name/);
    await expect(systemCreateAdmin({ ...base, password: 'short' })).rejects.toThrow(CreateAdminError);
    await expect(systemCreateAdmin({ ...base, email: 'not-an-email' })).rejects.toThrow(CreateAdminError);
    await expect(systemCreateAdmin({ ...base, organisationCode: 'Bad Code' })).rejects.toThrow(CreateAdminError);
    expect(await snapshot(t)).toEqual(before);
  });
});
