/**
 * Candidate competition: the score of a pair says how likely the two records are the same person
 * against a random candidate, but a query record can only be ONE person. When it resembles two
 * candidates that are clearly different persons from each other (namesakes: same name, different
 * birth dates), the probability is shared between them: with odds oᵢ = sᵢ / (1 − sᵢ), candidates
 * grouped by "could be the same person" (their own comparison is at least `possible`), and Oₕ the
 * best odds within group h, a candidate c of group g gets
 *
 *     s′ = o_c / (1 + o_c + Σ_{h ≠ g} Oₕ)
 *
 * With a single group this is the unchanged score; with two equally likely namesakes each gets at
 * most ½ (a person decides); a candidate with much stronger evidence (an exact birth date, a
 * shared document) keeps its match. Pure: no I/O; the database index calls it the same way with
 * the encodings it has already loaded.
 */
import { decide, defaultScoringConfig, evidenceOf, scoreEvidence, type Decision, type ScoringConfig } from './compare.ts';
import type { EncodedPerson } from './types.ts';

export interface CompetingCandidate<K> {
  key: K;
  person: EncodedPerson;
  /** the pairwise score of the query with this candidate */
  score: number;
}

export interface CompetitionResult {
  score: number;
  decision: Decision;
  /** number of other groups of candidates (clearly different persons) sharing the probability */
  competitors: number;
}

export interface CompetitionOptions {
  config?: ScoringConfig;
  /** at most this many contenders (the best scores at or above `possibleThreshold`) are compared; default 12 */
  maxContenders?: number;
}

const MAX_SCORE = 0.99995;

const oddsOf = (score: number): number => {
  const s = Math.min(MAX_SCORE, Math.max(0, score));
  return s / (1 - s);
};

/**
 * Adjusted score and decision of the contenders among `candidates` (those at or above the
 * possible threshold); candidates missing from the result are unchanged. Costs at most
 * maxContenders × (maxContenders − 1) / 2 pairwise comparisons.
 */
export function resolveCompetition<K>(candidates: readonly CompetingCandidate<K>[], options: CompetitionOptions = {}): Map<K, CompetitionResult> {
  const config = options.config ?? defaultScoringConfig;
  const max = options.maxContenders ?? 12;
  const contenders = candidates
    .filter((c) => c.score >= config.possibleThreshold)
    .sort((x, y) => y.score - x.score)
    .slice(0, max);
  const out = new Map<K, CompetitionResult>();
  if (contenders.length < 2) return out;
  // union-find over "could be the same person"
  const parent = contenders.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] ?? r;
    parent[i] = r;
    return r;
  };
  for (let i = 0; i < contenders.length; i++) {
    for (let j = i + 1; j < contenders.length; j++) {
      if (find(i) === find(j)) continue;
      const a = contenders[i];
      const b = contenders[j];
      if (!a || !b) continue;
      if (scoreEvidence(evidenceOf(a.person, b.person, config), config) >= config.possibleThreshold) parent[find(j)] = find(i);
    }
  }
  const groupOdds = new Map<number, number>();
  contenders.forEach((c, i) => {
    const g = find(i);
    groupOdds.set(g, Math.max(groupOdds.get(g) ?? 0, oddsOf(c.score)));
  });
  if (groupOdds.size < 2) return out;
  let totalOdds = 0;
  for (const o of groupOdds.values()) totalOdds += o;
  contenders.forEach((c, i) => {
    const g = find(i);
    const own = oddsOf(c.score);
    const others = totalOdds - (groupOdds.get(g) ?? 0);
    const score = Math.round((own / (1 + own + others)) * 10000) / 10000;
    out.set(c.key, { score, decision: decide(score, config), competitors: groupOdds.size - 1 });
  });
  return out;
}
