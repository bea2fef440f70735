/**
 * Deadline arithmetic in Italian time (Europe/Rome), safe across the daylight-saving changes: the
 * zone's offset comes from Intl, never from the machine's time zone. Instants are `Date`s (UTC);
 * days are Italian calendar days. Pure.
 *
 * - hours: elapsed time (24 hours across the March change end at 01:00 later on the clock).
 * - calendar days: `addCalendarDays` keeps the Italian wall-clock time; a deadline "within N
 *   calendar days" (`deadlineFrom`) ends at the end of the Nth day after the start day.
 * - working days: Monday to Friday except holidays (holidays.ts); a deadline "within N working
 *   days" ends at the end (23:59:59.999 Italian time) of the Nth working day after the start day.
 *   The start day never counts, whatever time the step began.
 */
import { addDaysToDate, isWorkingDay, type LocalHoliday } from './holidays.ts';

export const ROME = 'Europe/Rome';

export const durationUnits = ['hours', 'calendar_days', 'working_days'] as const;
export type DurationUnit = (typeof durationUnits)[number];

export interface Duration {
  amount: number;
  unit: DurationUnit;
}

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ROME,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface WallTime {
  date: string;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

/** The Italian wall-clock reading of an instant. */
export function romeWallTime(at: Date): WallTime {
  const p: Record<string, string> = {};
  for (const part of partsFormat.formatToParts(at)) p[part.type] = part.value;
  return { date: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second), ms: at.getUTCMilliseconds() };
}

/** The Italian calendar day of an instant, `YYYY-MM-DD`. */
export function romeDate(at: Date): string {
  return romeWallTime(at).date;
}

/** Offset of Italian time from UTC at an instant, in minutes (60 in winter, 120 in summer). */
export function romeOffsetMinutes(at: Date): number {
  const w = romeWallTime(at);
  const [y, m, d] = w.date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, w.hour, w.minute, w.second, w.ms);
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/**
 * The instant at an Italian wall-clock time. A time skipped by the spring change (02:00–02:59 on
 * the last Sunday of March) is read one hour later; a repeated one (autumn) as its first occurrence.
 */
export function romeInstant(options: { date: string; hour?: number; minute?: number; second?: number; ms?: number }): Date {
  const { date, hour = 0, minute = 0, second = 0, ms = 0 } = options;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d, hour, minute, second, ms);
  // Try the offsets in force around that time; keep the first that reads back as asked.
  const candidates = [...new Set([romeOffsetMinutes(new Date(naive - 3 * 3_600_000)), romeOffsetMinutes(new Date(naive + 3 * 3_600_000))])].sort((a, b) => b - a);
  for (const off of candidates) {
    const t = new Date(naive - off * 60_000);
    const back = romeWallTime(t);
    if (back.date === date && back.hour === hour && back.minute === minute) return t;
  }
  // Skipped by the spring change: the offset before the change, which lands one hour later.
  return new Date(naive - Math.min(...candidates) * 60_000);
}

/** The last millisecond of an Italian calendar day. */
export function endOfRomeDay(date: string): Date {
  return romeInstant({ date, hour: 23, minute: 59, second: 59, ms: 999 });
}

/** Elapsed hours. */
export function addHours(from: Date, hours: number): Date {
  return new Date(from.getTime() + hours * 3_600_000);
}

/** Same Italian wall-clock time `days` calendar days later (or earlier, when negative). */
export function addCalendarDays(from: Date, days: number): Date {
  const w = romeWallTime(from);
  return romeInstant({ date: addDaysToDate(w.date, days), hour: w.hour, minute: w.minute, second: w.second, ms: w.ms });
}

/** The Italian calendar day that is the `n`th working day after `date` (before it when n < 0). */
export function nthWorkingDayAfter(options: { date: string; n: number; local?: readonly LocalHoliday[] | undefined }): string {
  const step = options.n < 0 ? -1 : 1;
  let left = Math.abs(options.n);
  let day = options.date;
  while (left > 0) {
    day = addDaysToDate(day, step);
    if (isWorkingDay({ date: day, local: options.local })) left--;
  }
  return day;
}

/**
 * The end of the `days`th working day after the Italian day of `from` (23:59:59.999 Italian time).
 * With 0, the end of the start day.
 */
export function addWorkingDays(options: { from: Date; days: number; local?: readonly LocalHoliday[] | undefined }): Date {
  return endOfRomeDay(nthWorkingDayAfter({ date: romeDate(options.from), n: options.days, local: options.local }));
}

/** When a step entered at `from` with a deadline of `duration` falls due. */
export function deadlineFrom(options: { from: Date; duration: Duration; local?: readonly LocalHoliday[] | undefined }): Date {
  const { from, duration } = options;
  switch (duration.unit) {
    case 'hours':
      return addHours(from, duration.amount);
    case 'calendar_days':
      return endOfRomeDay(addDaysToDate(romeDate(from), duration.amount));
    case 'working_days':
      return addWorkingDays({ from, days: duration.amount, local: options.local });
  }
}

/**
 * When to warn before a deadline: `before` hours, calendar days (same wall-clock time) or working
 * days (the same wall-clock time that many working days earlier) before it.
 */
export function warnAtFor(options: { due: Date; before: Duration; local?: readonly LocalHoliday[] | undefined }): Date {
  const { due, before } = options;
  switch (before.unit) {
    case 'hours':
      return addHours(due, -before.amount);
    case 'calendar_days':
      return addCalendarDays(due, -before.amount);
    case 'working_days': {
      const w = romeWallTime(due);
      const day = nthWorkingDayAfter({ date: w.date, n: -before.amount, local: options.local });
      return romeInstant({ date: day, hour: w.hour, minute: w.minute, second: w.second, ms: w.ms });
    }
  }
}

export type DeadlineState = 'on_time' | 'due_soon' | 'overdue';

/** A deadline's state at `now`: overdue once passed, due soon from the warning time on. */
export function deadlineState(options: { now: Date; due: Date; warnAt?: Date | null | undefined }): DeadlineState {
  const { now, due, warnAt } = options;
  if (now.getTime() > due.getTime()) return 'overdue';
  if (warnAt && now.getTime() >= warnAt.getTime()) return 'due_soon';
  return 'on_time';
}

/** Whether a deadline is due soon at `now`, given a warning window before it. */
export function isDueSoon(options: { now: Date; due: Date; warnBefore: Duration; local?: readonly LocalHoliday[] | undefined }): boolean {
  return deadlineState({ now: options.now, due: options.due, warnAt: warnAtFor({ due: options.due, before: options.warnBefore, local: options.local }) }) === 'due_soon';
}
