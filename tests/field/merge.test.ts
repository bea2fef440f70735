/** The field app's record logic: changes sent, answers applied, three-way merge, conflict choices. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyDownloaded,
  applyResult,
  changeFor,
  resolveConflict,
  threeWay,
  type LocalRecord,
} from '../../src/web/offline/merge.ts';

const names = ['nickname', 'traits', 'ageBand'] as const;
const T0 = '2026-12-06T08:00:00.000Z';
const T1 = '2026-12-06T08:05:00.000Z';

function rec(over: Partial<LocalRecord>): LocalRecord {
  return { kind: 'contact', id: 'c1', version: null, server: null, local: {}, state: 'pending', conflicts: [], error: null, updatedAt: T0, ...over };
}

describe('changeFor', () => {
  it('sends every field of a new record with baseVersion null', () => {
    const r = rec({ local: { nickname: 'Stella', ageBand: '18_24' } });
    expect(changeFor(r)).toEqual({ kind: 'contact', id: 'c1', baseVersion: null, fields: { nickname: 'Stella', ageBand: '18_24' }, base: {} });
  });

  it('sends only the changed fields of a known record, with their base', () => {
    const r = rec({ version: 3, server: { nickname: 'Stella', traits: 'a', ageBand: '18_24' }, local: { nickname: 'Luna', traits: 'a', ageBand: '18_24' } });
    expect(changeFor(r)).toEqual({ kind: 'contact', id: 'c1', baseVersion: 3, fields: { nickname: 'Luna' }, base: { nickname: 'Stella' } });
  });

  it('has nothing to send when nothing changed, or while a conflict waits for the worker', () => {
    expect(changeFor(rec({ version: 1, server: { a: { x: 1, y: 2 } }, local: { a: { y: 2, x: 1 } } }))).toBeNull();
    expect(changeFor(rec({ state: 'conflict', local: { nickname: 'x' } }))).toBeNull();
  });
});

describe('threeWay', () => {
  it('takes one-sided changes from either side and flags fields changed differently on both', () => {
    const base = { nickname: 'Stella', traits: 'alta', ageBand: '18_24', notes: null };
    const mine = { nickname: 'Luna', traits: 'alta', ageBand: '25_34', notes: null };
    const theirs = { nickname: 'Stella', traits: 'bassa', ageBand: '35_44', notes: null };
    const { merged, conflicts } = threeWay(base, mine, theirs);
    expect(merged).toEqual({ nickname: 'Luna', traits: 'bassa', ageBand: '25_34', notes: null });
    expect(conflicts).toEqual([{ field: 'ageBand', base: '18_24', mine: '25_34', theirs: '35_44' }]);
  });

  it('is not a conflict when both sides made the same change (counts compared by value)', () => {
    const { conflicts, merged } = threeWay({ bySex: { female: 1, male: 0 } }, { bySex: { female: 2, male: 0 } }, { bySex: { male: 0, female: 2 } });
    expect(conflicts).toEqual([]);
    expect(merged).toEqual({ bySex: { female: 2, male: 0 } });
  });

  it('never loses a one-sided change and never invents a conflict (property)', () => {
    const value = fc.constantFrom('a', 'b', 'c', null);
    const fields = fc.record({ f1: value, f2: value, f3: value });
    fc.assert(
      fc.property(fields, fields, fields, (base, mine, theirs) => {
        const { merged, conflicts } = threeWay(base, mine, theirs);
        for (const k of ['f1', 'f2', 'f3'] as const) {
          const conflict = conflicts.find((c) => c.field === k);
          const bothChangedDifferently = mine[k] !== base[k] && theirs[k] !== base[k] && mine[k] !== theirs[k];
          expect(Boolean(conflict)).toBe(bothChangedDifferently);
          if (!bothChangedDifferently) expect(merged[k]).toBe(mine[k] !== base[k] ? mine[k] : theirs[k]);
        }
      }),
    );
  });
});

describe('applyResult', () => {
  const sent = rec({ local: { nickname: 'Stella', traits: null, ageBand: 'unknown' } });
  const server = { id: 'c1', version: 1, kind: 'contact', updatedAt: T1, nickname: 'Stella', traits: null, ageBand: 'unknown' };

  it('marks an applied record synced with the server version, keeping only the device fields', () => {
    const r = applyResult(sent, { id: 'c1', kind: 'contact', status: 'applied', version: 1, record: server }, T0, names, T1);
    expect(r).toMatchObject({ state: 'synced', version: 1, server: { nickname: 'Stella', traits: null, ageBand: 'unknown' } });
    expect(r.server).not.toHaveProperty('id');
  });

  it('keeps an edit made while the batch travelled pending, on top of the new version', () => {
    const edited = { ...sent, local: { ...sent.local, nickname: 'Luna' }, updatedAt: T1 };
    const r = applyResult(edited, { id: 'c1', kind: 'contact', status: 'applied', version: 1, record: server }, T0, names, T1);
    expect(r.state).toBe('pending');
    expect(changeFor(r)).toEqual({ kind: 'contact', id: 'c1', baseVersion: 1, fields: { nickname: 'Luna' }, base: { nickname: 'Stella' } });
  });

  it('records a conflict with the server version, and a rejection with its field errors', () => {
    const conflict = applyResult(sent, {
      id: 'c1', kind: 'contact', status: 'conflict', version: 4, record: { ...server, version: 4, nickname: 'Sole' },
      conflicts: [{ field: 'nickname', base: 'Stella', mine: 'Luna', theirs: 'Sole' }],
    }, T0, names, T1);
    expect(conflict).toMatchObject({ state: 'conflict', version: 4, server: { nickname: 'Sole' } });
    const rejected = applyResult(sent, { id: 'c1', kind: 'contact', status: 'rejected', error: { code: 'validation', message: 'invalid', fields: { ageBand: 'unknown value' } } }, T0, names, T1);
    expect(rejected).toMatchObject({ state: 'rejected', error: { message: 'invalid', fields: { ageBand: 'unknown value' } } });
  });
});

describe('resolveConflict', () => {
  const conflicted = rec({
    version: 4,
    server: { nickname: 'Sole', traits: 'bassa', ageBand: '18_24' },
    local: { nickname: 'Luna', traits: 'alta', ageBand: '18_24' },
    state: 'conflict',
    conflicts: [
      { field: 'nickname', base: 'Stella', mine: 'Luna', theirs: 'Sole' },
      { field: 'traits', base: 'media', mine: 'alta', theirs: 'bassa' },
    ],
  });

  it('sends the kept values of mine against the server current version and values', () => {
    const r = resolveConflict(conflicted, { nickname: 'mine', traits: 'theirs' }, T1);
    expect(r.state).toBe('pending');
    expect(changeFor(r)).toEqual({ kind: 'contact', id: 'c1', baseVersion: 4, fields: { nickname: 'Luna' }, base: { nickname: 'Sole' } });
  });

  it('is synced at once when the worker keeps every server value', () => {
    const r = resolveConflict(conflicted, { nickname: 'theirs', traits: 'theirs' }, T1);
    expect(r.state).toBe('synced');
    expect(changeFor(r)).toBeNull();
  });
});

describe('applyDownloaded', () => {
  it('stores new records, replaces synced ones, rebases a pending one when the merge is clean, leaves a conflicting one to the upload', () => {
    expect(applyDownloaded(undefined, 'contact', 'c1', 2, { nickname: 'A' }, T1)).toMatchObject({ state: 'synced', version: 2, local: { nickname: 'A' } });
    const synced = rec({ version: 1, server: { nickname: 'A' }, local: { nickname: 'A' }, state: 'synced' });
    expect(applyDownloaded(synced, 'contact', 'c1', 2, { nickname: 'B' }, T1)).toMatchObject({ version: 2, local: { nickname: 'B' } });
    expect(applyDownloaded(synced, 'contact', 'c1', 1, { nickname: 'B' }, T1)).toBeNull();
    const pending = rec({ version: 1, server: { nickname: 'A', traits: 'x' }, local: { nickname: 'A', traits: 'y' } });
    const rebased = applyDownloaded(pending, 'contact', 'c1', 2, { nickname: 'B', traits: 'x' }, T1);
    expect(rebased).toMatchObject({ version: 2, state: 'pending', local: { nickname: 'B', traits: 'y' } });
    expect(applyDownloaded(pending, 'contact', 'c1', 2, { nickname: 'A', traits: 'z' }, T1)).toBeNull();
  });
});
