import { describe, expect, it } from 'vitest';
import { createPairLedger, type PairSide } from './pairs.ts';

const side = (id: number, score: number, detail?: string): PairSide<number, string> => ({
  id,
  score,
  decision: score >= 0.7 ? 'match' : score >= 0.15 ? 'possible' : 'none',
  ...(detail ? { detail } : {}),
});

describe('pair ledger', () => {
  it('lists a pair once, when both checks list each other, at the lower side', () => {
    const ledger = createPairLedger<number, string>((x, y) => x - y);
    expect(ledger.check(0, [side(1, 0.9, 'from 0'), side(2, 0.8, 'from 0')])).toEqual([]);
    expect(ledger.pending).toBe(2);
    // 1 sees 0 lower (a competing namesake on its side): the pair takes its score and detail
    expect(ledger.check(1, [side(0, 0.45, 'from 1'), side(2, 0.3)])).toEqual([{ a: 0, b: 1, score: 0.45, decision: 'possible', detail: 'from 1' }]);
    expect(ledger.pending).toBe(2);
    // 2 sees 0 higher: the earlier, lower side wins; 2 gives 1 "none": the pair is not listed
    expect(ledger.check(2, [side(0, 0.95), side(1, 0.05)])).toEqual([{ a: 0, b: 2, score: 0.8, decision: 'match', detail: 'from 0' }]);
    expect(ledger.pending).toBe(0);
  });

  it('does not list a pair one side left out, and ignores the query itself', () => {
    const ledger = createPairLedger<string>((x, y) => x.localeCompare(y));
    expect(ledger.check('a', [{ id: 'a', score: 1, decision: 'match' }, { id: 'c', score: 0.9, decision: 'match' }])).toEqual([]);
    // b was not listed by a
    expect(ledger.check('b', [{ id: 'a', score: 0.9, decision: 'match' }])).toEqual([]);
    expect(ledger.check('c', [{ id: 'a', score: 0.75, decision: 'match' }])).toEqual([{ a: 'a', b: 'c', score: 0.75, decision: 'match' }]);
  });
});
