/**
 * SQL of the monitoring indicators: one source per kind of record, each returning grouped counts
 * (never a row per person). Filters (period, territory, project) and the scope (the whole network
 * for the observatory; the records the caller may read for the coordinator dashboard) are applied
 * here, as documented in src/domain/monitoring/README.md.
 */
import { sql, type ExpressionBuilder, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { CountRow } from '../../../domain/monitoring/index.ts';
import { siritContactBreakdowns, siritContactNotRecorded, type SiritContactRows } from '../../../domain/monitoring/sirit.ts';
import { caseVisibleTo, type ScopeActor } from '../persons/scope.ts';
import { callVisibleTo, type CallScope } from '../hotline/queries.ts';
import { ageBands, nationalityGroups, sexGenders } from '../../../domain/outreach/index.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface Filters {
  /** First instant of the first day (Europe/Rome) and first instant after the last day. */
  from: Date;
  toEx: Date;
  fromDay: string;
  toDay: string;
  /** ISTAT province codes of the territory filter, or null for everywhere. */
  provinces: readonly string[] | null;
  /** The project's lead and partner bodies, or null without a project filter. */
  projectOrgIds: readonly string[] | null;
  /** The provinces the project's partners cover (hotline calls). */
  projectProvinces: readonly string[] | null;
  now: Date;
  /** The project filter itself (expenses belong to a project). */
  projectId?: string | null;
}

/** network: every record (observatory, then suppressed). actor: what the caller may read record by record. */
export type MonitoringScope =
  | { kind: 'network' }
  | { kind: 'actor'; actor: ScopeActor; calls: CallScope | null; referralsSent: boolean; referralsReceived: boolean; beds: boolean };

const textArray = (values: readonly string[]): RawBuilder<string[]> => sql<string[]>`array[${sql.join(values.length > 0 ? values : [''])}]::text[]`;

/** Cases held by bodies of the territory and project, visible to the actor (scope.ts). */
function filteredCases(db: Db, f: Filters, scope: MonitoringScope) {
  let q = db.selectFrom('cases').innerJoin('organisations as co', 'co.id', 'cases.org_id');
  if (f.provinces) q = q.where(sql<boolean>`co.provinces && ${textArray(f.provinces)}`);
  if (f.projectOrgIds) q = q.where('cases.org_id', 'in', f.projectOrgIds.length > 0 ? [...f.projectOrgIds] : ['00000000-0000-0000-0000-000000000000']);
  if (scope.kind === 'actor') q = q.where((eb) => caseVisibleTo(eb as unknown as ExpressionBuilder<DB, 'cases'>, scope.actor));
  return q;
}

const single = (column: string) =>
  sql<string>`case cardinality(${sql.ref(column)}) when 0 then 'unknown' when 1 then (${sql.ref(column)})[1] else 'multiple' end`;

/** The age column carries the minor status and the age band at opening (`minor/9-17`): split. */
function ageOf(value: string): { age_group: string; age_band: string } {
  const [group, band] = value.split('/');
  return { age_group: group || 'unknown', age_band: band || 'unknown' };
}

/**
 * The change of case_phase_history (alias `h`) in force for `caseId` at the instant `at`: the last
 * change before `at` in (changed_at, id) order, found as a plain condition through the stamp kept
 * by migration 0032 (at most one row matches; none when the case had no change before `at`).
 */
export function phaseInForceAt(h: string, caseId: string, at: Date): RawBuilder<boolean> {
  const col = (name: string) => sql.ref(`${h}.${name}`);
  return sql<boolean>`${col('case_id')} = ${sql.ref(caseId)} and ${col('changed_at')} < ${at} and (${col('superseded_at')} is null or ${col('superseded_at')} >= ${at})`;
}

/**
 * Persons in charge: one row per combination of phase (at the end of the period), intake, sex,
 * age group, citizenship, exploitation and sector, with the number of persons.
 */
