/**
 * Database tests run against BOTH engines: the embedded PGlite (in memory) and the PostgreSQL
 * server at PONTE_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres). Each test file
 * gets a fresh database with a random name, dropped afterwards.
 *
 * On a machine without a PostgreSQL server the PostgreSQL half is skipped with a notice, unless
 * PONTE_REQUIRE_PG=1 (CI), where a missing server fails the run.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type Engine } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { systemSeedBuiltinRoles } from '../../src/server/platform/bootstrap.ts';

export const PG_ADMIN_URL = process.env.PONTE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let pgAvailable: Promise<boolean> | undefined;
export function postgresAvailable(): Promise<boolean> {
  pgAvailable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      if (process.env.PONTE_REQUIRE_PG === '1') throw new Error(`PONTE_REQUIRE_PG=1 but no PostgreSQL answers at ${PG_ADMIN_URL}`);
      console.warn(`\n[tests] No PostgreSQL at ${PG_ADMIN_URL}: the PostgreSQL half of the database tests is skipped.\n`);
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return pgAvailable;
}

export const engines: Engine[] = (process.env.PONTE_TEST_ENGINES?.split(',') as Engine[] | undefined) ?? ['pglite', 'postgresql'];

export interface TestDatabase {
  database: Database;
  engine: Engine;
  /** postgres URL of the test database (PostgreSQL only), e.g. for pg_dump. */
  url: string | undefined;
  drop(): Promise<void>;
}

/** Opens an empty, migrated database with the built-in roles seeded. */
export async function openTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrate({ database });
    await systemSeedBuiltinRoles({ db: database.db });
    return { database, engine, url: undefined, drop: () => database.close() };
  }
  const name = `ponte_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 5 });
  await migrate({ database });
  await systemSeedBuiltinRoles({ db: database.db });
  return {
    database,
    engine,
    url: url.toString(),
    async drop() {
      await database.close();
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** For describe.each: the engines this run covers, with PostgreSQL marked skipped when absent. */
export async function engineCases(): Promise<Array<{ engine: Engine; skip: boolean }>> {
  const pgOk = engines.includes('postgresql') ? await postgresAvailable() : false;
  return engines.map((engine) => ({ engine, skip: engine === 'postgresql' && !pgOk }));
}
