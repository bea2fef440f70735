import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addHours,
  addWorkingDays,
  deadlineFrom,
  deadlineState,
  easterSunday,
  endOfRomeDay,
  holidaysOf,
  isDueSoon,
  isHoliday,
  isWorkingDay,
  italianHolidays,
  nthWorkingDayAfter,
  patronSaintDays,
  romeDate,
  romeInstant,
  romeOffsetMinutes,
  warnAtFor,
} from './index.ts';

const at = (iso: string): Date => new Date(iso);

describe('Easter (Gregorian computus)', () => {
  it.each([
    [1818, '1818-03-22'], // earliest possible
    [1943, '1943-04-25'], // latest possible
    [2000, '2000-04-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('%i → %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe('Italian holidays', () => {
  it('lists the twelve national holidays of a year, in date order', () => {
    expect(italianHolidays(2026).map((h) => h.date)).toEqual([
      '2026-01-01', '2026-01-06', '2026-04-05', '2026-04-06', '2026-04-25', '2026-05-01',
      '2026-06-02', '2026-08-15', '2026-11-01', '2026-12-08', '2026-12-25', '2026-12-26',
    ]);
  });

  it('adds local holidays of the year, every year or once', () => {
    const local = [patronSaintDays['058']!, { date: '2027-03-01', name: { it: 'Chiusura', en: 'Closure' } }];
    expect(holidaysOf({ year: 2026, local }).filter((h) => !h.national).map((h) => h.date)).toEqual(['2026-06-29']);
    expect(holidaysOf({ year: 2027, local }).filter((h) => !h.national).map((h) => h.date)).toEqual(['2027-03-01', '2027-06-29']);
    expect(isHoliday({ date: '2026-06-29' })).toBe(false);
    expect(isHoliday({ date: '2026-06-29', local })).toBe(true);
  });

  it('knows working days: weekdays that are not holidays', () => {
    expect(isWorkingDay({ date: '2026-01-05' })).toBe(true); // Monday
    expect(isWorkingDay({ date: '2026-01-06' })).toBe(false); // Epiphany, Tuesday
    expect(isWorkingDay({ date: '2026-01-10' })).toBe(false); // Saturday
    expect(isWorkingDay({ date: '2026-01-11' })).toBe(false); // Sunday
    expect(isWorkingDay({ date: '2026-04-06' })).toBe(false); // Easter Monday
  });
});

describe('Italian time', () => {
  it('reads the offset from the zone, not the machine', () => {
    expect(romeOffsetMinutes(at('2026-01-15T12:00:00Z'))).toBe(60);
    expect(romeOffsetMinutes(at('2026-07-15T12:00:00Z'))).toBe(120);
    expect(romeDate(at('2026-01-15T23:30:00Z'))).toBe('2026-01-16');
  });

  it('turns wall-clock times into instants around the changes', () => {
    expect(romeInstant({ date: '2026-03-29', hour: 1, minute: 30 }).toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(romeInstant({ date: '2026-03-29', hour: 3, minute: 30 }).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 does not exist on 29 March 2026: read as 03:30.
    expect(romeInstant({ date: '2026-03-29', hour: 2, minute: 30 }).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 25 October 2026: the first one (summer time).
    expect(romeInstant({ date: '2026-10-25', hour: 2, minute: 30 }).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(endOfRomeDay('2026-01-19').toISOString()).toBe('2026-01-19T22:59:59.999Z');
    expect(endOfRomeDay('2026-07-01').toISOString()).toBe('2026-07-01T21:59:59.999Z');
  });
});

describe('deadlines', () => {
  it('hours are elapsed time, also across the spring change', () => {
    // Saturday 28 March 2026 12:00 CET + 24 h = Sunday 13:00 CEST.
    const due = addHours(at('2026-03-28T11:00:00Z'), 24);
    expect(due.toISOString()).toBe('2026-03-29T11:00:00.000Z');
  });

  it('calendar days keep the wall-clock time across the changes', () => {
    expect(addCalendarDays(at('2026-03-28T11:00:00Z'), 1).toISOString()).toBe('2026-03-29T10:00:00.000Z'); // 12:00 CEST
    expect(addCalendarDays(at('2026-10-24T10:00:00Z'), 1).toISOString()).toBe('2026-10-25T11:00:00.000Z'); // 12:00 CET
    expect(addCalendarDays(at('2026-10-25T11:00:00Z'), -1).toISOString()).toBe('2026-10-24T10:00:00.000Z');
  });

  it('a calendar-day deadline ends at the end of the Nth day', () => {
    expect(deadlineFrom({ from: at('2026-01-15T09:00:00Z'), duration: { amount: 30, unit: 'calendar_days' } }).toISOString()).toBe('2026-02-14T22:59:59.999Z');
  });

  it('one working day from a Friday ends on Monday night', () => {
    expect(addWorkingDays({ from: at('2026-01-16T09:00:00Z'), days: 1 }).toISOString()).toBe('2026-01-19T22:59:59.999Z');
    // Started on a Saturday, the day does not count either.
    expect(addWorkingDays({ from: at('2026-01-17T09:00:00Z'), days: 1 }).toISOString()).toBe('2026-01-19T22:59:59.999Z');
  });

  it('skips Christmas, St Stephen and the weekend', () => {
    // 2025: 24 Wed, 25 Thu, 26 Fri, 27 Sat, 28 Sun → the 2nd working day after Tue 23 is Mon 29.
    expect(nthWorkingDayAfter({ date: '2025-12-23', n: 2 })).toBe('2025-12-29');
    expect(addWorkingDays({ from: at('2025-12-23T15:00:00Z'), days: 3 }).toISOString()).toBe('2025-12-30T22:59:59.999Z');
    // 2026: 25 Fri, 26 Sat, 27 Sun → from Thu 24, the 1st working day is Mon 28.
    expect(nthWorkingDayAfter({ date: '2026-12-24', n: 1 })).toBe('2026-12-28');
  });

  it('crosses the spring change: the end of Monday is in summer time', () => {
    expect(addWorkingDays({ from: at('2026-03-27T11:00:00Z'), days: 1 }).toISOString()).toBe('2026-03-30T21:59:59.999Z');
    // And the autumn one back to winter time.
    expect(addWorkingDays({ from: at('2026-10-23T08:00:00Z'), days: 1 }).toISOString()).toBe('2026-10-26T22:59:59.999Z');
  });

  it('1 November on a Friday (2024): one working day from Thursday ends on Monday 4', () => {
    expect(addWorkingDays({ from: at('2024-10-31T10:00:00Z'), days: 1 }).toISOString()).toBe('2024-11-04T22:59:59.999Z');
  });

  it('Easter Monday and a local patron saint are skipped', () => {
    expect(nthWorkingDayAfter({ date: '2026-04-02', n: 2 })).toBe('2026-04-07');
    const rome = [patronSaintDays['058']!];
    expect(nthWorkingDayAfter({ date: '2026-06-26', n: 1 })).toBe('2026-06-29');
    expect(nthWorkingDayAfter({ date: '2026-06-26', n: 1, local: rome })).toBe('2026-06-30');
  });

  it('30 working days from a commission request', () => {
    // From Monday 2 November 2026: December has 8 (Tue) and 25–26 off.
    expect(nthWorkingDayAfter({ date: '2026-11-02', n: 30 })).toBe('2026-12-15');
  });

  it('steps back over weekends for warnings', () => {
    const due = at('2026-01-19T22:59:59.999Z'); // end of Monday
    expect(warnAtFor({ due, before: { amount: 1, unit: 'working_days' } }).toISOString()).toBe('2026-01-16T22:59:59.999Z');
    expect(warnAtFor({ due, before: { amount: 6, unit: 'hours' } }).toISOString()).toBe('2026-01-19T16:59:59.999Z');
    expect(warnAtFor({ due, before: { amount: 2, unit: 'calendar_days' } }).toISOString()).toBe('2026-01-17T22:59:59.999Z');
  });

  it('says whether a deadline is on time, due soon or overdue', () => {
    const due = at('2026-01-19T22:59:59.999Z');
    const warnBefore = { amount: 1, unit: 'working_days' } as const;
    expect(isDueSoon({ now: at('2026-01-16T12:00:00Z'), due, warnBefore })).toBe(false);
    expect(isDueSoon({ now: at('2026-01-17T08:00:00Z'), due, warnBefore })).toBe(true);
    expect(isDueSoon({ now: at('2026-01-19T22:59:59.999Z'), due, warnBefore })).toBe(true);
    expect(isDueSoon({ now: at('2026-01-19T23:00:00Z'), due, warnBefore })).toBe(false);
    expect(deadlineState({ now: at('2026-01-19T23:00:00Z'), due })).toBe('overdue');
    expect(deadlineState({ now: at('2026-01-10T23:00:00Z'), due })).toBe('on_time');
  });
});
