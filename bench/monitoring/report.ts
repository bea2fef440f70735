/**
 * npm run bench:monitoring — the yearly funder report model and the coordinator dashboard over a
 * large network, on PGlite (in memory) and on PostgreSQL (a fresh database on PONTE_BENCH_PG_URL's
 * server; skipped if none answers).
 *
 * Data, generated with generate_series in SQL: BENCH_MONITORING_PERSONS persons (default 10 000
 * for a quick run; the target size is 100 000), each with one case held by one of 10 bodies of a
 * project, its phase history, a screening for one in three, over two years; and ten outreach
 * contacts per person (BENCH_MONITORING_PERSONS × 10: 1 000 000 at the target size) in outings
 * and zone rows. Persons are inserted directly as rows whose identity is an opaque placeholder:
 * the indicators read only their clear, non-personal columns (sex, citizenship), never identities.
 *
 * Timed (median of 5 after a warm-up, with the fastest and slowest run): the coordinator dashboard
 * for a year (every indicator over the records of the coordinator's body), and the yearly funder
 * report (the model: the same figures plus the SIRIT tables; then the model rendered as PDF and as
 * XLSX) for the coordinator and for a role without access to the records (all the network,
 * suppressed). Target: ≤ 1 s each. Prints the data size, the figures, the CPU time of the work
 * (this process and, on PostgreSQL, the server processes of the database) and the load average,
 * since on a shared machine the wall clock includes waiting for a core.
 * BENCH_MONITORING_KEEP=1 keeps the PostgreSQL database (to EXPLAIN the queries on it).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type Database, type Engine } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { systemSeedBuiltinRoles } from '../../src/server/platform/bootstrap.ts';
import { DataAccess } from '../../src/server/platform/access.ts';
import { systemClock } from '../../src/server/platform/clock.ts';
import type { Permission } from '../../src/domain/permissions.ts';
import { zeroCounts, ageBands, accompanimentKinds, contactHistories, nationalityGroups, offerKinds, sexGenders } from '../../src/domain/outreach/index.ts';
import { coordinatorDashboard } from '../../src/server/features/monitoring/service.ts';
import { buildReport } from '../../src/server/features/reports/build.ts';
import { render } from '../../src/server/features/reports/jobs.ts';
import * as q from '../../src/server/features/monitoring/queries.ts';

const adminUrl = process.env.PONTE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const persons = Number(process.env.BENCH_MONITORING_PERSONS ?? 10_000);
const contacts = persons * 10;
const target = 1000;
const k = 11;
const engines = (process.env.BENCH_MONITORING_ENGINES ?? 'pglite,postgresql').split(',') as Engine[];

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await work();
  return [r, performance.now() - t0];
}

/**
 * CPU time so far (ms) of this process and of the PostgreSQL server processes serving this
 * database (read from /proc, same machine; 10 ms resolution). On a shared machine the wall clock
 * includes waiting for a core; the CPU time is the work itself. PGlite runs in this process.
 */
async function cpuMs(database: Database): Promise<Map<string, number>> {
  const own = process.cpuUsage();
  const out = new Map<string, number>([['self', (own.user + own.system) / 1000]]);
  if (database.engine !== 'postgresql') return out;
  const pids = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(database.db);
  for (const { pid } of pids.rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      out.set(String(pid), (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // not on this machine, or ended
    }
  }
  return out;
}

interface Timing<T> { result: T; median: number; min: number; max: number; cpu: number }

async function median<T>(database: Database, work: () => Promise<T>): Promise<Timing<T>> {
  await work(); // warm
  const runs: number[] = [];
  const cpus: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < 5; i++) {
    const before = await cpuMs(database);
    const [r, ms] = await timed(work);
    const after = await cpuMs(database);
    runs.push(ms);
    cpus.push([...after].reduce((a, [key, v]) => a + v - (before.get(key) ?? 0), 0));
    result = r;
  }
  runs.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  return { result: result as T, median: runs[2] ?? 0, min: runs[0] ?? 0, max: runs[4] ?? 0, cpu: cpus[2] ?? 0 };
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const figures = (m: Timing<unknown>) => `median ${m.median.toFixed(0)} ms (min ${m.min.toFixed(0)}, max ${m.max.toFixed(0)}; CPU median ${m.cpu.toFixed(0)} ms; load ${load()})`;

async function open(engine: Engine): Promise<{ database: Database; drop(): Promise<void> } | undefined> {
  if (engine === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    return { database, drop: () => database.close() };
  }
  const name = `ponte_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } catch {
    console.log(`postgresql: no server at ${adminUrl}, skipped`);
    return undefined;
  } finally {
    await admin.end().catch(() => undefined);
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 4 });
  return {
    database,
    async drop() {
      await database.close();
      if (process.env.BENCH_MONITORING_KEEP === '1') {
        console.log(`postgresql: kept the database ${url.toString()} (BENCH_MONITORING_KEEP=1)`);
        return;
      }
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name}`);
      await a.end();
    },
  };
}

