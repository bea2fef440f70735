/**
 * Small-cell protection, checked on random tables (fast-check):
 * - no published figure (cell or total) is between 1 and k − 1, and every published figure is the true one;
 * - no hidden figure can be recomputed: for each one, a second table is built (a ±1 change along a
 *   cycle of hidden figures) and verified from scratch against every published figure: same
 *   published cells and totals, rows and columns adding up, every count ≥ 0 and every hidden count
 *   ≥ 1 (zeros are published, so a reader knows hidden counts are ≥ 1), and a different value there;
 * - on small tables, an exhaustive search over every table consistent with the published figures
 *   confirms the same, independently of any cycle argument;
 * - hand-made cases: the bridge between two hidden rectangles and the rectangle of ones.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { suppress1D, suppress2D, type Published } from '../../src/domain/monitoring/suppression.ts';

/** The full table with its totals: rows 0..R-1 and the totals row R; columns 0..C-1 and the totals column C. */
function augment(cells: number[][]): number[][] {
  const R = cells.length;
  const C = cells[0]!.length;
  const X = cells.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  const colTotals = Array.from({ length: C + 1 }, (_, j) => X.reduce((a, row) => a + row[j]!, 0));
  X.push(colTotals);
  expect(X.length).toBe(R + 1);
  return X;
}

function publishedGrid(p: { cells: Published[][]; rowTotals: Published[]; colTotals: Published[]; total: Published }): Published[][] {
  return [...p.cells.map((row, i) => [...row, p.rowTotals[i]!]), [...p.colTotals, p.total]];
}

/** Verifies a candidate second table against everything published: the proof that `pos` is not determined. */
function verifyWitness(X: number[][], W: number[][], P: Published[][], pos: [number, number]): string | null {
  const R = X.length - 1;
  const C = X[0]!.length - 1;
  for (let i = 0; i <= R; i++) {
    for (let j = 0; j <= C; j++) {
      const w = W[i]![j]!;
      if (!Number.isInteger(w) || w < 0) return `negative or fractional at ${i},${j}`;
      if (P[i]![j] !== null && w !== P[i]![j]) return `published figure changed at ${i},${j}`;
      if (P[i]![j] === null && w < 1) return `hidden count below 1 at ${i},${j}`;
    }
  }
  for (let i = 0; i <= R; i++) if (W[i]!.slice(0, C).reduce((a, b) => a + b, 0) !== W[i]![C]) return `row ${i} does not add up`;
  for (let j = 0; j <= C; j++) if (W.slice(0, R).reduce((a, row) => a + row[j]!, 0) !== W[R]![j]) return `column ${j} does not add up`;
  if (W[pos[0]]![pos[1]] === X[pos[0]]![pos[1]]) return 'same value';
  return null;
}

/**
 * Looks for a second table differing at `pos`: y = ±x (− on row and column totals) sums to zero on
 * every line, so a ±1 change alternating along a cycle of hidden positions keeps every sum.
 */
function findWitness(X: number[][], P: Published[][], pos: [number, number]): number[][] | null {
  const R = X.length - 1;
  const C = X[0]!.length - 1;
  const sign = (i: number, j: number) => ((i === R) !== (j === C) ? -1 : 1);
  const hidden: Array<[number, number]> = [];
  for (let i = 0; i <= R; i++) for (let j = 0; j <= C; j++) if (P[i]![j] === null) hidden.push([i, j]);
  const ok = (i: number, j: number, dy: number) => X[i]![j]! + sign(i, j) * dy >= 1;
  for (const s of [1, -1]) {
    if (!ok(pos[0], pos[1], s)) continue;
    // Walk from column pos[1] to row pos[0]: column → row edges change by −s, row → column by +s.
    const prev = new Map<string, { from: string; cell: [number, number]; dy: number }>();
    const start = `c${pos[1]}`;
    const goal = `r${pos[0]}`;
    const queue = [start];
    const seen = new Set([start]);
    while (queue.length > 0 && !seen.has(goal)) {
      const node = queue.shift()!;
      for (const [i, j] of hidden) {
        if (i === pos[0] && j === pos[1]) continue;
        let next: string | null = null;
        let dy = 0;
        if (node === `c${j}` && ok(i, j, -s)) [next, dy] = [`r${i}`, -s];
        else if (node === `r${i}` && ok(i, j, s)) [next, dy] = [`c${j}`, s];
        if (next && !seen.has(next)) {
          seen.add(next);
          prev.set(next, { from: node, cell: [i, j], dy });
          queue.push(next);
        }
      }
    }
    if (!seen.has(goal)) continue;
    const W = X.map((row) => [...row]);
    W[pos[0]]![pos[1]]! += sign(pos[0], pos[1]) * s;
    for (let node = goal; node !== start; ) {
      const step = prev.get(node)!;
      W[step.cell[0]]![step.cell[1]]! += sign(step.cell[0], step.cell[1]) * step.dy;
      node = step.from;
    }
    return W;
  }
  return null;
}

function checkTable(cells: number[][], k: number): void {
  const X = augment(cells);
  const P = publishedGrid(suppress2D({ cells, k }));
  for (let i = 0; i < X.length; i++) {
    for (let j = 0; j < X[0]!.length; j++) {
      const p = P[i]![j] as Published;
      if (p === null) {
        expect(X[i]![j], 'a zero is never hidden').toBeGreaterThan(0);
        const W = findWitness(X, P, [i, j]);
        expect(W, `hidden figure ${i},${j} of ${JSON.stringify(cells)} (k=${k}) is recomputable`).not.toBeNull();
        expect(verifyWitness(X, W!, P, [i, j])).toBeNull();
      } else {
        expect(p).toBe(X[i]![j]);
        expect(p === 0 || p >= k, `published ${p} < k=${k}`).toBe(true);
      }
    }
  }
}

