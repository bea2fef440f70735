/**
 * Builds a report model for a user: the same figures the monitoring feature shows them (its
 * service, so every indicator in the registry flows in), plus the SIRIT tables over the same
 * persons in charge (the rows the monitoring service counted its indicators from: read once, in
 * its transaction). A user who may read case records (cases.read) gets the coordinator view,
 * over the records they may read, unsuppressed; one who may not (the observatory, a funder's
 * analyst) the network view with small cells suppressed. Both need stats.aggregate.
 *
 * Used by the background job (jobs.ts, with the requester's permissions at run time) and by the
 * CLI. Audited: monitoring.read by the monitoring service, report.generate here, in the
 * transaction that reads the project.
 */
import type { DataAccess } from '../../platform/access.ts';
import { PonteError } from '../../platform/errors.ts';
import { romeDate } from '../../../domain/calendar/index.ts';
import { findProvince, regions } from '../../../domain/provinces.ts';
import type { Published } from '../../../domain/monitoring/index.ts';
import { siritContactTables, siritStageOfPhase, siritStages, siritTables, type SiritContactKnown, type SiritKnown, type SiritStage } from '../../../domain/monitoring/sirit.ts';
import { buildReportModel, type MonitoringFigures, type ReportKind, type ReportModel } from '../../../domain/monitoring/report.ts';
import type { CasePhase } from '../../../domain/cases/index.ts';
import * as monitoring from '../monitoring/service.ts';

export interface ReportQuery {
  project: string;
  from: string;
  to: string;
  province?: string | undefined;
  region?: string | undefined;
}

/** Margins the indicator tables publish, for linking the SIRIT tables' protection to them. */
export function knownMargins(figures: MonitoringFigures): SiritKnown {
  const get = (id: string) => figures.indicators.find((f) => f.id === id);
  const phase = get('persons_in_charge_phase');
  const known: SiritKnown = { valueTotals: {} };
  if (!phase) return known;
  known.total = phase.total;
  const stageTotals: Partial<Record<SiritStage, Published>> = {};
  for (const stage of siritStages) {
    const parts = phase.rows.map((r, i) => ({ r, v: phase.rowTotals?.[i] ?? null })).filter((x) => siritStageOfPhase[x.r as CasePhase] === stage);
    stageTotals[stage] = parts.some((x) => x.v === null) ? null : parts.reduce((a, x) => a + (x.v ?? 0), 0);
  }
  known.stageTotals = stageTotals;
  const valueTotals: NonNullable<SiritKnown['valueTotals']> = {};
  valueTotals.sex = Object.fromEntries((phase.cols ?? []).map((c, j) => [c, phase.colTotals?.[j] ?? null]));
  const age = get('persons_in_charge_age');
  if (age) valueTotals.age_group = Object.fromEntries(age.rows.map((r, i) => [r, age.rowTotals?.[i] ?? null]));
  const cit = get('persons_in_charge_citizenship');
  if (cit) valueTotals.citizenship = Object.fromEntries(cit.rows.map((r, i) => [r, cit.rowTotals?.[i] ?? null]));
  known.valueTotals = valueTotals;
  return known;
}

/** Channel totals and grand total "Contacts by channel" publishes, for linking the contacts tables to them. */
export function knownContactMargins(figures: MonitoringFigures): SiritContactKnown {
  const channels = figures.indicators.find((f) => f.id === 'contacts_by_channel');
  if (!channels) return {};
  return { total: channels.total, channelTotals: Object.fromEntries(channels.rows.map((r, i) => [r, channels.cells[i]?.[0] ?? null])) };
}

function territoryLabel(query: ReportQuery): string | null {
  if (query.province) {
    const p = findProvince(query.province);
    return p ? `${p.name} (${p.code})` : query.province;
  }
  if (query.region) return regions.find((r) => r.code === query.region)?.name ?? query.region;
  return null;
}

export async function buildReport(options: {
  access: DataAccess;
  k: number;
  kind: ReportKind;
  query: ReportQuery;
  onProgress?: (percent: number) => void | Promise<void>;
}): Promise<ReportModel> {
  const { access, k, kind, query } = options;
  const actor = access.requireActor();
  const locale = access.meta.locale;
  const coordinator = actor.permissions.has('cases.read') && actor.permissions.has('stats.aggregate') && !!actor.orgId;
  const monitoringQuery = { from: query.from, to: query.to, project: query.project, ...(query.province ? { province: query.province } : {}), ...(query.region ? { region: query.region } : {}) };
  // One read of the persons in charge: the indicators and the SIRIT tables are counted from the same rows.
  const { response: figures, inCharge: rows, contacts } = coordinator
    ? await monitoring.coordinatorDashboardFacts({ access, k, query: monitoringQuery })
    : await monitoring.observatoryFacts({ access, k, query: monitoringQuery });
  await options.onProgress?.(40);
  // Progress is written outside the transaction (on PGlite the transaction holds the only connection).
  const model = await access.transaction(async (tx) => {
    const project = await tx.db.selectFrom('projects').select(['code', 'name', 'funder']).where('id', '=', query.project).executeTakeFirst();
    if (!project) throw new PonteError({ code: 'validation', issues: [{ path: 'project', message: locale === 'it' ? 'Progetto sconosciuto.' : 'Unknown project.' }] });
    const sirit = coordinator ? siritTables(rows) : siritTables(rows, { k, known: knownMargins(figures) });
    const siritContacts = contacts ? (coordinator ? siritContactTables(contacts) : siritContactTables(contacts, { k, known: knownContactMargins(figures) })) : [];
    await tx.audit({
      action: 'report.generate',
      outcome: 'success',
      recordType: 'report',
      details: { kind, view: figures.view, project: query.project, from: figures.from, to: figures.to, province: query.province ?? null, region: query.region ?? null },
    });
    return buildReportModel({
      kind,
      locale,
      project: { code: project.code, name: project.name, funder: project.funder },
      territory: territoryLabel(query),
      figures,
      sirit,
      siritContacts,
      generatedAt: tx.now.toISOString(),
    });
  });
  await options.onProgress?.(60);
  return model;
}

/** Today in the Italian calendar, for defaults. */
export function today(now: Date): string {
  return romeDate(now);
}
