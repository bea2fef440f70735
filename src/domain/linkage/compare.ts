/**
 * Comparison of two encoded persons (never plaintext): Dice similarity of token Bloom filters,
 * best assignment of name tokens (so swapped given/family names and aliases still match), birth
 * date agreement on keyed tags, sex, citizenship, document and phone blind indexes. The evidence
 * is summed as log-odds-like weights and mapped to a score in 0..1 with machine-readable reasons.
 */
import { popcount32 } from './encode.ts';
import type { EncodedBirth, EncodedPerson } from './types.ts';

export type ReasonCode =
  | 'name_similarity'
  | 'name_exact'
  | 'names_swapped'
  | 'alias_match'
  | 'birth_date_exact'
  | 'birth_date_day_month_swap'
  | 'birth_date_day_differs'
  | 'birth_date_year_differs'
  | 'birth_year_equal'
  | 'birth_year_compatible'
  | 'birth_year_near'
  | 'birth_date_mismatch'
  | 'birth_year_mismatch'
  | 'sex_agrees'
  | 'sex_differs'
  | 'citizenship_agrees'
  | 'citizenship_differs'
  | 'document_match'
  | 'phone_match';

export type BirthReason = Extract<ReasonCode, `birth_${string}`>;

export interface Reason {
  code: ReasonCode;
  value?: number;
}

export type Decision = 'match' | 'possible' | 'none';

export interface Comparison {
  score: number;
  decision: Decision;
  reasons: Reason[];
}

export interface ScoringConfig {
  /** score at or above which a pair is a likely match */
  matchThreshold: number;
  /** score at or above which a pair is worth a human look */
  possibleThreshold: number;
  /** token similarity granted when the keyed phonetic keys agree */
  phoneticFloor: number;
  /** weight of an unmatched extra name token in the name similarity denominator */
  extraTokenPenalty: number;
  /** similarity of one matched token pair → weight: piecewise linear through these [similarity, weight] points */
  tokenCurve: readonly (readonly [number, number])[];
  /** weight of each name token left without a partner (a dropped middle name) */
  unmatchedToken: number;
  /** evidence weight of each birth date outcome */
  birthWeights: Record<BirthReason, number>;
  weights: {
    sexAgrees: number;
    sexDiffers: number;
    citizenshipAgrees: number;
    citizenshipDiffers: number;
    document: number;
    phone: number;
    /** subtracted before the logistic: the prior odds of a random candidate being the same person */
    bias: number;
  };
}

export const defaultScoringConfig: ScoringConfig = {
  matchThreshold: 0.8,
  possibleThreshold: 0.35,
  phoneticFloor: 0.8,
  extraTokenPenalty: 0.25,
  tokenCurve: [
    [0, -4],
    [0.5, -2],
    [0.7, 0.5],
    [0.85, 2],
    [1, 3],
  ],
  unmatchedToken: -0.5,
  birthWeights: {
    birth_date_exact: 7,
    birth_date_day_month_swap: 5.5,
    birth_date_day_differs: 1.5,
    birth_date_year_differs: 2.5,
    birth_year_equal: 1.5,
    birth_year_compatible: 0.5,
    birth_year_near: -1,
    birth_date_mismatch: -6,
    birth_year_mismatch: -5,
  },
  weights: {
    sexAgrees: 0.3,
    sexDiffers: -3,
    citizenshipAgrees: 0.7,
    citizenshipDiffers: -1.5,
    document: 10,
    phone: 6,
    bias: 8,
  },
};

/** Dice coefficient of two Bloom filters stored in `a` and `b` at word offsets. */
export function diceAt(a: Uint32Array, aOffset: number, aPop: number, b: Uint32Array, bOffset: number, bPop: number, words: number): number {
  const total = aPop + bPop;
  if (total === 0) return 0;
  let common = 0;
  for (let w = 0; w < words; w++) common += popcount32((a[aOffset + w] ?? 0) & (b[bOffset + w] ?? 0));
  return (2 * common) / total;
}

