/**
 * The phase of a case at an instant, on both engines: the condition on the stamp kept by migration
 * 0032 (`superseded_at`, maintained by triggers) must pick exactly the change the ordered look-up
 * used before picked — the last change before the instant in (changed_at, id) order — for every
 * case and every instant tried, and the persons-in-charge counts must equal those of the query as
 * it was written before.
 *
 * Histories are written every way they can be: through the API (opening, transitions, closure and
 * reopening through approval requests, two changes at the same instant), and generated (a seeded
 * pseudo-random set: many changes per case, several cases in one multi-row insert, rows inserted
 * out of time order, ties on changed_at, transfer rows that keep the phase, changes exactly at the
 * period's boundaries, rows deleted, rows moved to another time or another case). Instants tried:
 * every changed_at, one millisecond either side, and the period boundaries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { insertPerson } from '../helpers/records.ts';
import { newCaseCode } from '../../src/domain/persons/index.ts';
import * as q from '../../src/server/features/monitoring/queries.ts';
import type { CountRow } from '../../src/domain/monitoring/index.ts';
import { call, makeWorld, openCase, person, type CaseWorld } from '../cases/helpers.ts';

const phases = ['contact', 'screening', 'identification', 'first_assistance', 'protection_residential', 'protection_territorial', 'inclusion', 'closed'];
/** Period of the counts compared: 2026 (Europe/Rome), as the monitoring filters give it. */
const from = new Date('2025-12-31T23:00:00.000Z');
const toEx = new Date('2026-12-31T23:00:00.000Z');

/** A small deterministic generator (fixed seed), so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Phase of every case at `at` the way it was looked up before migration 0032: one ordered look-up per case. */
async function phasesBefore(db: Kysely<DB>, at: Date): Promise<Map<string, string | null>> {
  const rows = await sql<{ id: string; phase: string | null }>`
    select c.id, (select h.to_phase from case_phase_history h where h.case_id = c.id and h.changed_at < ${at}
                  order by h.changed_at desc, h.id desc limit 1) as phase
    from cases c`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, r.phase]));
}

/** Phase of every case at `at` through the stamp; every matching row is returned, to catch a case matched twice. */
async function phasesNow(db: Kysely<DB>, at: Date): Promise<Array<[string, string | null]>> {
  const rows = await sql<{ id: string; phase: string | null }>`
    select c.id, h.to_phase as phase from cases c left join case_phase_history h on ${q.phaseInForceAt('h', 'c.id', at)}`.execute(db);
  return rows.rows.map((r) => [r.id, r.phase]);
}

/** The persons-in-charge counts as the query was written before migration 0032 (network scope, no territory). */
async function inChargeBefore(db: Kysely<DB>, orgIds: string[]): Promise<CountRow[]> {
  const rows = await sql<{ phase: string; intake: string; sex: string | null; age_group: string; age_band: string; citizenship: string; exploitation: string; sector: string; n: number }>`
    with fc as (select cases.id, cases.person_id, cases.opened_at, cases.minor_status, cases.age_band, cases.exploitation_types, cases.labour_sectors
                from cases join organisations co on co.id = cases.org_id
                where cases.org_id = any(${orgIds}::uuid[]) and cases.opened_at < ${toEx} and (cases.closed_at is null or cases.closed_at >= ${from})),
    pick as (select distinct on (fc.person_id) fc.* from fc order by fc.person_id, fc.opened_at desc, fc.id desc)
    select coalesce((select h.to_phase from case_phase_history h where h.case_id = pick.id and h.changed_at < ${toEx}
                     order by h.changed_at desc, h.id desc limit 1), 'contact') as phase,
           case when pick.opened_at >= ${from} then 'new' else 'ongoing' end as intake,
           p.sex, coalesce(pick.minor_status, 'unknown') as age_group, coalesce(pick.age_band, 'unknown') as age_band, coalesce(p.citizenships[1], 'unknown') as citizenship,
           case cardinality(pick.exploitation_types) when 0 then 'unknown' when 1 then (pick.exploitation_types)[1] else 'multiple' end as exploitation,
           case cardinality(pick.labour_sectors) when 0 then 'unknown' when 1 then (pick.labour_sectors)[1] else 'multiple' end as sector,
           count(*)::int as n
    from pick join persons p on p.id = pick.person_id
    group by 1, 2, 3, 4, 5, 6, 7, 8`.execute(db);
  return rows.rows.map(({ n, ...values }) => ({ values: { ...values, sex: values.sex ?? '' }, n }));
}

