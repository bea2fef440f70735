/** Shapes of the accommodation answers (docs/api.md, section Accommodation) and label helpers. */
import {
  bedKindLabels,
  facilityTypeLabels,
  leavingReasonLabels,
  targetGroupLabels,
  waitlistNeedLabels,
  waitlistStatusLabels,
} from '../../../domain/accommodation.ts';
import type { Locale } from '../../i18n/index.tsx';
import type { Option } from '../../components/Field.tsx';

export interface FacilitySummary {
  id: string;
  organisationId: string;
  organisationName: string;
  type: string;
  name: string;
  province: string;
  municipality: string | null;
  targetGroups: string[];
  active: boolean;
  beds: number;
  occupied: number;
  canManage: boolean;
}

export interface Bed {
  id: string;
  label: string;
  kind: string;
  active: boolean;
  occupied: boolean;
  placement: { id: string; personId: string; personCode: string; personName: string | null; caseId: string | null; caseCode: string | null; startsOn: string } | null;
}

export interface Facility extends Omit<FacilitySummary, 'beds' | 'occupied'> {
  address?: string | null;
  beds: Bed[];
}

export interface Placement {
  id: string;
  bedId: string;
  bedLabel: string;
  personId: string;
  personCode: string;
  personName: string | null;
  caseId: string | null;
  caseCode: string | null;
  startsOn: string;
  endsOn: string | null;
  leavingReason: string | null;
  note: string | null;
  current: boolean;
}

export interface WaitlistEntry {
  id: string;
  facilityId: string | null;
  facilityName: string | null;
  facilityType: string | null;
  personId: string;
  personCode: string;
  personName: string | null;
  caseId: string | null;
  caseCode: string | null;
  priority: number;
  requestedOn: string;
  needs: string[];
  note: string | null;
  status: 'waiting' | 'placed' | 'withdrawn';
}

export interface Occupancy {
  facilityId: string;
  beds: number;
  months: Array<{ month: string; available: number; used: number }>;
}

export interface Availability {
  date: string;
  /** Small-cell threshold: occupied beds below it (and the bed count with them) come as null. */
  k: number;
  items: Array<{ facilityType: string; province: string; facilities: number; beds: number | null; free: number; occupied: number | null }>;
  totals: { beds: number | null; free: number; occupied: number | null };
}

type Labels = Record<string, { it: string; en: string }>;

function label(labels: Labels, value: string | null | undefined, locale: Locale): string {
  if (!value) return '—';
  return labels[value]?.[locale] ?? value;
}

function options(labels: Labels, locale: Locale): Option[] {
  return Object.entries(labels).map(([value, l]) => ({ value, label: l[locale] }));
}

export const facilityTypeLabel = (v: string | null | undefined, l: Locale) => label(facilityTypeLabels, v, l);
export const targetGroupLabel = (v: string, l: Locale) => label(targetGroupLabels, v, l);
export const bedKindLabel = (v: string, l: Locale) => label(bedKindLabels, v, l);
export const leavingReasonLabel = (v: string | null | undefined, l: Locale) => label(leavingReasonLabels, v, l);
export const needLabel = (v: string, l: Locale) => label(waitlistNeedLabels, v, l);
export const waitlistStatusLabel = (v: string, l: Locale) => label(waitlistStatusLabels, v, l);

export const facilityTypeOptions = (l: Locale) => options(facilityTypeLabels, l);
export const targetGroupOptions = (l: Locale) => options(targetGroupLabels, l);
export const bedKindOptions = (l: Locale) => options(bedKindLabels, l);
export const leavingReasonOptions = (l: Locale) => options(leavingReasonLabels, l);
export const needOptions = (l: Locale) => options(waitlistNeedLabels, l);

/** Today in Italy, YYYY-MM-DD (placement dates are Italian calendar days). */
export function italianTodayInBrowser(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
