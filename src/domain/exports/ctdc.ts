/**
 * CTDC-shaped anonymised export (issue 6): one row per victim (a person with a case whose
 * trafficking status is possible or actual victim; their most recently opened such case), no
 * names, no codes, no dates finer than the year, age in bands, k-anonymity enforced over the
 * quasi-identifiers before anything is written. Pure; the rule is in README.md here.
 */
import { worldRegionOf } from './regions.ts';
import { ageBandOfAge } from '../cases/age-band.ts';

/** One victim as the server reads it (before any generalisation). */
export interface CtdcSource {
  /** Year the case was opened (registration). */
  year: number;
  /** HTCDS prs_Gender or null. */
  gender: string | null;
  /** Age in whole years at registration, when a birth date (exact or estimated) is recorded. */
  age: number | null;
  /** The case's minor status (minor / possibly_minor / adult), used when the age is unknown. */
  minorStatus: string | null;
  /** First recorded citizenship (ISO 3166-1 alpha-2) or null. */
  citizenship: string | null;
  exploitationTypes: readonly string[];
  meansOfControl: readonly string[];
  recruiterRelations: readonly string[];
}

/** The quasi-identifiers: a reader may know them about someone. Every written combination occurs ≥ k times. */
export const ctdcQuasiIdentifiers = ['yearOfRegistration', 'gender', 'ageBroad', 'majorityStatus', 'citizenship'] as const;
export type CtdcQuasiIdentifier = (typeof ctdcQuasiIdentifiers)[number];

const controlFlags = [
  ['meansDebtBondageEarnings', ['DebtBondage', 'TakesEarnings', 'RestrictsFinancialAccess']],
  ['meansThreats', ['PhysicalThreats', 'ThreatsLawEnforcement', 'ThreatensChildrenFamily']],
  ['meansAbusePhysicalSexual', ['PhysicalAbuse', 'SexualAbuse']],
  ['meansFalsePromises', ['FalsePromises']],
  ['meansPsychologicalAbuse', ['PsychologicalAbuse']],
  ['meansWithholdsNecessities', ['WithholdsNecessities', 'RestrictsMedicalCare', 'ExcessiveWorkingHours']],
  ['meansWithholdsDocuments', ['WithholdsDocuments']],
  ['meansPsychoactiveSubstances', ['PsychoactiveSubstance']],
] as const;

export const ctdcColumns = [
  ...ctdcQuasiIdentifiers,
  'isForcedLabour',
  'isSexualExploit',
  'isOtherExploit',
  ...controlFlags.map(([c]) => c),
  'meansOther',
  'meansNotRecorded',
  'recruiterRelationFamily',
  'recruiterRelationAcquainted',
  'recruiterRelationStranger',
  'recruiterRelationNotRecorded',
] as const;
export type CtdcColumn = (typeof ctdcColumns)[number];
export type CtdcRow = Record<CtdcColumn, string>;

/** Generalisation levels, tried in order: 0 keeps the most detail. */
export const ctdcLevels = [
  { age: 'ctdc', citizenship: 'country' },
  { age: 'wide', citizenship: 'country' },
  { age: 'wide', citizenship: 'region' },
  { age: 'majority', citizenship: 'region' },
] as const;

/** CTDC's age bands: the one definition in src/domain/cases/age-band.ts (also kept on the case). */
export function ageBandCtdc(age: number): string {
  return ageBandOfAge(age);
}
export function ageBandWide(age: number): string {
  if (age <= 17) return '0-17';
  if (age <= 29) return '18-29';
  if (age <= 47) return '30-47';
  return '48+';
}

function gender(g: string | null): string {
  if (g === 'Feminine') return 'Female';
  if (g === 'Masculine') return 'Male';
  if (g === 'TransgenderFeminine' || g === 'TransgenderMasculine') return 'Transgender';
  return 'Unknown';
}

function majority(s: CtdcSource): string {
  if (s.age !== null) return s.age < 18 ? 'Minor' : 'Adult';
  if (s.minorStatus === 'minor' || s.minorStatus === 'possibly_minor') return 'Minor';
  if (s.minorStatus === 'adult') return 'Adult';
  return 'Unknown';
}

