import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { engineCases, openTestDatabase, PG_ADMIN_URL } from '../helpers/engines.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { DB } from '../../src/db/schema.ts';
import { loadConfig } from '../../src/server/platform/config.ts';
import { systemSeedBuiltinRoles } from '../../src/server/platform/bootstrap.ts';
import { writeAudit } from '../../src/server/platform/audit.ts';
import { systemSealAudit } from '../../src/server/platform/audit-chain.ts';
import { createBackup, restoreBackup } from '../../src/cli/commands/backup.ts';

const tables = ['organisations', 'roles', 'role_permissions', 'users', 'memberships', 'audit_log', 'audit_chain', 'ponte_migrations'] as const;

async function counts(db: Kysely<DB>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(db);
    out[t] = r.rows[0]!.n;
  }
  return out;
}

async function seed(database: Database): Promise<void> {
  const db = database.db;
  const org = await db.insertInto('organisations').values({ code: 'ente-backup', name: 'Ente', org_type: 'ngo', provinces: ['001', '002'] }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('users').values({ email: 'backup@test.ponte.invalid', display_name: 'Backup test' }).execute();
  for (let i = 0; i < 30; i++) {
    await writeAudit({ db, context: { userId: null, orgId: org.id, ip: '10.1.1.1', requestId: `seed-${i}` }, entry: { action: 'user.read', outcome: 'success', fields: ['email'], details: { i } } });
  }
  await systemSealAudit({ db, batchSize: 7 });
  // a few entries left waiting: the backup seals them first
  for (let i = 0; i < 3; i++) await writeAudit({ db, context: { userId: null, orgId: null, ip: null, requestId: 'late' }, entry: { action: 'auth.login', outcome: 'failure' } });
}

const lines: string[] = [];
const log = (l: string): void => void lines.push(l);

describe.each(await engineCases())('backup and restore on $engine', ({ engine, skip }) => {
  const work = mkdtempSync(join(tmpdir(), 'ponte-backup-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  if (engine === 'pglite') describe('embedded', () => {
    const source = join(work, 'source');
    const target = join(work, 'target');
    const file = join(work, 'ponte.tgz');
    let before: Record<string, number>;

    beforeAll(async () => {
      const database = await openDatabase({ dataDir: source });
      await migrate({ database });
      await systemSeedBuiltinRoles({ db: database.db });
      await seed(database);
      await database.close();
    });

    it('backs up a closed data directory to a private tar.gz and records it', async () => {
      const result = await createBackup({ config: loadConfig({ PONTE_DATA_DIR: source }), file, force: false, log });
      expect(result).toMatchObject({ engine: 'pglite', file });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file).subarray(0, 2).toString('hex')).toBe('1f8b');
      expect(lines.join('\n')).toContain('Sealed 3 waiting audit entries');
      await expect(createBackup({ config: loadConfig({ PONTE_DATA_DIR: source }), file, force: false, log })).rejects.toThrow(/exists/);

      const database = await openDatabase({ dataDir: source });
      try {
        before = await counts(database.db);
        const entry = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'backup.create').executeTakeFirstOrThrow();
        expect(entry).toMatchObject({ outcome: 'success', actor_user_id: null, details: { engine: 'pglite', sha256: result.sha256, bytes: result.bytes } });
      } finally {
        await database.close();
      }
    });

    it('refuses while the database is open', async () => {
      const database = await openDatabase({ dataDir: source });
      try {
        await expect(createBackup({ config: loadConfig({ PONTE_DATA_DIR: source }), file: join(work, 'other.tgz'), force: false, log })).rejects.toThrow(/in use/);
      } finally {
        await database.close();
      }
    });

    it('restores into an empty data directory, with an intact audit chain', async () => {
      const result = await restoreBackup({ config: loadConfig({ PONTE_DATA_DIR: target }), file, force: false, log });
      expect(result.audit).toMatchObject({ ok: true, links: 33, pending: 1 });
      const database = await openDatabase({ dataDir: target });
      try {
        const after = await counts(database.db);
        // the source has its backup.create entry (written after the copy); the target its backup.restore
        expect(after).toEqual(before);
        const restored = await database.db.selectFrom('audit_log').select(['action', 'details']).orderBy('id', 'desc').executeTakeFirstOrThrow();
        expect(restored).toMatchObject({ action: 'backup.restore', details: { engine: 'pglite', sha256: result.sha256 } });
        const org = await database.db.selectFrom('organisations').select('provinces').where('code', '=', 'ente-backup').executeTakeFirstOrThrow();
        expect(org.provinces).toEqual(['001', '002']);
      } finally {
        await database.close();
      }
    });

    it('refuses a non-empty data directory unless --force, which moves the old data aside', async () => {
      await expect(restoreBackup({ config: loadConfig({ PONTE_DATA_DIR: target }), file, force: false, log })).rejects.toThrow(/not empty/);
      const result = await restoreBackup({ config: loadConfig({ PONTE_DATA_DIR: target }), file, force: true, log });
      expect(result.audit.ok).toBe(true);
      expect(readdirSync(target).filter((f) => f.startsWith('pglite.replaced-'))).toHaveLength(1);
    });

    it('refuses a file of the other engine', async () => {
      const fake = join(work, 'fake.dump');
      await import('node:fs/promises').then((fs) => fs.writeFile(fake, 'PGDMP-not-really'));
      await expect(restoreBackup({ config: loadConfig({ PONTE_DATA_DIR: join(work, 'x') }), file: fake, force: false, log })).rejects.toThrow(/pg_dump archive/);
    });
  });

  if (engine === 'postgresql') describe('PostgreSQL', () => {
    const file = join(work, 'ponte.dump');
    const freshName = `ponte_test_${randomBytes(6).toString('hex')}`;
    const freshUrl = (() => {
      const u = new URL(PG_ADMIN_URL);
      u.pathname = `/${freshName}`;
      return u.toString();
    })();
    let before: Record<string, number>;
    let sourceUrl: string;
    let dropSource: () => Promise<void>;

    beforeAll(async () => {
      if (skip) return;
      const t = await openTestDatabase('postgresql');
      await seed(t.database);
      await t.database.close();
      sourceUrl = t.url!;
      dropSource = () => t.drop();
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${freshName}`);
      await admin.end();
    });
    afterAll(async () => {
      if (skip) return;
      await dropSource().catch(() => undefined);
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${freshName} WITH (FORCE)`);
      await admin.end();
    });

    it.skipIf(skip)('dumps with pg_dump in custom format and records it', async () => {
      const result = await createBackup({ config: loadConfig({ DATABASE_URL: sourceUrl }), file, force: false, log });
      expect(result.engine).toBe('postgresql');
      expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('PGDMP');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(lines.some((l) => /table public\.audit_log/.test(l))).toBe(true);
      const database = await openDatabase({ url: sourceUrl, poolSize: 1 });
      try {
        before = await counts(database.db);
        const entry = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'backup.create').executeTakeFirstOrThrow();
        expect(entry.details).toMatchObject({ engine: 'postgresql', sha256: result.sha256 });
      } finally {
        await database.close();
      }
    });

    it.skipIf(skip)('restores into a fresh database with the same rows, grants and an intact chain', async () => {
      const result = await restoreBackup({ config: loadConfig({ DATABASE_URL: freshUrl }), file, force: false, log });
      expect(result.audit).toMatchObject({ ok: true, links: 33, pending: 1 });
      const database = await openDatabase({ url: freshUrl, poolSize: 1 });
      try {
        expect(await counts(database.db)).toEqual(before);
        // the restored database keeps the app role's restrictions
        await database.asOwner(async () => undefined);
        await expect(sql`update audit_log set action = 'x'`.execute(database.db)).rejects.toThrow(/permission denied/);
        await expect(sql`delete from audit_chain`.execute(database.db)).rejects.toThrow(/permission denied/);
        // and the sequence continues after the restored ids
        await writeAudit({ db: database.db, context: { userId: null, orgId: null, ip: null, requestId: 'after' }, entry: { action: 'auth.login', outcome: 'failure' } });
      } finally {
        await database.close();
      }
    });

    it.skipIf(skip)('refuses a non-empty database unless --force', async () => {
      await expect(restoreBackup({ config: loadConfig({ DATABASE_URL: freshUrl }), file, force: false, log })).rejects.toThrow(/not empty/);
      const result = await restoreBackup({ config: loadConfig({ DATABASE_URL: freshUrl }), file, force: true, log });
      expect(result.audit.ok).toBe(true);
      const database = await openDatabase({ url: freshUrl, poolSize: 1 });
      try {
        expect(await counts(database.db)).toEqual(before);
      } finally {
        await database.close();
      }
    });

    it.skipIf(skip)('says clearly when the client tools are missing, leaving no file behind', async () => {
      const missing = join(work, 'never.dump');
      await expect(createBackup({ config: loadConfig({ DATABASE_URL: sourceUrl, PONTE_PG_BIN_DIR: join(work, 'no-bin') }), file: missing, force: false, log })).rejects.toThrow(/pg_dump not found.*PONTE_PG_BIN_DIR/);
      expect(readdirSync(work).filter((f) => f.startsWith('never.dump'))).toEqual([]);
    });

    it.skipIf(skip)('refuses an embedded-engine file', async () => {
      const fake = join(work, 'fake.tgz');
      await import('node:fs/promises').then((fs) => fs.writeFile(fake, Buffer.from([0x1f, 0x8b, 0, 0, 0])));
      await expect(restoreBackup({ config: loadConfig({ DATABASE_URL: freshUrl }), file: fake, force: false, log })).rejects.toThrow(/embedded-engine backup/);
    });
  });
});
