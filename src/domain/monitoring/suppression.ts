/**
 * Small-cell protection for published count tables (issue 6, point 3). Pure.
 *
 * Policy (see README.md in this folder for the argument):
 * - Primary suppression: every published count c with 0 < c < k is hidden, cells and totals alike.
 *   Zeros are published: a zero describes nobody, and hiding zeros would not protect anything that
 *   a published total of zero does not already say. A reader therefore knows that every hidden
 *   count is at least 1, and the protection below holds against that reader.
 * - Hidden cells are not labelled as primary or complementary: a reader cannot tell which hidden
 *   cells are below k, so the only bound on a hidden count is "≥ 1".
 * - Complementary suppression: a hidden count is protected when a second table of non-negative
 *   integers exists that agrees with every published figure and differs in that count. The tables
 *   are seen as a bipartite graph of lines (rows and columns of the table extended with its
 *   totals); a hidden count is protected exactly when it lies on a cycle of hidden counts along
 *   which adding and subtracting 1 alternately keeps every hidden count ≥ 1 (`isProtected`).
 *   Cells are hidden greedily (smallest published count in the same line first, totals last)
 *   until every hidden count is protected: a fixed point, reached because each round hides one
 *   more count and a table whose every non-zero count is hidden is protected.
 */

/** The element at `i`, which the caller knows exists. */
function at<T>(list: readonly T[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new Error(`small-cell protection: no element ${i}`);
  return v;
}

/** One published figure of a table seen as an edge between a row line and a column line. */
interface Edge {
  /** Row line (left node). */
  u: number;
  /** Column line (right node). */
  v: number;
  /** +1: y = x (inner cells, grand total); -1: y = -x (row and column totals). */
  sign: 1 | -1;
  value: number;
  suppressed: boolean;
  /** Totals are hidden only when no inner cell will do. */
  margin: boolean;
}

/**
 * Whether hidden edge `e` is protected: a ±1 alternating change along a cycle of hidden edges
 * through `e` keeps every hidden value ≥ 1 (the values of y = sign·x on each line sum to zero, so
 * such a change keeps every line's sum). Searched as reachability: after changing y_e by s, an
 * edge is walked from its column to its row when y may decrease by s, from its row to its column
 * when y may increase by s.
 */
function isProtected(edges: readonly Edge[], e: number): boolean {
  const target = at(edges, e);
  if (!target.suppressed) return false;
  const canMove = (edge: Edge, deltaY: number): boolean => {
    const deltaX = edge.sign * deltaY;
    return deltaX > 0 || edge.value - 1 >= 1;
  };
  for (const s of [1, -1]) {
    if (!canMove(target, s)) continue;
    // Nodes: rows as 'r<i>', columns as 'c<j>'. Start at the column of e, look for its row.
    const start = `c${target.v}`;
    const goal = `r${target.u}`;
    const seen = new Set([start]);
    const queue = [start];
    for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
      if (node === goal) return true;
      for (let i = 0; i < edges.length; i++) {
        if (i === e) continue;
        const f = at(edges, i);
        if (!f.suppressed) continue;
        let next: string | null = null;
        if (node === `c${f.v}` && canMove(f, -s)) next = `r${f.u}`;
        else if (node === `r${f.u}` && canMove(f, s)) next = `c${f.v}`;
        if (next && !seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  return false;
}

/** Hides counts until every hidden count is protected; `edges` is changed in place. */
function protect(edges: Edge[], k: number): void {
  for (const edge of edges) if (edge.value > 0 && edge.value < k) edge.suppressed = true;
  // Hiding more counts only adds cycles, so a count once protected stays protected.
  const safe = new Set<number>();
  for (;;) {
    const exposed = edges.findIndex((edge, i) => {
      if (!edge.suppressed || safe.has(i)) return false;
      if (isProtected(edges, i)) {
        safe.add(i);
        return false;
      }
      return true;
    });
    if (exposed < 0) return;
    const target = at(edges, exposed);
    const candidates = edges
      .map((edge, i) => ({ edge, i }))
      .filter(({ edge }) => !edge.suppressed && edge.value > 0)
      .map(({ edge, i }) => ({ i, adjacent: edge.u === target.u || edge.v === target.v, margin: edge.margin, value: edge.value }))
      .sort((a, b) => Number(b.adjacent) - Number(a.adjacent) || Number(a.margin) - Number(b.margin) || a.value - b.value || a.i - b.i);
    if (candidates.length === 0) throw new Error('small-cell protection: nothing left to hide'); // unreachable: see README
    let chosen = at(candidates, 0).i;
    for (const c of candidates) {
      at(edges, c.i).suppressed = true;
      const works = isProtected(edges, exposed);
      at(edges, c.i).suppressed = false;
      if (works) {
        chosen = c.i;
        break;
      }
    }
    at(edges, chosen).suppressed = true;
  }
}

/** A published figure: the count, or null when hidden. */
export type Published = number | null;

export interface Suppressed1D {
  cells: Published[];
  total: Published;
}

export interface Suppressed2D {
  cells: Published[][];
  rowTotals: Published[];
  colTotals: Published[];
  total: Published;
}

function assertCounts(values: readonly number[]): void {
  for (const v of values) if (!Number.isInteger(v) || v < 0) throw new Error(`small-cell protection: ${v} is not a count`);
}

/**
 * A one-way table (cells and their total) with cells below k hidden and enough others hidden
 * that none can be recomputed. `force` hides figures already hidden in a linked table.
 */
export function suppress1D(options: { cells: readonly number[]; k: number; force?: { total?: boolean; cells?: readonly boolean[] } }): Suppressed1D {
  const { cells, k } = options;
  assertCounts(cells);
  const total = cells.reduce((a, b) => a + b, 0);
  // Row node 0, column node 0: every cell and the total are parallel edges.
  const edges: Edge[] = cells.map((value, i) => ({ u: 0, v: 0, sign: 1, value, suppressed: !!options.force?.cells?.[i] && value > 0, margin: false }));
  edges.push({ u: 0, v: 0, sign: -1, value: total, suppressed: !!options.force?.total && total > 0, margin: true });
  protect(edges, k);
  return { cells: cells.map((v, i) => (at(edges, i).suppressed ? null : v)), total: at(edges, cells.length).suppressed ? null : total };
}

/**
 * A two-way table with row, column and grand totals, protected as above. The totals are part of
 * the table: rows 0..R-1 and the totals row R, columns 0..C-1 and the totals column C.
 */
export function suppress2D(options: {
  cells: readonly (readonly number[])[];
  k: number;
  force?: { rowTotals?: readonly boolean[]; colTotals?: readonly boolean[]; total?: boolean };
}): Suppressed2D {
  const { cells, k } = options;
  const R = cells.length;
  const C = R > 0 ? at(cells, 0).length : 0;
  for (const row of cells) {
    if (row.length !== C) throw new Error('small-cell protection: ragged table');
    assertCounts(row);
  }
  const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = Array.from({ length: C }, (_, j) => cells.reduce((a, row) => a + at(row, j), 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  const edges: Edge[] = [];
  const index = new Map<string, number>();
  const add = (key: string, edge: Edge) => {
    index.set(key, edges.length);
    edges.push(edge);
  };
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) add(`${i},${j}`, { u: i, v: j, sign: 1, value: at(at(cells, i), j), suppressed: false, margin: false });
  for (let i = 0; i < R; i++) add(`r${i}`, { u: i, v: C, sign: -1, value: at(rowTotals, i), suppressed: !!options.force?.rowTotals?.[i] && at(rowTotals, i) > 0, margin: true });
  for (let j = 0; j < C; j++) add(`c${j}`, { u: R, v: j, sign: -1, value: at(colTotals, j), suppressed: !!options.force?.colTotals?.[j] && at(colTotals, j) > 0, margin: true });
  add('t', { u: R, v: C, sign: 1, value: total, suppressed: !!options.force?.total && total > 0, margin: true });
  protect(edges, k);
  const pub = (key: string): Published => {
    const edge = at(edges, index.get(key) ?? -1);
    return edge.suppressed ? null : edge.value;
  };
  return {
    cells: cells.map((row, i) => row.map((_, j) => pub(`${i},${j}`))),
    rowTotals: rowTotals.map((_, i) => pub(`r${i}`)),
    colTotals: colTotals.map((_, j) => pub(`c${j}`)),
    total: pub('t'),
  };
}

/** The default k (CTDC published its dataset with k = 11); PONTE_SMALL_CELL_K overrides it. */
export const defaultSmallCellK = 11;