export async function inChargeCounts(db: Db, f: Filters, scope: MonitoringScope): Promise<CountRow[]> {
  const fc = filteredCases(db, f, scope)
    .where('cases.opened_at', '<', f.toEx)
    .where((eb) => eb.or([eb('cases.closed_at', 'is', null), eb('cases.closed_at', '>=', f.from)]))
    .select(['cases.id', 'cases.person_id', 'cases.opened_at', 'cases.minor_status', 'cases.age_band', 'cases.exploitation_types', 'cases.labour_sectors']);
  const rows = await sql<{ phase: string; intake: string; sex: string | null; age_group: string; citizenship: string; exploitation: string; sector: string; n: number | string }>`
    with fc as ${fc},
    pick as (select distinct on (fc.person_id) fc.* from fc order by fc.person_id, fc.opened_at desc, fc.id desc)
    select coalesce(h.to_phase, 'contact') as phase,
           case when pick.opened_at >= ${f.from} then 'new' else 'ongoing' end as intake,
           p.sex,
           coalesce(pick.minor_status, 'unknown') || '/' || coalesce(pick.age_band, 'unknown') as age_group,
           coalesce(p.citizenships[1], 'unknown') as citizenship,
           ${single('pick.exploitation_types')} as exploitation,
           ${single('pick.labour_sectors')} as sector,
           count(*)::int as n
    from pick join persons p on p.id = pick.person_id
    left join case_phase_history h on ${phaseInForceAt('h', 'pick.id', f.toEx)}
    group by 1, 2, 3, 4, 5, 6, 7`.execute(db);
  return rows.rows.map(({ n, ...values }) => ({ values: { ...values, ...ageOf(values.age_group), sex: values.sex ?? '' }, n: Number(n) }));
}

/** Persons screened in the period, by the decision of their last screening in the period. */
export async function screenedCounts(db: Db, f: Filters, scope: MonitoringScope): Promise<CountRow[]> {
  const fc = filteredCases(db, f, scope).select(['cases.id', 'cases.person_id']);
  const rows = await sql<{ v: string; n: number | string }>`
    with fc as ${fc},
    last as (select distinct on (fc.person_id) fc.person_id, s.decision from screenings s join fc on fc.id = s.case_id
             where s.screened_at >= ${f.from} and s.screened_at < ${f.toEx}
             order by fc.person_id, s.screened_at desc, s.id desc)
    select decision as v, count(*)::int as n from last group by 1`.execute(db);
  return rows.rows.map((r) => ({ values: { screening_decision: r.v }, n: Number(r.n) }));
}

/** Persons whose trafficking status (possible or actual victim) was decided in the period, by the last decision. */
export async function identifiedCounts(db: Db, f: Filters, scope: MonitoringScope): Promise<CountRow[]> {
  const fc = filteredCases(db, f, scope)
    .where('cases.trafficking_status', 'in', ['PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking'])
    .where('cases.trafficking_status_decided_on', '>=', f.fromDay)
    .where('cases.trafficking_status_decided_on', '<=', f.toDay)
    .select(['cases.id', 'cases.person_id', 'cases.trafficking_status', 'cases.trafficking_status_decided_on', 'cases.opened_at']);
  const rows = await sql<{ v: string; n: number | string }>`
    with fc as ${fc},
    last as (select distinct on (fc.person_id) fc.person_id, fc.trafficking_status from fc
             order by fc.person_id, fc.trafficking_status_decided_on desc, fc.opened_at desc, fc.id desc)
    select trafficking_status as v, count(*)::int as n from last group by 1`.execute(db);
  return rows.rows.map((r) => ({ values: { trafficking_status: r.v }, n: Number(r.n) }));
}

/** Permits on the filtered cases with their request (or issue) date in the period, by type. */
export async function permitCounts(db: Db, f: Filters, scope: MonitoringScope, which: 'requested' | 'issued'): Promise<CountRow[]> {
  const column = which === 'requested' ? 'pm.requested_on' : 'pm.issued_on';
  const fc = filteredCases(db, f, scope).select(['cases.id']);
  const rows = await sql<{ v: string; n: number | string }>`
    with fc as ${fc}
    select pm.permit_type as v, count(*)::int as n from permits pm join fc on fc.id = pm.case_id
    where ${sql.ref(column)} >= ${f.fromDay}::date and ${sql.ref(column)} <= ${f.toDay}::date
    group by 1`.execute(db);
  return rows.rows.map((r) => ({ values: { permit_type: r.v }, n: Number(r.n) }));
}

