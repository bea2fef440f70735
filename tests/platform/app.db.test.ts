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

  it.skipIf(skip)('serves OpenAPI', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    expect(r.json().paths['/api/health']).toBeDefined();
  });
});