/** Every table of non-negative integers consistent with the published figures, hidden counts in 1..bound. */
function exhaustive(X: number[][], P: Published[][], bound: number): Set<string>[] {
  const R = X.length - 1;
  const C = X[0]!.length - 1;
  const free: Array<[number, number]> = [];
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) if (P[i]![j] === null) free.push([i, j]);
  const values = X.map((row) => row.map(() => new Set<string>()));
  const inner = X.slice(0, R).map((row) => row.slice(0, C));
  const visit = (n: number) => {
    if (n === free.length) {
      const W = augment(inner);
      for (let i = 0; i <= R; i++) for (let j = 0; j <= C; j++) if ((P[i]![j] !== null && W[i]![j] !== P[i]![j]) || (P[i]![j] === null && W[i]![j]! < 1)) return;
      for (let i = 0; i <= R; i++) for (let j = 0; j <= C; j++) values[i]![j]!.add(String(W[i]![j]));
      return;
    }
    const [i, j] = free[n]!;
    for (let v = 1; v <= bound; v++) {
      inner[i]![j] = v;
      visit(n + 1);
    }
    inner[i]![j] = X[i]![j]!;
  };
  visit(0);
  return values.flat();
}

const table = (maxR: number, maxC: number, maxV: number) =>
  fc.integer({ min: 1, max: maxR }).chain((R) =>
    fc.integer({ min: 1, max: maxC }).chain((C) =>
      fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: maxV })), { minLength: C, maxLength: C }), { minLength: R, maxLength: R }),
    ),
  );

describe('small-cell protection', () => {
  it('two-way tables: nothing published below k, no hidden figure recomputable', () => {
    fc.assert(
      fc.property(table(7, 5, 40), fc.constantFrom(3, 5, 11), (cells, k) => checkTable(cells, k)),
      { numRuns: 400 },
    );
  });

  it('one-way tables: nothing published below k, no hidden figure recomputable', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 30 })), { minLength: 1, maxLength: 12 }), fc.constantFrom(2, 5, 11), (cells, k) => {
        const p = suppress1D({ cells, k });
        const total = cells.reduce((a, b) => a + b, 0);
        // A one-way table is a one-row two-way table whose column totals are its cells: the same check applies.
        const asRow = [cells];
        const X = augment(asRow);
        const P: Published[][] = [[...p.cells, p.total], [...p.cells, p.total]];
        for (let j = 0; j <= cells.length; j++) {
          const value = j < cells.length ? cells[j]! : total;
          const pub = j < cells.length ? p.cells[j]! : p.total;
          if (pub === null) {
            const W = findWitness(X, P, [0, j]);
            expect(W, `hidden ${j} of ${JSON.stringify(cells)} (k=${k}) is recomputable`).not.toBeNull();
            expect(verifyWitness(X, W!, P, [0, j])).toBeNull();
          } else {
            expect(pub).toBe(value);
            expect(pub === 0 || pub >= k).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('small tables: an exhaustive search finds a second value for every hidden figure', () => {
    fc.assert(
      fc.property(table(3, 3, 6), fc.constantFrom(2, 3, 4), (cells, k) => {
        const X = augment(cells);
        const P = publishedGrid(suppress2D({ cells, k }));
        const hiddenInner = P.slice(0, -1).flatMap((row) => row.slice(0, -1)).filter((v) => v === null).length;
        fc.pre(hiddenInner <= 5);
        // A unit change along a cycle moves an inner count by 1 at most: this bound loses no second table that matters.
        const bound = Math.max(...cells.flat()) + 1;
        const values = exhaustive(X, P, bound);
        const C1 = X[0]!.length;
        values.forEach((set, n) => {
          const [i, j] = [Math.floor(n / C1), n % C1];
          const p = P[i]![j] as Published;
          if (p === null) expect(set.size, `hidden ${i},${j} of ${JSON.stringify(cells)} (k=${k}) has one possible value`).toBeGreaterThan(1);
          else expect([...set]).toEqual([String(p)]);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('does not leave a bridge between two hidden rectangles, nor a rectangle of ones', () => {
    // Rows 0-1 × columns 0-1 and rows 2-3 × columns 2-3 are small; cell (1,2) is small and joins them.
    const bridge = [
      [3, 4, 50, 50],
      [4, 3, 5, 50],
      [50, 50, 3, 4],
      [50, 50, 4, 3],
    ];
    checkTable(bridge, 11);
    const ones = [
      [1, 1, 30],
      [1, 1, 30],
      [30, 30, 30],
    ];
    checkTable(ones, 11);
    const p = suppress2D({ cells: ones, k: 11 });
    // Four hidden ones alone would give a + b = 2 with a, b ≥ 1: more must be hidden.
    const hidden = [...p.cells.flat(), ...p.rowTotals, ...p.colTotals, p.total].filter((v) => v === null).length;
    expect(hidden).toBeGreaterThan(4);
    // A line with a single small cell hides one more in that line.
    expect(suppress1D({ cells: [12, 3, 40], k: 11 }).cells).toEqual([null, null, 40]);
    expect(suppress1D({ cells: [0, 0, 5], k: 11 })).toEqual({ cells: [0, 0, null], total: null });
    expect(suppress1D({ cells: [20, 30], k: 11 })).toEqual({ cells: [20, 30], total: 50 });
  });

  it('hides figures forced by a linked table', () => {
    const p = suppress2D({ cells: [[20, 30], [40, 50]], k: 11, force: { colTotals: [true, false] } });
    expect(p.colTotals[0]).toBeNull();
    checkTable([[20, 30], [40, 50]], 11);
  });
});
