/**
 * A pair a person has already decided on. When a merge of two records was rejected, or approved
 * and then reverted, someone who saw both records said they are not to be one: the comparison may
 * still find them alike (namesakes with an uncertain birth date are), but they are never proposed
 * as a `match` again, only as `possible`, with the earlier decision among the reasons, so the
 * person checking sees why and can ask for a merge again if new facts come.
 */
import type { Decision, Reason } from './compare.ts';

export type EarlierDecision = 'merge_rejected' | 'merge_reverted';

/** The unordered key of a pair of record ids. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/**
 * The earlier decisions by pair, from merge rows: a revert outweighs a rejection of the same pair
 * (both keep the records apart; the revert followed a merge that turned out wrong).
 */
export function earlierDecisions(rows: Iterable<{ kept: string; merged: string; status: string }>): Map<string, EarlierDecision> {
  const out = new Map<string, EarlierDecision>();
  for (const r of rows) {
    const code = r.status === 'reverted' ? 'merge_reverted' : r.status === 'rejected' ? 'merge_rejected' : null;
    if (!code) continue;
    const key = pairKey(r.kept, r.merged);
    if (out.get(key) !== 'merge_reverted') out.set(key, code);
  }
  return out;
}

/** A candidate with the earlier decision applied: `match` becomes `possible`, the reason is added. */
export function withEarlierDecision<T extends { decision: Decision; reasons: Reason[] }>(candidate: T, decision: EarlierDecision | undefined): T {
  if (!decision) return candidate;
  return { ...candidate, decision: candidate.decision === 'match' ? 'possible' : candidate.decision, reasons: [...candidate.reasons, { code: decision }] };
}
