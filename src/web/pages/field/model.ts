/**
 * The records of the field app: the outreach fields (docs/outreach-sync.md), empty records for
 * the forms, and the client-side checks that mirror the server's.
 */
import type { Fields, LocalRecord } from '../../offline/merge.ts';
import {
  accompanimentKinds,
  ageBands,
  contactFieldNames,
  contactFieldsSchema,
  contactHistories,
  nationalityGroups,
  offerKinds,
  outingFieldNames,
  outingFieldsSchema,
  outreachLimits,
  sexGenders,
} from '../../../domain/outreach/index.ts';

export {
  accompanimentKinds,
  ageBands,
  contactFieldNames,
  contactHistories,
  nationalityGroups,
  offerKinds,
  outingFieldNames,
  sexGenders,
  unitKinds,
} from '../../../domain/outreach/index.ts';
export const contactsPerOuting = outreachLimits.contactsPerOuting;
export const offeredPerKind = outreachLimits.offeredPerKind;

export const fieldNames = { outing: outingFieldNames, contact: contactFieldNames } as const;

export type Counts = Record<string, number>;

export function zeroCounts(keys: readonly string[]): Counts {
  return Object.fromEntries(keys.map((k) => [k, 0]));
}

export function sumOf(counts: Counts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

export interface OutingForm {
  unitKind: string;
  unitName: string;
  teamUserIds: string[];
  date: string;
  startTime: string;
  endTime: string;
  provinceCode: string;
  municipality: string;
  zones: Array<{ zoneId: string; contacts: number }>;
  totalContacts: number;
  bySex: Counts;
  byAge: Counts;
  byNationality: Counts;
  byHistory: Counts;
  offered: Counts;
  accompaniments: Counts;
  notes: string | null;
}

export interface ContactForm {
  outingId: string;
  nickname: string | null;
  traits: string | null;
  sexGender: string;
  ageBand: string;
  nationalityGroup: string;
  history: string;
  possibleVictim: boolean;
  consentToFollowUp: boolean;
  personCode: string | null;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function localTime(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function emptyOuting(userId: string, now: Date, last?: Partial<OutingForm>): OutingForm {
  return {
    unitKind: last?.unitKind ?? 'street',
    unitName: last?.unitName ?? '',
    teamUserIds: [userId],
    date: localDate(now),
    startTime: localTime(now),
    endTime: localTime(now),
    provinceCode: last?.provinceCode ?? '',
    municipality: last?.municipality ?? '',
    zones: [],
    totalContacts: 0,
    bySex: zeroCounts(sexGenders),
    byAge: zeroCounts(ageBands),
    byNationality: zeroCounts(nationalityGroups),
    byHistory: zeroCounts(contactHistories),
    offered: zeroCounts(offerKinds),
    accompaniments: zeroCounts(accompanimentKinds),
    notes: null,
  };
}

export function emptyContact(outingId: string): ContactForm {
  return {
    outingId,
    nickname: null,
    traits: null,
    sexGender: 'female',
    ageBand: 'unknown',
    nationalityGroup: 'other_unknown',
    history: 'first_time',
    possibleVictim: false,
    consentToFollowUp: false,
    personCode: null,
  };
}

/** Counts as the server wants them: every key present, whole numbers. */
function countsFrom(value: unknown, keys: readonly string[]): Counts {
  const v = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return Object.fromEntries(keys.map((k) => [k, typeof v[k] === 'number' ? v[k] : 0]));
}

export function outingFromFields(f: Fields, userId: string): OutingForm {
  const base = emptyOuting(userId, new Date());
  return {
    unitKind: typeof f.unitKind === 'string' ? f.unitKind : base.unitKind,
    unitName: typeof f.unitName === 'string' ? f.unitName : '',
    teamUserIds: Array.isArray(f.teamUserIds) ? f.teamUserIds.map(String) : base.teamUserIds,
    date: typeof f.date === 'string' ? f.date : base.date,
    startTime: typeof f.startTime === 'string' ? f.startTime : base.startTime,
    endTime: typeof f.endTime === 'string' ? f.endTime : base.endTime,
    provinceCode: typeof f.provinceCode === 'string' ? f.provinceCode : '',
    municipality: typeof f.municipality === 'string' ? f.municipality : '',
    zones: Array.isArray(f.zones) ? (f.zones as OutingForm['zones']) : [],
    totalContacts: typeof f.totalContacts === 'number' ? f.totalContacts : 0,
    bySex: countsFrom(f.bySex, sexGenders),
    byAge: countsFrom(f.byAge, ageBands),
    byNationality: countsFrom(f.byNationality, nationalityGroups),
    byHistory: countsFrom(f.byHistory, contactHistories),
    offered: countsFrom(f.offered, offerKinds),
    accompaniments: countsFrom(f.accompaniments, accompanimentKinds),
    notes: typeof f.notes === 'string' ? f.notes : null,
  };
}

export function contactFromFields(f: Fields): ContactForm {
  const base = emptyContact(typeof f.outingId === 'string' ? f.outingId : '');
  return {
    ...base,
    nickname: typeof f.nickname === 'string' ? f.nickname : null,
    traits: typeof f.traits === 'string' ? f.traits : null,
    sexGender: typeof f.sexGender === 'string' ? f.sexGender : base.sexGender,
    ageBand: typeof f.ageBand === 'string' ? f.ageBand : base.ageBand,
    nationalityGroup: typeof f.nationalityGroup === 'string' ? f.nationalityGroup : base.nationalityGroup,
    history: typeof f.history === 'string' ? f.history : base.history,
    possibleVictim: f.possibleVictim === true,
    consentToFollowUp: f.consentToFollowUp === true,
    personCode: typeof f.personCode === 'string' ? f.personCode : null,
  };
}

/**
 * The outing as sent: the total is the sum by sex/gender, and what was not told of age and
 * nationality is counted as unknown, so every breakdown adds up to the total.
 */
export function normaliseOuting(o: OutingForm): OutingForm {
  const total = sumOf(o.bySex);
  const fill = (counts: Counts, unknownKey: string): Counts => {
    const rest = total - sumOf(counts);
    return rest > 0 ? { ...counts, [unknownKey]: (counts[unknownKey] ?? 0) + rest } : counts;
  };
  const trim = (s: string | null) => (s && s.trim() ? s.trim() : null);
  return {
    ...o,
    unitName: o.unitName.trim(),
    municipality: o.municipality.trim(),
    notes: trim(o.notes),
    totalContacts: total,
    byAge: fill(o.byAge, 'unknown'),
    byNationality: fill(o.byNationality, 'other_unknown'),
  };
}

/** A problem found on the device: one of ours (key) or a rule of the shared schemas (English text). */
export type Issue = { path: string; key?: IssueKey; params?: Record<string, number>; message?: string };
export type IssueKey =
  | 'required'
  | 'countRange'
  | 'contactsCap'
  | 'offeredCap'
  | 'byAgeSum'
  | 'byNationalitySum'
  | 'byHistorySum'
  | 'accompanimentsOverTotal'
  | 'time'
  | 'individualsOverTotal'
  | 'consentNeedsFlag';

/** Adds what the shared zod schema (the server's) finds on paths not already reported. */
function withSchema(issues: Issue[], result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }): Issue[] {
  if (result.success || !result.error) return issues;
  const out = [...issues];
  for (const i of result.error.issues) {
    const path = i.path.map(String).join('.');
    const top = path.split('.')[0] ?? '';
    if (out.some((x) => x.path === path || x.path === top || x.path.startsWith(`${top}.`))) continue;
    out.push({ path, message: i.message });
  }
  return out;
}

const timePattern = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

function countIssues(path: string, counts: Counts, cap: number, capKey: IssueKey, issues: Issue[]): void {
  for (const [k, v] of Object.entries(counts)) {
    if (!Number.isInteger(v) || v < 0) issues.push({ path: `${path}.${k}`, key: 'countRange' });
    else if (v > cap) issues.push({ path: `${path}.${k}`, key: capKey });
  }
}

/** The checks of the server that the device can make alone (after normaliseOuting). */
export function checkOuting(o: OutingForm, individuals: number): Issue[] {
  const issues: Issue[] = [];
  if (!o.unitName) issues.push({ path: 'unitName', key: 'required' });
  if (!o.date) issues.push({ path: 'date', key: 'required' });
  if (!o.provinceCode) issues.push({ path: 'provinceCode', key: 'required' });
  if (!o.municipality) issues.push({ path: 'municipality', key: 'required' });
  if (!timePattern.test(o.startTime)) issues.push({ path: 'startTime', key: 'time' });
  if (!timePattern.test(o.endTime)) issues.push({ path: 'endTime', key: 'time' });
  for (const [path, counts] of [['bySex', o.bySex], ['byAge', o.byAge], ['byNationality', o.byNationality], ['byHistory', o.byHistory], ['accompaniments', o.accompaniments]] as const) {
    countIssues(path, counts, contactsPerOuting, 'contactsCap', issues);
  }
  countIssues('offered', o.offered, offeredPerKind, 'offeredCap', issues);
  const total = o.totalContacts;
  if (total > contactsPerOuting) issues.push({ path: 'totalContacts', key: 'contactsCap' });
  if (sumOf(o.byAge) !== total) issues.push({ path: 'byAge', key: 'byAgeSum' });
  if (sumOf(o.byNationality) !== total) issues.push({ path: 'byNationality', key: 'byNationalitySum' });
  if (sumOf(o.byHistory) !== total) issues.push({ path: 'byHistory', key: 'byHistorySum' });
  for (const [k, v] of Object.entries(o.accompaniments)) if (v > total) issues.push({ path: `accompaniments.${k}`, key: 'accompanimentsOverTotal' });
  if (individuals > total) issues.push({ path: 'totalContacts', key: 'individualsOverTotal', params: { count: individuals } });
  return withSchema(issues, outingFieldsSchema.safeParse(o));
}

export function checkContact(c: ContactForm): Issue[] {
  const issues: Issue[] = [];
  if (c.consentToFollowUp && !c.possibleVictim) issues.push({ path: 'consentToFollowUp', key: 'consentNeedsFlag' });
  return withSchema(issues, contactFieldsSchema.safeParse(c));
}

/** The contacts of an outing among the local records. */
export function contactsOf(records: LocalRecord[], outingId: string): LocalRecord[] {
  return records.filter((r) => r.kind === 'contact' && r.local.outingId === outingId);
}