/** A code of `n` Crockford base-32 characters from an integer expression (SQL). */
function code32(expr: string, n: number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return Array.from({ length: n }, (_, i) => `substr('${alphabet}', ((${expr} >> ${5 * i}) & 31)::int + 1, 1)`).join(' || ');
}

/** A row of counts as text, whatever the order of its values' keys. */
function canonicalRow(values: Record<string, unknown>, n: unknown): string {
  return JSON.stringify([Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1)), Number(n)]);
}

/**
 * The persons-in-charge query of the whole network as it was before migration 0032, for comparison
 * in the same run: the phase at the period's end looked up case by case (latest change before it).
 */
async function inChargeBefore(db: Database['db'], f: q.Filters): Promise<string[]> {
  const r = await sql<Record<string, string | number | null>>`
    with fc as (select cases.id, cases.person_id, cases.opened_at, cases.minor_status, cases.age_band, cases.exploitation_types, cases.labour_sectors
                from cases join organisations co on co.id = cases.org_id
                where cases.org_id = any(${f.projectOrgIds ?? []}::uuid[]) and cases.opened_at < ${f.toEx} and (cases.closed_at is null or cases.closed_at >= ${f.from})),
    pick as (select distinct on (fc.person_id) fc.* from fc order by fc.person_id, fc.opened_at desc, fc.id desc)
    select coalesce((select h.to_phase from case_phase_history h where h.case_id = pick.id and h.changed_at < ${f.toEx}
                     order by h.changed_at desc, h.id desc limit 1), 'contact') as phase,
           case when pick.opened_at >= ${f.from} then 'new' else 'ongoing' end as intake,
           p.sex, coalesce(pick.minor_status, 'unknown') as age_group, coalesce(pick.age_band, 'unknown') as age_band, coalesce(p.citizenships[1], 'unknown') as citizenship,
           case cardinality(pick.exploitation_types) when 0 then 'unknown' when 1 then (pick.exploitation_types)[1] else 'multiple' end as exploitation,
           case cardinality(pick.labour_sectors) when 0 then 'unknown' when 1 then (pick.labour_sectors)[1] else 'multiple' end as sector,
           count(*)::int as n
    from pick join persons p on p.id = pick.person_id
    group by 1, 2, 3, 4, 5, 6, 7, 8`.execute(db);
  return r.rows.map(({ n, ...values }) => canonicalRow({ ...values, sex: values.sex ?? '' }, n)).sort();
}

