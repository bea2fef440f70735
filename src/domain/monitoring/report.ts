/**
 * The report model (issue 6, point 4): what a funder report or the SIRIT tables say, built once
 * and drawn by the PDF and XLSX renderers (src/server/features/reports/render-*.ts). Pure: the
 * figures come from the monitoring indicators (every indicator in the registry, so new ones
 * appear here without changes) and from the SIRIT tables; labels from the dimensions.
 */
import { dimensions, indicatorById, type DimensionId, type Localized, type MonitoringLocale } from './indicators.ts';
import type { Published } from './suppression.ts';
import {
  siritContactDefinition,
  siritContactTitles,
  siritContactValueLabel,
  siritStageLabels,
  siritTableTitles,
  siritValueLabel,
  type SiritContactTable,
  type SiritTable,
} from './sirit.ts';

export const reportKinds = ['funder', 'sirit'] as const;
export type ReportKind = (typeof reportKinds)[number];
export const reportFormats = ['pdf', 'xlsx'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** One indicator as the monitoring feature answers it (same shape as its API). */
export interface IndicatorFigures {
  id: string;
  kind: 'count' | 'median' | 'rate';
  unit: string;
  dimensions: string[];
  rows: string[];
  cols: string[] | null;
  cells: Published[][];
  rowTotals: Published[] | null;
  colTotals: Published[] | null;
  total: Published;
  value: string | null;
}

export interface MonitoringFigures {
  view: 'observatory' | 'coordinator';
  k: number | null;
  from: string;
  to: string;
  indicators: IndicatorFigures[];
  unavailable: string[];
}

export interface ReportTable {
  id: string;
  title: string;
  definition: string;
  unit: string;
  /** Heading of the row labels column. */
  rowHeader: string;
  rowLabels: string[];
  /** null: one column of counts. */
  colLabels: string[] | null;
  cells: Published[][];
  rowTotals: Published[];
  colTotals: Published[] | null;
  total: Published;
  /** The whole table withheld by small-cell protection. */
  withheld?: boolean;
}

export interface ReportFigure {
  id: string;
  label: string;
  /** Count, or median/rate as text; null when hidden or not available. */
  value: number | string | null;
  unit: string;
}

export interface ReportChart {
  id: string;
  title: string;
  bars: Array<{ label: string; value: Published }>;
}

export interface ReportSection {
  id: string;
  heading: string;
  intro?: string;
  tables: ReportTable[];
}

export interface ReportModel {
  kind: ReportKind;
  locale: MonitoringLocale;
  title: string;
  project: { code: string; name: string; funder: string } | null;
  from: string;
  to: string;
  territory: string;
  view: 'observatory' | 'coordinator';
  k: number | null;
  generatedAt: string;
  notes: string[];
  keyFigures: ReportFigure[];
  charts: ReportChart[];
  sections: ReportSection[];
  /** Indicators the requester may not see at record level, left out. */
  unavailable: string[];
}

const unitLabels: Record<string, Localized> = {
  persons: { it: 'persone', en: 'persons' },
  calls: { it: 'chiamate', en: 'calls' },
  permits: { it: 'permessi', en: 'permits' },
  referrals: { it: 'segnalazioni', en: 'referrals' },
  beds: { it: 'posti', en: 'beds' },
  hours: { it: 'ore', en: 'hours' },
  percent: { it: '%', en: '%' },
  contacts: { it: 'contatti', en: 'contacts' },
};

export const reportText = {
  funderTitle: { it: 'Rapporto per il finanziatore', en: 'Funder report' },
  siritTitle: { it: 'Tabelle SIRIT', en: 'SIRIT tables' },
  project: { it: 'Progetto', en: 'Project' },
  funder: { it: 'Finanziatore', en: 'Funder' },
  period: { it: 'Periodo', en: 'Period' },
  territory: { it: 'Territorio', en: 'Territory' },
  everywhere: { it: 'Tutto il territorio del progetto', en: 'The whole territory of the project' },
  generated: { it: 'Generato il', en: 'Generated on' },
  keyFigures: { it: 'Dati principali', en: 'Key figures' },
  charts: { it: 'Grafici', en: 'Charts' },
  indicators: { it: 'Indicatori', en: 'Indicators' },
  sirit: { it: 'Tabelle SIRIT', en: 'SIRIT tables' },
  siritIntro: {
    it: 'Primo stadio, i contatti: i contatti della rete nel periodo per canale (uscite, sportelli, Numero Verde), non persone. Poi il percorso: persone con un caso aperto in qualche giorno del periodo, una volta ciascuna, secondo la fase del caso l’ultimo giorno del periodo; la riga “Casi in fase di contatto” conta le persone il cui caso è ancora in quella fase, non i contatti. Ponte non registra un follow-up distinto: i casi chiusi contano in “Follow-up / percorso concluso”.',
    en: 'First stage, contacts: the network’s contacts in the period by channel (outings, desks, hotline), not persons. Then the path: persons with a case open on some day of the period, once each, by the phase of their case on the last day of the period; the row “Cases in the contact phase” counts persons whose case is still in that phase, not contacts. Ponte records no separate follow-up: closed cases count in “Follow-up / path closed”.',
  },
  channel: { it: 'Canale', en: 'Channel' },
  stage: { it: 'Fase', en: 'Stage' },
  total: { it: 'Totale', en: 'Total' },
  hidden: { it: 'n.d.', en: 'n/a' },
  withheld: { it: 'Tabella non pubblicata per proteggere i piccoli numeri.', en: 'Table not published, to protect small numbers.' },
  page: { it: 'Pagina', en: 'Page' },
  of: { it: 'di', en: 'of' },
  observatoryNote: {
    it: 'Vista aggregata: i conteggi tra 1 e {k1} e quelli che permetterebbero di ricalcolarli sono nascosti (“n.d.”).',
    en: 'Aggregate view: counts from 1 to {k1}, and those that would allow recomputing them, are hidden (“n/a”).',
  },
  coordinatorNote: {
    it: 'Vista del coordinamento: i dati dei casi che il richiedente può consultare, senza oscuramento.',
    en: 'Coordination view: the records the requester may read, not suppressed.',
  },
  unavailableNote: { it: 'Indicatori non disponibili per questo ruolo:', en: 'Indicators not available to this role:' },
  chartPhase: { it: 'Persone in carico per fase', en: 'Persons in charge by phase' },
  chartSex: { it: 'Persone in carico per sesso', en: 'Persons in charge by sex' },
  chartStages: { it: 'Percorso SIRIT: persone per fase', en: 'SIRIT path: persons by stage' },
} as const satisfies Record<string, Localized>;

/** Key figures: the grand total of each count indicator, and medians and rates. */
const keyFigureIds = [
  'persons_in_charge_phase', 'persons_screened', 'persons_identified', 'hotline_calls', 'permits_requested', 'permits_issued',
  'referrals_sent', 'referrals_received', 'referrals_answer_hours', 'beds_total', 'beds_occupied', 'bed_occupancy',
];

function label(id: string, locale: MonitoringLocale): string {
  return indicatorById(id)?.name[locale] ?? id;
}

function dimLabel(dim: string, value: string, locale: MonitoringLocale): string {
  const d = dimensions[dim as DimensionId];
  return d ? d.label(value, locale) : value;
}

function indicatorTable(fig: IndicatorFigures, locale: MonitoringLocale): ReportTable {
  const def = indicatorById(fig.id);
  const [rd, cd] = fig.dimensions;
  const one = fig.cols === null;
  return {
    id: fig.id,
    title: label(fig.id, locale),
    definition: def?.definition[locale] ?? '',
    unit: unitLabels[fig.unit]?.[locale] ?? fig.unit,
    rowHeader: rd ? (dimensions[rd as DimensionId]?.name[locale] ?? rd) : '',
    rowLabels: fig.rows.map((r) => (rd ? dimLabel(rd, r, locale) : r)),
    colLabels: one || !cd ? null : (fig.cols ?? []).map((c) => dimLabel(cd, c, locale)),
    cells: fig.cells,
    rowTotals: one ? fig.cells.map((r) => r[0] ?? null) : (fig.rowTotals ?? []),
    colTotals: one ? null : fig.colTotals,
    total: fig.total,
  };
}

function siritReportTable(t: SiritTable, locale: MonitoringLocale): ReportTable {
  const base = {
    id: `sirit_${t.by}`,
    title: siritTableTitles[t.by][locale],
    definition: '',
    unit: locale === 'it' ? 'persone' : 'persons',
    withheld: t.withheld,
  };
  const valueLabels = t.values.map((v) => siritValueLabel(t.by, v, locale));
  const stageLabels = t.stages.map((s) => siritStageLabels[s][locale]);
  if (t.by === 'citizenship') {
    // Many nationalities, five stages: nationalities as rows.
    return {
      ...base,
      rowHeader: dimensions.citizenship.name[locale],
      rowLabels: valueLabels,
      colLabels: stageLabels,
      cells: t.values.map((_, j) => t.stages.map((_, i) => t.cells[i]?.[j] ?? null)),
      rowTotals: t.valueTotals,
      colTotals: t.stageTotals,
      total: t.total,
    };
  }
  return { ...base, rowHeader: reportText.stage[locale], rowLabels: stageLabels, colLabels: valueLabels, cells: t.cells, rowTotals: t.stageTotals, colTotals: t.valueTotals, total: t.total };
}

function siritContactReportTable(t: SiritContactTable, locale: MonitoringLocale): ReportTable {
  const channelLabels = t.channels.map((c) => dimensions.channel.label(c, locale));
  const valueLabels = t.values.map((v) => siritContactValueLabel(t.by, v, locale));
  return {
    id: `sirit_contacts_${t.by}`,
    title: siritContactTitles[t.by][locale],
    definition: siritContactDefinition[locale],
    unit: locale === 'it' ? 'contatti' : 'contacts',
    withheld: t.withheld,
    rowHeader: reportText.channel[locale],
    rowLabels: channelLabels,
    colLabels: valueLabels,
    cells: t.cells,
    rowTotals: t.channelTotals,
    colTotals: t.valueTotals,
    total: t.total,
  };
}

export function formatDay(day: string, locale: MonitoringLocale): string {
  const [y, m, d] = day.split('-');
  return locale === 'it' ? `${d}/${m}/${y}` : `${y}-${m}-${d}`;
}

/** A published figure as text: the number, or "n.d." when hidden. */
export function figureText(value: Published | string | undefined, locale: MonitoringLocale): string {
  if (value === null || value === undefined) return reportText.hidden[locale];
  return typeof value === 'number' ? value.toLocaleString(locale === 'it' ? 'it-IT' : 'en-GB') : value;
}

/** Builds the report model from the monitoring figures and the SIRIT tables. */
export function buildReportModel(input: {
  kind: ReportKind;
  locale: MonitoringLocale;
  project: { code: string; name: string; funder: string } | null;
  territory: string | null;
  figures: MonitoringFigures;
  sirit: SiritTable[];
  /** The contacts stage (the network's contacts by channel); empty when the requester may not see them. */
  siritContacts?: SiritContactTable[];
  generatedAt: string;
}): ReportModel {
  const { kind, locale, figures } = input;
  const byId = new Map(figures.indicators.map((f) => [f.id, f]));
  const notes: string[] = [];
  if (figures.view === 'observatory' && figures.k !== null) notes.push(reportText.observatoryNote[locale].replace('{k1}', String(figures.k - 1)));
  else notes.push(reportText.coordinatorNote[locale]);
  const unavailable = figures.unavailable.map((id) => label(id, locale));
  if (unavailable.length > 0) notes.push(`${reportText.unavailableNote[locale]} ${unavailable.join('; ')}.`);

  const keyFigures: ReportFigure[] = [];
  for (const id of keyFigureIds) {
    const f = byId.get(id);
    if (!f) continue;
    keyFigures.push({ id, label: id === 'persons_in_charge_phase' ? (locale === 'it' ? 'Persone in carico' : 'Persons in charge') : label(id, locale), value: f.kind === 'count' ? f.total : f.value, unit: unitLabels[f.unit]?.[locale] ?? f.unit });
  }
  const siritTables = [...(input.siritContacts ?? []).map((t) => siritContactReportTable(t, locale)), ...input.sirit.map((t) => siritReportTable(t, locale))];
  const charts: ReportChart[] = [];
  const phase = byId.get('persons_in_charge_phase');
  if (kind === 'funder' && phase) {
    charts.push({ id: 'phase', title: reportText.chartPhase[locale], bars: phase.rows.map((r, i) => ({ label: dimLabel('phase', r, locale), value: phase.rowTotals?.[i] ?? null })) });
    charts.push({ id: 'sex', title: reportText.chartSex[locale], bars: (phase.cols ?? []).map((c, j) => ({ label: dimLabel('sex', c, locale), value: phase.colTotals?.[j] ?? null })) });
  }
  const bySex = input.sirit.find((t) => t.by === 'sex');
  if (bySex) charts.push({ id: 'stages', title: reportText.chartStages[locale], bars: bySex.stages.map((s, i) => ({ label: siritStageLabels[s][locale], value: bySex.stageTotals[i] ?? null })) });

  const sections: ReportSection[] = [];
  if (kind === 'funder') {
    sections.push({ id: 'indicators', heading: reportText.indicators[locale], tables: figures.indicators.filter((f) => f.kind === 'count').map((f) => indicatorTable(f, locale)) });
  }
  sections.push({ id: 'sirit', heading: reportText.sirit[locale], intro: reportText.siritIntro[locale], tables: siritTables });

  return {
    kind,
    locale,
    title: kind === 'funder' ? reportText.funderTitle[locale] : reportText.siritTitle[locale],
    project: input.project,
    from: figures.from,
    to: figures.to,
    territory: input.territory ?? reportText.everywhere[locale],
    view: figures.view,
    k: figures.k,
    generatedAt: input.generatedAt,
    notes,
    keyFigures,
    charts,
    sections,
    unavailable,
  };
}
