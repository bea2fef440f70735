/**
 * Rules of monitoring (issue 6, points 1-3):
 * - the observatory view (stats.aggregate): every indicator over the whole network, as tables of
 *   counts only, small cells suppressed with complementary suppression (domain/monitoring), no
 *   person-level field and no link to records;
 * - the coordinator dashboard (stats.aggregate and cases.read): the same indicators over the
 *   records the caller may read one by one (cases in scope.ts, the hotline calls of their network
 *   view, the referrals their body sent or received, their body's beds), unsuppressed, with links
 *   to the lists they may open; indicators over records they may not read are left out (named in
 *   `unavailable`).
 * Both are audited as `monitoring.read` with the view, the indicator ids and the filters (no figures).
 */
import type { DataAccess, ScopedTx } from '../../platform/access.ts';
import { PonteError, forbidden } from '../../platform/errors.ts';
import { addDaysToDate, romeDate, romeInstant } from '../../../domain/calendar/index.ts';
import { provinces as allProvinces } from '../../../domain/provinces.ts';
import type { Permission } from '../../../domain/permissions.ts';
import {
  crossTab,
  indicators,
  percentOneDecimal,
  sexGroup,
  suppress1D,
  suppress2D,
  type CountRow,
  type Indicator,
  type IndicatorSource,
} from '../../../domain/monitoring/index.ts';
import type { SiritContactRows } from '../../../domain/monitoring/sirit.ts';
import * as q from './queries.ts';
import type { MonitoringQuery } from './schemas.ts';

type Figure = number | null;

export interface IndicatorResult {
  id: string;
  kind: Indicator['kind'];
  unit: Indicator['unit'];
  dimensions: string[];
  rows: string[];
  cols: string[] | null;
  cells: Figure[][];
  rowTotals: Figure[] | null;
  colTotals: Figure[] | null;
  total: Figure;
  /** Median or rate (exact decimal string); null when there is none or it is hidden. */
  value: string | null;
  /** Coordinator dashboard only: for each row, the list of records the caller may open, or null. */
  drillDown: (string | null)[] | null;
}

export interface MonitoringResponse {
  view: 'observatory' | 'coordinator';
  /** The smallest published count (observatory), null when nothing is suppressed. */
  k: number | null;
  from: string;
  to: string;
  province: string | null;
  region: string | null;
  projectId: string | null;
  generatedAt: string;
  indicators: IndicatorResult[];
  unavailable: string[];
}

/** Period and territory from the query: default the current year up to today (Italian calendar). */
async function resolveFilters(tx: ScopedTx, query: MonitoringQuery, locale: 'it' | 'en'): Promise<q.Filters> {
  const today = romeDate(tx.now);
  const toDay = query.to ?? today;
  const fromDay = query.from ?? `${toDay.slice(0, 4)}-01-01`;
  const invalid = (path: string, it: string, en: string) => new PonteError({ code: 'validation', issues: [{ path, message: locale === 'it' ? it : en }] });
  if (fromDay > toDay) throw invalid('querystring.from', 'L’inizio del periodo segue la fine.', 'The period starts after it ends.');
  let provinces: string[] | null = null;
  if (query.region) provinces = allProvinces.filter((p) => p.regionCode === query.region).map((p) => p.code);
  if (query.province) {
    if (provinces && !provinces.includes(query.province)) throw invalid('querystring.province', 'La provincia non è nella regione scelta.', 'The province is not in the chosen region.');
    provinces = [query.province];
  }
  let projectOrgIds: string[] | null = null;
  let projectProvinces: string[] | null = null;
  if (query.project) {
    const bodies = await q.projectBodies(tx.db, query.project);
    if (!bodies) throw invalid('querystring.project', 'Progetto sconosciuto.', 'Unknown project.');
    projectOrgIds = bodies.orgIds;
    projectProvinces = bodies.provinces;
  }
  return {
    from: romeInstant({ date: fromDay }),
    toEx: romeInstant({ date: addDaysToDate(toDay, 1) }),
    fromDay,
    toDay,
    provinces,
    projectOrgIds,
    projectProvinces,
    now: tx.now,
    projectId: query.project ?? null,
  };
}

interface Facts {
  rows: Map<string, CountRow[]>;
  medianHours: string | null;
  answered: number;
}