/** Dice coefficient of two whole Bloom filters of equal size. */
export function dice(a: Uint32Array, b: Uint32Array): number {
  let pa = 0;
  let pb = 0;
  for (const x of a) pa += popcount32(x);
  for (const x of b) pb += popcount32(x);
  return diceAt(a, 0, pa, b, 0, pb, Math.min(a.length, b.length));
}

export interface NameComparison {
  /** mean similarity of the assigned token pairs, extra tokens counted with `extraTokenPenalty` */
  similarity: number;
  /** evidence weight of the best name pair (sum of token weights) */
  weight: number;
  swapped: boolean;
  alias: boolean;
}

function tokenRange(nameOf: Uint8Array): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  for (let i = 1; i <= nameOf.length; i++) {
    if (i === nameOf.length || nameOf[i] !== nameOf[start]) {
      ranges.push([start, i]);
      start = i;
    }
  }
  return ranges;
}

/** Best name similarity over all name pairs (primary and aliases), tokens assigned greedily. */
export function compareNames(a: EncodedPerson, b: EncodedPerson, config: ScoringConfig = defaultScoringConfig): NameComparison {
  const words = a.bits / 32;
  let best: NameComparison = { similarity: 0, weight: -Infinity, swapped: false, alias: false };
  if (a.bits !== b.bits) return best;
  const ra = tokenRange(a.nameOf);
  const rb = tokenRange(b.nameOf);
  const sims: number[] = [];
  for (const [a0, a1] of ra) {
    for (const [b0, b1] of rb) {
      const na = a1 - a0;
      const nb = b1 - b0;
      sims.length = 0;
      for (let i = a0; i < a1; i++) {
        for (let j = b0; j < b1; j++) {
          let s = diceAt(a.filters, i * words, a.filterPop[i] ?? 0, b.filters, j * words, b.filterPop[j] ?? 0, words);
          if (a.phonetic[i] === b.phonetic[j] && s < config.phoneticFloor) s = config.phoneticFloor;
          sims.push(s);
        }
      }
      // greedy assignment: repeatedly take the best remaining cell
      const usedA = new Set<number>();
      const usedB = new Set<number>();
      let sum = 0;
      let weight = config.unmatchedToken * Math.abs(na - nb);
      let crossed = false;
      const pairs = Math.min(na, nb);
      for (let k = 0; k < pairs; k++) {
        let bi = -1;
        let bj = -1;
        let bs = -1;
        for (let i = 0; i < na; i++) {
          if (usedA.has(i)) continue;
          for (let j = 0; j < nb; j++) {
            if (usedB.has(j)) continue;
            const s = sims[i * nb + j] ?? 0;
            if (s > bs) {
              bs = s;
              bi = i;
              bj = j;
            }
          }
        }
        usedA.add(bi);
        usedB.add(bj);
        sum += bs;
        weight += curveAt(bs, config.tokenCurve);
        if (bi !== bj) crossed = true;
      }
      const similarity = sum / (pairs + config.extraTokenPenalty * Math.abs(na - nb));
      if (weight > best.weight) best = { similarity, weight, swapped: crossed && na === nb && na > 1, alias: a.nameOf[a0] !== 0 || b.nameOf[b0] !== 0 };
    }
  }
  return best;
}

function intersects(a: Uint32Array, b: Uint32Array): boolean {
  for (const x of a) for (const y of b) if (x === y) return true;
  return false;
}

/** Birth date agreement on keyed tags. */
export function compareBirth(a: EncodedBirth | undefined, b: EncodedBirth | undefined): BirthReason | undefined {
  if (!a || !b) return undefined;
  if (a.date !== undefined && b.date !== undefined) {
    if (a.date === b.date) return 'birth_date_exact';
    if ((a.swapped !== undefined && a.swapped === b.date) || (b.swapped !== undefined && b.swapped === a.date)) return 'birth_date_day_month_swap';
    if (a.yearMonth === b.yearMonth) return 'birth_date_day_differs';
    if (a.monthDay === b.monthDay && intersects(a.years, b.yearsNear)) return 'birth_date_year_differs';
    return 'birth_date_mismatch';
  }
  if (intersects(a.years, b.years)) return a.years.length === 1 && b.years.length === 1 ? 'birth_year_equal' : 'birth_year_compatible';
  if (intersects(a.years, b.yearsNear)) return 'birth_year_near';
  return 'birth_year_mismatch';
}