async function run(engine: Engine): Promise<void> {
  const opened = await open(engine);
  if (!opened) return;
  const { database } = opened;
  const db = database.db;
  try {
    await migrate({ database });
    await systemSeedBuiltinRoles({ db });
    const [, genMs] = await timed(async () => {
      await sql`insert into organisations (code, name, org_type, provinces)
        select 'bench-' || g, 'Ente ' || g, 'ngo', array[lpad((g % 5 + 1)::text, 3, '0')] from generate_series(1, 10) g`.execute(db);
      const orgs = (await db.selectFrom('organisations').select('id').where('code', 'like', 'bench-%').orderBy('code').execute()).map((o) => o.id);
      const lead = orgs[0]!;
      const project = await db.insertInto('projects').values({ code: 'bench-p', name: 'Piano bench', period_start: '2025-01-01', period_end: '2026-12-31', funder: 'DPO', budget_total: '1000000.00', lead_org_id: lead }).returning('id').executeTakeFirstOrThrow();
      await sql`insert into project_partners (project_id, organisation_id, provinces) select ${project.id}::uuid, o.id, o.provinces from organisations o where o.code like 'bench-%'`.execute(db);
      const user = await db.insertInto('users').values({ email: 'bench@bench.invalid', display_name: 'Bench' }).returning('id').executeTakeFirstOrThrow();
      // Persons: opaque identity (not read by the indicators), sex and citizenship varied.
      await sql.raw(`insert into persons (code, owner_org_id, identity_enc, sex, citizenships)
        select 'P-' || ${code32('g', 4)} || '-' || ${code32('(g >> 20)', 4)}, (array[${orgs.map((o) => `'${o}'::uuid`).join(',')}])[g % 10 + 1],
          'bench-opaque-identity', (array['Feminine','Feminine','Masculine','TransgenderFeminine','Unknown'])[g % 5 + 1],
          array[(array['NG','RO','PK','MA','AL','BR','CN','UA','IT','GH'])[(g / 7) % 10 + 1]]
        from generate_series(1, ${persons}) g`).execute(db);
      await sql.raw(`insert into cases (code, person_id, org_id, phase, status, opened_at, closed_at, closure_reason, minor_status, age_band, exploitation_types, labour_sectors)
        select 'C-2025-' || ${code32('n', 6)}, p.id, p.owner_org_id,
          (array['contact','screening','identification','first_assistance','protection_residential','protection_territorial','inclusion','closed'])[n % 8 + 1],
          case when n % 8 = 7 then 'Closed' else 'Active' end,
          timestamptz '2025-01-01 10:00+01' + ((n * 7919) % 730) * interval '1 day',
          case when n % 8 = 7 then timestamptz '2025-01-31 10:00+01' + ((n * 7919) % 730) * interval '1 day' end,
          case when n % 8 = 7 then 'autonomy' end,
          (array['adult','adult','adult','minor','possibly_minor'])[n % 5 + 1],
          case when n % 5 = 3 then (array['0-8','9-17'])[n % 2 + 1]
               else (array['18-20','21-23','24-26','27-29','30-38','39-47','48+',null])[(n / 5) % 8 + 1] end,
          case when n % 3 = 0 then array['SexualExploitation'] when n % 3 = 1 then array['ForcedLabour'] else array[]::text[] end,
          case when n % 3 = 1 then array['A_AgricultureForestryAndFishing'] else array[]::text[] end
        from (select id, owner_org_id, row_number() over (order by id) as n from persons) p`).execute(db);
      await sql`insert into case_phase_history (case_id, from_phase, to_phase, changed_at)
        select id, null, 'contact', opened_at from cases union all
        select id, 'contact', phase, opened_at + interval '5 days' from cases where phase <> 'contact'`.execute(db);
      await sql`insert into screenings (case_id, list_id, answers, rule, evaluation, indicative_result, decision, decision_reason_enc, screened_by, screened_at)
        select c.id, 'adult_sexual', '{}', '{}', '{}', 'x', 'possible_victim', 'bench-opaque', ${user.id}::uuid, c.opened_at + interval '2 days'
        from cases c where (hashtext(c.id::text) % 3) = 0`.execute(db);
      // Outreach contacts: outings of 10 contacts through 2 of 40 zones (5 each).
      await sql`insert into outreach_zones (org_id, name, province_code, municipality) select ${lead}::uuid, 'Zona ' || g, '001', 'Torino' from generate_series(1, 40) g`.execute(db);
      const s = JSON.stringify;
      await sql`insert into outreach_outings (id, org_id, unit_kind, unit_name, outing_date, start_time, end_time, province_code, municipality, total_contacts,
          by_sex, by_age, by_nationality, by_history, offered, accompaniments)
        select gen_random_uuid(), ${lead}::uuid, 'street', 'Unità', date '2025-01-01' + (g % 730), '21:00', '01:00', '001', 'Torino', 10,
          ${s({ ...zeroCounts(sexGenders), female: 10 })}::jsonb, ${s({ ...zeroCounts(ageBands), '25_34': 10 })}::jsonb,
          ${s({ ...zeroCounts(nationalityGroups), nigeria: 10 })}::jsonb, ${s({ ...zeroCounts(contactHistories), known: 10 })}::jsonb,
          ${s(zeroCounts(offerKinds))}::jsonb, ${s(zeroCounts(accompanimentKinds))}::jsonb
        from generate_series(1, ${contacts / 10}) g`.execute(db);
      await sql`with z as (select id, row_number() over (order by id) - 1 as n from outreach_zones),
          o as (select id, outing_date, row_number() over (order by id) - 1 as n from outreach_outings)
        insert into outreach_outing_zones (outing_id, zone_id, org_id, outing_date, contacts)
        select o.id, z.id, ${lead}::uuid, o.outing_date, 5 from o join z on z.n in (o.n % 40, (o.n + 17) % 40)`.execute(db);
      // As the owner: the application role may not analyze the tables (it would skip them with a
      // warning), and without statistics the planner guesses (PostgreSQL's autovacuum may be off).
      await database.asOwner((owner) => sql`analyze`.execute(owner));
      return { project: project.id, user: user.id, lead };
    });
    const size = await sql<{ persons: string; cases: string; history: string; screenings: string; contacts: string; bytes: string }>`
      select (select count(*) from persons)::text as persons, (select count(*) from cases)::text as cases,
        (select count(*) from case_phase_history)::text as history, (select count(*) from screenings)::text as screenings,
        (select coalesce(sum(contacts), 0) from outreach_outing_zones)::text as contacts,
        (select sum(pg_total_relation_size(c.oid)) from pg_class c where c.relname in ('persons','cases','case_phase_history','screenings','outreach_outings','outreach_outing_zones'))::text as bytes`.execute(db);
    const sz = size.rows[0];
    console.log(`${engine}: ${sz?.persons} persons (opaque identities: only sex and citizenship are read), ${sz?.cases} cases, ${sz?.history} phase changes, ${sz?.screenings} screenings, ${sz?.contacts} outreach contacts; ${(Number(sz?.bytes) / 1048576).toFixed(1)} MiB (generated in ${(genMs / 1000).toFixed(1)} s)`);

    const ids = await db.selectFrom('projects').select('id').where('code', '=', 'bench-p').executeTakeFirstOrThrow();
    const lead = await db.selectFrom('organisations').select('id').where('code', '=', 'bench-1').executeTakeFirstOrThrow();
    const user = await db.selectFrom('users').select('id').where('email', '=', 'bench@bench.invalid').executeTakeFirstOrThrow();
    const actor = (permissions: Permission[], roleKey: string) => new DataAccess(
      db,
      { userId: user.id, email: 'bench@bench.invalid', displayName: 'Bench', orgId: lead.id, roleKey, permissions: new Set(permissions), sessionId: randomUUID(), mfaVerified: true, mfaPending: false },
      { ip: '127.0.0.1', requestId: randomUUID(), locale: 'it' },
      systemClock,
    );
    const coordinator = actor(['network.read', 'persons.read', 'cases.read', 'cases.approve', 'referrals.send', 'referrals.receive', 'referrals.override_consent', 'accommodation.address', 'stats.aggregate', 'reports.generate'], 'coordinator');
    const funder = actor(['network.read', 'stats.aggregate', 'reports.generate'], 'funder_analyst');
    const query = { project: ids.id, from: '2025-01-01', to: '2025-12-31' };
    const verdict = (ms: number) => (ms <= target ? 'within' : 'ABOVE');

    // Each source query over the whole network (the suppressed report's scope), to find the slow one.
    const bodies = await q.projectBodies(db, ids.id);
    const f: q.Filters = { from: new Date('2024-12-31T23:00:00Z'), toEx: new Date('2025-12-31T23:00:00Z'), fromDay: '2025-01-01', toDay: '2025-12-31', provinces: null, projectOrgIds: bodies?.orgIds ?? [], projectProvinces: bodies?.provinces ?? [], now: new Date() };
    const network = { kind: 'network' } as const;
    const now = (await q.inChargeCounts(db, f, network)).map((r) => canonicalRow(r.values, r.n)).sort();
    const before = await inChargeBefore(db, f);
    console.log(`${engine}: persons in charge, the same ${now.length} rows as the query before migration 0032: ${JSON.stringify(now) === JSON.stringify(before) ? 'yes' : 'NO'}`);
    const parts: string[] = [];
    for (const [name, work] of [
      ['in charge', () => q.inChargeCounts(db, f, network)],
      ['in charge as before migration 0032 (an ordered look-up of the phase per case)', () => inChargeBefore(db, f)],
      ['screened', () => q.screenedCounts(db, f, network)],
      ['identified', () => q.identifiedCounts(db, f, network)],
      ['permits', () => q.permitCounts(db, f, network, 'requested')],
      ['calls', () => q.callCounts(db, f, network)],
      ['referrals', () => q.referralFacts(db, f, network, 'received')],
      ['beds', () => q.bedCounts(db, f, network)],
      ['contacts by channel', () => q.contactChannelCounts(db, f, network)],
      ['contacts by sex, minors, nationality (SIRIT)', () => q.contactBreakdownCounts(db, f, network)],
      ['inclusion', () => q.inclusionCounts(db, f, network)],
      ['expenses', () => q.expenseCounts(db, f, network)],
    ] as const) {
      const m = await median(database, work as () => Promise<unknown>);
      parts.push(`${name} ${m.median.toFixed(0)} (CPU ${m.cpu.toFixed(0)})`);
    }
    console.log(`${engine}: source queries over the network, a year, median ms (CPU median ms): ${parts.join(', ')}; load ${load()}`);

    const dash = await median(database, () => coordinatorDashboard({ access: coordinator, k, query }));
    const inCharge = dash.result.indicators.find((i) => i.id === 'persons_in_charge_phase')?.total;
    console.log(`${engine}: coordinator dashboard, a year, ${dash.result.indicators.length} indicators (persons in charge: ${inCharge}): ${figures(dash)}, ${verdict(dash.median)} the ${target} ms target`);
    for (const [label, access] of [['coordinator (unsuppressed)', coordinator], ['no access to records (suppressed)', funder]] as const) {
      const rep = await median(database, () => buildReport({ access, k, kind: 'funder', query }));
      const figure = rep.result.keyFigures.find((f) => f.id === 'persons_in_charge_phase')?.value;
      const tables = rep.result.sections.reduce((a, s) => a + s.tables.length, 0);
      console.log(`${engine}: yearly funder report model, ${label}: ${tables} tables, persons in charge ${figure ?? 'n.d.'}: ${figures(rep)}, ${verdict(rep.median)} the ${target} ms target`);
      // The whole report as the job makes it: the model, then the file.
      for (const format of ['pdf', 'xlsx'] as const) {
        let bytes = 0;
        const file = await median(database, async () => {
          bytes = (await render(await buildReport({ access, k, kind: 'funder', query }), format)).length;
        });
        console.log(`${engine}: yearly funder report ${format.toUpperCase()} (model and file, ${(bytes / 1024).toFixed(0)} KiB), ${label}: ${figures(file)}, ${verdict(file.median)} the ${target} ms target`);
      }
    }
  } finally {
    await opened.drop();
  }
}

console.log(`bench:monitoring: ${persons} persons and cases, ${contacts} outreach contacts (BENCH_MONITORING_PERSONS=${persons}; the target size is 100000)`);
for (const engine of engines) await run(engine);