async function collect(tx: ScopedTx, f: q.Filters, scope: q.MonitoringScope, wanted: ReadonlySet<IndicatorSource>): Promise<Facts> {
  const rows = new Map<string, CountRow[]>();
  let medianHours: string | null = null;
  let answered = 0;
  if (wanted.has('cases')) {
    const inCharge = (await q.inChargeCounts(tx.db, f, scope)).map((r) => ({ ...r, values: { ...r.values, sex: sexGroup(r.values.sex || null) } }));
    for (const id of ['persons_in_charge_phase', 'persons_in_charge_intake', 'persons_in_charge_age', 'persons_in_charge_age_band', 'persons_in_charge_citizenship', 'persons_in_charge_exploitation', 'persons_in_charge_sector']) rows.set(id, inCharge);
    rows.set('persons_screened', await q.screenedCounts(tx.db, f, scope));
    rows.set('persons_identified', await q.identifiedCounts(tx.db, f, scope));
  }
  if (wanted.has('permits')) {
    rows.set('permits_requested', await q.permitCounts(tx.db, f, scope, 'requested'));
    rows.set('permits_issued', await q.permitCounts(tx.db, f, scope, 'issued'));
  }
  if (wanted.has('hotline')) rows.set('hotline_calls', await q.callCounts(tx.db, f, scope));
  if (wanted.has('referrals_sent')) rows.set('referrals_sent', (await q.referralFacts(tx.db, f, scope, 'sent')).byStatus);
  if (wanted.has('referrals_received')) {
    const received = await q.referralFacts(tx.db, f, scope, 'received');
    rows.set('referrals_received', received.byStatus);
    rows.set('referrals_answers', received.answers);
    rows.set('referrals_overdue', received.overdue);
    medianHours = received.medianHours;
    answered = received.answered;
  }
  if (wanted.has('beds')) {
    const beds = await q.bedCounts(tx.db, f, scope);
    rows.set('beds_total', beds.beds);
    rows.set('beds_occupied', beds.occupied);
  }
  if (wanted.has('outreach')) rows.set('contacts_by_channel', await q.contactChannelCounts(tx.db, f, scope));
  if (wanted.has('inclusion')) {
    const inclusion = await q.inclusionCounts(tx.db, f, scope);
    const bySex = (r: CountRow[]) => r.map((x) => ({ ...x, values: { sex: sexGroup(x.values.sex || null) } }));
    rows.set('training_enrolments', inclusion.enrolments);
    rows.set('training_completions', inclusion.completions);
    rows.set('internships_started', bySex(inclusion.internshipsStarted));
    rows.set('internships_completed', bySex(inclusion.internshipsCompleted));
    rows.set('job_placements', inclusion.placements);
    rows.set('voluntary_returns', bySex(inclusion.returns));
  }
  if (wanted.has('expenses')) rows.set('expenses_by_category', await q.expenseCounts(tx.db, f, scope));
  return { rows, medianHours, answered };
}

const sum = (cells: number[][]) => cells.reduce((a, row) => a + row.reduce((b, c) => b + c, 0), 0);

function countResult(indicator: Indicator, rows: readonly CountRow[]): IndicatorResult & { raw: number[][] } {
  const table = crossTab(rows, indicator.dimensions);
  const two = table.cols !== null;
  return {
    id: indicator.id,
    kind: indicator.kind,
    unit: indicator.unit,
    dimensions: [...indicator.dimensions],
    rows: table.rows,
    cols: table.cols,
    cells: table.cells,
    rowTotals: two ? table.cells.map((r) => r.reduce((a, b) => a + b, 0)) : null,
    colTotals: table.cols ? table.cols.map((_, j) => table.cells.reduce((a, r) => a + (r[j] ?? 0), 0)) : null,
    total: sum(table.cells),
    value: null,
    drillDown: null,
    raw: table.cells,
  };
}

/**
 * Observatory: suppresses every personal count table; tables of one population share their
 * totals, so a total hidden in one is hidden in all (repeated until nothing changes).
 */