const flag = (b: boolean) => (b ? '1' : '0');

/** One row at a generalisation level (0..3). */
export function ctdcRow(s: CtdcSource, level: number): CtdcRow {
  const how = ctdcLevels[Math.min(Math.max(level, 0), ctdcLevels.length - 1)] ?? ctdcLevels[0];
  const maj = majority(s);
  let ageBroad = 'Unknown';
  if (s.age !== null) ageBroad = how.age === 'ctdc' ? ageBandCtdc(s.age) : how.age === 'wide' ? ageBandWide(s.age) : s.age < 18 ? '0-17' : '18+';
  let citizenship = 'Unknown';
  if (s.citizenship) citizenship = how.citizenship === 'country' ? s.citizenship.toUpperCase() : (worldRegionOf(s.citizenship) ?? 'Other');
  const types = new Set(s.exploitationTypes);
  const means = new Set(s.meansOfControl);
  const known = new Set<string>(controlFlags.flatMap(([, v]) => [...v]));
  const relations = new Set(s.recruiterRelations);
  const row: Record<string, string> = {
    yearOfRegistration: String(s.year),
    gender: gender(s.gender),
    ageBroad,
    majorityStatus: maj,
    citizenship,
    isForcedLabour: flag(types.has('ForcedLabour') || types.has('ChildLabour') || types.has('Servitude')),
    isSexualExploit: flag(types.has('SexualExploitation')),
    isOtherExploit: flag([...types].some((t) => !['ForcedLabour', 'ChildLabour', 'Servitude', 'SexualExploitation'].includes(t))),
    meansOther: flag([...means].some((m) => !known.has(m))),
    meansNotRecorded: flag(means.size === 0),
    recruiterRelationFamily: flag(relations.has('Familial')),
    recruiterRelationAcquainted: flag(relations.has('Acquainted')),
    recruiterRelationStranger: flag(relations.has('Unaquainted')),
    recruiterRelationNotRecorded: flag(relations.size === 0),
  };
  for (const [column, values] of controlFlags) row[column] = flag(values.some((v) => means.has(v)));
  return row as CtdcRow;
}

export function quasiKey(row: CtdcRow): string {
  return ctdcQuasiIdentifiers.map((q) => row[q]).join('\u0000');
}

export interface KAnonymous {
  rows: CtdcRow[];
  /** The generalisation level used (index in ctdcLevels). */
  level: number;
  /** Rows left out because their class stayed below k. */
  suppressed: number;
  k: number;
}

/**
 * Enforces k-anonymity: the least generalised level that suppresses at most `maxSuppressedShare`
 * of the rows (when none does, the level that suppresses fewest), then every row of a quasi-identifier class with
 * fewer than k rows is left out. Rows are returned sorted (no order of registration shows).
 */
export function kAnonymise(sources: readonly CtdcSource[], options: { k: number; maxSuppressedShare?: number }): KAnonymous {
  const k = Math.max(1, Math.floor(options.k));
  const share = options.maxSuppressedShare ?? 0.1;
  let best: KAnonymous | undefined;
  for (let level = 0; level < ctdcLevels.length; level++) {
    const rows = sources.map((s) => ctdcRow(s, level));
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(quasiKey(r), (counts.get(quasiKey(r)) ?? 0) + 1);
    const kept = rows.filter((r) => (counts.get(quasiKey(r)) ?? 0) >= k);
    const candidate = { rows: kept, level, suppressed: rows.length - kept.length, k };
    // No level within the share: the one that suppresses least (the least generalised of equals).
    if (!best || candidate.suppressed < best.suppressed) best = candidate;
    if (candidate.suppressed <= share * rows.length) {
      best = candidate;
      break;
    }
  }
  const result = best ?? { rows: [], level: 0, suppressed: 0, k };
  const line = (r: CtdcRow) => ctdcColumns.map((c) => r[c]).join(',');
  result.rows.sort((a, b) => (line(a) < line(b) ? -1 : line(a) > line(b) ? 1 : 0));
  return result;
}

/** Age in whole years on `on` (YYYY-MM-DD) of someone born on `birth` (YYYY-MM-DD). */
export function ageOn(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}
