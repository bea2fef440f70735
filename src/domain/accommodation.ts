/**
 * Accommodation value lists (facility types, target groups, bed kinds, reasons for leaving,
 * waiting-list needs) with Italian and English labels, and the date arithmetic of occupancy
 * (bed-nights per month). Pure: imported by server and web.
 */

export const facilityTypes = ['escape_house', 'first_assistance_shelter', 'residential_community', 'semi_autonomy_flat', 'guided_cohabitation'] as const;
export type FacilityType = (typeof facilityTypes)[number];

export const targetGroups = ['women', 'men', 'mothers_with_children', 'minors', 'transgender'] as const;
export type TargetGroup = (typeof targetGroups)[number];

export const bedKinds = ['single', 'double', 'bunk', 'cot'] as const;
export type BedKind = (typeof bedKinds)[number];

/** Why a placement ended (in the spirit of HTCDS support-plan end reasons). */
export const leavingReasons = ['programme_completed', 'moved_to_another_facility', 'left_voluntarily', 'removed_for_safety', 'rules_breached', 'other'] as const;
export type LeavingReason = (typeof leavingReasons)[number];

export const waitlistNeeds = ['with_children', 'pregnancy', 'minor', 'disability', 'health_care', 'transgender', 'high_risk'] as const;
export type WaitlistNeed = (typeof waitlistNeeds)[number];

export const waitlistStatuses = ['waiting', 'placed', 'withdrawn'] as const;
export type WaitlistStatus = (typeof waitlistStatuses)[number];

type Labels<K extends string> = Record<K, { it: string; en: string }>;

export const facilityTypeLabels: Labels<FacilityType> = {
  escape_house: { it: 'Casa di fuga', en: 'Escape house' },
  first_assistance_shelter: { it: 'Struttura di pronta accoglienza', en: 'First assistance shelter' },
  residential_community: { it: 'Comunità residenziale', en: 'Residential community' },
  semi_autonomy_flat: { it: 'Alloggio in semi-autonomia', en: 'Semi-autonomy flat' },
  guided_cohabitation: { it: 'Convivenza guidata', en: 'Guided cohabitation' },
};

export const targetGroupLabels: Labels<TargetGroup> = {
  women: { it: 'Donne', en: 'Women' },
  men: { it: 'Uomini', en: 'Men' },
  mothers_with_children: { it: 'Madri con bambini', en: 'Mothers with children' },
  minors: { it: 'Minori', en: 'Minors' },
  transgender: { it: 'Persone transgender', en: 'Transgender persons' },
};

export const bedKindLabels: Labels<BedKind> = {
  single: { it: 'Singolo', en: 'Single' },
  double: { it: 'Letto per adulto con bambino', en: 'Bed for adult with child' },
  bunk: { it: 'A castello', en: 'Bunk' },
  cot: { it: 'Culla', en: 'Cot' },
};

export const leavingReasonLabels: Labels<LeavingReason> = {
  programme_completed: { it: 'Percorso concluso', en: 'Programme completed' },
  moved_to_another_facility: { it: 'Trasferimento ad altra struttura', en: 'Moved to another facility' },
  left_voluntarily: { it: 'Uscita volontaria', en: 'Left voluntarily' },
  removed_for_safety: { it: 'Allontanamento per motivi di sicurezza', en: 'Removed for safety' },
  rules_breached: { it: 'Violazione delle regole', en: 'Rules breached' },
  other: { it: 'Altro', en: 'Other' },
};

export const waitlistNeedLabels: Labels<WaitlistNeed> = {
  with_children: { it: 'Con figli', en: 'With children' },
  pregnancy: { it: 'Gravidanza', en: 'Pregnancy' },
  minor: { it: 'Minore', en: 'Minor' },
  disability: { it: 'Disabilità', en: 'Disability' },
  health_care: { it: 'Cure sanitarie', en: 'Health care' },
  transgender: { it: 'Persona transgender', en: 'Transgender person' },
  high_risk: { it: 'Alto rischio (sicurezza)', en: 'High risk (safety)' },
};

export const waitlistStatusLabels: Labels<WaitlistStatus> = {
  waiting: { it: 'In attesa', en: 'Waiting' },
  placed: { it: 'Inserita', en: 'Placed' },
  withdrawn: { it: 'Ritirata', en: 'Withdrawn' },
};

// --- dates and occupancy ---------------------------------------------------------------------

const dayMs = 86_400_000;

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / dayMs;
}

function dateOf(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

/** The day after `date` (YYYY-MM-DD). */
export function nextDay(date: string): string {
  return dateOf(dayNumber(date) + 1);
}

/** Months from `from` to `to` inclusive (YYYY-MM), at most `max`. */
export function monthRange(options: { from: string; to: string; max?: number }): string[] {
  const out: string[] = [];
  let [y, m] = options.from.split('-').map(Number) as [number, number];
  const max = options.max ?? 36;
  while (out.length < max) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > options.to) break;
    out.push(key);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** First day of a month and the first day of the next (exclusive end). */
function monthBounds(month: string): [number, number] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = Date.UTC(y, m - 1, 1) / dayMs;
  const end = Date.UTC(y, m, 1) / dayMs;
  return [start, end];
}

export interface OccupancyMonth {
  month: string;
  /** Nights the active beds offered in the month (up to today for the current month). */
  available: number;
  /** Nights spent by placed persons in the month (up to today). */
  used: number;
}

/**
 * Bed-nights per month: `available` counts each active bed for every night of the month up to
 * `today` (exclusive: tonight is not over); `used` counts the nights of placements [startsOn,
 * endsOn) in the month, open placements up to `today`. Future months count 0 of both.
 */
export function occupancyByMonth(options: {
  months: string[];
  activeBeds: number;
  placements: ReadonlyArray<{ startsOn: string; endsOn: string | null }>;
  today: string;
}): OccupancyMonth[] {
  const today = dayNumber(options.today);
  return options.months.map((month) => {
    const [start, endRaw] = monthBounds(month);
    const end = Math.min(endRaw, today);
    const nights = Math.max(0, end - start);
    let used = 0;
    for (const p of options.placements) {
      const s = Math.max(dayNumber(p.startsOn), start);
      const e = Math.min(p.endsOn === null ? today : dayNumber(p.endsOn), end);
      if (e > s) used += e - s;
    }
    return { month, available: nights * options.activeBeds, used };
  });
}
