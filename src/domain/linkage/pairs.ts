/**
 * Duplicate pairs of a whole registry from each record's own duplicate check. Every record is
 * checked against the registry in turn (in a fixed order); a pair is seen from both sides and,
 * with candidate competition, the two sides can disagree (one record has a namesake competing for
 * the other, the other does not). The rule: **a pair is listed when each record's check lists the
 * other (at least `possible`), at the lower of the two scores and decisions** — a match only if
 * neither record has a competing namesake.
 *
 * The ledger streams: after each record's check it returns the pairs now settled (both sides
 * seen), and keeps in memory only the pairs listed by a record whose partner is still to come
 * (a few per person). The bench (bench/linkage/quality.ts) and `ponte duplicates pairs` both use
 * it, so the figures of the one are the decisions of the other.
 */
import type { Decision } from './compare.ts';

export interface PairSide<K, R = unknown> {
  id: K;
  score: number;
  decision: Decision;
  /** whatever the caller wants back with the settled pair (reasons, for example) */
  detail?: R;
}

export interface SettledPair<K, R = unknown> {
  /** the record checked first */
  a: K;
  /** the record checked later */
  b: K;
  score: number;
  decision: Exclude<Decision, 'none'>;
  /** the detail of the lower side */
  detail?: R;
}

export interface PairLedger<K, R = unknown> {
  /**
   * The candidates of one record's check, records checked in a fixed order; every candidate may be
   * given (those below `possible` are ignored). Returns the pairs this check settles: with a
   * record checked earlier that listed this one.
   */
  check(id: K, candidates: Iterable<PairSide<K, R>>): SettledPair<K, R>[];
  /** pairs listed by one side whose other side has not been checked yet */
  readonly pending: number;
}

/**
 * `order` is the order of the checks: records must be checked in increasing order (person ids in
 * the database's order, index positions), so that "checked before" is `order(x, y) < 0`.
 */
export function createPairLedger<K, R = unknown>(order: (x: K, y: K) => number): PairLedger<K, R> {
  /** partner still to be checked → (record checked earlier → its side) */
  const waiting = new Map<K, Map<K, PairSide<K, R>>>();
  let pending = 0;
  return {
    check(id, candidates) {
      const earlier = waiting.get(id);
      waiting.delete(id);
      const out: SettledPair<K, R>[] = [];
      for (const c of candidates) {
        if (c.decision === 'none' || c.id === id) continue;
        if (order(c.id, id) < 0) {
          const first = earlier?.get(c.id);
          if (!first) continue; // the earlier record did not list this one
          const lower = first.score <= c.score ? first : c;
          out.push({ a: c.id, b: id, score: lower.score, decision: lower.decision as Exclude<Decision, 'none'>, ...(lower.detail !== undefined ? { detail: lower.detail } : {}) });
        } else {
          let list = waiting.get(c.id);
          if (!list) waiting.set(c.id, (list = new Map<K, PairSide<K, R>>()));
          list.set(id, c);
          pending++;
        }
      }
      pending -= earlier?.size ?? 0;
      return out;
    },
    get pending() {
      return pending;
    },
  };
}