function suppressAll(results: Array<IndicatorResult & { raw: number[][] }>, k: number): void {
  const groups = new Map<string, Array<IndicatorResult & { raw: number[][] }>>();
  for (const r of results) {
    const def = indicators.find((i) => i.id === r.id) as Indicator;
    if (def.kind !== 'count' || !def.personal) continue;
    const key = def.population ?? def.id;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const group of groups.values()) {
    let forceCols: boolean[] = [];
    let forceTotal = false;
    for (let round = 0; ; round++) {
      let cols: boolean[] = [...forceCols];
      let total: boolean = forceTotal;
      for (const r of group) {
        if (r.cols) {
          const p = suppress2D({ cells: r.raw, k, force: { colTotals: forceCols, total: forceTotal } });
          Object.assign(r, { cells: p.cells, rowTotals: p.rowTotals, colTotals: p.colTotals, total: p.total });
          cols = p.colTotals.map((c, j) => c === null || !!cols[j]);
        } else {
          const p = suppress1D({ cells: r.raw.map((row) => row[0] ?? 0), k, force: { total: forceTotal } });
          Object.assign(r, { cells: p.cells.map((c) => [c]), total: p.total });
        }
        total = total || r.total === null;
      }
      const same = total === forceTotal && cols.length === forceCols.length && cols.every((c, j) => c === forceCols[j]);
      if (same || round > 50) break;
      forceCols = cols;
      forceTotal = total;
    }
  }
}

function drillDownFor(id: string, rows: string[], actor: { permissions: ReadonlySet<Permission> }): (string | null)[] | null {
  const can = (p: Permission) => actor.permissions.has(p);
  if (id === 'persons_in_charge_phase' && can('cases.read')) return rows.map((phase) => `/cases?phase=${encodeURIComponent(phase)}`);
  if (id === 'persons_in_charge_age' && can('cases.read')) return rows.map((g) => (g === 'unknown' ? null : `/cases?minor=${g}`));
  if ((id === 'referrals_received' || id === 'referrals_answers' || id === 'referrals_overdue') && can('referrals.receive')) {
    return rows.map((s) => (id === 'referrals_received' ? `/referrals?box=in&status=${encodeURIComponent(s)}` : '/referrals?box=in'));
  }
  if (id === 'referrals_sent' && can('referrals.send')) return rows.map((s) => `/referrals?box=out&status=${encodeURIComponent(s)}`);
  if ((id === 'beds_total' || id === 'beds_occupied') && (can('accommodation.manage') || can('accommodation.address'))) return rows.map(() => '/accommodation');
  return null;
}

/**
 * A monitoring answer with the persons-in-charge rows its indicators were counted from (sex
 * grouped), so that a report builds its SIRIT tables over the same rows without reading them again.
 */
export interface MonitoringFacts {
  response: MonitoringResponse;
  inCharge: CountRow[];
  /** The contacts of "Contacts by channel" by sex, minors and nationality group (the SIRIT contacts stage). */
  contacts: SiritContactRows | null;
}

async function build(options: {
  tx: ScopedTx;
  query: MonitoringQuery;
  locale: 'it' | 'en';
  view: 'observatory' | 'coordinator';
  scope: q.MonitoringScope;
  available: ReadonlySet<IndicatorSource>;
  k: number;
}): Promise<MonitoringFacts> {
  const { tx, query, view, scope, available, k } = options;
  const f = await resolveFilters(tx, query, options.locale);
  const facts = await collect(tx, f, scope, available);
  const contacts = available.has('outreach') ? await q.contactBreakdownCounts(tx.db, f, scope) : null;
  const results: Array<IndicatorResult & { raw: number[][] }> = [];
  const unavailable: string[] = [];
  const observatory = view === 'observatory';
  for (const def of indicators as readonly Indicator[]) {
    if (!available.has(def.source)) {
      unavailable.push(def.id);
      continue;
    }
    if (def.kind === 'count') {
      results.push(countResult(def, facts.rows.get(def.id) ?? []));
      continue;
    }
    let value: string | null = null;
    if (def.id === 'referrals_answer_hours') value = observatory && facts.answered < k ? null : facts.medianHours;
    if (def.id === 'bed_occupancy') {
      const beds = (facts.rows.get('beds_total') ?? []).reduce((a, r) => a + r.n, 0);
      const occupied = (facts.rows.get('beds_occupied') ?? []).reduce((a, r) => a + r.n, 0);
      // The rate and the published bed count would give the occupied count: hidden with it.
      value = observatory && occupied > 0 && occupied < k ? null : percentOneDecimal(occupied, beds);
    }
    results.push({ id: def.id, kind: def.kind, unit: def.unit, dimensions: [], rows: [], cols: null, cells: [], rowTotals: null, colTotals: null, total: null, value, drillDown: null, raw: [] });
  }
  if (observatory) suppressAll(results, k);
  else for (const r of results) r.drillDown = drillDownFor(r.id, r.rows, tx.actor);
  await tx.audit({
    action: 'monitoring.read',
    outcome: 'success',
    recordType: 'monitoring',
    details: {
      view,
      indicators: results.map((r) => r.id).join(','),
      from: f.fromDay,
      to: f.toDay,
      province: query.province ?? null,
      region: query.region ?? null,
      project: query.project ?? null,
    },
  });
  const response: MonitoringResponse = {
    view,
    k: observatory ? k : null,
    from: f.fromDay,
    to: f.toDay,
    province: query.province ?? null,
    region: query.region ?? null,
    projectId: query.project ?? null,
    generatedAt: tx.now.toISOString(),
    indicators: results.map(({ raw: _raw, ...r }) => r),
    unavailable,
  };
  // Both views always count the cases source (collect), so these are the rows of the indicators.
  return { response, inCharge: facts.rows.get('persons_in_charge_phase') ?? [], contacts };
}