function curveAt(similarity: number, curve: ScoringConfig['tokenCurve']): number {
  let prev = curve[0];
  if (!prev) return 0;
  if (similarity <= prev[0]) return prev[1];
  for (const point of curve) {
    if (similarity <= point[0]) {
      const t = (similarity - prev[0]) / (point[0] - prev[0] || 1);
      return prev[1] + t * (point[1] - prev[1]);
    }
    prev = point;
  }
  return prev[1];
}

export interface Evidence {
  names: NameComparison;
  nameExact: boolean;
  birth?: BirthReason;
  sexAgrees?: boolean;
  citizenshipAgrees?: boolean;
  document: boolean;
  phone: boolean;
}

/** The comparison vector of two encoded persons (what the score is computed from). */
export function evidenceOf(a: EncodedPerson, b: EncodedPerson, config: ScoringConfig = defaultScoringConfig): Evidence {
  const e: Evidence = {
    names: compareNames(a, b, config),
    nameExact: a.names.some((n) => b.names.includes(n)),
    document: a.documents.some((d) => b.documents.includes(d)),
    phone: a.phones.some((p) => b.phones.includes(p)),
  };
  const birth = compareBirth(a.birth, b.birth);
  if (birth) e.birth = birth;
  if (a.sex && b.sex && a.sex !== 'unknown' && b.sex !== 'unknown') e.sexAgrees = a.sex === b.sex;
  if (a.citizenships.length > 0 && b.citizenships.length > 0) e.citizenshipAgrees = a.citizenships.some((c) => b.citizenships.includes(c));
  return e;
}

/** Total evidence weight (log-odds scale, before the bias). */
export function evidenceWeight(e: Evidence, config: ScoringConfig = defaultScoringConfig): number {
  const w = config.weights;
  let total = e.names.weight === -Infinity ? 0 : e.names.weight;
  if (e.birth) total += config.birthWeights[e.birth];
  if (e.sexAgrees !== undefined) total += e.sexAgrees ? w.sexAgrees : w.sexDiffers;
  if (e.citizenshipAgrees !== undefined) total += e.citizenshipAgrees ? w.citizenshipAgrees : w.citizenshipDiffers;
  if (e.document) total += w.document;
  if (e.phone) total += w.phone;
  return total;
}

/** Compare two encoded persons: score 0..1, decision and reasons. */
export function comparePersons(a: EncodedPerson, b: EncodedPerson, config: ScoringConfig = defaultScoringConfig): Comparison {
  const e = evidenceOf(a, b, config);
  const reasons: Reason[] = [{ code: 'name_similarity', value: Math.round(e.names.similarity * 1000) / 1000 }];
  if (e.nameExact) reasons.push({ code: 'name_exact' });
  if (e.names.swapped) reasons.push({ code: 'names_swapped' });
  if (e.names.alias) reasons.push({ code: 'alias_match' });
  if (e.birth) reasons.push({ code: e.birth });
  if (e.sexAgrees !== undefined) reasons.push({ code: e.sexAgrees ? 'sex_agrees' : 'sex_differs' });
  if (e.citizenshipAgrees !== undefined) reasons.push({ code: e.citizenshipAgrees ? 'citizenship_agrees' : 'citizenship_differs' });
  if (e.document) reasons.push({ code: 'document_match' });
  if (e.phone) reasons.push({ code: 'phone_match' });
  const score = 1 / (1 + Math.exp(-(evidenceWeight(e, config) - config.weights.bias)));
  const rounded = Math.round(score * 10000) / 10000;
  const decision: Decision = rounded >= config.matchThreshold ? 'match' : rounded >= config.possibleThreshold ? 'possible' : 'none';
  return { score: rounded, decision, reasons };
}
