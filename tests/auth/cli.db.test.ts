import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { postgresAvailable, openTestDatabase, type TestDatabase } from '../helpers/engines.ts';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/ponte.js', import.meta.url));
const pgOk = await postgresAvailable();

// The real command line, against a PostgreSQL test database (the embedded engine on disk is slow
// to open once per command).
describe('ponte create-admin and keys rotate (command line)', () => {
  let t: TestDatabase;
  const env = (extra: Record<string, string>) => ({
    PATH: process.env.PATH ?? '',
    DATABASE_URL: t.url!,
    PONTE_MASTER_KEY: randomKey,
    PONTE_ARGON2_MEMORY_KIB: '1024',
    PONTE_ARGON2_TIME_COST: '1',
    PONTE_LOG_LEVEL: 'silent',
    ...extra,
  });
  const randomKey = randomBytes(32).toString('base64');
  beforeAll(async () => {
    if (pgOk) t = await openTestDatabase('postgresql');
  });
  afterAll(async () => {
    if (pgOk) await t.drop();
  });

  it.skipIf(!pgOk)('creates an administrator with the password from the environment, then rotates the data key', async () => {
    const created = await run(process.execPath, [bin, 'create-admin', '--email', 'root@example.org', '--name', 'Root', '--organisation', 'regione-cli', '--organisation-name', 'Regione CLI'], {
      env: env({ PONTE_ADMIN_PASSWORD: 'a long admin password' }),
    });
    expect(created.stdout).toContain('Created organisation regione-cli.');
    expect(created.stdout).toContain('Created system administrator root@example.org');
    expect(created.stdout).not.toContain('a long admin password');
    const user = await t.database.db.selectFrom('users').select(['id', 'password_hash']).where('email', '=', 'root@example.org').executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);

    const generated = await run(process.execPath, [bin, 'create-admin', '--email', 'gen@example.org', '--name', 'Gen', '--organisation', 'regione-cli'], { env: env({}) });
    expect(generated.stdout).toMatch(/Generated password \(shown only now\): \S{20,}/);

    const dup = await run(process.execPath, [bin, 'create-admin', '--email', 'gen@example.org', '--name', 'Gen', '--organisation', 'regione-cli'], { env: env({}) }).catch((e: unknown) => e as { code: number; stderr: string });
    expect(dup).toMatchObject({ code: 1 });
    expect((dup as { stderr: string }).stderr).toMatch(/^ponte: a user with e-mail gen@example.org already exists/);

    const first = await run(process.execPath, [bin, 'keys', 'rotate'], { env: env({}) });
    expect(first.stdout).toMatch(/new active data key k[0-9a-f]{16}/);
    expect(first.stdout).toContain('users.totp_secret_enc');
    const second = await run(process.execPath, [bin, 'keys', 'rotate', '--batch', '10'], { env: env({}) });
    const keys = await t.database.db.selectFrom('encryption_keys').selectAll().orderBy('created_at').execute();
    expect(keys).toHaveLength(2);
    expect(keys[0]!.retired_at).not.toBeNull();
    expect(second.stdout).toContain(`retired data key ${keys[0]!.id}`);
    const status = await run(process.execPath, [bin, 'keys', 'status'], { env: env({}) });
    expect(status.stdout).toMatch(new RegExp(`${keys[1]!.id}\\tactive`));
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'request_id']).where('request_id', 'like', 'cli:%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['organisation.create', 'user.create', 'membership.change', 'keys.rotate']));
  });
});
