/**
 * SIRIT-shaped tables (issue 6, point 4): the path of the persons in charge, contacts →
 * assessments → taken in charge → inclusion → follow-up, by sex, by age group (minors) and by
 * citizenship. Pure: the rows are the grouped counts of the "persons in charge" indicator
 * (src/server/features/monitoring/queries.ts, `inChargeCounts`), so the figures are the same
 * population as the indicator tables: persons with a case open on some day of the period, once
 * each, placed by the phase of their case on the last day of the period.
 *
 * Ponte records no separate follow-up: a case closed in the period counts in "follow-up / closed".
 *
 * Small cells. When published to someone who may not read the records (the observatory view), each
 * table is protected with `suppress2D`. Its margins are figures the indicator tables publish too
 * (stage totals are sums of phase totals; the sex, age and citizenship totals and the grand total
 * are the same persons), so a margin hidden there is hidden here (`known`). If the protection
 * would hide a margin that the indicator tables publish, the table is withheld entirely: hiding it
 * here would protect nothing.
 */
import type { CasePhase } from '../cases/index.ts';
import { dimensionKeys, dimensions, type CountRow, type Localized, type MonitoringLocale } from './indicators.ts';
import { suppress2D, type Published } from './suppression.ts';

export const siritStages = ['contact', 'assessment', 'in_charge', 'inclusion', 'follow_up'] as const;
export type SiritStage = (typeof siritStages)[number];

export const siritStageLabels: Record<SiritStage, Localized> = {
  contact: { it: 'Contatti', en: 'Contacts' },
  assessment: { it: 'Valutazioni (emersione e identificazione)', en: 'Assessments (screening and identification)' },
  in_charge: { it: 'Prese in carico (prima assistenza e protezione)', en: 'Taken in charge (first assistance and protection)' },
  inclusion: { it: 'Inclusione sociale', en: 'Social inclusion' },
  follow_up: { it: 'Follow-up / percorso concluso', en: 'Follow-up / path closed' },
};

export const siritStageOfPhase: Record<CasePhase, SiritStage> = {
  contact: 'contact',
  screening: 'assessment',
  identification: 'assessment',
  first_assistance: 'in_charge',
  protection_residential: 'in_charge',
  protection_territorial: 'in_charge',
  inclusion: 'inclusion',
  closed: 'follow_up',
};

export const siritBreakdowns = ['sex', 'age_group', 'citizenship'] as const;
export type SiritBreakdown = (typeof siritBreakdowns)[number];

export const siritTableTitles: Record<SiritBreakdown, Localized> = {
  sex: { it: 'Percorso per sesso', en: 'Path by sex' },
  age_group: { it: 'Percorso per età (minori)', en: 'Path by age (minors)' },
  citizenship: { it: 'Percorso per nazionalità', en: 'Path by nationality' },
};

export interface SiritTable {
  by: SiritBreakdown;
  /** Always siritStages, in order (rows). */
  stages: SiritStage[];
  /** The breakdown's values (columns). */
  values: string[];
  cells: Published[][];
  stageTotals: Published[];
  valueTotals: Published[];
  total: Published;
  /** True when the protection could not keep the table consistent with the indicator tables: nothing published. */
  withheld: boolean;
}

/** Margins already published elsewhere (null = hidden there); a missing entry is not linked. */
export interface SiritKnown {
  stageTotals?: Partial<Record<SiritStage, Published>>;
  valueTotals?: Partial<Record<SiritBreakdown, Record<string, Published>>>;
  total?: Published;
}

function stageRows(rows: readonly CountRow[]): CountRow[] {
  return rows.map((r) => ({ values: { ...r.values, stage: siritStageOfPhase[r.values.phase as CasePhase] ?? 'contact' }, n: r.n }));
}

/** The counts of one table, stages × values, unprotected. */
export function siritCounts(rows: readonly CountRow[], by: SiritBreakdown): { values: string[]; cells: number[][] } {
  const staged = stageRows(rows);
  const values = dimensionKeys(by, rows);
  const cells = siritStages.map((stage) => values.map((v) => staged.filter((r) => r.values.stage === stage && (r.values[by] ?? 'unknown') === v).reduce((a, r) => a + r.n, 0)));
  return { values, cells };
}

/**
 * The three SIRIT tables. Without `suppress` the counts are published as they are (a reader of
 * the records); with it, protected for k and linked to the `known` margins.
 */
export function siritTables(rows: readonly CountRow[], suppress?: { k: number; known: SiritKnown }): SiritTable[] {
  return siritBreakdowns.map((by) => {
    const { values, cells } = siritCounts(rows, by);
    const stageTotals = cells.map((r) => r.reduce((a, b) => a + b, 0));
    const valueTotals = values.map((_, j) => cells.reduce((a, r) => a + (r[j] ?? 0), 0));
    const total = stageTotals.reduce((a, b) => a + b, 0);
    const plain: SiritTable = { by, stages: [...siritStages], values, cells, stageTotals, valueTotals, total, withheld: false };
    if (!suppress) return plain;
    const { k, known } = suppress;
    const knownStage = siritStages.map((s) => known.stageTotals?.[s]);
    const knownValue = values.map((v) => known.valueTotals?.[by]?.[v]);
    const p = suppress2D({
      cells,
      k,
      force: { rowTotals: knownStage.map((x) => x === null), colTotals: knownValue.map((x) => x === null), total: known.total === null },
    });
    const conflict =
      p.rowTotals.some((x, i) => x === null && typeof knownStage[i] === 'number') ||
      p.colTotals.some((x, j) => x === null && typeof knownValue[j] === 'number') ||
      (p.total === null && typeof known.total === 'number');
    if (conflict) {
      return { by, stages: [...siritStages], values, cells: cells.map((r) => r.map(() => null)), stageTotals: stageTotals.map(() => null), valueTotals: valueTotals.map(() => null), total: null, withheld: true };
    }
    return { by, stages: [...siritStages], values, cells: p.cells, stageTotals: p.rowTotals, valueTotals: p.colTotals, total: p.total, withheld: false };
  });
}

export function siritValueLabel(by: SiritBreakdown, value: string, locale: MonitoringLocale): string {
  return dimensions[by].label(value, locale);
}
