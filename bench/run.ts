/**
 * npm run bench — the platform's overhead on an authenticated, audited read.
 *
 * Starts Ponte on PostgreSQL (a fresh database on PONTE_BENCH_PG_URL's server), loads generated
 * organisations and users, and measures GET /api/users/:id (session lookup, permission check,
 * scoped read, audit insert in the same transaction) with autocannon. In the same run it measures
 * a bare Fastify + pg server running the same user query (the same findUser() query function, so
 * the same SQL) with no session, permission, scope or audit, and prints both and the ratio.
 *
 * Size: BENCH_USERS (default 20000) users in BENCH_ORGS (default 40) organisations;
 * BENCH_SECONDS (default 10) per target, BENCH_CONNECTIONS (default 10).
 *
 * Then the duplicate-check benchmark (bench/duplicates.ts) at 100 000 persons, or at
 * BENCH_DUPS_N, or 1 000 000 with `--dups-1m`; `--dups-only` skips the first part, `--no-dups`
 * the second. Its own flags (--checks, --http, --quality, --max-candidates, --keep) pass through:
 * `npm run bench -- --dups-only --dups-1m --quality 0`.
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../src/server/platform/config.ts';
import { openAndMigrate, startServer } from '../src/server/start.ts';
import { createSession } from '../src/server/platform/auth/session.ts';
import { hashPassword } from '../src/server/platform/auth/password.ts';
import { Kysely, PostgresDialect } from 'kysely';
import { findUser } from '../src/server/features/admin/queries.ts';
import type { DB } from '../src/db/schema.ts';
import { duplicatesOptionsFrom, runDuplicatesBench } from './duplicates.ts';

const adminUrl = process.env.PONTE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const users = Number(process.env.BENCH_USERS ?? 20_000);
const orgs = Number(process.env.BENCH_ORGS ?? 40);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface Figures {
  label: string;
  requests: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

async function measure(options: { label: string; url: string; ids: string[]; headers?: Record<string, string> }): Promise<Figures> {
  const latencies: number[] = [];
  let n = 0;
  // Without a callback autocannon returns its event emitter, which is also a thenable.
  const instance = autocannon({
    url: options.url,
    connections,
    duration: seconds,
    headers: options.headers ?? {},
    requests: [
      {
        setupRequest: (req) => {
          const id = options.ids[n++ % options.ids.length]!;
          return { ...req, path: req.path!.replace(/[^/]+$/, id) };
        },
      },
    ],
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    label: options.label,
    requests: result.requests.total,
    reqPerSec: result.requests.total / result.duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    non2xx: result.non2xx,
  };
}

async function main(): Promise<void> {
  const dbName = `ponte_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const dbUrl = url.toString();

  const config = loadConfig({
    ...process.env,
    DATABASE_URL: dbUrl,
    PORT: '0',
    PONTE_LOG_LEVEL: 'warn',
    PONTE_MASTER_KEY: process.env.PONTE_MASTER_KEY ?? randomBytes(32).toString('base64'),
  });
  const database = await openAndMigrate({ config });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const baseline = Fastify({ logger: false });
  const pool = new pg.Pool({ connectionString: dbUrl, max: 10 });
  const bareDb = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  try {
    console.log(`bench: PostgreSQL database ${dbName}; loading ${orgs} organisations and ${users} users...`);
    const db = database.db;
    const role = await db.selectFrom('roles').select('id').where('key', '=', 'system_admin').executeTakeFirstOrThrow();
    const caseWorker = await db.selectFrom('roles').select('id').where('key', '=', 'case_worker').executeTakeFirstOrThrow();
    const orgIds: string[] = [];
    for (let i = 0; i < orgs; i++) {
      const o = await db
        .insertInto('organisations')
        .values({ code: `bench-org-${i}`, name: `Ente di prova ${i}`, org_type: 'ngo', provinces: ['058'] })
        .returning('id')
        .executeTakeFirstOrThrow();
      orgIds.push(o.id);
    }
    const hash = await hashPassword(randomBytes(16).toString('hex'));
    const ids: string[] = [];
    const batch = 1000;
    for (let start = 0; start < users; start += batch) {
      const rows = Array.from({ length: Math.min(batch, users - start) }, (_, k) => ({
        email: `utente${start + k}@bench.ponte.invalid`,
        display_name: `Utente di prova ${start + k}`,
        password_hash: hash,
      }));
      const inserted = await db.insertInto('users').values(rows).returning('id').execute();
      await db
        .insertInto('memberships')
        .values(inserted.map((u, k) => ({ user_id: u.id, organisation_id: orgIds[(start + k) % orgIds.length]!, role_id: caseWorker.id })))
        .execute();
      ids.push(...inserted.map((u) => u.id));
      process.stdout.write(`\r  users ${Math.min(start + batch, users)}/${users}`);
    }
    process.stdout.write('\n');
    const adminUser = await db
      .insertInto('users')
      .values({ email: 'admin@bench.ponte.invalid', display_name: 'Amministratore', password_hash: hash })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('memberships').values({ user_id: adminUser.id, organisation_id: orgIds[0]!, role_id: role.id }).execute();
    const session = await createSession({
      db,
      userId: adminUser.id,
      organisationId: orgIds[0]!,
      mfaVerified: true,
      now: new Date(),
      policy: { idleMinutes: 60, absoluteMinutes: 600, demo: false },
      ip: '127.0.0.1',
      userAgent: 'bench',
    });
    await sql`ANALYZE`.execute(db);

    server = await startServer({ config, database, logger: false });
    baseline.get<{ Params: { id: string } }>('/users/:id', async (req, reply) => {
      const user = await findUser(bareDb, req.params.id);
      if (!user) return reply.status(404).send({ error: 'not found' });
      return user;
    });
    const baseUrl = await baseline.listen({ host: '127.0.0.1', port: 0 });

    const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 5000)) === 0);
    console.log(`bench: ${seconds}s per target, ${connections} connections, ${sample.length} distinct ids, node ${process.version}`);
    const bare = await measure({ label: 'bare Fastify + pg (same user query)', url: `${baseUrl}/users/x`, ids: sample });
    const auditBefore = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const ponte = await measure({
      label: 'Ponte GET /api/users/:id (session, permission, scope, audit)',
      url: `${server.url}/api/users/x`,
      ids: sample,
      headers: { cookie: `ponte_session=${session.token}` },
    });
    const auditAfter = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();

    const fmt = (f: Figures): string =>
      `${f.label.padEnd(62)} ${f.reqPerSec.toFixed(0).padStart(7)} req/s  p50 ${f.p50.toFixed(1)} ms  p95 ${f.p95.toFixed(1)} ms  p99 ${f.p99.toFixed(1)} ms  (${f.requests} requests, ${f.non2xx} non-2xx)`;
    console.log('');
    console.log(`data size: ${users} users in ${orgs} organisations (+1 admin), PostgreSQL`);
    console.log(fmt(bare));
    console.log(fmt(ponte));
    console.log(`audit entries written during the Ponte run: ${Number(auditAfter.n) - Number(auditBefore.n)}`);
    console.log(`ratio Ponte/bare throughput: ${(ponte.reqPerSec / bare.reqPerSec).toFixed(2)}  (p50 latency ratio ${(ponte.p50 / bare.p50).toFixed(2)})`);
    if (ponte.non2xx > 0 || bare.non2xx > 0) {
      console.error('bench: some requests failed; the figures above are not valid');
      process.exitCode = 1;
    }
  } finally {
    await baseline.close();
    await bareDb.destroy();
    await server?.stop();
    await database.close();
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await a.end();
  }
}

const argv = process.argv.slice(2);
if (!argv.includes('--dups-only')) await main();
if (!argv.includes('--no-dups')) {
  const n = argv.includes('--dups-1m') ? 1_000_000 : Number(process.env.BENCH_DUPS_N ?? 100_000);
  await runDuplicatesBench(duplicatesOptionsFrom(argv, { n }));
}
