/**
 * Monitoring indicators on both engines, over a fixed fictional dataset written in this file: every
 * figure of the coordinator dashboard (the records of body A, unsuppressed) and of the observatory
 * (the whole network, k = 3) is compared with a value worked out by hand in the comments below.
 * Also: filters (project, province, region), period validation, the audit entry (ids and filters,
 * no figures), and that the observatory answer holds no person-level value and no small cell.
 *
 * Period: 2026-01-01 → 2026-06-30. Body A (province 058, Lazio) leads project P1; body B (001, Piemonte).
 *
 * | person | sex | citizenship | case(s) (body) | opened | phase at 30 June | age | age band | exploitation / sector |
 * |---|---|---|---|---|---|---|---|---|
 * | p1 | F | NG | c1 (A) | 2025-10-01 | identification (first assistance only on 10 July) | adult | 24-26 | sexual / – |
 * | p2 | F | NG | c2 (A) | 2026-02-15 | screening | minor | 9-17 | – / – |
 * | p3 | M | PK | c3 (A) | 2026-03-10 | contact | adult | 30-38 | forced labour / agriculture |
 * | p4 | TF | BR | c4 (A) | 2026-01-10, closed 2026-03-31 | closed | – | – | sexual + forced labour / – |
 * | p5 | F | NG | c5a (A) 2025-05-01 closed 2026-01-20; c5b (A) | 2026-04-01 | contact (c5b, the most recent) | adult | 48+ (c5a), 24-26 (c5b) | sexual / – |
 * | p6 | F | – | c6 (A) | 2026-07-05 (after the period: not counted) | | | | |
 * | p7 | M | PK | c7 (B) | 2026-02-01 | contact | adult | 30-38 | forced labour / agriculture |
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { insertPerson } from '../helpers/records.ts';
import { newCaseCode } from '../../src/domain/persons/index.ts';
import { newHotlineCallCode } from '../../src/domain/hotline/index.ts';
import { indicatorById } from '../../src/domain/monitoring/index.ts';

interface Result {
  id: string;
  rows: string[];
  cols: string[] | null;
  cells: (number | null)[][];
  rowTotals: (number | null)[] | null;
  colTotals: (number | null)[] | null;
  total: number | null;
  value: string | null;
  drillDown: (string | null)[] | null;
}
interface Answer { view: string; k: number | null; indicators: Result[]; unavailable: string[] }

const period = 'from=2026-01-01&to=2026-06-30';
const at = (day: string) => new Date(`${day}T10:00:00Z`);

describe.each(await engineCases())('monitoring indicators on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let db: Kysely<DB>;
  let a: string;
  let b: string;
  let projectId: string;
  let coordinator: LoggedIn;
  let analyst: LoggedIn;
  let worker: LoggedIn;
  const personCodes: string[] = [];
  const caseCodes: string[] = [];

  async function org(code: string, provinces: string[]): Promise<string> {
    return (await db.insertInto('organisations').values({ code, name: `Ente ${code}`, org_type: 'ngo', provinces }).returning('id').executeTakeFirstOrThrow()).id;
  }

  async function person(orgId: string, sex: string, citizenships: string[]): Promise<string> {
    const p = await insertPerson({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId, sex, citizenships });
    personCodes.push(p.code);
    return p.id;
  }

  /** A case with its phase history: [phase, day] pairs, the last one its current phase. */
  async function kase(options: {
    orgId: string; personId: string; opened: string; history: Array<[string, string]>; minor?: 'minor' | 'adult'; band?: string;
    exploitation?: string[]; sectors?: string[]; status?: { value: string; on: string };
  }): Promise<string> {
    const [phase, closedOn] = options.history[options.history.length - 1]!;
    const code = newCaseCode(2026);
    caseCodes.push(code);
    const c = await db
      .insertInto('cases')
      .values({
        code, person_id: options.personId, org_id: options.orgId, phase, status: phase === 'closed' ? 'Closed' : 'Active',
        closure_reason: phase === 'closed' ? 'autonomy' : null, closed_at: phase === 'closed' ? at(closedOn) : null,
        opened_at: at(options.opened), minor_status: options.minor ?? null, age_band: options.band ?? null,
        exploitation_types: options.exploitation ?? [], labour_sectors: options.sectors ?? [],
        trafficking_status: options.status?.value ?? null, trafficking_status_decided_on: options.status?.on ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let from: string | null = null;
    for (const [to, day] of options.history) {
      await db.insertInto('case_phase_history').values({ case_id: c.id, from_phase: from, to_phase: to, changed_at: at(day), closure_reason: to === 'closed' ? 'autonomy' : null }).execute();
      from = to;
    }
    return c.id;
  }

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine, env: { PONTE_SMALL_CELL_K: '3' } });
    db = t.database.db;
    a = await org('mon-a', ['058']);
    b = await org('mon-b', ['001']);
    projectId = (await db.insertInto('projects').values({ code: 'mon-p1', name: 'Piano prova', period_start: '2026-01-01', period_end: '2026-12-31', funder: 'DPO', budget_total: '1000.00', lead_org_id: a }).returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('project_partners').values({ project_id: projectId, organisation_id: a, provinces: ['058'] }).execute();
    coordinator = await loginAs({ t, roleKey: 'coordinator', orgId: a });
    analyst = await loginAs({ t, roleKey: 'observatory_analyst', orgId: b });
    worker = await loginAs({ t, roleKey: 'case_worker', orgId: a });

    const p1 = await person(a, 'Feminine', ['NG']);
    const p2 = await person(a, 'Feminine', ['NG']);
    const p3 = await person(a, 'Masculine', ['PK']);
    const p4 = await person(a, 'TransgenderFeminine', ['BR']);
    const p5 = await person(a, 'Feminine', ['NG', 'GH']);
    const p6 = await person(a, 'Feminine', []);
    const p7 = await person(b, 'Masculine', ['PK']);
    const c1 = await kase({ orgId: a, personId: p1, opened: '2025-10-01', history: [['contact', '2025-10-01'], ['identification', '2026-02-01'], ['first_assistance', '2026-07-10']], minor: 'adult', band: '24-26', exploitation: ['SexualExploitation'], status: { value: 'ActualVictimOfTrafficking', on: '2026-02-01' } });
    const c2 = await kase({ orgId: a, personId: p2, opened: '2026-02-15', history: [['contact', '2026-02-15'], ['screening', '2026-03-01']], minor: 'minor', band: '9-17' });
    const c3 = await kase({ orgId: a, personId: p3, opened: '2026-03-10', history: [['contact', '2026-03-10']], minor: 'adult', band: '30-38', exploitation: ['ForcedLabour'], sectors: ['A_AgricultureForestryAndFishing'] });
    await kase({ orgId: a, personId: p4, opened: '2026-01-10', history: [['contact', '2026-01-10'], ['closed', '2026-03-31']], exploitation: ['SexualExploitation', 'ForcedLabour'] });
    await kase({ orgId: a, personId: p5, opened: '2025-05-01', history: [['contact', '2025-05-01'], ['closed', '2026-01-20']], minor: 'adult', band: '48+' });
    await kase({ orgId: a, personId: p5, opened: '2026-04-01', history: [['contact', '2026-04-01']], minor: 'adult', band: '24-26', exploitation: ['SexualExploitation'] });
    await kase({ orgId: a, personId: p6, opened: '2026-07-05', history: [['contact', '2026-07-05']], minor: 'adult' });
    await kase({ orgId: b, personId: p7, opened: '2026-02-01', history: [['contact', '2026-02-01']], minor: 'adult', band: '30-38', exploitation: ['ForcedLabour'], sectors: ['A_AgricultureForestryAndFishing'] });

    // Screenings: p2 possible victim; p3 not a victim, then possible victim (the last counts); p1 one in 2025 (outside).
    const screening = (caseId: string, decision: 'possible_victim' | 'not_a_victim', day: string) =>
      db.insertInto('screenings').values({ case_id: caseId, list_id: 'adult_sexual', answers: {}, rule: {}, evaluation: {}, indicative_result: 'x', decision, decision_reason_enc: 'x', screened_by: worker.userId, screened_at: at(day) }).execute();
    await screening(c2, 'possible_victim', '2026-03-01');
    await screening(c3, 'not_a_victim', '2026-03-12');
    await screening(c3, 'possible_victim', '2026-04-01');
    await screening(c1, 'possible_victim', '2025-11-01');

    // Permits: c3 art. 18-ter requested 10 April, issued 20 May; c1 art. 18 social requested in 2025 (outside).
    await db.insertInto('permits').values({ case_id: c3, person_id: p3, org_id: a, permit_type: 'art18ter', status: 'issued', requested_on: '2026-04-10', issued_on: '2026-05-20' }).execute();
    await db.insertInto('permits').values({ case_id: c1, person_id: p1, org_id: a, permit_type: 'art18_social', status: 'prepared', requested_on: '2025-12-01' }).execute();

    // Hotline calls (station: B): 058 citizen, 058 potential victim, 001 citizen; 058 in August (outside).
    const call = (province: string, callerType: 'citizen' | 'potential_victim', day: string) =>
      db.insertInto('hotline_calls').values({ code: newHotlineCallCode(2026), hotline_org_id: b, operator_user_id: worker.userId, received_at: at(day), language: 'it', caller_type: callerType, province, urgency: 'routine', anonymous: true, outcome: 'information_given' }).execute();
    await call('058', 'citizen', '2026-02-10');
    await call('058', 'potential_victim', '2026-03-10');
    await call('001', 'citizen', '2026-03-11');
    await call('058', 'citizen', '2026-08-01');

    // Referrals: r1 A→B accepted after 24 h; r2 B→A declined after 96 h, past its deadline; r3 B→A
    // unanswered, deadline passed; r4 B→A accepted after 12 h.
    let n = 0;
    const referral = async (from: string, to: string, status: 'accepted' | 'declined' | 'sent', sent: Date, answeredHours: number | null, dueHours: number) => {
      const r = await db.insertInto('referrals').values({
        code: `R-2026-00000${++n}`, source: 'agency', from_org_id: from, from_user_id: worker.userId, to_org_id: to, reason: 'Other', urgency: 'routine',
        consent_basis: 'no_personal_data', status, sent_at: sent, answer_due_at: new Date(sent.getTime() + dueHours * 3_600_000),
        answered_at: answeredHours === null ? null : new Date(sent.getTime() + answeredHours * 3_600_000),
        closed_at: status === 'declined' ? new Date(sent.getTime() + (answeredHours ?? 0) * 3_600_000) : null,
      }).returning('id').executeTakeFirstOrThrow();
      if (answeredHours !== null) {
        await db.insertInto('referral_events').values({ referral_id: r.id, kind: 'status', from_status: 'sent', to_status: status, org_id: to, at: new Date(sent.getTime() + answeredHours * 3_600_000) }).execute();
      }
    };
    await referral(a, b, 'accepted', at('2026-02-01'), 24, 48);
    await referral(b, a, 'declined', at('2026-03-01'), 96, 48);
    await referral(b, a, 'sent', at('2026-04-01'), null, 48);
    await referral(b, a, 'accepted', at('2026-05-01'), 12, 72);

    // Beds: A's escape house in 058, 3 beds: one occupied from 1 June, one left on 30 June (not occupied that night);
    // B's flat in 001, 2 beds, one occupied from 1 May.
    const facility = async (orgId: string, type: string, province: string, beds: number) => {
      const f = await db.insertInto('facilities').values({ org_id: orgId, facility_type: type, name: `Struttura ${type}`, province }).returning('id').executeTakeFirstOrThrow();
      const ids: string[] = [];
      for (let i = 1; i <= beds; i++) ids.push((await db.insertInto('facility_beds').values({ facility_id: f.id, label: `Letto ${i}`, kind: 'single' }).returning('id').executeTakeFirstOrThrow()).id);
      return ids;
    };
    const [bedA1, bedA2] = await facility(a, 'escape_house', '058', 3);
    const [bedB1] = await facility(b, 'semi_autonomy_flat', '001', 2);
    await db.insertInto('placements').values({ bed_id: bedA1!, person_id: p1, starts_on: '2026-06-01' }).execute();
    await db.insertInto('placements').values({ bed_id: bedA2!, person_id: p2, starts_on: '2026-03-01', ends_on: '2026-06-30', leaving_reason: 'other' }).execute();
    await db.insertInto('placements').values({ bed_id: bedB1!, person_id: p7, starts_on: '2026-05-01' }).execute();
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  async function get(user: LoggedIn, url: string): Promise<Answer> {
    const r = await t.app.inject({ method: 'GET', url, headers: user.headers });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<Answer>();
  }
  const find = (answer: Answer, id: string): Result => {
    const r = answer.indicators.find((i) => i.id === id);
    if (!r) throw new Error(`no ${id}`);
    return r;
  };
  /** A one-way table as { row: count }, zero rows left out. */
  const oneWay = (r: Result): Record<string, number | null> => Object.fromEntries(r.rows.map((row, i): [string, number | null] => [row, r.cells[i]![0]!]).filter(([, v]) => v !== 0));
  /** A two-way table as { 'row/col': count }, zero cells left out. */
  const twoWay = (r: Result): Record<string, number | null> =>
    Object.fromEntries(r.rows.flatMap((row, i) => r.cols!.map((col, j): [string, number | null] => [`${row}/${col}`, r.cells[i]![j]!])).filter(([, v]) => v !== 0));

  /** Every published figure of a two-way table equals the hand-computed one; every figure in 1..k−1 is hidden. */
  function matches(r: Result, expected: Record<string, number>, k = 3): void {
    const value = (row: string, col: string) => expected[`${row}/${col}`] ?? 0;
    const check = (published: number | null, truth: number, what: string) => {
      if (published !== null) expect(published, what).toBe(truth);
      if (truth > 0 && truth < k) expect(published, what).toBeNull();
    };
    r.rows.forEach((row, i) => r.cols!.forEach((col, j) => check(r.cells[i]![j]!, value(row, col), `${r.id} ${row}/${col}`)));
    r.rows.forEach((row, i) => check(r.rowTotals![i]!, r.cols!.reduce((a, col) => a + value(row, col), 0), `${r.id} ${row}`));
    r.cols!.forEach((col, j) => check(r.colTotals![j]!, r.rows.reduce((a, row) => a + value(row, col), 0), `${r.id} ${col}`));
    check(r.total, Object.values(expected).reduce((a, b) => a + b, 0), `${r.id} total`);
  }

  it.skipIf(skip)('coordinator dashboard: every figure over body A’s records, by hand', async () => {
    const d = await get(coordinator, `/api/monitoring/dashboard?${period}`);
    expect(d.view).toBe('coordinator');
    expect(d.k).toBeNull();
    expect(d.unavailable).toEqual([]);
    // p1..p5 (p6 opened after the period, p7 is B's).
    const phase = find(d, 'persons_in_charge_phase');
    expect(twoWay(phase)).toEqual({ 'contact/female': 1, 'contact/male': 1, 'screening/female': 1, 'identification/female': 1, 'closed/transgender': 1 });
    expect(phase.total).toBe(5);
    expect(phase.colTotals).toEqual([3, 1, 1, 0]);
    expect(phase.drillDown![0]).toBe('/cases?phase=contact');
    expect(twoWay(find(d, 'persons_in_charge_intake'))).toEqual({ 'new/female': 2, 'new/male': 1, 'new/transgender': 1, 'ongoing/female': 1 });
    const age = find(d, 'persons_in_charge_age');
    expect(twoWay(age)).toEqual({ 'adult/female': 2, 'adult/male': 1, 'minor/female': 1, 'unknown/transgender': 1 });
    expect(age.drillDown![age.rows.indexOf('minor')]).toBe('/cases?minor=minor');
    // Age band at opening: p1 24-26, p2 9-17, p3 30-38, p4 none, p5 24-26 (c5b, not c5a's 48+).
    const band = find(d, 'persons_in_charge_age_band');
    expect(band.rows).toEqual(['0-8', '9-17', '18-20', '21-23', '24-26', '27-29', '30-38', '39-47', '48+', 'unknown']);
    expect(twoWay(band)).toEqual({ '9-17/female': 1, '24-26/female': 2, '30-38/male': 1, 'unknown/transgender': 1 });
    expect(band.total).toBe(5);
    const citizenship = find(d, 'persons_in_charge_citizenship');
    expect(citizenship.rows).toEqual(['BR', 'NG', 'PK']);
    expect(twoWay(citizenship)).toEqual({ 'NG/female': 3, 'PK/male': 1, 'BR/transgender': 1 });
    expect(twoWay(find(d, 'persons_in_charge_exploitation'))).toEqual({ 'SexualExploitation/female': 2, 'unknown/female': 1, 'ForcedLabour/male': 1, 'multiple/transgender': 1 });
    expect(twoWay(find(d, 'persons_in_charge_sector'))).toEqual({ 'A_AgricultureForestryAndFishing/male': 1, 'unknown/female': 3, 'unknown/transgender': 1 });
    expect(oneWay(find(d, 'persons_screened'))).toEqual({ possible_victim: 2 });
    expect(oneWay(find(d, 'persons_identified'))).toEqual({ ActualVictimOfTrafficking: 1 });
    expect(oneWay(find(d, 'permits_requested'))).toEqual({ art18ter: 1 });
    expect(oneWay(find(d, 'permits_issued'))).toEqual({ art18ter: 1 });
    // Calls about A's territory (058) in the period: the coordinator's network view of the hotline.
    expect(oneWay(find(d, 'hotline_calls'))).toEqual({ citizen: 1, potential_victim: 1 });
    expect(oneWay(find(d, 'referrals_sent'))).toEqual({ accepted: 1 });
    const received = find(d, 'referrals_received');
    expect(oneWay(received)).toEqual({ sent: 1, accepted: 1, declined: 1 });
    expect(received.total).toBe(3);
    expect(oneWay(find(d, 'referrals_answers'))).toEqual({ accepted: 1, declined: 1, not_answered: 1 });
    expect(oneWay(find(d, 'referrals_overdue'))).toEqual({ answered_late: 1, unanswered_overdue: 1 });
    // Median of 96 h and 12 h.
    expect(find(d, 'referrals_answer_hours').value).toBe('54.0');
    expect(oneWay(find(d, 'beds_total'))).toEqual({ escape_house: 3 });
    expect(oneWay(find(d, 'beds_occupied'))).toEqual({ escape_house: 1 });
    expect(find(d, 'bed_occupancy').value).toBe('33.3');
  });

  it.skipIf(skip)('observatory: the network’s figures, nothing published between 1 and k − 1, no person-level value', async () => {
    const o = await get(analyst, `/api/monitoring/observatory?${period}`);
    expect(o.view).toBe('observatory');
    expect(o.k).toBe(3);
    for (const r of o.indicators) {
      if (!indicatorById(r.id)!.personal) continue;
      for (const v of [...r.cells.flat(), ...(r.rowTotals ?? []), ...(r.colTotals ?? []), r.total]) {
        if (v !== null) expect(v === 0 || v >= 3, `${r.id}: ${v}`).toBe(true);
      }
      expect(r.drillDown).toBeNull();
    }
    const body = JSON.stringify(o);
    for (const code of [...personCodes, ...caseCodes]) expect(body).not.toContain(code);
    expect(body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    // Network: p1..p5 and p7 = 6 persons in charge. Every published figure is the true one; every
    // true figure in 1..k−1 is hidden.
    const phase = find(o, 'persons_in_charge_phase');
    matches(phase, { 'contact/female': 1, 'contact/male': 2, 'screening/female': 1, 'identification/female': 1, 'closed/transgender': 1 });
    matches(find(o, 'persons_in_charge_citizenship'), { 'NG/female': 3, 'PK/male': 2, 'BR/transgender': 1 });
    // By age band: p7 (B) adds a man of 30-38. Every inner count is 1 or 2 (< k = 3): all hidden.
    const band = find(o, 'persons_in_charge_age_band');
    matches(band, { '9-17/female': 1, '24-26/female': 2, '30-38/male': 2, 'unknown/transgender': 1 });
    expect(band.cells.flat().filter((v) => v !== null && v !== 0)).toEqual([]);
    // Linked to the other tables of persons in charge: the same sex totals hidden, the same grand total.
    expect(band.total).toBe(phase.total);
    expect(band.colTotals!.map((v) => v === null)).toEqual(phase.colTotals!.map((v) => v === null));
    const calls = find(o, 'hotline_calls');
    // citizen 2, potential victim 1: both hidden (one below k, the other would follow from the total 3).
    expect(calls.total).toBe(3);
    expect(oneWay(calls)).toEqual({ citizen: null, potential_victim: null });
    // 5 beds (3 + 2) published by type: beds are not people. 2 occupied: hidden, and the rate with them.
    expect(oneWay(find(o, 'beds_total'))).toEqual({ escape_house: 3, semi_autonomy_flat: 2 });
    expect(find(o, 'beds_occupied').total).toBeNull();
    expect(find(o, 'bed_occupancy').value).toBeNull();
    // Referrals received in the network: r1..r4 = 4, by status sent 1, accepted 2, declined 1.
    const received = find(o, 'referrals_received');
    expect(received.total).toBe(4);
    expect(received.cells.flat().filter((v) => v !== null && v !== 0)).toEqual([]);
    // Answered: 4 (r1 24 h, r2 96 h, r4 12 h; r3 none) = 3 ≥ k: median 24.0.
    expect(find(o, 'referrals_answer_hours').value).toBe('24.0');
  });

  it.skipIf(skip)('filters: project, province and region', async () => {
    const figures = async (q: string) => {
      const o = await get(analyst, `/api/monitoring/observatory?${period}&${q}`);
      return { beds: find(o, 'beds_total').total, inCharge: find(o, 'persons_in_charge_phase').total };
    };
    // Beds are published whole (not people): A's 3 in 058 (Lazio, project P1), B's 2 in 001.
    expect((await figures(`project=${projectId}`)).beds).toBe(3);
    expect((await figures('region=12')).beds).toBe(3);
    expect((await figures('province=058')).beds).toBe(3);
    expect(await figures('province=001')).toEqual({ beds: 2, inCharge: null });
    expect(await figures('province=015')).toEqual({ beds: 0, inCharge: 0 });
    expect((await get(coordinator, `/api/monitoring/dashboard?${period}&province=001`)).indicators.find((i) => i.id === 'persons_in_charge_phase')!.total).toBe(0);
    const bad = await t.app.inject({ method: 'GET', url: '/api/monitoring/observatory?from=2026-06-01&to=2026-01-01', headers: analyst.headers });
    expect(bad.statusCode).toBe(400);
    const outside = await t.app.inject({ method: 'GET', url: '/api/monitoring/observatory?region=01&province=058', headers: analyst.headers });
    expect(outside.statusCode).toBe(400);
    const unknown = await t.app.inject({ method: 'GET', url: `/api/monitoring/observatory?project=${b}`, headers: analyst.headers });
    expect(unknown.statusCode).toBe(400);
    const odd = await t.app.inject({ method: 'GET', url: '/api/monitoring/observatory?province=%E2%80%AE058&name=x', headers: analyst.headers });
    expect(odd.statusCode).toBe(400);
  });

  it.skipIf(skip)('audited as monitoring.read with the view, indicator ids and filters, never figures; others refused', async () => {
    const mark = (await db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id ?? '0';
    await get(coordinator, `/api/monitoring/dashboard?${period}&province=058`);
    const entries = await db.selectFrom('audit_log').select(['action', 'outcome', 'details', 'actor_user_id']).where('id', '>', mark).execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.action).toBe('monitoring.read');
    expect(entries[0]!.details).toMatchObject({ view: 'coordinator', from: '2026-01-01', to: '2026-06-30', province: '058' });
    expect(entries[0]!.details.indicators).toContain('persons_in_charge_phase');
    expect(Object.values(entries[0]!.details).filter((v) => typeof v === 'number')).toEqual([]);
    for (const [user, url] of [[worker, '/api/monitoring/dashboard'], [worker, '/api/monitoring/observatory'], [analyst, '/api/monitoring/dashboard']] as const) {
      const r = await t.app.inject({ method: 'GET', url, headers: user.headers });
      expect(r.statusCode).toBe(403);
    }
  });
});
