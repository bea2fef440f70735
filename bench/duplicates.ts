/**
 * Duplicate-check benchmark on PostgreSQL: latency against N generated persons stored as the
 * persons feature stores them, and linkage quality on a labelled set through the pairs export.
 *
 *   npx tsx bench/duplicates.ts [--n 100000] [--checks 1000] [--http 200] [--quality 20000]
 *                               [--seed 1] [--max-candidates 150,400] [--workers N] [--keep]
 *                               [--reuse ponte_bench_dups_… (kept by --keep; same --n, --seed, PONTE_MASTER_KEY)]
 *                               [--http-only] [--breakdown]
 *
 * 1. Creates ponte_bench_dups_<random> on the server of DATABASE_URL (default
 *    postgres://postgres@127.0.0.1:5432/postgres), migrates it, loads N persons from
 *    generatePersons with the fast loader (bench/duplicates-fast-load.ts: identity and external
 *    reference encrypted, external reference blind index, linkage encoding, blocking keys, as the
 *    persons service stores them; encoding in `--workers` threads, array inserts, indexes and
 *    foreign keys rebuilt after the load) and prints the load rate, then VACUUM ANALYZE.
 * 2. Runs `--checks` duplicate checks through findCandidates (encode, one statement, scoring),
 *    half perturbed re-registrations of loaded persons (a typo in a name, some day/month swaps or
 *    year-only birth dates, documents and phones dropped), half new persons: wall p50/p95/p99 and
 *    CPU per check, with the load average (by default with the interactive check's 150 candidates
 *    and the store's 400), and how often the right person comes first. Then `--http` checks through POST /api/persons/duplicates
 *    (session, permission, scope split, audit) on a running server. `--http-only` skips the
 *    checks through findCandidates; `--breakdown` prints where the HTTP checks' time goes
 *    (bench/duplicates-breakdown.ts: each statement by part with the PostgreSQL process CPU, the
 *    server's background statements meanwhile, pg_stat_activity samples).
 * 3. Quality: a labelled set (generateLabelledSet, `--quality` records, seed 4242) in a second
 *    fresh database, every pair through the export code path (systemExportPairs), precision,
 *    recall and F1 against the labels.
 * Both databases are dropped at the end unless --keep.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import { openAndMigrate, startServer } from '../src/server/start.ts';
import { FieldCipher, blindIndex, deriveLinkageKey } from '../src/server/platform/crypto.ts';
import { createSession } from '../src/server/platform/auth/session.ts';
import { createEncoder, generateLabelledSet, generatePersons, type EncodedPerson, type GeneratedPerson, type LinkageIdentity } from '../src/domain/linkage/index.ts';
import { createRng, typo, type Rng } from '../src/domain/linkage/generate.ts';
import { defaultLinkageLimits, findCandidates, linkageIdentity, type CandidateQueryStats } from '../src/server/features/persons/linkage-store.ts';
import { systemExportPairs } from '../src/cli/duplicates-pairs.ts';
import { DUPLICATE_CHECK_LIMITS } from '../src/server/features/duplicates/service.ts';
import { personOf } from './duplicates-load.ts';
import { systemFastLoad } from './duplicates-fast-load.ts';
import type { Database } from '../src/db/client.ts';
import { printBreakdown, sampleActivity, traceQueries, type RequestWindow } from './duplicates-breakdown.ts';

export interface DuplicatesBenchOptions {
  n: number;
  checks: number;
  http: number;
  quality: number;
  seed: number;
  /** maxCandidates values to time the checks with (default the linkage store's) */
  maxCandidates?: number[];
  /** worker threads of the loader (default one per core) */
  workers?: number;
  /** a database kept by an earlier run (--keep) with the same --n, --seed and PONTE_MASTER_KEY: measure again without loading */
  reuse?: string;
  /** print where the HTTP checks' time goes (statements by part, background work, pg_stat_activity) */
  breakdown?: boolean;
  /** skip the checks through findCandidates (only the HTTP ones) */
  httpOnly?: boolean;
  keep: boolean;
}

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const pct = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const ms = (x: number): string => `${x.toFixed(1)} ms`;
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** A second registration of the same person: a typo in one name part, often a birth date error, documents and phones sometimes missing. */
function perturb(identity: LinkageIdentity, r: Rng): LinkageIdentity {
  const name = identity.names[0] ?? {};
  const out: LinkageIdentity = { ...identity, names: [r.chance(0.5) && name.given ? { ...name, given: typo(r, name.given) } : name.family ? { ...name, family: typo(r, name.family) } : name] };
  const b = identity.birthDate;
  if (b?.kind === 'exact') {
    const roll = r.next();
    if (roll < 0.2 && b.day <= 12) out.birthDate = { kind: 'exact', year: b.year, month: b.day, day: b.month };
    else if (roll < 0.4) out.birthDate = { kind: 'year', year: b.year };
  }
  if (r.chance(0.5)) delete out.documents;
  if (r.chance(0.5)) delete out.phones;
  return out;
}

