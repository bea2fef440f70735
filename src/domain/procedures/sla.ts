/**
 * SLA figures over procedure steps: open items, due soon, overdue (a snapshot at `now`), and for
 * the steps completed in a period, how many and how long they took (median and 90th percentile,
 * linear interpolation as PostgreSQL's percentile_cont) and how many were late. Grouped by step
 * and by acting organisation. Counts and durations only: no person is named. Pure.
 */

export interface SlaStepRow {
  procedureKey: string;
  stepKey: string;
  /** The body expected to act (null when none in particular). */
  orgId: string | null;
  enteredAt: Date;
  dueAt: Date | null;
  warnAt: Date | null;
  completedAt: Date | null;
  /** The run is still open (a step left open by a cancelled run counts nowhere). */
  runOpen: boolean;
}

export interface SlaFigures {
  open: number;
  dueSoon: number;
  overdue: number;
  completed: number;
  completedLate: number;
  medianHours: number | null;
  p90Hours: number | null;
}

/** percentile_cont over sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (pos - lo);
}

const round2 = (x: number | null): number | null => (x === null ? null : Math.round(x * 100) / 100);

export function slaFigures(options: { rows: readonly SlaStepRow[]; now: Date; from: Date; to: Date }): SlaFigures {
  const { rows, now, from, to } = options;
  const t = now.getTime();
  let open = 0;
  let dueSoon = 0;
  let overdue = 0;
  let completedLate = 0;
  const durations: number[] = [];
  for (const r of rows) {
    if (r.completedAt === null) {
      if (!r.runOpen) continue;
      open++;
      if (r.dueAt && t > r.dueAt.getTime()) overdue++;
      else if (r.dueAt && r.warnAt && t >= r.warnAt.getTime()) dueSoon++;
      continue;
    }
    const c = r.completedAt.getTime();
    if (c < from.getTime() || c >= to.getTime()) continue;
    durations.push((c - r.enteredAt.getTime()) / 3_600_000);
    if (r.dueAt && c > r.dueAt.getTime()) completedLate++;
  }
  durations.sort((a, b) => a - b);
  return { open, dueSoon, overdue, completed: durations.length, completedLate, medianHours: round2(percentile(durations, 0.5)), p90Hours: round2(percentile(durations, 0.9)) };
}

export interface SlaBoard {
  steps: ({ procedureKey: string; stepKey: string } & SlaFigures)[];
  organisations: ({ orgId: string | null } & SlaFigures)[];
  total: SlaFigures;
}

/** Figures per step (in the order given by `stepOrder`, then by key) and per acting organisation. */
export function slaBoard(options: { rows: readonly SlaStepRow[]; now: Date; from: Date; to: Date; stepOrder?: (procedureKey: string, stepKey: string) => number }): SlaBoard {
  const { rows, now, from, to } = options;
  const byStep = new Map<string, SlaStepRow[]>();
  const byOrg = new Map<string | null, SlaStepRow[]>();
  for (const r of rows) {
    const k = `${r.procedureKey}\u0000${r.stepKey}`;
    byStep.set(k, [...(byStep.get(k) ?? []), r]);
    byOrg.set(r.orgId, [...(byOrg.get(r.orgId) ?? []), r]);
  }
  const order = options.stepOrder ?? (() => 0);
  const steps = [...byStep.entries()]
    .map(([k, rs]) => {
      const [procedureKey, stepKey] = k.split('\u0000') as [string, string];
      return { procedureKey, stepKey, ...slaFigures({ rows: rs, now, from, to }) };
    })
    .filter((s) => s.open + s.completed > 0)
    .sort((a, b) => a.procedureKey.localeCompare(b.procedureKey) || order(a.procedureKey, a.stepKey) - order(b.procedureKey, b.stepKey) || a.stepKey.localeCompare(b.stepKey));
  const organisations = [...byOrg.entries()]
    .map(([orgId, rs]) => ({ orgId, ...slaFigures({ rows: rs, now, from, to }) }))
    .filter((o) => o.open + o.completed > 0);
  return { steps, organisations, total: slaFigures({ rows, now, from, to }) };
}
