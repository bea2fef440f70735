/**
 * Shapes of the referrals answers (docs/api.md, section Referrals), label helpers, and the
 * sender-side preview of a share set: the same `shared.fields` object the receiver will get,
 * built in the browser from the person and case records the sender can read.
 */
import {
  ageBand,
  identifyingShareFields,
  referralReason,
  shareFieldLabels,
  shareFields,
  type ShareField,
} from '../../../domain/referrals/index.ts';
import type { BirthInfo } from '../../../domain/cases/age.ts';
import type { Locale } from '../../i18n/index.tsx';
import type { CaseDetail } from '../cases/model.ts';
import type { PersonDetail, PersonName } from '../persons/model.ts';

export interface OrgRef {
  id: string;
  code: string;
  name: string;
}

export interface ReferralListItem {
  id: string;
  code: string;
  source: 'case' | 'hotline' | 'agency';
  reason: string;
  urgency: string;
  status: string;
  otherOrganisation: OrgRef;
  personCode: string | null;
  caseCode: string | null;
  sentAt: string;
  answerDueAt: string;
  answeredAt: string | null;
  closedAt: string | null;
  overdue: boolean;
}

export interface ReferralList {
  items: ReferralListItem[];
  total: number;
  limit: number;
  offset: number;
}

/** The share set as the receiver sees it: only the shared keys are present. */
export interface SharedFields {
  'person.code'?: string;
  'person.names'?: PersonName[];
  'person.birth'?: BirthInfo | null;
  'person.age'?: string | null;
  'person.sex'?: string | null;
  'person.citizenships'?: string[];
  'person.languages'?: string[];
  'person.documents'?: Array<{ type?: string; number?: string; country?: string; expiresOn?: string }>;
  'person.phones'?: string[];
  'person.vulnerabilities'?: string[];
  'person.children'?: Array<{ birthYear?: number; sex?: string; withPerson?: boolean }>;
  'case.phase'?: { phase: string; status: string };
  'case.exploitation'?: {
    types?: string[];
    sexExploitationTypes?: string[];
    labourSectors?: string[];
    countries?: string[];
    provinces?: string[];
    from?: string | null;
    to?: string | null;
    meansOfControl?: string[];
    recruitmentMethods?: string[];
    recruiterRelations?: string[];
  };
  'case.trafficking_status'?: { status: string | null; decidedBy: string | null; decidedOn: string | null };
  'case.minor'?: { status: string | null; ageAssessment: string | null; ageAssessmentOn: string | null; juvenileCourt: string | null };
  'case.guardian'?: { name?: string; contact?: string; appointedOn?: string } | null;
  'case.plan'?: Array<{ title: string; status: string; actions: Array<{ what: string; status: string; dueOn: string | null }> }>;
  'case.services'?: Array<{ type: string; status: string; startsOn: string | null; endsOn: string | null }>;
}

export interface SharedDocument {
  id: string;
  fileName: string;
  mediaType: string;
  category: string | null;
  sizeBytes: number;
  uploadedAt: string;
}

export interface TimelineEvent {
  id: string;
  kind: 'status' | 'message' | 'access_ended';
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  side: 'sender' | 'receiver' | 'system';
  user: { id: string; displayName: string | null } | null;
  at: string;
}

export interface ReferralSubject {
  names?: PersonName[];
  birth?: BirthInfo;
  sex?: string;
  citizenships?: string[];
  languages?: string[];
  contactPhone?: string;
  fileReference?: string;
  consent?: { method: string; date: string };
}

export interface Referral {
  id: string;
  code: string;
  source: 'case' | 'hotline' | 'agency';
  side: 'sender' | 'receiver';
  status: string;
  open: boolean;
  reason: string;
  urgency: string;
  requestedService: string | null;
  from: { organisation: OrgRef; user: { id: string; displayName: string | null } };
  to: { organisation: OrgRef; user: { id: string; displayName: string | null } | null };
  personId: string | null;
  caseId: string | null;
  caseCode: string | null;
  personCode: string | null;
  receiverCaseId: string | null;
  shareFields: string[];
  shareDocumentIds: string[];
  consentBasis: string;
  overrideReason: string | null;
  message: string | null;
  declineReason: string | null;
  outcome: string | null;
  feedback: string | null;
  subject: ReferralSubject | null;
  shared: { fields: SharedFields; documents: SharedDocument[] } | null;
  allowedMoves: string[];
  answerDueAt: string;
  warnedAt: string | null;
  sentAt: string;
  answeredAt: string | null;
  closedAt: string | null;
  updatedAt: string;
  version: number;
  timeline: TimelineEvent[];
}

