import { describe, expect, it } from 'vitest';
import { earlierDecisions, pairKey, withEarlierDecision } from './decided.ts';

describe('earlier decisions on a pair', () => {
  it('keys a pair the same way round in both orders', () => {
    expect(pairKey('b', 'a')).toBe(pairKey('a', 'b'));
    expect(pairKey('a', 'b')).not.toBe(pairKey('a', 'c'));
  });

  it('keeps rejected and reverted merges only, a revert outweighing a rejection', () => {
    const d = earlierDecisions([
      { kept: 'a', merged: 'b', status: 'rejected' },
      { kept: 'b', merged: 'a', status: 'reverted' },
      { kept: 'a', merged: 'b', status: 'rejected' },
      { kept: 'c', merged: 'd', status: 'rejected' },
      { kept: 'e', merged: 'f', status: 'approved' },
      { kept: 'g', merged: 'h', status: 'requested' },
    ]);
    expect(d.get(pairKey('a', 'b'))).toBe('merge_reverted');
    expect(d.get(pairKey('d', 'c'))).toBe('merge_rejected');
    expect(d.has(pairKey('e', 'f'))).toBe(false);
    expect(d.has(pairKey('g', 'h'))).toBe(false);
  });

  it('turns a match into possible with the reason, leaves weaker decisions and undecided pairs alone', () => {
    const match = { decision: 'match' as const, score: 0.98, reasons: [{ code: 'name_exact' as const }] };
    expect(withEarlierDecision(match, 'merge_rejected')).toEqual({ decision: 'possible', score: 0.98, reasons: [{ code: 'name_exact' }, { code: 'merge_rejected' }] });
    expect(match.decision).toBe('match');
    expect(withEarlierDecision({ ...match, decision: 'possible' as const }, 'merge_reverted').decision).toBe('possible');
    expect(withEarlierDecision({ ...match, decision: 'none' as const }, 'merge_reverted').decision).toBe('none');
    expect(withEarlierDecision(match, undefined)).toBe(match);
  });
});