/** Hotline calls received in the period about the territory (and project), by caller type. */
export async function callCounts(db: Db, f: Filters, scope: MonitoringScope): Promise<CountRow[]> {
  const q = filteredCalls(db, f, scope);
  if (!q) return [];
  const rows = await q.select(['hotline_calls.caller_type as v', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('hotline_calls.caller_type').execute();
  return rows.map((r) => ({ values: { caller_type: r.v }, n: Number(r.n) }));
}

/** The calls callCounts counts (period, territory, project, scope), or null when the actor may read none. */
function filteredCalls(db: Db, f: Filters, scope: MonitoringScope) {
  let q = db.selectFrom('hotline_calls').where('hotline_calls.received_at', '>=', f.from).where('hotline_calls.received_at', '<', f.toEx);
  if (f.provinces) q = q.where('hotline_calls.province', 'in', f.provinces.length > 0 ? [...f.provinces] : ['']);
  if (f.projectOrgIds) {
    const orgs = f.projectOrgIds.length > 0 ? [...f.projectOrgIds] : ['00000000-0000-0000-0000-000000000000'];
    const provinces = f.projectProvinces && f.projectProvinces.length > 0 ? [...f.projectProvinces] : [''];
    q = q.where((eb) => eb.or([eb('hotline_calls.province', 'in', provinces), eb('hotline_calls.routed_org_id', 'in', orgs)]));
  }
  if (scope.kind === 'actor') {
    const calls = scope.calls;
    if (!calls) return null;
    q = q.where((eb) => callVisibleTo(eb, calls));
  }
  return q;
}

export interface ReferralFacts {
  byStatus: CountRow[];
  answers: CountRow[];
  overdue: CountRow[];
  /** Median hours to the first answer (one decimal), and how many answered referrals it is over. */
  medianHours: string | null;
  answered: number;
}

/** Referrals sent (by bodies of the territory and project) or received (by them) in the period. */
export async function referralFacts(db: Db, f: Filters, scope: MonitoringScope, side: 'sent' | 'received'): Promise<ReferralFacts> {
  const orgColumn = side === 'sent' ? 'referrals.from_org_id' : 'referrals.to_org_id';
  let q = db.selectFrom('referrals').innerJoin('organisations as ro', 'ro.id', orgColumn).where('referrals.sent_at', '>=', f.from).where('referrals.sent_at', '<', f.toEx);
  if (f.provinces) q = q.where(sql<boolean>`ro.provinces && ${textArray(f.provinces)}`);
  if (f.projectOrgIds) q = q.where(orgColumn, 'in', f.projectOrgIds.length > 0 ? [...f.projectOrgIds] : ['00000000-0000-0000-0000-000000000000']);
  if (scope.kind === 'actor') {
    const allowed = side === 'sent' ? scope.referralsSent : scope.referralsReceived;
    if (!allowed) return { byStatus: [], answers: [], overdue: [], medianHours: null, answered: 0 };
    q = q.where(orgColumn, '=', scope.actor.orgId);
  }
  const fr = q.select(['referrals.id', 'referrals.status', 'referrals.sent_at', 'referrals.answered_at', 'referrals.answer_due_at']);
  const rows = await sql<{ status: string; answer: string; overdue: string | null; n: number | string }>`
    with fr as ${fr}
    select fr.status,
           coalesce((select e.to_status from referral_events e where e.referral_id = fr.id and e.kind = 'status' and e.to_status in ('accepted', 'declined')
                     order by e.at, e.id limit 1), 'not_answered') as answer,
           case when fr.answered_at is not null and fr.answered_at > fr.answer_due_at then 'answered_late'
                when fr.answered_at is null and fr.answer_due_at < ${f.now} then 'unanswered_overdue' end as overdue,
           count(*)::int as n
    from fr group by 1, 2, 3`.execute(db);
  const med = await sql<{ hours: string | null; n: number | string }>`
    with fr as ${fr}
    select round((percentile_cont(0.5) within group (order by extract(epoch from (fr.answered_at - fr.sent_at))) / 3600)::numeric, 1)::text as hours,
           count(fr.answered_at)::int as n
    from fr where fr.answered_at is not null`.execute(db);
  const byStatus: CountRow[] = [];
  const answers: CountRow[] = [];
  const overdue: CountRow[] = [];
  for (const r of rows.rows) {
    const n = Number(r.n);
    byStatus.push({ values: { referral_status: r.status }, n });
    answers.push({ values: { referral_answer: r.answer }, n });
    if (r.overdue) overdue.push({ values: { overdue: r.overdue }, n });
  }
  return { byStatus, answers, overdue, medianHours: med.rows[0]?.hours ?? null, answered: Number(med.rows[0]?.n ?? 0) };
}

/** Active beds of active facilities and those occupied on the last day of the period, by facility type. */
export async function bedCounts(db: Db, f: Filters, scope: MonitoringScope): Promise<{ beds: CountRow[]; occupied: CountRow[] }> {
  if (scope.kind === 'actor' && !scope.beds) return { beds: [], occupied: [] };
  let q = db
    .selectFrom('facility_beds as b')
    .innerJoin('facilities as fa', 'fa.id', 'b.facility_id')
    .leftJoin('placements as pl', (join) =>
      join
        .onRef('pl.bed_id', '=', 'b.id')
        .on('pl.starts_on', '<=', f.toDay)
        .on((eb) => eb.or([eb('pl.ends_on', 'is', null), eb('pl.ends_on', '>', f.toDay)])),
    )
    .where('b.is_active', '=', true)
    .where('fa.is_active', '=', true);
  if (f.provinces) q = q.where('fa.province', 'in', f.provinces.length > 0 ? [...f.provinces] : ['']);
  if (f.projectOrgIds) q = q.where('fa.org_id', 'in', f.projectOrgIds.length > 0 ? [...f.projectOrgIds] : ['00000000-0000-0000-0000-000000000000']);
  if (scope.kind === 'actor') q = q.where('fa.org_id', '=', scope.actor.orgId);
  const rows = await q
    .select(['fa.facility_type as v', sql<number | string>`count(distinct b.id)::int`.as('beds'), sql<number | string>`count(distinct pl.bed_id)::int`.as('occupied')])
    .groupBy('fa.facility_type')
    .execute();
  return {
    beds: rows.map((r) => ({ values: { facility_type: r.v }, n: Number(r.beds) })),
    occupied: rows.map((r) => ({ values: { facility_type: r.v }, n: Number(r.occupied) })),
  };
}

/** The lead and partner bodies of a project and the provinces its partners cover; undefined if there is no such project. */
export async function projectBodies(db: Db, projectId: string): Promise<{ orgIds: string[]; provinces: string[] } | undefined> {
  const project = await db.selectFrom('projects').select(['id', 'lead_org_id']).where('id', '=', projectId).executeTakeFirst();
  if (!project) return undefined;
  const partners = await db.selectFrom('project_partners').select(['organisation_id', 'provinces']).where('project_id', '=', projectId).execute();
  return {
    orgIds: [...new Set([project.lead_org_id, ...partners.map((p) => p.organisation_id)])],
    provinces: [...new Set(partners.flatMap((p) => p.provinces))],
  };
}

// --- outreach, inclusion and expenses (issue 6) ---------------------------------------------------

const noOrg = '00000000-0000-0000-0000-000000000000';
const orgList = (ids: readonly string[]) => (ids.length > 0 ? [...ids] : [noOrg]);

/** Outings of the period, territory, project and scope (actor: their own body's). */
function filteredOutings(db: Db, f: Filters, scope: MonitoringScope) {
  let outings = db.selectFrom('outreach_outings as o').where('o.outing_date', '>=', f.fromDay).where('o.outing_date', '<=', f.toDay);
  if (f.provinces) outings = outings.where('o.province_code', 'in', f.provinces.length > 0 ? [...f.provinces] : ['']);
  if (f.projectOrgIds) outings = outings.where('o.org_id', 'in', orgList(f.projectOrgIds));
  if (scope.kind === 'actor') outings = outings.where('o.org_id', '=', scope.actor.orgId);
  return outings;
}

/** Desk sessions not cancelled of the period (the desk's province), project and scope. */
function filteredDeskSessions(db: Db, f: Filters, scope: MonitoringScope) {
  let desks = db
    .selectFrom('outreach_desk_sessions as s')
    .innerJoin('outreach_desks as d', 'd.id', 's.desk_id')
    .where('s.session_date', '>=', f.fromDay)
    .where('s.session_date', '<=', f.toDay)
    .where('s.cancelled_at', 'is', null);
  if (f.provinces) desks = desks.where('d.province_code', 'in', f.provinces.length > 0 ? [...f.provinces] : ['']);
  if (f.projectOrgIds) desks = desks.where('s.org_id', 'in', orgList(f.projectOrgIds));
  if (scope.kind === 'actor') desks = desks.where('s.org_id', '=', scope.actor.orgId);
  return desks;
}

/** Desk interviews of the period (the desk's province), project and scope. */
async function deskInterviews(db: Db, f: Filters, scope: MonitoringScope): Promise<number> {
  const interviews = await filteredDeskSessions(db, f, scope).select(sql<number | string>`coalesce(sum(s.interviews), 0)::int`.as('n')).executeTakeFirst();
  return Number(interviews?.n ?? 0);
}

const outingChannel = sql<string>`case o.unit_kind when 'desk_shift' then 'desk' else o.unit_kind end`;

/**
 * Contacts by channel: outing totals by unit kind (street, indoor, drop-in; a desk shift counts as
 * a desk), desk interviews, and hotline calls (callCounts, same rules). Network: everything;
 * actor: their own body's outings and desks, and the calls they may read.
 */
export async function contactChannelCounts(db: Db, f: Filters, scope: MonitoringScope): Promise<CountRow[]> {
  const byKind = await filteredOutings(db, f, scope)
    .select([outingChannel.as('v'), sql<number | string>`coalesce(sum(o.total_contacts), 0)::int`.as('n')])
    .groupBy(sql`1`)
    .execute();
  const interviews = await deskInterviews(db, f, scope);
  const calls = (await callCounts(db, f, scope)).reduce((a, r) => a + r.n, 0);
  const totals = new Map<string, number>();
  for (const r of byKind) totals.set(r.v, (totals.get(r.v) ?? 0) + Number(r.n));
  totals.set('desk', (totals.get('desk') ?? 0) + interviews);
  totals.set('hotline', calls);
  return [...totals].filter(([, n]) => n > 0).map(([channel, n]) => ({ values: { channel }, n }));
}

/** The count objects of an outing read by the SIRIT contact breakdowns: dimension, column, key. */
const breakdownKeys: ReadonlyArray<readonly ['sex' | 'minor' | 'nationality', string, string]> = [
  ...sexGenders.map((k) => ['sex', 'by_sex', k] as const),
  ...ageBands.map((k) => ['minor', 'by_age', k] as const),
  ...nationalityGroups.map((k) => ['nationality', 'by_nationality', k] as const),
];

/** A desk session's optional breakdowns (migration 0035; the outing's keys, NULL: not recorded), by dimension. */
const sessionBreakdownColumns: Record<'sex' | 'minor' | 'nationality', string> = { sex: 'by_sex', minor: 'by_age', nationality: 'by_nationality' };

/**
 * The contacts of contactChannelCounts (same records, same filters) broken down by sex, minors and
 * nationality group as far as the records carry them (src/domain/monitoring/sirit.ts): the
 * outing's by_sex, by_age ("under_18" = minor, "unknown" = not recorded, any other band = adult)
 * and by_nationality; a desk session's by_sex, by_age and by_nationality the same way when given,
 * its interviews in "not recorded" where not; a hotline call by the sex/gender, age (under 18,
 * adult, unknown) and nationality group of the person it is about, "not recorded" where not given.
 */
export async function contactBreakdownCounts(db: Db, f: Filters, scope: MonitoringScope): Promise<SiritContactRows> {
  // One pass over the outings: every key of the three count objects is fixed by the domain lists
  // (the stored objects are checked to hold exactly those keys), so each is summed as a column
  // instead of unnesting the objects row by row (three times faster over a year of outings).
  const sums = breakdownKeys.map(([, column, key], i) => sql<number | string>`coalesce(sum((o.${sql.raw(column)} ->> ${key})::int), 0)::int`.as(`c${i}`));
  const totals = (await filteredOutings(db, f, scope).select([outingChannel.as('channel'), ...sums]).groupBy(sql`1`).execute()) as Array<Record<string, number | string>>;
  const byValue = new Map<string, { dim: 'sex' | 'minor' | 'nationality'; channel: string; v: string; n: number }>();
  const add = (dim: 'sex' | 'minor' | 'nationality', channel: string, key: string, n: number) => {
    const v = dim === 'minor' ? (key === 'under_18' ? 'minor' : key === 'unknown' ? 'unknown' : 'adult') : key;
    const id = `${dim}\u0000${channel}\u0000${v}`;
    const entry = byValue.get(id) ?? { dim, channel, v, n: 0 };
    entry.n += n;
    byValue.set(id, entry);
  };
  for (const t of totals) breakdownKeys.forEach(([dim, , key], i) => add(dim, String(t.channel), key, Number(t[`c${i}`] ?? 0)));
  // One pass over the desk sessions, the same way: the keys of a breakdown given, and the interviews
  // of the sessions that did not give it (NULL column) as "not recorded".
  const deskSums = breakdownKeys.map(([, column, key], i) => sql<number | string>`coalesce(sum((s.${sql.raw(column)} ->> ${key})::int), 0)::int`.as(`c${i}`));
  const deskMissing = siritContactBreakdowns.map((dim) => sql<number | string>`coalesce(sum(s.interviews) filter (where s.${sql.raw(sessionBreakdownColumns[dim])} is null), 0)::int`.as(`m_${dim}`));
  const desk = (await filteredDeskSessions(db, f, scope).select([...deskSums, ...deskMissing]).executeTakeFirst()) as Record<string, number | string> | undefined;
  if (desk) {
    breakdownKeys.forEach(([dim, , key], i) => add(dim, 'desk', key, Number(desk[`c${i}`] ?? 0)));
    for (const dim of siritContactBreakdowns) add(dim, 'desk', siritContactNotRecorded[dim], Number(desk[`m_${dim}`] ?? 0));
  }
  // One pass over the calls (the same as callCounts): grouped by the three values about the person
  // the call is about; a value not recorded (NULL) counts as "not recorded".
  const calls = filteredCalls(db, f, scope);
  const byCall = calls
    ? await calls
        .select(['hotline_calls.subject_sex as sex', 'hotline_calls.subject_age as age', 'hotline_calls.subject_nationality as nationality', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy(['hotline_calls.subject_sex', 'hotline_calls.subject_age', 'hotline_calls.subject_nationality'])
        .execute()
    : [];
  for (const r of byCall) {
    const n = Number(r.n);
    add('sex', 'hotline', r.sex ?? siritContactNotRecorded.sex, n);
    add('minor', 'hotline', r.age ?? 'unknown', n); // under_18, adult or unknown: mapped as the age bands are
    add('nationality', 'hotline', r.nationality ?? siritContactNotRecorded.nationality, n);
  }
  const out: Record<'sex' | 'minor' | 'nationality', CountRow[]> = { sex: [], minor: [], nationality: [] };
  for (const r of byValue.values()) if (r.n > 0) out[r.dim].push({ values: { channel: r.channel, value: r.v }, n: r.n });
  return out;
}

export interface InclusionFacts {
  enrolments: CountRow[];
  completions: CountRow[];
  internshipsStarted: CountRow[];
  internshipsCompleted: CountRow[];
  placements: CountRow[];
  returns: CountRow[];
}

/** Trainings, internships, job placements and voluntary returns on the filtered cases (territory, project, scope as cases). */
export async function inclusionCounts(db: Db, f: Filters, scope: MonitoringScope): Promise<InclusionFacts> {
  const fc = filteredCases(db, f, scope).select(['cases.id', 'cases.person_id']);
  const inPeriod = (column: string) => sql<boolean>`${sql.ref(column)} >= ${f.fromDay}::date and ${sql.ref(column)} <= ${f.toDay}::date`;
  const kinds = (rows: Array<{ v: string; n: number | string }>, dim: string): CountRow[] => rows.map((r) => ({ values: { [dim]: r.v }, n: Number(r.n) }));
  const enrolments = await sql<{ v: string; n: number | string }>`
    with fc as ${fc}
    select c.kind as v, count(*)::int as n from course_enrolments e join courses c on c.id = e.course_id join fc on fc.id = e.case_id
    where ${inPeriod('e.enrolled_on')} group by 1`.execute(db);
  const completions = await sql<{ v: string; n: number | string }>`
    with fc as ${fc}
    select c.kind as v, count(*)::int as n from course_enrolments e join courses c on c.id = e.course_id join fc on fc.id = e.case_id
    where e.outcome in ('completed', 'certificate') and ${inPeriod('e.outcome_on')} group by 1`.execute(db);
  const started = await sql<{ v: string | null; n: number | string }>`
    with fc as ${fc}
    select p.sex as v, count(*)::int as n from inclusion_internships i join fc on fc.id = i.case_id join persons p on p.id = fc.person_id
    where ${inPeriod('i.starts_on')} group by 1`.execute(db);
  const completed = await sql<{ v: string | null; n: number | string }>`
    with fc as ${fc}
    select p.sex as v, count(*)::int as n from inclusion_internships i join fc on fc.id = i.case_id join persons p on p.id = fc.person_id
    where i.outcome in ('completed', 'hired') and ${inPeriod('i.ends_on')} group by 1`.execute(db);
  const placements = await sql<{ v: string; n: number | string }>`
    with fc as ${fc}
    select j.contract_type as v, count(*)::int as n from inclusion_job_placements j join fc on fc.id = j.case_id
    where ${inPeriod('j.starts_on')} group by 1`.execute(db);
  const returns = await sql<{ v: string | null; n: number | string }>`
    with fc as ${fc}
    select p.sex as v, count(*)::int as n from voluntary_returns r join fc on fc.id = r.case_id join persons p on p.id = fc.person_id
    where r.status = 'departed' and ${inPeriod('r.departed_on')} group by 1`.execute(db);
  const sexRows = (rows: Array<{ v: string | null; n: number | string }>): CountRow[] => rows.map((r) => ({ values: { sex: r.v ?? '' }, n: Number(r.n) }));
  return {
    enrolments: kinds(enrolments.rows, 'course_kind'),
    completions: kinds(completions.rows, 'course_kind'),
    internshipsStarted: sexRows(started.rows),
    internshipsCompleted: sexRows(completed.rows),
    placements: kinds(placements.rows, 'contract_type'),
    returns: sexRows(returns.rows),
  };
}

/**
 * Expenses of the period by category, in whole euro (rounded per category). Territory: the paying
 * body's provinces; project: the project's expenses (or, without the project id, its bodies').
 * Actor: expenses their body paid, and those of projects their body leads.
 */
export async function expenseCounts(db: Db, f: Filters, scope: MonitoringScope): Promise<CountRow[]> {
  let q = db
    .selectFrom('expenses as x')
    .innerJoin('organisations as po', 'po.id', 'x.paid_by_org_id')
    .innerJoin('projects as pr', 'pr.id', 'x.project_id')
    .where('x.spent_on', '>=', f.fromDay)
    .where('x.spent_on', '<=', f.toDay);
  if (f.provinces) q = q.where(sql<boolean>`po.provinces && ${textArray(f.provinces)}`);
  if (f.projectId) q = q.where('x.project_id', '=', f.projectId);
  else if (f.projectOrgIds) q = q.where('x.paid_by_org_id', 'in', orgList(f.projectOrgIds));
  if (scope.kind === 'actor') {
    const orgId = scope.actor.orgId;
    q = q.where((eb) => eb.or([eb('x.paid_by_org_id', '=', orgId), eb('pr.lead_org_id', '=', orgId)]));
  }
  const rows = await q.select(['x.category as v', sql<number | string>`round(sum(x.amount))::int`.as('n')]).groupBy('x.category').execute();
  return rows.map((r) => ({ values: { expense_category: r.v }, n: Number(r.n) }));
}
