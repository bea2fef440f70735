/**
 * One Kysely instance over PostgreSQL (DATABASE_URL) or the embedded PGlite (default), with the
 * same query code on both. On both engines the application works as the database role
 * `ponte_app`, which may only INSERT and SELECT audit rows; migrations run as the owner.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DB } from './schema.ts';

export type Engine = 'pglite' | 'postgresql';

// Dates stay ISO strings (no time-zone shifts); bigints and numerics stay strings (exact).
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => v);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v: string) => v);

export const APP_ROLE = 'ponte_app';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** Runs a function as the owner role (migrations, maintenance); never from request code. */
  asOwner<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Human description for logs: engine and where the data lives (no password). */
  describe: string;
}

export interface OpenOptions {
  /** postgres:// URL; when absent the embedded engine is used. */
  url?: string | undefined;
  /** Directory of the embedded engine; 'memory://' keeps everything in memory. */
  dataDir?: string | undefined;
  /** Pool size on PostgreSQL. */
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? './data');
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const appPool = new pg.Pool({ connectionString: url, max: poolSize });
  // Every application connection works as the restricted role once it exists. A connection that
  // cannot switch fails its first query: the application never works as the owner by mistake.
  let appRoleReady = false;
  const ownerPool = new pg.Pool({ connectionString: url, max: 2 });
  // An idle connection closed by the server (restart, failover, DROP DATABASE ... FORCE) is
  // dropped and replaced by the pool; without a listener the 'error' event would crash the process.
  for (const pool of [appPool, ownerPool]) pool.on('error', () => undefined);
  // Each client switches once, when first handed out after the role exists; one that cannot is
  // destroyed and the error reaches the caller.
  const switched = new WeakSet<pg.PoolClient>();
  const restrictedPool = {
    async connect(): Promise<pg.PoolClient> {
      const client = await appPool.connect();
      if (!appRoleReady || switched.has(client)) return client;
      try {
        await client.query(`SET ROLE ${APP_ROLE}`);
        switched.add(client);
        return client;
      } catch (e) {
        client.release(true);
        return roleError(e);
      }
    },
    end: () => appPool.end(),
  };
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: restrictedPool }) });
  const owner = new Kysely<DB>({ dialect: new PostgresDialect({ pool: ownerPool }) });
  const safe = new URL(url);
  safe.password = '';
  return {
    db,
    engine: 'postgresql',
    describe: `PostgreSQL ${safe.host}${safe.pathname}`,
    async asOwner(fn) {
      const result = await fn(owner);
      // After migrations the role exists: connections made from now on use it, and the ones
      // already open switch now.
      appRoleReady = await roleExists(owner);
      if (appRoleReady) await switchIdleConnections(appPool, switched);
      return result;
    },
    async close() {
      await db.destroy();
      await owner.destroy();
    },
  };
}

async function switchIdleConnections(pool: pg.Pool, switched: WeakSet<pg.PoolClient>): Promise<void> {
  const clients: pg.PoolClient[] = [];
  try {
    for (let i = 0; i < pool.idleCount; i++) clients.push(await pool.connect());
    for (const c of clients) {
      await c.query(`SET ROLE ${APP_ROLE}`).catch(roleError);
      switched.add(c);
    }
  } finally {
    for (const c of clients) c.release();
  }
}

function roleError(e: unknown): never {
  const reason = e instanceof Error ? e.message : String(e);
  throw new Error(
    `The application cannot work as the database role ${APP_ROLE} (${reason}). Grant it to the database user: GRANT ${APP_ROLE} TO <user>;`,
  );
}

/** Refuses to go on unless application queries run as the restricted role. */
export async function assertAppRole(database: Database): Promise<void> {
  const r = await sql<{ u: string }>`select current_user as u`.execute(database.db);
  const who = r.rows[0]?.u;
  if (who !== APP_ROLE) {
    throw new Error(`Application queries run as "${who ?? '?'}", not as ${APP_ROLE}: refusing to serve. Run the migrations (ponte migrate) and grant ${APP_ROLE} to the database user.`);
  }
}

async function roleExists(db: Kysely<DB>): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*)::int as n from pg_roles where rolname = ${APP_ROLE}`.execute(db);
  return (r.rows[0]?.n ?? 0) > 0;
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { fuzzystrmatch } = await import('@electric-sql/pglite/contrib/fuzzystrmatch');
  const { pgcrypto } = await import('@electric-sql/pglite/contrib/pgcrypto');
  const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
  const memory = dataDir.startsWith('memory://');
  const dir = memory ? dataDir : resolve(dataDir, 'pglite');
  if (!memory) mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create(dir, { extensions: { pg_trgm, fuzzystrmatch, pgcrypto, btree_gist } });
  const pool = new pg.Pool({ ...(createPgConfig(pglite) as unknown as pg.PoolConfig), idleTimeoutMillis: 0 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  // PGlite has one connection: switch roles around owner work.
  return {
    db,
    engine: 'pglite',
    describe: memory ? 'PGlite (in memory)' : `PGlite ${dir}`,
    async asOwner(fn) {
      await sql`RESET ROLE`.execute(db);
      try {
        return await fn(db);
      } finally {
        if (await roleExists(db)) await sql.raw(`SET ROLE ${APP_ROLE}`).execute(db);
      }
    },
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}
