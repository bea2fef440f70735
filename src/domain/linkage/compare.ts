/**
 * Comparison of two encoded persons (never plaintext): Dice similarity of token Bloom filters,
 * best assignment of name tokens (so swapped given/family names and aliases still match), birth
 * date agreement on keyed tags, sex, citizenship, document and phone blind indexes. The evidence
 * is summed as log-odds-like weights and mapped to a score in 0..1 with machine-readable reasons.
 */
import { popcount32 } from './encode.ts';
import type { EncodedBirth, EncodedPerson } from './types.ts';

/** Every reason code a duplicate check can give (the interface has a text for each). */
export const reasonCodes = [
  'name_similarity',
  'name_exact',
  'name_frequency',
  'names_swapped',
  'alias_match',
  'birth_date_exact',
  'birth_date_day_month_swap',
  'birth_date_day_differs',
  'birth_date_year_differs',
  'birth_year_equal',
  'birth_year_compatible',
  'birth_year_near',
  'birth_date_mismatch',
  'birth_year_mismatch',
  'sex_agrees',
  'sex_differs',
  'citizenship_agrees',
  'citizenship_differs',
  'document_match',
  'document_differs',
  'phone_match',
  'phone_differs',
  'competing_candidates',
  // not from the comparison: a merge of the two records was rejected, or approved and reverted (decided.ts)
  'merge_rejected',
  'merge_reverted',
] as const;
export type ReasonCode = (typeof reasonCodes)[number];

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
  /**
   * a matched token pair below this similarity is a different name (Shevchenko / Bondarenko): the
   * pair then stays below `matchThreshold` (at most `possible`) unless a document or phone is
   * shared, however well the birth date agrees
   */
  differentToken: number;
  /**
   * the different-name-part rule only applies to token pairs whose shorter token filter has at
   * least this many bits set (≈ 6 letters and more): one typo or transposition in a short token
   * (Ali / Ahi, Bujar / uBjar) already drops its bigram Dice below `differentToken`, so for short
   * tokens the low similarity weighs through `tokenCurve` only
   */
  differentTokenMinPop: number;
  /**
   * short tokens: a token pair whose shorter filter has fewer bits set than this (≈ 5 letters or
   * fewer) weighs through `tokenCurve` at 1 − (1 − Dice) × pop / shortTokenPop, since one edit
   * changes a larger share of a short token's bigrams (Ali / Ahi: Dice ≈ 0.45 for one letter);
   * 0 = off
   */
  shortTokenPop: number;
  /** weight of each name token left without a partner (a dropped middle name) */
  unmatchedToken: number;
  /**
   * name-frequency adjustment: weight × ln(expected / count), clamped to ±max, where expected is
   * `expectedShare` × registry size (at least 1): rare names count more, common ones less
   */
  frequency: { weight: number; expectedShare: number; max: number };
  /** evidence weight of each birth date outcome */
  birthWeights: Record<BirthReason, number>;
  /**
   * `birth_year_compatible` (estimated ages): subtracted × ln(number of possible birth years the
   * two records have in common), since a wide estimate agrees with many people by chance
   */
  rangeOverlapPenalty: number;
  weights: {
    sexAgrees: number;
    sexDiffers: number;
    citizenshipAgrees: number;
    citizenshipDiffers: number;
    document: number;
    /** both records carry documents and none is shared (people do hold several: a weak weight) */
    documentDiffers: number;
    phone: number;
    /** both records carry phones and none is shared (numbers change often: weaker still) */
    phoneDiffers: number;
    /** subtracted before the logistic: the prior odds of a random candidate being the same person */
    bias: number;
  };
}