async function createDatabase(suffix: string): Promise<{ name: string; url: string }> {
  const name = `ponte_bench_dups_${suffix}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/**
 * Time on a CPU and time runnable but waiting for one, in ms, of this process's main thread
 * ('self') or of another process (Linux /proc/<pid>/schedstat, nanoseconds); undefined elsewhere.
 */
function schedstat(pid: number | 'self'): { cpu: number; wait: number } | undefined {
  try {
    const [cpu, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ').map(Number);
    return cpu === undefined || wait === undefined || Number.isNaN(cpu) || Number.isNaN(wait) ? undefined : { cpu: cpu / 1e6, wait: wait / 1e6 };
  } catch {
    return undefined;
  }
}

function existingDatabase(name: string): { name: string; url: string } {
  if (!/^ponte_bench_dups_[0-9a-z_]+$/.test(name)) throw new Error(`--reuse takes a database kept by this benchmark (ponte_bench_dups_…), not ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

async function openBenchDatabase(url: string, masterKey: string): Promise<{ database: Database; config: ReturnType<typeof loadConfig> }> {
  const config = loadConfig({ ...process.env, DATABASE_URL: url, PORT: '0', PONTE_LOG_LEVEL: 'warn', PONTE_MASTER_KEY: masterKey });
  return { database: await openAndMigrate({ config }), config };
}

async function organisations(db: Kysely<DB>, count: number): Promise<string[]> {
  const rows = await db
    .insertInto('organisations')
    .values(Array.from({ length: count }, (_, i) => ({ code: `bench-dups-${i}`, name: `Ente di prova ${i}`, org_type: 'ngo', provinces: ['058'] })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Loads records through the fast loader (worker threads, array inserts, indexes rebuilt after), printing the rate. */
async function load(options: { database: Database; cipher: FieldCipher; masterKey: string; workers?: number; orgIds: string[]; records: Iterable<GeneratedPerson>; total: number; onLoaded?: (g: GeneratedPerson, id: string) => void }): Promise<{ seconds: number; loadSeconds: number; indexSeconds: number; keys: number; workers: number }> {
  const started = performance.now();
  const r = await systemFastLoad({
    database: options.database,
    cipher: options.cipher,
    masterKey: Buffer.from(options.masterKey, 'base64'),
    orgIds: options.orgIds,
    records: options.records,
    deferIndexes: true,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.onLoaded ? { onLoaded: options.onLoaded } : {}),
    onProgress: (loaded) => {
      const s = (performance.now() - started) / 1000;
      if (loaded % 50_000 < 2500 || loaded === options.total) process.stderr.write(`\r  loaded ${loaded}/${options.total} persons, ${(loaded / s).toFixed(0)}/s, load average ${loadavg()[0]?.toFixed(1)}   `);
    },
    log: (message) => process.stderr.write(`\n  rebuilt ${message}`),
  });
  process.stderr.write('\n');
  return { seconds: (performance.now() - started) / 1000, loadSeconds: r.loadSeconds, indexSeconds: r.indexSeconds, keys: r.keys, workers: r.workers };
}

export async function runDuplicatesBench(o: DuplicatesBenchOptions): Promise<void> {
  if (o.reuse && !process.env.PONTE_MASTER_KEY) throw new Error('--reuse needs PONTE_MASTER_KEY: the one the kept database was loaded with');
  const masterKey = process.env.PONTE_MASTER_KEY ?? randomBytes(32).toString('base64');
  const encoder = createEncoder({ key: deriveLinkageKey(Buffer.from(masterKey, 'base64')) });
  const tag = randomBytes(4).toString('hex');

  // ---------------------------------------------------------------------------------------
  // 1-2. latency
  const main = o.reuse ? existingDatabase(o.reuse) : await createDatabase(tag);
  const { database, config } = await openBenchDatabase(main.url, masterKey);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const db = database.db;
    const cipher = new FieldCipher({ db, masterKey: Buffer.from(masterKey, 'base64') });
    const orgIds = o.reuse
      ? (await db.selectFrom('organisations').select('id').where('code', 'like', 'bench-dups-%').orderBy(sql`split_part(code, '-', 3)::int`).execute()).map((r) => r.id)
      : await organisations(db, 20);
    console.log(`duplicates bench: PostgreSQL database ${main.name}; ${o.reuse ? 'reusing' : 'loading'} ${o.n} generated persons (seed ${o.seed})...`);
    const rng = createRng(o.seed ^ 0x5eed);
    const wanted = new Set<number>();
    while (wanted.size < Math.min(o.n, Math.floor(o.checks / 2))) wanted.add(rng.int(o.n));
    const queries: { identity: LinkageIdentity; expected?: string }[] = [];
    // the query as the API would encode it: through the stored person form (HTCDS sex values)
    const encode = (identity: LinkageIdentity): EncodedPerson => {
      const p = personOf({ externalRef: 'q', clusterId: 0, population: '', identity });
      return encoder.encodePerson(linkageIdentity({ identity: p.identity, sex: p.sex, citizenships: p.citizenships }));
    };
    let i = 0;
    if (o.reuse) {
      // the same queries as when the database was loaded: the records again, their ids found by the external reference's blind index
      const byIndex = new Map<string, (typeof queries)[number]>();
      for (const g of generatePersons({ seed: o.seed, count: o.n })) {
        if (wanted.has(i)) {
          const q = { identity: perturb(g.identity, rng), expected: '' };
          queries.push(q);
          byIndex.set(blindIndex({ masterKey: Buffer.from(masterKey, 'base64'), purpose: 'external-ref', value: `${orgIds[i % orgIds.length] ?? ''}:${g.externalRef}` }), q);
        }
        i++;
      }
      const rows = await db.selectFrom('persons').select(['id', 'external_ref_index']).where('external_ref_index', 'in', [...byIndex.keys()]).execute();
      for (const r of rows) {
        const q = byIndex.get(r.external_ref_index ?? '');
        if (q) q.expected = r.id;
      }
      if (rows.length !== byIndex.size) throw new Error(`--reuse: ${byIndex.size - rows.length} of the expected persons are not in ${main.name} (another --n, --seed or master key?)`);
    }
    const loaded = o.reuse
      ? undefined
      : await load({
          database, cipher, masterKey, orgIds, total: o.n, ...(o.workers !== undefined ? { workers: o.workers } : {}),
          records: generatePersons({ seed: o.seed, count: o.n }),
          onLoaded: (g, id) => {
            if (wanted.has(i)) queries.push({ identity: perturb(g.identity, rng), expected: id });
            i++;
          },
        });
    if (loaded) console.log(`  load: ${o.n} persons in ${loaded.seconds.toFixed(0)} s (${(o.n / loaded.seconds).toFixed(0)} persons/s; rows ${loaded.loadSeconds.toFixed(0)} s with ${loaded.workers} worker threads, indexes and foreign keys rebuilt in ${loaded.indexSeconds.toFixed(0)} s; ${loaded.keys} blocking-key rows; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
    for (const p of generatePersons({ seed: o.seed + 1000, count: o.checks - queries.length, refPrefix: 'Q' })) queries.push({ identity: p.identity });
    // shuffle re-registrations and new persons
    for (let k = queries.length - 1; k > 0; k--) {
      const j = rng.int(k + 1);
      [queries[k], queries[j]] = [queries[j] as (typeof queries)[number], queries[k] as (typeof queries)[number]];
    }
    if (!o.reuse) {
      const vacuumStart = performance.now();
      await database.asOwner((owner) => sql`VACUUM ANALYZE`.execute(owner));
      console.log(`  VACUUM ANALYZE: ${((performance.now() - vacuumStart) / 1000).toFixed(0)} s`);
    }

    const sizes = await database.asOwner((owner) =>
      sql<{ persons: string; keys: string; distinct_keys: string; persons_size: string; linkage_size: string; keys_size: string }>`
        select (select count(*) from persons) as persons, (select count(*) from person_blocking_keys) as keys,
          (select count(distinct key) from person_blocking_keys) as distinct_keys,
          pg_total_relation_size('persons') as persons_size, pg_total_relation_size('person_linkage') as linkage_size,
          pg_total_relation_size('person_blocking_keys') as keys_size`.execute(owner),
    );
    const s = sizes.rows[0];
    if (s) {
      console.log(`  sizes: N ${s.persons} persons, ${s.keys} blocking-key rows (${s.distinct_keys} distinct keys); persons ${mib(Number(s.persons_size))}, person_linkage ${mib(Number(s.linkage_size))}, person_blocking_keys ${mib(Number(s.keys_size))} (with indexes)`);
    }

    // warm-up, then the timed checks (once per maxCandidates value given)
    for (const maxCandidates of o.httpOnly ? [] : (o.maxCandidates ?? [DUPLICATE_CHECK_LIMITS.maxCandidates, defaultLinkageLimits.maxCandidates])) {
      const limits = { maxCandidates };
      // one connection, as the API's check runs in one transaction; its server process is timed too
      await db.connection().execute(async (conn) => {
        const backend = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn)).rows[0]?.pid ?? 0;
        for (const q of queries.slice(0, 30)) await findCandidates({ db: conn, person: encode(q.identity), limit: 20, limits });
        const times: number[] = [];
        const cpuTimes: number[] = [];
        const pgCpu: number[] = [];
        const totalCpu: number[] = [];
        const waits: number[] = [];
        const scored: number[] = [];
        const found: number[] = [];
        const skipped: number[] = [];
        const load0 = loadavg()[0] ?? NaN;
        let reRegistrations = 0;
        let first = 0;
        let listed = 0;
        for (const q of queries) {
          const self0 = schedstat('self');
          const pg0 = schedstat(backend);
          const started = performance.now();
          const cpu0 = process.cpuUsage();
          const stats: CandidateQueryStats = { skippedBlocks: 0, candidates: 0, scored: 0 };
          const answer = await findCandidates({ db: conn, person: encode(q.identity), limit: 20, limits, stats });
          times.push(performance.now() - started);
          const cpu = process.cpuUsage(cpu0);
          const self1 = schedstat('self');
          const pg1 = schedstat(backend);
          cpuTimes.push((cpu.user + cpu.system) / 1000);
          if (self0 && self1 && pg0 && pg1) {
            pgCpu.push(pg1.cpu - pg0.cpu);
            totalCpu.push(pg1.cpu - pg0.cpu + self1.cpu - self0.cpu);
            waits.push(pg1.wait - pg0.wait + self1.wait - self0.wait);
          }
          scored.push(stats.scored);
          found.push(stats.candidates);
          skipped.push(stats.skippedBlocks);
          if (q.expected) {
            reRegistrations++;
            if (answer[0]?.personId === q.expected) first++;
            if (answer.some((c) => c.personId === q.expected)) listed++;
          }
        }
        for (const a of [times, cpuTimes, pgCpu, totalCpu, waits, scored, found, skipped]) a.sort((x, y) => x - y);
        console.log(`  ${queries.length} duplicate checks against ${o.n} persons through findCandidates (encode, one statement, scoring; top 20), maxCandidates ${maxCandidates}; load average ${load0.toFixed(1)} before, ${(loadavg()[0] ?? NaN).toFixed(1)} after:`);
        console.log(`    wall p50 ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))}, p99 ${ms(pct(times, 99))}, max ${ms(pct(times, 100))}`);
        console.log(`    CPU of this process per check (encode, decode, scoring): p50 ${ms(pct(cpuTimes, 50))}, p95 ${ms(pct(cpuTimes, 95))}`);
        if (totalCpu.length > 0) {
          console.log(`    CPU of the PostgreSQL server process per check: p50 ${ms(pct(pgCpu, 50))}, p95 ${ms(pct(pgCpu, 95))}; both processes: p50 ${ms(pct(totalCpu, 50))}, p95 ${ms(pct(totalCpu, 95))}`);
          console.log(`    time both spent runnable but waiting for a core (scheduler run queue): p50 ${ms(pct(waits, 50))}, p95 ${ms(pct(waits, 95))}`);
        }
        console.log(`    persons sharing a used block per check: median ${pct(found, 50)}, p95 ${pct(found, 95)}; scored: median ${pct(scored, 50)}, p95 ${pct(scored, 95)}; blocks skipped (over maxBlockSize): median ${pct(skipped, 50)}, p95 ${pct(skipped, 95)}`);
        console.log(`    ${reRegistrations} perturbed re-registrations: right person ranked first ${first}, listed ${listed}`);
      });
    }

    // HTTP: a case worker of the first organisation
    if (o.http > 0) {
      const role = await db.selectFrom('roles').select('id').where('key', '=', 'case_worker').executeTakeFirstOrThrow();
      const user = await db.insertInto('users').values({ email: `dups-${tag}@bench.ponte.invalid`, display_name: 'Operatrice di prova' }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('memberships').values({ user_id: user.id, organisation_id: orgIds[0] ?? '', role_id: role.id }).execute();
      const session = await createSession({ db, userId: user.id, organisationId: orgIds[0] ?? '', mfaVerified: true, now: new Date(), policy: { idleMinutes: 60, absoluteMinutes: 600, demo: false }, ip: '127.0.0.1', userAgent: 'bench' });
      server = await startServer({ config, database, logger: false });
      const headers = { cookie: `ponte_session=${session.token}`, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' };
      const sample = queries.slice(0, o.http).map((q) => {
        const p = personOf({ externalRef: 'q', clusterId: 0, population: '', identity: q.identity });
        return JSON.stringify({ names: p.identity.names, ...(p.identity.birth ? { birth: p.identity.birth } : {}), documents: p.identity.documents, phones: p.identity.phones, ...(p.sex ? { sex: p.sex } : {}), citizenships: p.citizenships });
      });
      const httpTimes: number[] = [];
      let failed = 0;
      let visible = 0;
      let elsewhere = 0;
      const tracer = o.breakdown ? traceQueries() : undefined;
      const sampler = o.breakdown ? await sampleActivity({ url: main.url, database: main.name, intervalMs: 250 }) : undefined;
      const windows: RequestWindow[] = [];
      const httpLoad0 = loadavg()[0] ?? NaN;
      for (const [k, body] of sample.entries()) {
        const cpu0 = process.cpuUsage();
        const started = performance.now();
        const r = await fetch(`${server.url}/api/persons/duplicates`, { method: 'POST', headers, body });
        const json = (await r.json()) as { candidates?: unknown[]; elsewhere?: unknown[] };
        const ended = performance.now();
        const cpu = process.cpuUsage(cpu0);
        if (k >= 10) {
          httpTimes.push(ended - started);
          windows.push({ start: started, end: ended, cpu: (cpu.user + cpu.system) / 1000 });
        }
        if (r.status !== 200) {
          if (failed === 0) console.error(`  HTTP ${r.status}: ${JSON.stringify(json).slice(0, 300)}`);
          failed++;
        }
        visible += json.candidates?.length ?? 0;
        elsewhere += json.elsewhere?.length ?? 0;
      }
      tracer?.stop();
      const samples = sampler ? await sampler.stop() : [];
      httpTimes.sort((a, b) => a - b);
      const httpCpu = windows.map((w) => w.cpu).sort((a, b) => a - b);
      console.log(`  ${httpTimes.length} checks through POST /api/persons/duplicates (session, permission, scope split, audit; one client, sequential); load average ${httpLoad0.toFixed(1)} before, ${(loadavg()[0] ?? NaN).toFixed(1)} after:`);
      console.log(`    p50 ${ms(pct(httpTimes, 50))}, p95 ${ms(pct(httpTimes, 95))}, p99 ${ms(pct(httpTimes, 99))}; ${failed} failed; ${(visible / sample.length).toFixed(1)} visible candidates and ${(elsewhere / sample.length).toFixed(1)} other organisations per answer`);
      console.log(`    CPU of this process (server and client) per check: p50 ${ms(pct(httpCpu, 50))}, p95 ${ms(pct(httpCpu, 95))}`);
      if (tracer) printBreakdown({ requests: windows, queries: tracer.queries, samples, log: (line) => console.log(line) });
      if (failed > 0) process.exitCode = 1;
    }
    console.log(`  load average: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  } finally {
    await server?.stop();
    await database.close();
    if (!o.keep && !o.reuse) await dropDatabase(main.name);
    else console.log(`  kept database ${main.name}`);
  }

  // ---------------------------------------------------------------------------------------
  // 3. quality
  if (o.quality <= 0) return;
  const qdb = await createDatabase(`${tag}_q`);
  const opened = await openBenchDatabase(qdb.url, masterKey);
  try {
    const db = opened.database.db;
    const cipher = new FieldCipher({ db, masterKey: Buffer.from(masterKey, 'base64') });
    const set = generateLabelledSet({ seed: 4242, count: o.quality });
    console.log(`duplicates bench, quality: labelled set of ${o.quality} records (seed 4242, ${set.truePairs} true pairs) in ${qdb.name}`);
    const orgIds = await organisations(db, 5);
    await load({ database: opened.database, cipher, masterKey, orgIds, total: set.records.length, records: set.records, ...(o.workers !== undefined ? { workers: o.workers } : {}) });
    await opened.database.asOwner((owner) => sql`VACUUM ANALYZE`.execute(owner));
    const clusterOf = new Map(set.records.map((r) => [r.externalRef, r.clusterId]));
    let predictedMatch = 0;
    let correctMatch = 0;
    let predictedAll = 0;
    let correctAll = 0;
    let pending = '';
    const started = performance.now();
    const consume = (line: string): void => {
      const [a, b, , decision] = line.split(',');
      if (!a || !b || a === 'external_ref_a') return;
      const same = clusterOf.get(a) === clusterOf.get(b);
      predictedAll++;
      if (same) correctAll++;
      if (decision === 'match') {
        predictedMatch++;
        if (same) correctMatch++;
      }
    };
    const report = await systemExportPairs({
      db,
      cipher,
      requestId: 'bench:duplicates',
      write: (chunk) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        lines.forEach(consume);
      },
      onProgress: (done, total) => process.stderr.write(`\r  pairs export: ${done}/${total} persons`),
    });
    process.stderr.write('\n');
    const figures = (predicted: number, correct: number): string => {
      const p = predicted === 0 ? 0 : correct / predicted;
      const r = correct / set.truePairs;
      const f1 = p + r === 0 ? 0 : (2 * p * r) / (p + r);
      return `precision ${p.toFixed(3)}, recall ${r.toFixed(3)}, F1 ${f1.toFixed(3)}`;
    };
    console.log(`  pairs export: ${report.pairs} pairs in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    console.log(`  match:            ${figures(predictedMatch, correctMatch)}`);
    console.log(`  match + possible: ${figures(predictedAll, correctAll)}`);
  } finally {
    await opened.database.close();
    if (!o.keep) await dropDatabase(qdb.name);
    else console.log(`  kept database ${qdb.name}`);
  }
}

function arg(argv: readonly string[], name: string, fallback: string): string {
  const k = argv.indexOf(`--${name}`);
  return k >= 0 ? (argv[k + 1] ?? fallback) : fallback;
}

export function duplicatesOptionsFrom(argv: readonly string[], defaults: Partial<DuplicatesBenchOptions> = {}): DuplicatesBenchOptions {
  const mc = arg(argv, 'max-candidates', (defaults.maxCandidates ?? []).join(','));
  return {
    n: Number(arg(argv, 'n', String(defaults.n ?? 100_000))),
    checks: Number(arg(argv, 'checks', String(defaults.checks ?? 1000))),
    http: Number(arg(argv, 'http', String(defaults.http ?? 200))),
    quality: Number(arg(argv, 'quality', String(defaults.quality ?? 20_000))),
    seed: Number(arg(argv, 'seed', String(defaults.seed ?? 1))),
    ...(mc ? { maxCandidates: mc.split(',').map(Number) } : {}),
    ...(argv.includes('--workers') ? { workers: Number(arg(argv, 'workers', '1')) } : {}),
    ...(argv.includes('--reuse') ? { reuse: arg(argv, 'reuse', '') } : {}),
    ...(argv.includes('--breakdown') ? { breakdown: true } : {}),
    ...(argv.includes('--http-only') ? { httpOnly: true } : {}),
    keep: argv.includes('--keep'),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runDuplicatesBench(duplicatesOptionsFrom(process.argv));
}
