/**
 * Italian public holidays (see README.md in this folder for the rules and sources) and extra local
 * holidays passed in as data. Dates are calendar days in Italy, written `YYYY-MM-DD`. Pure.
 */

export interface Holiday {
  /** `YYYY-MM-DD`. */
  date: string;
  key: string;
  name: { it: string; en: string };
  /** true for the national holidays, false for local ones passed in. */
  national: boolean;
}

/**
 * A local holiday (a patron saint's day of a municipality, a regional holiday): every year on
 * `monthDay` (`MM-DD`), or once on `date` (`YYYY-MM-DD`).
 */
export interface LocalHoliday {
  monthDay?: string;
  date?: string;
  name: { it: string; en: string };
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian computus, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

const fixed: readonly { monthDay: string; key: string; name: { it: string; en: string } }[] = [
  { monthDay: '01-01', key: 'new_year', name: { it: 'Capodanno', en: 'New Year’s Day' } },
  { monthDay: '01-06', key: 'epiphany', name: { it: 'Epifania', en: 'Epiphany' } },
  { monthDay: '04-25', key: 'liberation_day', name: { it: 'Festa della Liberazione', en: 'Liberation Day' } },
  { monthDay: '05-01', key: 'labour_day', name: { it: 'Festa del Lavoro', en: 'Labour Day' } },
  { monthDay: '06-02', key: 'republic_day', name: { it: 'Festa della Repubblica', en: 'Republic Day' } },
  { monthDay: '08-15', key: 'assumption', name: { it: 'Ferragosto (Assunzione)', en: 'Assumption Day' } },
  { monthDay: '11-01', key: 'all_saints', name: { it: 'Ognissanti', en: 'All Saints’ Day' } },
  { monthDay: '12-08', key: 'immaculate_conception', name: { it: 'Immacolata Concezione', en: 'Immaculate Conception' } },
  { monthDay: '12-25', key: 'christmas', name: { it: 'Natale', en: 'Christmas Day' } },
  { monthDay: '12-26', key: 'st_stephen', name: { it: 'Santo Stefano', en: 'St Stephen’s Day' } },
];

/** The national public holidays of a year (Law 260/1949 as amended), sorted by date. */
export function italianHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const list: Holiday[] = [
    ...fixed.map((h) => ({ date: `${pad(year, 4)}-${h.monthDay}`, key: h.key, name: h.name, national: true })),
    { date: easter, key: 'easter', name: { it: 'Pasqua', en: 'Easter Sunday' }, national: true },
    { date: addDaysToDate(easter, 1), key: 'easter_monday', name: { it: 'Lunedì dell’Angelo (Pasquetta)', en: 'Easter Monday' }, national: true },
  ];
  return list.sort((x, y) => x.date.localeCompare(y.date));
}

/** National holidays plus the local ones that fall in `year`. */
export function holidaysOf(options: { year: number; local?: readonly LocalHoliday[] | undefined }): Holiday[] {
  const { year } = options;
  const local: Holiday[] = [];
  for (const [i, h] of (options.local ?? []).entries()) {
    const date = h.date ?? (h.monthDay ? `${pad(year, 4)}-${h.monthDay}` : undefined);
    if (date && date.startsWith(`${pad(year, 4)}-`)) local.push({ date, key: `local_${i}`, name: h.name, national: false });
  }
  return [...italianHolidays(year), ...local].sort((x, y) => x.date.localeCompare(y.date));
}

const cache = new Map<number, Set<string>>();

function nationalSet(year: number): Set<string> {
  let s = cache.get(year);
  if (!s) {
    s = new Set(italianHolidays(year).map((h) => h.date));
    cache.set(year, s);
  }
  return s;
}

/** Whether a calendar day is a public holiday (national, or one of `local`). */
export function isHoliday(options: { date: string; local?: readonly LocalHoliday[] | undefined }): boolean {
  const { date } = options;
  if (nationalSet(Number(date.slice(0, 4))).has(date)) return true;
  return (options.local ?? []).some((h) => h.date === date || (h.monthDay !== undefined && date.slice(5) === h.monthDay));
}

/** 0 Sunday … 6 Saturday, for a `YYYY-MM-DD` day. */
export function dayOfWeek(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** Monday to Friday and not a holiday. */
export function isWorkingDay(options: { date: string; local?: readonly LocalHoliday[] | undefined }): boolean {
  const dow = dayOfWeek(options.date);
  return dow !== 0 && dow !== 6 && !isHoliday(options);
}

/** `YYYY-MM-DD` plus `days` (may be negative), on the calendar (no time zone involved). */
export function addDaysToDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function ymd(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/**
 * Example local holidays: the patron saint's day of some provincial capitals, keyed by the ISTAT
 * province code (src/domain/provinces.ts). The holiday applies in the municipality, not the whole
 * province: pass it in where the acting office is in that city. Data, extend as needed.
 */
export const patronSaintDays: Readonly<Record<string, LocalHoliday>> = {
  '058': { monthDay: '06-29', name: { it: 'Santi Pietro e Paolo (Roma)', en: 'Saints Peter and Paul (Rome)' } },
  '015': { monthDay: '12-07', name: { it: 'Sant’Ambrogio (Milano)', en: 'Saint Ambrose (Milan)' } },
  '001': { monthDay: '06-24', name: { it: 'San Giovanni Battista (Torino)', en: 'Saint John the Baptist (Turin)' } },
  '048': { monthDay: '06-24', name: { it: 'San Giovanni Battista (Firenze)', en: 'Saint John the Baptist (Florence)' } },
  '010': { monthDay: '06-24', name: { it: 'San Giovanni Battista (Genova)', en: 'Saint John the Baptist (Genoa)' } },
  '063': { monthDay: '09-19', name: { it: 'San Gennaro (Napoli)', en: 'Saint Januarius (Naples)' } },
  '082': { monthDay: '07-15', name: { it: 'Santa Rosalia (Palermo)', en: 'Saint Rosalia (Palermo)' } },
  '072': { monthDay: '12-06', name: { it: 'San Nicola (Bari)', en: 'Saint Nicholas (Bari)' } },
  '037': { monthDay: '10-04', name: { it: 'San Petronio (Bologna)', en: 'Saint Petronius (Bologna)' } },
};