export const defaultScoringConfig: ScoringConfig = {
  // weights from a coordinate search on the match F1 of generated labelled sets (seeds 20261123
  // and 777, standard and hard profiles, bench/linkage/tune.ts), candidate competition included;
  // reported on other seeds (README, "Measured")
  matchThreshold: 0.7,
  possibleThreshold: 0.15,
  phoneticFloor: 0.88,
  extraTokenPenalty: 0.25,
  // a token pair at Dice ≥ 0.7 (a typo, equal phonetic keys) counts as much as an equal token; a
  // transliteration from another script often lands at 0.55–0.7; unrelated names of the same
  // length share a few bigrams (Dice 0.3–0.45) and count strongly against. The low part is set
  // by hand, not by the search: the search wanted Dice 0.5 → +1, which made "Olena Shevchenko"
  // and "Olena Bondarenko" born the same day a match
  tokenCurve: [
    [0, -6],
    [0.4, -3.5],
    [0.55, 0.5],
    [0.7, 3],
    [1, 3],
  ],
  differentToken: 0.46,
  differentTokenMinPop: 100,
  shortTokenPop: 80,
  unmatchedToken: -1.5,
  frequency: { weight: 0.5, expectedShare: 1 / 4000, max: 3 },
  birthWeights: {
    // capped by hand at 8.5 (the search wanted 9.5): chance coincidences of a full birth date
    // grow with the registry, true duplicates do not
    birth_date_exact: 8.5,
    birth_date_day_month_swap: 7.5,
    birth_date_day_differs: 3,
    birth_date_year_differs: 5,
    birth_year_equal: 3,
    birth_year_compatible: 2.5,
    birth_year_near: -2,
    birth_date_mismatch: -5.5,
    birth_year_mismatch: -6,
  },
  // the search found no gain in weighing narrow overlaps more (namesakes are often born in the
  // same year too): off by default, kept configurable
  rangeOverlapPenalty: 0,
  weights: {
    sexAgrees: 0.3,
    sexDiffers: -4.25,
    citizenshipAgrees: 0.7,
    citizenshipDiffers: -1.5,
    document: 10,
    // fixed, not tuned (the generator never gives a duplicate another document or phone)
    documentDiffers: -1.5,
    phone: 6,
    phoneDiffers: -0.5,
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
  /** similarities of the assigned token pairs of the best name pair */
  tokenSims: number[];
  /** for each assigned token pair, the smaller popcount of the two token filters (how long the shorter token is) */
  tokenPops: number[];
  /** tokens of the best name pair left without a partner */
  unmatched: number;
  swapped: boolean;
  alias: boolean;
}

// scratch space for compareNames (single-threaded, no allocation per pair)
const MAX_TOKENS = 24;
const simScratch = new Float64Array(MAX_TOKENS * MAX_TOKENS);
const matchedScratch = new Float64Array(MAX_TOKENS);
const bestScratch = new Float64Array(MAX_TOKENS);
const popScratch = new Float64Array(MAX_TOKENS);
const bestPopScratch = new Float64Array(MAX_TOKENS);

/** End (exclusive) of the run of tokens belonging to the same name as token `start`. */
function nameEnd(nameOf: Uint8Array, start: number): number {
  let end = start + 1;
  while (end < nameOf.length && nameOf[end] === nameOf[start]) end++;
  return end;
}

/** Best name similarity over all name pairs (primary and aliases), tokens assigned greedily. */
export function compareNames(a: EncodedPerson, b: EncodedPerson, config: ScoringConfig = defaultScoringConfig): NameComparison {
  const words = a.bits >>> 5;
  const lenA = Math.min(a.nameOf.length, MAX_TOKENS);
  const lenB = Math.min(b.nameOf.length, MAX_TOKENS);
  let bestWeight = -Infinity;
  let bestSimilarity = 0;
  let bestPairs = 0;
  let bestUnmatched = 0;
  let bestSwapped = false;
  let bestAlias = false;
  if (a.bits !== b.bits) return { similarity: 0, weight: -Infinity, tokenSims: [], tokenPops: [], unmatched: 0, swapped: false, alias: false };
  const floor = config.phoneticFloor;
  for (let a0 = 0, a1 = 0; a0 < lenA; a0 = a1) {
    a1 = Math.min(nameEnd(a.nameOf, a0), lenA);
    const na = a1 - a0;
    for (let b0 = 0, b1 = 0; b0 < lenB; b0 = b1) {
      b1 = Math.min(nameEnd(b.nameOf, b0), lenB);
      const nb = b1 - b0;
      for (let i = 0; i < na; i++) {
        const ti = a0 + i;
        for (let j = 0; j < nb; j++) {
          const tj = b0 + j;
          let s = diceAt(a.filters, ti * words, a.filterPop[ti] ?? 0, b.filters, tj * words, b.filterPop[tj] ?? 0, words);
          if (s < floor && a.phonetic[ti] === b.phonetic[tj]) s = floor;
          simScratch[i * nb + j] = s;
        }
      }
      // greedy assignment: repeatedly take the best remaining cell (rows/columns as bit masks)
      let usedA = 0;
      let usedB = 0;
      let sum = 0;
      let weight = config.unmatchedToken * Math.abs(na - nb);
      let crossed = false;
      const pairs = Math.min(na, nb);
      for (let k = 0; k < pairs; k++) {
        let bi = 0;
        let bj = 0;
        let bs = -1;
        for (let i = 0; i < na; i++) {
          if (usedA & (1 << i)) continue;
          for (let j = 0; j < nb; j++) {
            if (usedB & (1 << j)) continue;
            const s = simScratch[i * nb + j] ?? 0;
            if (s > bs) {
              bs = s;
              bi = i;
              bj = j;
            }
          }
        }
        usedA |= 1 << bi;
        usedB |= 1 << bj;
        sum += bs;
        matchedScratch[k] = bs;
        popScratch[k] = Math.min(a.filterPop[a0 + bi] ?? 0, b.filterPop[b0 + bj] ?? 0);
        weight += tokenWeight(bs, popScratch[k] ?? 0, config);
        if (bi !== bj) crossed = true;
      }
      if (weight > bestWeight) {
        bestWeight = weight;
        bestSimilarity = sum / (pairs + config.extraTokenPenalty * Math.abs(na - nb));
        bestPairs = pairs;
        bestUnmatched = Math.abs(na - nb);
        bestSwapped = crossed && na === nb && na > 1;
        bestAlias = a.nameOf[a0] !== 0 || b.nameOf[b0] !== 0;
        bestScratch.set(matchedScratch.subarray(0, pairs));
        bestPopScratch.set(popScratch.subarray(0, pairs));
      }
    }
  }
  return {
    similarity: bestSimilarity,
    weight: bestWeight,
    tokenSims: Array.from(bestScratch.subarray(0, bestPairs)),
    tokenPops: Array.from(bestPopScratch.subarray(0, bestPairs)),
    unmatched: bestUnmatched,
    swapped: bestSwapped,
    alias: bestAlias,
  };
}

function intersects(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    for (let j = 0; j < b.length; j++) if (x === b[j]) return true;
  }
  return false;
}

