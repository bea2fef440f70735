/** Types of the inclusion API answers (src/server/features/inclusion/routes.ts) and small helpers for the pages. */
import type {
  AttendanceStatus,
  ContractType,
  CourseKind,
  EnrolmentOutcome,
  HousingKind,
  HousingSupport,
  InternshipOutcome,
  IsicSection,
  PlacementOutcome,
  ReintegrationSupport,
  ReturnStatus,
} from '../../../domain/inclusion/index.ts';

export interface Internship {
  id: string; employerName: string; sector: IsicSection | null; tutorName: string | null; hoursPerWeek: string | null; monthlyStipend: string | null;
  startsOn: string; endsOn: string | null; outcome: InternshipOutcome | null; outcomeReason: string | null; version: number;
}
export interface Placement {
  id: string; employerName: string; sector: IsicSection | null; contractType: ContractType; hoursPerWeek: string | null; startsOn: string; endsOn: string | null;
  outcome: PlacementOutcome | null; note: string | null; version: number;
}
export interface Housing { id: string; movedOn: string; kind: HousingKind; support: HousingSupport[]; note: string | null; version: number }
export interface VoluntaryReturn {
  id: string; country: string; partnerName: string | null; status: ReturnStatus; plannedOn: string | null; departedOn: string | null;
  support: ReintegrationSupport[]; supportNote: string | null; version: number;
}
export interface CaseEnrolment {
  id: string; courseId: string; courseTitle: string; courseKind: CourseKind; courseStartsOn: string; courseEndsOn: string | null; enrolledOn: string;
  outcome: EnrolmentOutcome | null; sessions: number; present: number; absent: number; excused: number; attendanceRate: number | null;
}
export interface CaseInclusion { enrolments: CaseEnrolment[]; internships: Internship[]; placements: Placement[]; housing: Housing[]; returns: VoluntaryReturn[] }

export interface CourseItem {
  id: string; title: string; kind: CourseKind; place: string | null; startsOn: string; endsOn: string | null; plannedHours: string | null;
  sessions: number; enrolments: number; version: number;
}
export interface Course extends CourseItem {
  providerName: string | null;
  sessionList: Array<{ id: string; heldOn: string; hours: string }>;
  enrolmentList: Array<{ id: string; caseId: string; caseCode: string; enrolledOn: string; outcome: EnrolmentOutcome | null; attendanceRate: number | null; version: number }>;
  hiddenEnrolments: number;
  attendance: Array<{ sessionId: string; enrolmentId: string; status: AttendanceStatus }>;
  attendanceRate: number | null;
  updatedAt: string;
}

export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** A rate in [0, 1] as a percentage in the user's language, or the "not available" text. */
export function percent(rate: number | null, locale: string, none: string): string {
  return rate === null ? none : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/** An exact decimal string shown in the user's language without going through a float for money (grouping by string). */
export function euro(amount: string | null, locale: string): string {
  if (amount === null) return '—';
  const [int = '0', dec = '00'] = amount.split('.');
  const sep = locale === 'it' ? { group: '.', decimal: ',' } : { group: ',', decimal: '.' };
  return `€ ${int.replace(/\B(?=(\d{3})+(?!\d))/g, sep.group)}${sep.decimal}${dec.padEnd(2, '0')}`;
}

/** Money typed by a user (Italian comma or dot) as the API's decimal string. */
export function moneyInput(value: string): string {
  return value.trim().replace(/\s/g, '').replace(',', '.');
}
