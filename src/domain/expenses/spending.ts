/**
 * Spent vs budget, exact: from sums grouped by (line, paying body, month) to the figures per line,
 * per partner and per month, with each line's remaining amount and percentage spent. Pure.
 */
import { fromCents, percentOf, toCents } from './money.ts';

export interface SpendingCell {
  lineId: string;
  organisationId: string;
  /** YYYY-MM */
  month: string;
  amount: string;
}

export interface SpendingLineInput {
  id: string;
  code: string;
  label: string;
  amount: string;
  /** Everything ever charged to the line (all bodies, all dates): what the over-budget rule counts. */
  spentToDate: string;
}

export interface SpendingLine {
  id: string;
  code: string;
  label: string;
  amount: string;
  /** In the period and the caller's scope. */
  spent: string;
  spentToDate: string;
  /** amount − spentToDate (negative when over budget). */
  remaining: string;
  /** spentToDate / amount, one decimal; null for a line of 0. */
  percent: string | null;
  overBudget: boolean;
}

export interface SpendingSummary {
  total: string;
  lines: SpendingLine[];
  partners: Array<{ organisationId: string; spent: string }>;
  months: Array<{ month: string; spent: string }>;
}

/** Every month from `from` to `to` (YYYY-MM-DD or YYYY-MM), inclusive, as YYYY-MM. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4));
  const endM = Number(to.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
    if (out.length > 1200) break;
  }
  return out;
}

export function summariseSpending(options: { lines: readonly SpendingLineInput[]; cells: readonly SpendingCell[]; months: readonly string[] }): SpendingSummary {
  const byLine = new Map<string, bigint>();
  const byOrg = new Map<string, bigint>();
  const byMonth = new Map<string, bigint>(options.months.map((m) => [m, 0n]));
  let total = 0n;
  for (const c of options.cells) {
    const a = toCents(c.amount);
    total += a;
    byLine.set(c.lineId, (byLine.get(c.lineId) ?? 0n) + a);
    byOrg.set(c.organisationId, (byOrg.get(c.organisationId) ?? 0n) + a);
    byMonth.set(c.month, (byMonth.get(c.month) ?? 0n) + a);
  }
  const lines = options.lines.map((l): SpendingLine => {
    const remaining = toCents(l.amount) - toCents(l.spentToDate);
    return {
      id: l.id,
      code: l.code,
      label: l.label,
      amount: fromCents(toCents(l.amount)),
      spent: fromCents(byLine.get(l.id) ?? 0n),
      spentToDate: fromCents(toCents(l.spentToDate)),
      remaining: fromCents(remaining),
      percent: percentOf(l.spentToDate, l.amount),
      overBudget: remaining < 0n,
    };
  });
  return {
    total: fromCents(total),
    lines,
    partners: [...byOrg.entries()].sort((a, b) => (a[1] === b[1] ? a[0].localeCompare(b[0]) : a[1] > b[1] ? -1 : 1)).map(([organisationId, c]) => ({ organisationId, spent: fromCents(c) })),
    months: [...byMonth.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([month, c]) => ({ month, spent: fromCents(c) })),
  };
}

/** Whether adding `amount` to what a line has spent takes it above its amount, with the figures. */
export function overBudgetCheck(options: { lineAmount: string; spent: string; amount: string }): { over: boolean; after: string; excess: string } {
  const after = toCents(options.spent) + toCents(options.amount);
  const excess = after - toCents(options.lineAmount);
  return { over: excess > 0n, after: fromCents(after), excess: fromCents(excess > 0n ? excess : 0n) };
}