/** Number of tags present in both lists (each list holds distinct tags). */
function overlapCount(a: Uint32Array, b: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    for (let j = 0; j < b.length; j++) {
      if (x === b[j]) {
        n++;
        break;
      }
    }
  }
  return n;
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

/** Evidence weight of one assigned token pair (similarity, smaller filter popcount): see `shortTokenPop`. */
export function tokenWeight(similarity: number, pop: number, config: ScoringConfig = defaultScoringConfig): number {
  const s = config.shortTokenPop > 0 && pop < config.shortTokenPop ? 1 - (1 - similarity) * (pop / config.shortTokenPop) : similarity;
  return curveAt(s, config.tokenCurve);
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
  /**
   * how common the shared name is: other persons in the registry with the same phonetic name
   * key, and the registry size (filled in by an index, absent for a bare pairwise comparison)
   */
  nameFrequency?: { count: number; population: number };
  nameExact: boolean;
  birth?: BirthReason;
  /** for `birth_year_compatible`: how many possible birth years the two records share */
  birthOverlap?: number;
  sexAgrees?: boolean;
  citizenshipAgrees?: boolean;
  document: boolean;
  phone: boolean;
  /** both carry at least one document and none is shared */
  documentDiffers?: boolean;
  /** both carry at least one phone and none is shared */
  phoneDiffers?: boolean;
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
  if (birth === 'birth_year_compatible' && a.birth && b.birth) e.birthOverlap = overlapCount(a.birth.years, b.birth.years);
  if (!e.document && a.documents.length > 0 && b.documents.length > 0) e.documentDiffers = true;
  if (!e.phone && a.phones.length > 0 && b.phones.length > 0) e.phoneDiffers = true;
  if (a.sex && b.sex && a.sex !== 'unknown' && b.sex !== 'unknown') e.sexAgrees = a.sex === b.sex;
  if (a.citizenships.length > 0 && b.citizenships.length > 0) e.citizenshipAgrees = a.citizenships.some((c) => b.citizenships.includes(c));
  return e;
}

/**
 * The name-frequency evidence an index adds to a comparison vector (the memory index and the
 * database path both call this, so that they score alike): how many other persons share the
 * rarest name key the two have in common. `blockSize(key)` is the number of persons in a block
 * of the query person `a` as the database counts it (at most maxBlockSize + 1), the query itself
 * not counted; `population` is the registry size.
 */
