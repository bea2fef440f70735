/**
 * SIRIT-shaped tables (issue 6, point 4): first the contacts stage, the network's contacts by
 * channel (`siritContactTables`, below); then the path of the persons in charge, cases in the
 * contact phase → assessments → taken in charge → inclusion → follow-up, by sex, by age group
 * (minors) and by citizenship. Pure: the rows are the grouped counts of the "persons in charge" indicator
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
import { contactChannels, dimensionKeys, dimensions, sexGroups, type CountRow, type Localized, type MonitoringLocale } from './indicators.ts';
import { suppress2D, type Published } from './suppression.ts';

export const siritStages = ['contact', 'assessment', 'in_charge', 'inclusion', 'follow_up'] as const;
export type SiritStage = (typeof siritStages)[number];

export const siritStageLabels: Record<SiritStage, Localized> = {
  // Persons whose case is still in the contact phase: not the network's contacts (siritContactTables).
  contact: { it: 'Casi in fase di contatto', en: 'Cases in the contact phase' },
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

// --- the contacts stage: the network's contacts by channel ---------------------------------------

/**
 * The first SIRIT stage, contacts, counts what the network actually did, not cases: the persons met
 * on the outings of street, indoor and drop-in units (and desk shifts recorded as outings), the
 * interviews at desks and the hotline calls, in the period, exactly as the "Contacts by channel"
 * indicator counts them (same filters: outing date and province, desk session date and the
 * desk's province, call date and the province the call is about). A person contacted twice
 * counts twice: these are contacts, not persons.
 *
 * By sex, minors and nationality as far as the records carry them: an outing records its contacts
 * by sex/gender, by apparent age band and by apparent nationality group (what a worker can tell
 * on the street, src/domain/outreach/lists.ts), each adding up to its total; a desk session may
 * give its interviews the same way (optional, adding up to the interviews), and a hotline call the
 * sex/gender, age (under 18, adult, unknown) and nationality group of the person it is about
 * (optional); what is not given counts as "not recorded". Minors: "under 18"; "not recorded": "age
 * unknown" or not given.
 * Nationality: the outing's groups (Nigeria, Romania, Albania, China, other African countries,
 * other European countries, Latin America, other or unknown), not a citizenship.
 *
 * Small cells: as the person tables, each contacts table is protected with `suppress2D`, linked to
 * the channel totals and grand total that "Contacts by channel" publishes (`known`), withheld
 * rather than hiding a figure published there.
 */
export const siritContactBreakdowns = ['sex', 'minor', 'nationality'] as const;
export type SiritContactBreakdown = (typeof siritContactBreakdowns)[number];
export type ContactChannel = (typeof contactChannels)[number];

const contactNationalities = ['nigeria', 'romania', 'albania', 'china', 'other_africa', 'other_europe', 'latin_america', 'other_unknown'] as const;

export const siritContactValues: Record<SiritContactBreakdown, readonly string[]> = {
  sex: sexGroups,
  minor: ['minor', 'adult', 'unknown'],
  nationality: contactNationalities,
};

const contactValueLabels: Record<SiritContactBreakdown, Record<string, Localized>> = {
  sex: {
    female: { it: 'Femmine', en: 'Female' },
    male: { it: 'Maschi', en: 'Male' },
    transgender: { it: 'Transgender', en: 'Transgender' },
    other_unknown: { it: 'Altro o non indicato', en: 'Other or not recorded' },
  },
  minor: {
    minor: { it: 'Minorenni (apparenti)', en: 'Minors (apparent age)' },
    adult: { it: 'Maggiorenni', en: 'Adults' },
    unknown: { it: 'Età non indicata', en: 'Age not recorded' },
  },
  nationality: {
    nigeria: { it: 'Nigeria', en: 'Nigeria' },
    romania: { it: 'Romania', en: 'Romania' },
    albania: { it: 'Albania', en: 'Albania' },
    china: { it: 'Cina', en: 'China' },
    other_africa: { it: 'Altri paesi africani', en: 'Other African countries' },
    other_europe: { it: 'Altri paesi europei', en: 'Other European countries' },
    latin_america: { it: 'America Latina', en: 'Latin America' },
    other_unknown: { it: 'Altro o non indicato', en: 'Other or not recorded' },
  },
};