export interface MonitoringDeps {
  access: DataAccess;
  k: number;
  query: MonitoringQuery;
}

/** The observatory view: aggregates over the whole network, always suppressed (stats.aggregate). */
export async function observatory(deps: MonitoringDeps): Promise<MonitoringResponse> {
  return (await observatoryFacts(deps)).response;
}

/** The coordinator dashboard: the records the caller may read, unsuppressed (stats.aggregate and cases.read). */
export async function coordinatorDashboard(deps: MonitoringDeps): Promise<MonitoringResponse> {
  return (await coordinatorDashboardFacts(deps)).response;
}

/** observatory(), with the persons-in-charge rows it counted (for the report's SIRIT tables). */
export async function observatoryFacts(deps: MonitoringDeps): Promise<MonitoringFacts> {
  const { access, k, query } = deps;
  await access.require({ permission: 'stats.aggregate', entry: { action: 'monitoring.read', recordType: 'monitoring', details: { view: 'observatory' } }, hide: false });
  return access.transaction((tx) =>
    build({ tx, query, locale: access.meta.locale, view: 'observatory', scope: { kind: 'network' }, available: new Set<IndicatorSource>(['cases', 'permits', 'hotline', 'referrals_sent', 'referrals_received', 'beds', 'outreach', 'inclusion', 'expenses']), k }),
  );
}

/** coordinatorDashboard(), with the persons-in-charge rows it counted (for the report's SIRIT tables). */
export async function coordinatorDashboardFacts(deps: MonitoringDeps): Promise<MonitoringFacts> {
  const { access, k, query } = deps;
  const actor = await access.require({ permission: 'stats.aggregate', entry: { action: 'monitoring.read', recordType: 'monitoring', details: { view: 'coordinator' } }, hide: false });
  if (!actor.permissions.has('cases.read') || !actor.orgId) {
    await access.auditDenied({ action: 'monitoring.read', recordType: 'monitoring', details: { view: 'coordinator', missing: 'cases.read' } });
    throw forbidden('missing cases.read');
  }
  const orgId = actor.orgId;
  const has = (p: Permission) => actor.permissions.has(p);
  const calls = has('hotline.write') ? ({ kind: 'hotline', orgId } as const) : has('referrals.override_consent') ? ({ kind: 'network', orgId } as const) : null;
  const available = new Set<IndicatorSource>(['cases', 'permits']);
  if (calls) available.add('hotline');
  if (has('referrals.send')) available.add('referrals_sent');
  if (has('referrals.receive')) available.add('referrals_received');
  if (has('accommodation.manage') || has('accommodation.address')) available.add('beds');
  // Outreach: their own body's outings and desks (counts); inclusion: on the cases they may read; expenses: with budget.read.
  available.add('outreach');
  available.add('inclusion');
  if (has('budget.read')) available.add('expenses');
  const scope: q.MonitoringScope = {
    kind: 'actor',
    actor: { orgId, userId: actor.userId, permissions: actor.permissions },
    calls,
    referralsSent: has('referrals.send'),
    referralsReceived: has('referrals.receive'),
    beds: available.has('beds'),
  };
  return access.transaction((tx) => build({ tx, query, locale: access.meta.locale, view: 'coordinator', scope, available, k }));
}