export function addFrequencies(e: Evidence, a: EncodedPerson, b: EncodedPerson, blockSize: (key: string) => number, population: number): void {
  let count = Infinity;
  for (const key of a.nameKeys) {
    if (!b.nameKeys.includes(key)) continue;
    const size = blockSize(key);
    if (size < count) count = size;
  }
  if (count !== Infinity) e.nameFrequency = { count, population };
}

/** Total evidence weight (log-odds scale, before the bias). */
export function evidenceWeight(e: Evidence, config: ScoringConfig = defaultScoringConfig): number {
  const w = config.weights;
  let total = e.names.weight === -Infinity ? 0 : e.names.weight;
  if (e.nameFrequency) {
    const f = config.frequency;
    const expected = Math.max(1, f.expectedShare * e.nameFrequency.population);
    const adjust = f.weight * Math.log(expected / Math.max(1, e.nameFrequency.count));
    total += Math.max(-f.max, Math.min(f.max, adjust));
  }
  if (e.birth) total += config.birthWeights[e.birth];
  if (e.birth === 'birth_year_compatible' && e.birthOverlap !== undefined && e.birthOverlap > 1) total -= config.rangeOverlapPenalty * Math.log(e.birthOverlap);
  if (e.sexAgrees !== undefined) total += e.sexAgrees ? w.sexAgrees : w.sexDiffers;
  if (e.citizenshipAgrees !== undefined) total += e.citizenshipAgrees ? w.citizenshipAgrees : w.citizenshipDiffers;
  if (e.document) total += w.document;
  if (e.phone) total += w.phone;
  if (e.documentDiffers) total += w.documentDiffers;
  if (e.phoneDiffers) total += w.phoneDiffers;
  if (!e.document && !e.phone && e.names.tokenSims.some((s, i) => s < config.differentToken && (e.names.tokenPops[i] ?? Infinity) >= config.differentTokenMinPop)) {
    // just below the match threshold on the logistic scale
    const cap = w.bias + Math.log(config.matchThreshold / (1 - config.matchThreshold)) - 0.01;
    if (total > cap) total = cap;
  }
  return total;
}

/** Score 0..1 (rounded to 4 decimals) of a comparison vector. */
export function scoreEvidence(e: Evidence, config: ScoringConfig = defaultScoringConfig): number {
  const score = 1 / (1 + Math.exp(-(evidenceWeight(e, config) - config.weights.bias)));
  return Math.round(score * 10000) / 10000;
}

export function decide(score: number, config: ScoringConfig = defaultScoringConfig): Decision {
  return score >= config.matchThreshold ? 'match' : score >= config.possibleThreshold ? 'possible' : 'none';
}

/** The reasons shown to staff for a comparison vector. */
export function reasonsOf(e: Evidence): Reason[] {
  const reasons: Reason[] = [{ code: 'name_similarity', value: Math.round(e.names.similarity * 1000) / 1000 }];
  if (e.nameExact) reasons.push({ code: 'name_exact' });
  if (e.nameFrequency) reasons.push({ code: 'name_frequency', value: e.nameFrequency.count });
  if (e.names.swapped) reasons.push({ code: 'names_swapped' });
  if (e.names.alias) reasons.push({ code: 'alias_match' });
  if (e.birth) reasons.push(e.birthOverlap !== undefined ? { code: e.birth, value: e.birthOverlap } : { code: e.birth });
  if (e.sexAgrees !== undefined) reasons.push({ code: e.sexAgrees ? 'sex_agrees' : 'sex_differs' });
  if (e.citizenshipAgrees !== undefined) reasons.push({ code: e.citizenshipAgrees ? 'citizenship_agrees' : 'citizenship_differs' });
  if (e.document) reasons.push({ code: 'document_match' });
  if (e.phone) reasons.push({ code: 'phone_match' });
  if (e.documentDiffers) reasons.push({ code: 'document_differs' });
  if (e.phoneDiffers) reasons.push({ code: 'phone_differs' });
  return reasons;
}

/** Compare two encoded persons: score 0..1, decision and reasons. */
export function comparePersons(a: EncodedPerson, b: EncodedPerson, config: ScoringConfig = defaultScoringConfig): Comparison {
  const e = evidenceOf(a, b, config);
  const score = scoreEvidence(e, config);
  return { score, decision: decide(score, config), reasons: reasonsOf(e) };
}