/** Rows in one order, whatever the order of their values' keys. */
const canonical = (r: CountRow): string => JSON.stringify([Object.entries(r.values).sort(([a], [b]) => (a < b ? -1 : 1)), r.n]);
const sorted = (rows: CountRow[]): CountRow[] => [...rows].sort((x, y) => (canonical(x) < canonical(y) ? -1 : 1));

describe.each(await engineCases())('the phase in force at an instant, on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let db: Kysely<DB>;
  let w: CaseWorld;
  const orgIds: string[] = [];

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    db = t.database.db;
    w = await makeWorld(t);
    orgIds.push(w.orgId, w.otherOrgId);
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  /** Compares both look-ups at every instant a history row gives (and ±1 ms), plus the given ones. */
  async function compareEverywhere(extra: Date[]): Promise<{ instants: number; matched: number }> {
    const times = await db.selectFrom('case_phase_history').select('changed_at').distinct().execute();
    const instants = new Map<number, Date>();
    for (const d of [...times.map((r) => new Date(r.changed_at)), ...extra]) {
      for (const ms of [d.getTime() - 1, d.getTime(), d.getTime() + 1]) instants.set(ms, new Date(ms));
    }
    let matched = 0;
    for (const at of instants.values()) {
      const before = await phasesBefore(db, at);
      const now = await phasesNow(db, at);
      // one row per case (a left join: none matched gives one row with null), and the same phase
      expect(now.length).toBe(before.size);
      expect(new Map(now)).toEqual(before);
      matched += now.filter(([, phase]) => phase !== null).length;
    }
    return { instants: instants.size, matched };
  }

  it.skipIf(skip)('histories written through the API: transitions, closure and reopening with approval, two changes at one instant', async () => {
    // The clock moves by a minute at a time (the sessions stay valid); compareEverywhere tries each change's instant and ±1 ms.
    const c = await openCase(t, w.worker, { personId: (await person(t, w.orgId)).id, phase: 'contact' });
    const move = async (to: string, extra: object = {}) => call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to, ...extra });
    const decide = async (requestId: string) => call(t, w.coordinator, 'POST', `/api/case-approvals/${requestId}/decision`, { decision: 'approve' });
    t.clock.advance({ minutes: 1 });
    expect((await move('screening')).status).toBe(200);
    // two changes at the same instant: the second (higher id) is the one in force after it
    expect((await move('identification')).status).toBe(200);
    t.clock.advance({ minutes: 1 });
    const close = await move('closed', { closureReason: 'not_a_victim', reason: 'Nessun indicatore dopo due colloqui.' });
    expect(close.status).toBe(202);
    t.clock.advance({ minutes: 1 });
    expect((await decide(close.body.approvalRequest.id)).status).toBe(200);
    t.clock.advance({ minutes: 1 });
    const reopen = await move('identification', { reason: 'La persona è tornata con nuovi elementi.' });
    expect(reopen.status).toBe(202);
    t.clock.advance({ minutes: 1 });
    expect((await decide(reopen.body.approvalRequest.id)).status).toBe(200);

    const rows = await db.selectFrom('case_phase_history').select(['to_phase', 'changed_at', 'superseded_at']).where('case_id', '=', c.id).orderBy('id').execute();
    const minute = (d: Date | string | null) => (d === null ? null : (new Date(d).getTime() - new Date(rows[0]!.changed_at).getTime()) / 60_000);
    expect(rows.map((r) => [r.to_phase, minute(r.changed_at), minute(r.superseded_at)])).toEqual([
      ['contact', 0, 1],
      ['screening', 1, 1],
      ['identification', 1, 3],
      ['closed', 3, 5],
      ['identification', 5, null],
    ]);
    const closedAt = new Date(rows[3]!.changed_at);
    // at the closure's own instant the case is still in identification; a millisecond later it is closed
    expect(new Map(await phasesNow(db, closedAt)).get(c.id)).toBe('identification');
    expect(new Map(await phasesNow(db, new Date(closedAt.getTime() + 1))).get(c.id)).toBe('closed');
    const { instants } = await compareEverywhere([from, toEx]);
    expect(instants).toBeGreaterThan(10);
  });

  it.skipIf(skip)('a generated set with many changes written every way: the same phase as the ordered look-up at every instant, and the same counts', async () => {
    const rnd = random(20261206);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const boundaries = [from, toEx];
    const caseIds: string[] = [];
    for (let n = 0; n < 40; n++) {
      const orgId = orgIds[n % 2]!;
      const p = await insertPerson({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId, sex: pick(['Feminine', 'Masculine', 'Unknown']), citizenships: [pick(['NG', 'RO', 'PK'])] });
      // one person in four has two cases (the most recent one counts)
      for (let i = 0; i < (n % 4 === 0 ? 2 : 1); i++) {
        const opened = new Date(Date.UTC(2025, 6, 1) + Math.floor(rnd() * 600) * 86_400_000);
        const closed = rnd() < 0.25 ? new Date(opened.getTime() + 90 * 86_400_000) : null;
        const kase = await db.insertInto('cases').values({
          code: newCaseCode(2026), person_id: p.id, org_id: orgId, phase: closed ? 'closed' : 'contact', status: closed ? 'Closed' : 'Active',
          opened_at: opened, closed_at: closed, closure_reason: closed ? 'autonomy' : null, minor_status: pick(['adult', 'minor', null]), age_band: pick(['18-20', '9-17', '48+', null]),
          exploitation_types: pick([[], ['SexualExploitation'], ['ForcedLabour', 'ForcedCriminality']]), labour_sectors: [],
        }).returning('id').executeTakeFirstOrThrow();
        caseIds.push(kase.id);
      }
    }
    // Changes: 2 to 12 per case, at random days (some exactly at a boundary, some sharing a time),
    // written in multi-row inserts that mix cases and are not in time order.
    type Row = { case_id: string; from_phase: string | null; to_phase: string; changed_at: Date };
    const pending: Row[] = [];
    for (const caseId of caseIds) {
      let last: Date | null = null;
      for (let j = 0, m = 2 + Math.floor(rnd() * 11); j < m; j++) {
        const r = rnd();
        const changedAt: Date = r < 0.12 ? pick(boundaries) : r < 0.22 && last ? last : new Date(Date.UTC(2025, 6, 1) + Math.floor(rnd() * 900) * 86_400_000 + Math.floor(rnd() * 86_400) * 1000);
        const to = pick(phases);
        // a transfer keeps the phase (from = to)
        pending.push({ case_id: caseId, from_phase: rnd() < 0.1 ? to : pick([null, ...phases]), to_phase: to, changed_at: changedAt });
        last = changedAt;
      }
    }
    for (let i = pending.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [pending[i], pending[j]] = [pending[j]!, pending[i]!];
    }
    for (let i = 0; i < pending.length; ) {
      const size = 1 + Math.floor(rnd() * 25);
      await db.insertInto('case_phase_history').values(pending.slice(i, i + size)).execute();
      i += size;
    }
    expect(pending.length).toBeGreaterThan(200);
    expect(pending.filter((r) => r.changed_at.getTime() === toEx.getTime()).length).toBeGreaterThan(3);
    expect(await compareEverywhere(boundaries)).toMatchObject({ instants: expect.any(Number) });

    // Deletions (single and several cases in one statement), a change moved in time, one moved to another case.
    const ids = (await db.selectFrom('case_phase_history').select(['id', 'case_id']).where('case_id', 'in', caseIds).orderBy('id').execute());
    await db.deleteFrom('case_phase_history').where('id', '=', ids[3]!.id).execute();
    await db.deleteFrom('case_phase_history').where('id', 'in', ids.filter((_, i) => i % 17 === 5).map((r) => r.id)).execute();
    await db.updateTable('case_phase_history').set({ changed_at: toEx }).where('id', '=', ids[10]!.id).execute();
    await db.updateTable('case_phase_history').set({ changed_at: new Date('2024-01-01T00:00:00Z') }).where('id', '=', ids[20]!.id).execute();
    await db.updateTable('case_phase_history').set({ case_id: caseIds[7]! }).where('id', '=', ids[30]!.id).execute();
    // and a whole case deleted (its history goes with it)
    await db.deleteFrom('cases').where('id', '=', caseIds[39]!).execute();
    const { instants, matched } = await compareEverywhere(boundaries);
    expect(instants).toBeGreaterThan(300);
    expect(matched).toBeGreaterThan(1000);

    // exactly one change in force now per case with any history, none superseded in the future of another
    const current = await sql<{ n: number }>`select count(*)::int as n from case_phase_history where superseded_at is null`.execute(db);
    const withHistory = await sql<{ n: number }>`select count(distinct case_id)::int as n from case_phase_history`.execute(db);
    expect(current.rows[0]!.n).toBe(withHistory.rows[0]!.n);

    // the persons-in-charge counts of the monitoring query equal those of the query as written before
    const f: q.Filters = { from, toEx, fromDay: '2026-01-01', toDay: '2026-12-31', provinces: null, projectOrgIds: orgIds, projectProvinces: [], now: toEx };
    const after = await q.inChargeCounts(db, f, { kind: 'network' });
    const before = await inChargeBefore(db, orgIds);
    expect(sorted(after)).toEqual(sorted(before));
    expect(before.reduce((a, r) => a + r.n, 0)).toBeGreaterThan(20);
    expect(new Set(before.map((r) => r.values.phase)).size).toBeGreaterThan(4);
  });
});
