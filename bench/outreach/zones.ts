/**
 * npm run bench:outreach — contacts by zone and by month over 1 000 000 contacts, and a sync
 * upload of 500 records, on PGlite (in memory) and on PostgreSQL (a fresh database on
 * PONTE_BENCH_PG_URL's server; skipped if none answers).
 *
 * Data: BENCH_OUTREACH_OUTINGS (default 100 000) outings of one organisation over two years, each
 * through two of 40 zones with 5 contacts in each, generated with generate_series in SQL: 1 000 000
 * contacts in 200 000 zone rows. The view is timed for a year and for one month, through the
 * service (scope check, query, audit entry). Prints the data size and the timings.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type Database, type Engine } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { systemSeedBuiltinRoles } from '../../src/server/platform/bootstrap.ts';
import { DataAccess } from '../../src/server/platform/access.ts';
import { systemClock } from '../../src/server/platform/clock.ts';
import { FieldCipher } from '../../src/server/platform/crypto.ts';
import type { Permission } from '../../src/domain/permissions.ts';
import { ageBands, accompanimentKinds, contactHistories, nationalityGroups, offerKinds, sexGenders, zeroCounts } from '../../src/domain/outreach/index.ts';
import { contactsByZone } from '../../src/server/features/outreach/service.ts';
import { upload } from '../../src/server/features/outreach/sync.ts';

const adminUrl = process.env.PONTE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const outings = Number(process.env.BENCH_OUTREACH_OUTINGS ?? 100_000);

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await work();
  return [r, performance.now() - t0];
}

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
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name}`);
      await a.end();
    },
  };
}

async function run(engine: Engine): Promise<void> {
  const opened = await open(engine);
  if (!opened) return;
  const { database } = opened;
  const db = database.db;
  try {
    await migrate({ database });
    await systemSeedBuiltinRoles({ db });
    const org = await db.insertInto('organisations').values({ code: 'bench-org', name: 'Bench', org_type: 'ngo' }).returning('id').executeTakeFirstOrThrow();
    const user = await db.insertInto('users').values({ email: 'bench@bench.invalid', display_name: 'Bench' }).returning('id').executeTakeFirstOrThrow();
    const role = await db.selectFrom('roles').select('id').where('key', '=', 'outreach_worker').executeTakeFirstOrThrow();
    await db.insertInto('memberships').values({ user_id: user.id, organisation_id: org.id, role_id: role.id }).execute();

    const [, genMs] = await timed(async () => {
      await sql`insert into outreach_zones (org_id, name, province_code, municipality)
        select ${org.id}::uuid, 'Zona ' || g, '001', 'Torino' from generate_series(1, 40) g`.execute(db);
      const s = JSON.stringify;
      await sql`insert into outreach_outings (id, org_id, unit_kind, unit_name, outing_date, start_time, end_time, province_code, municipality, total_contacts,
          by_sex, by_age, by_nationality, by_history, offered, accompaniments)
        select gen_random_uuid(), ${org.id}::uuid, 'street', 'Unità', date '2025-01-01' + (g % 730), '21:00', '01:00', '001', 'Torino', 10,
          ${s({ ...zeroCounts(sexGenders), female: 10 })}::jsonb, ${s({ ...zeroCounts(ageBands), '25_34': 10 })}::jsonb,
          ${s({ ...zeroCounts(nationalityGroups), nigeria: 10 })}::jsonb, ${s({ ...zeroCounts(contactHistories), known: 10 })}::jsonb,
          ${s(zeroCounts(offerKinds))}::jsonb, ${s(zeroCounts(accompanimentKinds))}::jsonb
        from generate_series(1, ${outings}) g`.execute(db);
      await sql`with z as (select id, row_number() over (order by id) - 1 as n from outreach_zones),
          o as (select id, outing_date, row_number() over (order by id) - 1 as n from outreach_outings)
        insert into outreach_outing_zones (outing_id, zone_id, org_id, outing_date, contacts)
        select o.id, z.id, ${org.id}::uuid, o.outing_date, 5 from o join z on z.n in (o.n % 40, (o.n + 17) % 40)`.execute(db);
      await sql`analyze`.execute(db);
    });
    const size = await sql<{ contacts: string; rows: string; bytes: string }>`
      select (select sum(contacts) from outreach_outing_zones)::text as contacts, (select count(*) from outreach_outing_zones)::text as rows,
        (pg_total_relation_size('outreach_outing_zones') + pg_total_relation_size('outreach_outings'))::text as bytes`.execute(db);
    const sz = size.rows[0];
    console.log(`${engine}: ${outings} outings, ${sz?.rows} zone rows, ${sz?.contacts} contacts, ${(Number(sz?.bytes) / 1048576).toFixed(1)} MiB (generated in ${(genMs / 1000).toFixed(1)} s)`);

    const permissions = new Set<Permission>(['outreach.write', 'persons.read']);
    const access = new DataAccess(
      db,
      { userId: user.id, email: 'bench@bench.invalid', displayName: 'Bench', orgId: org.id, roleKey: 'outreach_worker', permissions, sessionId: randomUUID(), mfaVerified: true, mfaPending: false },
      { ip: '127.0.0.1', requestId: randomUUID(), locale: 'it' },
      systemClock,
    );
    const cipher = new FieldCipher({ db, masterKey: Buffer.alloc(32, 9) });
    for (const [label, from, to] of [['a year', '2025-01', '2025-12'], ['a month', '2025-06', '2025-06'], ['two years', '2025-01', '2026-12']] as const) {
      await contactsByZone({ access, cipher, from, to, k: 11 }); // warm
      const runs: number[] = [];
      let total: number | null = 0;
      for (let i = 0; i < 5; i++) {
        const [r, ms] = await timed(() => contactsByZone({ access, cipher, from, to, k: 11 }));
        runs.push(ms);
        total = r.total;
      }
      runs.sort((a, b) => a - b);
      console.log(`${engine}: contacts by zone and month, ${label}: ${total ?? 'hidden'} contacts counted, median ${runs[2]?.toFixed(0)} ms (min ${runs[0]?.toFixed(0)}, max ${runs[4]?.toFixed(0)})`);
    }

    // Sync: one batch of 500 new outings.
    const device = await db.insertInto('outreach_devices').values({ org_id: org.id, user_id: user.id, label: 'bench' }).returning('id').executeTakeFirstOrThrow();
    const today = new Date().toISOString().slice(0, 10);
    const fields = {
      unitKind: 'street', unitName: 'Unità', teamUserIds: [user.id], date: today, startTime: '21:00', endTime: '23:00', provinceCode: '001', municipality: 'Torino', zones: [],
      totalContacts: 3, bySex: { ...zeroCounts(sexGenders), female: 3 }, byAge: { ...zeroCounts(ageBands), unknown: 3 }, byNationality: { ...zeroCounts(nationalityGroups), other_unknown: 3 },
      byHistory: { ...zeroCounts(contactHistories), first_time: 3 }, offered: zeroCounts(offerKinds), accompaniments: zeroCounts(accompanimentKinds), notes: 'Nota di prova',
    };
    const batch = () => ({ deviceId: device.id, batchId: randomUUID(), changes: Array.from({ length: 500 }, () => ({ kind: 'outing' as const, id: randomUUID(), baseVersion: null, fields })) });
    // The same batch size applied one change at a time (the way before batching), then batched.
    for (const [label, oneByOne] of [['one change at a time', true], ['batched', false]] as const) {
      const body = batch();
      const [answer, syncMs] = await timed(() => upload({ access, cipher, body, oneByOne }));
      const applied = answer.results.filter((r) => r.status === 'applied').length;
      const [, retryMs] = await timed(() => upload({ access, cipher, body, oneByOne }));
      console.log(`${engine}: sync of 500 new outings in one batch, ${label}: ${applied} applied in ${syncMs.toFixed(0)} ms; the retried batch answered in ${retryMs.toFixed(0)} ms`);
    }
    // 100 new outings with 4 contacts each (500 records), batched.
    const four = { totalContacts: 4, bySex: { ...zeroCounts(sexGenders), female: 4 }, byAge: { ...zeroCounts(ageBands), unknown: 4 }, byNationality: { ...zeroCounts(nationalityGroups), other_unknown: 4 }, byHistory: { ...zeroCounts(contactHistories), first_time: 4 } };
    const mixed = () => {
      const changes: Array<{ kind: 'outing' | 'contact'; id: string; baseVersion: null; fields: Record<string, unknown> }> = [];
      for (let i = 0; i < 100; i++) {
        const outingId = randomUUID();
        changes.push({ kind: 'outing', id: outingId, baseVersion: null, fields: { ...fields, ...four } });
        for (let j = 0; j < 4; j++) {
          const contact = { outingId, nickname: `Contatto ${j}`, traits: null, sexGender: 'female', ageBand: 'unknown', nationalityGroup: 'other_unknown', history: 'first_time', possibleVictim: false, consentToFollowUp: false, personCode: null };
          changes.push({ kind: 'contact', id: randomUUID(), baseVersion: null, fields: contact });
        }
      }
      return { deviceId: device.id, batchId: randomUUID(), changes };
    };
    for (const [label, oneByOne] of [['one change at a time', true], ['batched', false]] as const) {
      const [answer, ms] = await timed(() => upload({ access, cipher, body: mixed(), oneByOne }));
      console.log(`${engine}: sync of 100 new outings with 4 contacts each (500 records), ${label}: ${answer.results.filter((r) => r.status === 'applied').length} applied in ${ms.toFixed(0)} ms`);
    }
  } finally {
    await opened.drop();
  }
}

for (const engine of ['pglite', 'postgresql'] as const) await run(engine);
