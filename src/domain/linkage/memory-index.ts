/**
 * An in-memory duplicate-check index over encoded persons: blocking key → person ids, candidate
 * retrieval by shared keys, scoring and ranking. It mirrors the database design (a table of
 * `person_id, key` rows and the encoded record per person) and serves benchmarks, tests and
 * batch jobs. Pure: no I/O.
 */
import { addFrequencies, decide, defaultScoringConfig, evidenceOf, reasonsOf, scoreEvidence, type Comparison, type Evidence, type ScoringConfig } from './compare.ts';
import { resolveCompetition } from './competition.ts';
import type { EncodedPerson } from './types.ts';

export interface MemoryIndexOptions {
  /** blocks larger than this are skipped at query time (too common to discriminate); default 2000 */
  maxBlockSize?: number;
  /** at most this many candidates are scored, those sharing most keys first; default 1500 */
  maxCandidates?: number;
  config?: ScoringConfig;
  /**
   * share the probability between candidates that are clearly different persons from each other
   * (competition.ts); default true
   */
  competition?: boolean;
}

export interface RankedCandidate extends Comparison {
  id: number;
  /** number of blocking keys shared with the query */
  sharedKeys: number;
  /** the comparison vector, when asked for with `withEvidence` (for tuning) */
  evidence?: Evidence;
}

export interface FindCandidatesOptions {
  person: EncodedPerson;
  /** ignore this id (the query person itself when it is in the index) */
  excludeId?: number;
  /** keep candidates with decision `none` too (default false) */
  includeNone?: boolean;
  /** return at most this many (default all) */
  limit?: number;
  /** attach the comparison vector to each candidate (default false) */
  withEvidence?: boolean;
  /** filled with counters of the work done, if given */
  stats?: QueryStats;
}

export interface QueryStats {
  /** blocks skipped because larger than maxBlockSize */
  skippedBlocks: number;
  /** distinct persons sharing at least one used block */
  candidates: number;
  /** persons scored (at most maxCandidates) */
  scored: number;
}

export interface MemoryIndex {
  /** add a person; returns its id (0, 1, 2…) */
  add(person: EncodedPerson): number;
  get(id: number): EncodedPerson | undefined;
  readonly size: number;
  /** number of distinct blocking keys */
  readonly keyCount: number;
  findCandidates(options: FindCandidatesOptions): RankedCandidate[];
}

export function createMemoryIndex(options: MemoryIndexOptions = {}): MemoryIndex {
  const maxBlockSize = options.maxBlockSize ?? 2000;
  const maxCandidates = options.maxCandidates ?? 1500;
  const config = options.config ?? defaultScoringConfig;
  const competition = options.competition ?? true;
  const persons: EncodedPerson[] = [];
  const postings = new Map<string, number[]>();

  const add = (person: EncodedPerson): number => {
    const id = persons.length;
    persons.push(person);
    for (const key of person.blockingKeys) {
      const list = postings.get(key);
      if (list) list.push(id);
      else postings.set(key, [id]);
    }
    return id;
  };

  const findCandidates = ({ person, excludeId, includeNone = false, limit, stats, withEvidence = false }: FindCandidatesOptions): RankedCandidate[] => {
    // candidates are ranked by the summed rarity of the keys they share (idf): a shared
    // token × birth-date key counts more than a shared common given name
    const shared = new Map<number, number>();
    const sharedCount = new Map<number, number>();
    const total = persons.length + 1;
    let skippedBlocks = 0;
    for (const key of person.blockingKeys) {
      const list = postings.get(key);
      if (!list) continue;
      if (list.length > maxBlockSize) {
        skippedBlocks++;
        continue;
      }
      const idf = Math.log(total / list.length);
      for (const id of list) {
        if (id === excludeId) continue;
        shared.set(id, (shared.get(id) ?? 0) + idf);
        sharedCount.set(id, (sharedCount.get(id) ?? 0) + 1);
      }
    }
    let ids = [...shared.keys()];
    if (stats) {
      stats.skippedBlocks = skippedBlocks;
      stats.candidates = ids.length;
      stats.scored = Math.min(ids.length, maxCandidates);
    }
    if (ids.length > maxCandidates) {
      ids.sort((x, y) => (shared.get(y) ?? 0) - (shared.get(x) ?? 0));
      ids = ids.slice(0, maxCandidates);
    }
    // block sizes as the database path counts them: up to maxBlockSize + 1, the query itself not counted
    const self = excludeId !== undefined ? 1 : 0;
    const blockSize = (key: string): number => Math.min(postings.get(key)?.length ?? 0, maxBlockSize + 1) - self;
    const scored: RankedCandidate[] = [];
    for (const id of ids) {
      const other = persons[id];
      if (!other) continue;
      const e = evidenceOf(person, other, config);
      // how common the shared name and each agreeing token are (block sizes, as the database counts them)
      addFrequencies(e, person, other, blockSize, persons.length);
      const score = scoreEvidence(e, config);
      const decision = decide(score, config);
      const ranked: RankedCandidate = { id, sharedKeys: sharedCount.get(id) ?? 0, score, decision, reasons: reasonsOf(e) };
      if (withEvidence) ranked.evidence = e;
      scored.push(ranked);
    }
    if (competition) {
      const adjusted = resolveCompetition(
        scored.flatMap((c) => {
          const other = persons[c.id];
          return other ? [{ key: c.id, person: other, score: c.score }] : [];
        }),
        { config },
      );
      for (const c of scored) {
        const a = adjusted.get(c.id);
        if (!a || a.competitors === 0) continue;
        c.score = a.score;
        c.decision = a.decision;
        c.reasons.push({ code: 'competing_candidates', value: a.competitors });
      }
    }
    const out = includeNone ? scored : scored.filter((c) => c.decision !== 'none');
    out.sort((x, y) => y.score - x.score || x.id - y.id);
    return limit === undefined ? out : out.slice(0, limit);
  };

  return {
    add,
    get: (id) => persons[id],
    get size() {
      return persons.length;
    },
    get keyCount() {
      return postings.size;
    },
    findCandidates,
  };
}