/** The value a record without that detail counts in (a desk session or call that does not give it). */
export const siritContactNotRecorded: Record<SiritContactBreakdown, string> = { sex: 'other_unknown', minor: 'unknown', nationality: 'other_unknown' };

export const siritContactTitles: Record<SiritContactBreakdown, Localized> = {
  sex: { it: 'Contatti per sesso', en: 'Contacts by sex' },
  minor: { it: 'Contatti per età (minori)', en: 'Contacts by age (minors)' },
  nationality: { it: 'Contatti per nazionalità', en: 'Contacts by nationality' },
};

export const siritContactDefinition: Localized = {
  it: 'Contatti del periodo, come l’indicatore “Contatti per canale”: le persone incontrate nelle uscite delle unità di strada, indoor e drop-in, i colloqui agli sportelli, le chiamate al Numero Verde. Una persona contattata più volte conta ogni volta. Sesso, età apparente e gruppo di nazionalità apparente come registrati sull’uscita, sulla sessione dello sportello o sulla chiamata; dove non registrati, “non indicato”.',
  en: 'Contacts in the period, as the “Contacts by channel” indicator counts them: persons met on the outings of street, indoor and drop-in units, interviews at desks, hotline calls. A person contacted several times counts each time. Sex, apparent age and apparent nationality group as recorded on the outing, the desk session or the call; where not recorded, “not recorded”.',
};

export function siritContactValueLabel(by: SiritContactBreakdown, value: string, locale: MonitoringLocale): string {
  return contactValueLabels[by][value]?.[locale] ?? value;
}

/** Grouped counts per breakdown: values { channel, value }. */
export type SiritContactRows = Record<SiritContactBreakdown, readonly CountRow[]>;

export interface SiritContactTable {
  by: SiritContactBreakdown;
  /** Always contactChannels, in order (rows). */
  channels: ContactChannel[];
  values: string[];
  cells: Published[][];
  channelTotals: Published[];
  valueTotals: Published[];
  total: Published;
  withheld: boolean;
}

/** Channel totals and grand total published by "Contacts by channel" (null = hidden there). */
export interface SiritContactKnown {
  channelTotals?: Partial<Record<ContactChannel, Published>>;
  total?: Published;
}

/** The counts of one contacts table, channels × values, unprotected. */
export function siritContactCounts(rows: readonly CountRow[], by: SiritContactBreakdown): number[][] {
  const values = siritContactValues[by];
  return contactChannels.map((ch) => values.map((v) => rows.filter((r) => r.values.channel === ch && r.values.value === v).reduce((a, r) => a + r.n, 0)));
}

/** The three contacts tables; with `suppress`, protected for k and linked to the `known` margins. */
export function siritContactTables(rows: SiritContactRows, suppress?: { k: number; known: SiritContactKnown }): SiritContactTable[] {
  return siritContactBreakdowns.map((by) => {
    const values = [...siritContactValues[by]];
    const cells = siritContactCounts(rows[by], by);
    const channelTotals = cells.map((r) => r.reduce((a, b) => a + b, 0));
    const valueTotals = values.map((_, j) => cells.reduce((a, r) => a + (r[j] ?? 0), 0));
    const total = channelTotals.reduce((a, b) => a + b, 0);
    const channels = [...contactChannels];
    if (!suppress) return { by, channels, values, cells, channelTotals, valueTotals, total, withheld: false };
    const knownChannel = channels.map((c) => suppress.known.channelTotals?.[c]);
    const p = suppress2D({ cells, k: suppress.k, force: { rowTotals: knownChannel.map((x) => x === null), total: suppress.known.total === null } });
    const conflict = p.rowTotals.some((x, i) => x === null && typeof knownChannel[i] === 'number') || (p.total === null && typeof suppress.known.total === 'number');
    if (conflict) {
      return { by, channels, values, cells: cells.map((r) => r.map(() => null)), channelTotals: channelTotals.map(() => null), valueTotals: valueTotals.map(() => null), total: null, withheld: true };
    }
    return { by, channels, values, cells: p.cells, channelTotals: p.rowTotals, valueTotals: p.colTotals, total: p.total, withheld: false };
  });
}