export const referralStatusList = ['sent', 'accepted', 'declined', 'in_progress', 'completed', 'revoked', 'expired'] as const;

export function reasonLabel(key: string, locale: Locale): string {
  return referralReason(key)?.name[locale] ?? key;
}

export function shareFieldLabel(key: string, locale: Locale): string {
  return key in shareFieldLabels ? shareFieldLabels[key as ShareField][locale] : key;
}

export function isIdentifying(key: string): boolean {
  return (identifyingShareFields as readonly string[]).includes(key);
}

/** Catalogue order of a set of share-field keys. */
export function inCatalogueOrder(keys: Iterable<string>): ShareField[] {
  const set = new Set(keys);
  return shareFields.filter((f) => set.has(f));
}

/** Bootstrap colour of a status badge. */
export function statusColor(status: string): string {
  switch (status) {
    case 'sent':
      return 'primary';
    case 'accepted':
    case 'in_progress':
      return 'info';
    case 'completed':
      return 'success';
    case 'declined':
    case 'expired':
      return 'danger';
    default:
      return 'secondary';
  }
}

export interface PlanGoalLike {
  title: string;
  status?: string;
  actions?: Array<{ what: string; status: string; dueOn?: string | null }>;
}
export interface ServiceLike {
  type: string;
  status: string;
  startsOn?: string | null;
  endsOn?: string | null;
}

/**
 * What the receiver will see for `keys`, built like the server's share set (referrals/service.ts
 * buildShared) from records the sender already reads. Used for the wizard's preview only: the
 * server builds the receiver's view itself at each read.
 */
export function previewShared(options: {
  keys: readonly string[];
  person: PersonDetail | null;
  c: CaseDetail;
  plan: readonly PlanGoalLike[] | null;
  services: readonly ServiceLike[] | null;
  today: string;
}): SharedFields {
  const { person: p, c } = options;
  const keys = new Set(options.keys);
  const out: SharedFields = {};
  if (p) {
    if (keys.has('person.code')) out['person.code'] = p.code;
    if (keys.has('person.names')) out['person.names'] = p.names ?? [];
    if (keys.has('person.birth')) out['person.birth'] = p.birth ?? null;
    if (keys.has('person.age')) out['person.age'] = ageBand({ birth: p.birth ?? undefined, on: options.today });
    if (keys.has('person.sex')) out['person.sex'] = p.sex ?? null;
    if (keys.has('person.citizenships')) out['person.citizenships'] = p.citizenships ?? [];
    if (keys.has('person.languages')) out['person.languages'] = p.languages ?? [];
    if (keys.has('person.documents')) out['person.documents'] = p.documents ?? [];
    if (keys.has('person.phones')) out['person.phones'] = p.phones ?? [];
    if (keys.has('person.vulnerabilities')) out['person.vulnerabilities'] = p.vulnerabilities ?? [];
    if (keys.has('person.children')) out['person.children'] = p.children ?? [];
  } else if (keys.has('person.code')) {
    out['person.code'] = c.person.code;
  }
  if (keys.has('case.phase')) out['case.phase'] = { phase: c.phase, status: c.status };
  if (keys.has('case.exploitation')) out['case.exploitation'] = c.exploitation ?? {};
  if (keys.has('case.trafficking_status')) {
    out['case.trafficking_status'] = { status: c.traffickingStatus ?? null, decidedBy: c.traffickingStatusDecidedBy ?? null, decidedOn: c.traffickingStatusDecidedOn ?? null };
  }
  if (keys.has('case.minor')) {
    out['case.minor'] = { status: c.minor?.status ?? null, ageAssessment: c.ageAssessment?.status ?? null, ageAssessmentOn: c.ageAssessment?.on ?? null, juvenileCourt: c.juvenileCourt ?? null };
  }
  if (keys.has('case.guardian')) out['case.guardian'] = c.guardian ?? null;
  if (keys.has('case.plan')) {
    out['case.plan'] = (options.plan ?? []).map((g) => ({
      title: g.title,
      status: g.status ?? 'open',
      actions: (g.actions ?? []).map((a) => ({ what: a.what, status: a.status, dueOn: a.dueOn ?? null })),
    }));
  }
  if (keys.has('case.services')) {
    out['case.services'] = (options.services ?? []).map((s) => ({ type: s.type, status: s.status, startsOn: s.startsOn ?? null, endsOn: s.endsOn ?? null }));
  }
  return out;
}

/** Today in Italy (YYYY-MM-DD), as the server computes age bands. */
export function italianToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
