import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { builtinRoles } from '../../src/domain/permissions.ts';

describe.each(await engineCases())('platform on $engine', ({ engine, skip }) => {
  let t: TestApp;
  beforeAll(async () => {
    if (!skip) t = await openTestApp({ engine });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('health names the engine', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', database: engine });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it.skipIf(skip)('has the three extensions', async () => {
    const r = await sql<{ extname: string }>`select extname from pg_extension order by extname`.execute(t.database.db);
    expect(r.rows.map((x) => x.extname)).toEqual(expect.arrayContaining(['fuzzystrmatch', 'pg_trgm', 'pgcrypto']));
  });

  it.skipIf(skip)('seeds every built-in role with its permissions', async () => {
    const rows = await t.database.db.selectFrom('roles').select('key').where('builtin', '=', true).execute();
    expect(rows.map((r) => r.key).sort()).toEqual(builtinRoles.map((r) => r.key).sort());
  });

  it.skipIf(skip)('works as ponte_app, which cannot update or delete audit rows', async () => {
    const who = await sql<{ u: string }>`select current_user as u`.execute(t.database.db);
    expect(who.rows[0]?.u).toBe('ponte_app');
    await t.database.db.insertInto('audit_log').values({ action: 'auth.login', outcome: 'failure', details: '{}' }).execute();
    await expect(sql`update audit_log set action = 'x'`.execute(t.database.db)).rejects.toThrow(/permission denied/);
    await expect(sql`delete from audit_log`.execute(t.database.db)).rejects.toThrow(/permission denied/);
    await expect(sql`truncate audit_log`.execute(t.database.db)).rejects.toThrow(/permission denied|must be owner/);
  });

  it.skipIf(skip)('unknown API path is a JSON 404 in Italian by default and English on request', async () => {
    const it1 = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(it1.statusCode).toBe(404);
    expect(it1.json()).toMatchObject({ error: { code: 'not_found', message: 'Non trovato.' } });
    const en = await t.app.inject({ method: 'GET', url: '/api/nothing-here', headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(en.json()).toMatchObject({ error: { code: 'not_found', message: 'Not found.' } });
  });

  it.skipIf(skip)('API answers are never cached, even when the path is percent-encoded', async () => {
    for (const url of ['/api/health', '/%61pi/health', '/api/nothing-here']) {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.headers['cache-control'], url).toBe('no-store');
    }
  });

  it.skipIf(skip)('serves OpenAPI', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    expect(r.json().paths['/api/health']).toBeDefined();
  });
});

describe('the restricted database role on PostgreSQL', async () => {
  const { default: pg } = await import('pg');
  const { openTestDatabase } = await import('../helpers/engines.ts');
  const { assertAppRole, openDatabase } = await import('../../src/db/client.ts');
  const pgOk = (await engineCases()).some((c) => c.engine === 'postgresql' && !c.skip);

  async function asAdmin(url: string, query: string): Promise<void> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(query);
    } finally {
      await c.end();
    }
  }

  it.skipIf(!pgOk)('an owner without ponte_app is refused instead of working as the owner', async () => {
    const t = await openTestDatabase('postgresql');
    // An ordinary login that was never granted ponte_app (superusers may always SET ROLE).
    const name = `ponte_owner_${Math.random().toString(36).slice(2, 8)}`;
    await asAdmin(t.url!, `CREATE ROLE ${name} LOGIN NOSUPERUSER`);
    const url = new URL(t.url!);
    url.username = name;
    const other = await openDatabase({ url: url.toString(), poolSize: 1 });
    try {
      await assertAppRole(t.database); // the normal set-up passes
      await other.asOwner(async () => undefined); // as after migrations: the role exists
      await expect(assertAppRole(other)).rejects.toThrow(/ponte_app/);
      await expect(other.db.selectFrom('audit_log').select('id').execute()).rejects.toThrow(/GRANT ponte_app/);
    } finally {
      await other.close();
      await t.drop();
      await asAdmin(t.url!.replace(/\/[^/]*$/, '/postgres'), `DROP ROLE IF EXISTS ${name}`);
    }
  });
});
