/**
 * Shapes of the cases, approvals, screenings, notifications and case-records answers
 * (docs/api.md, sections Cases and Case records), and label helpers shared by the case pages.
 */
import { casePhaseLabels, closureReasonLabels, isCasePhase, isClosureReason, minorStatusLabels } from '../../../domain/cases/index.ts';
import { htcdsLabel, type HtcdsField } from '../../../domain/htcds/index.ts';
import type { Locale, MessageKey } from '../../i18n/index.tsx';

export interface UserRef {
  id: string;
  displayName: string;
}

export interface CaseListItem {
  id: string;
  code: string;
  personCode: string;
  personName?: string | null;
  phase: string;
  status: string;
  caseWorker?: UserRef | null;
  minorStatus?: string | null;
  openedAt: string;
  updatedAt?: string;
  pendingApproval?: boolean | null | { id: string };
}

export interface CaseDetail {
  id: string;
  code: string;
  person: { id: string; code: string; displayName?: string | null };
  organisation?: { id: string; code?: string; name: string } | null;
  caseWorker?: UserRef | null;
  team?: Array<{ userId: string; displayName: string; teamRole?: string | null }>;
  phase: string;
  status: string;
  closureReason?: string | null;
  traffickingStatus?: string | null;
  traffickingStatusDecidedBy?: string | null;
  traffickingStatusDecidedOn?: string | null;
  exploitation?: {
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
  } | null;
  minor?: { status: string | null; adultFrom?: string | null; adultBy?: string | null; guardianExpected?: boolean; missing?: string[] } | null;
  guardian?: { name?: string; contact?: string; appointedOn?: string } | null;
  juvenileCourt?: string | null;
  ageAssessment?: { status: string | null; on: string | null } | null;
  pendingApproval?: ApprovalRequest | null;
  nextPhases?: string[];
  openedAt: string;
  closedAt?: string | null;
  version: number;
}

export interface ApprovalRequest {
  id: string;
  caseId: string;
  kind?: 'close' | 'reopen';
  toPhase: string;
  closureReason?: string | null;
  reason?: string | null;
  status: string;
  requestedBy?: { id: string; displayName: string | null } | null;
  requestedAt?: string;
  decidedBy?: { id: string; displayName: string | null } | null;
  decidedAt?: string | null;
  decisionNote?: string | null;
  /** in the approvals inbox */
  caseCode?: string;
  casePhase?: string;
}

export interface HistoryEntry {
  id: string;
  fromPhase: string | null;
  toPhase: string;
  closureReason: string | null;
  reason: string | null;
  approvalRequestId: string | null;
  changedBy: { id: string; displayName: string | null } | null;
  changedAt: string;
}

export interface Notification {
  id: string;
  kind: string;
  recordType?: string | null;
  recordId?: string | null;
  createdAt: string;
  readAt?: string | null;
}

export interface MyTask {
  id: string;
  title: string;
  caseId: string;
  caseCode?: string;
  dueOn: string | null;
  overdue: boolean;
}

export function phaseLabel(phase: string | null | undefined, locale: Locale): string {
  if (!phase) return '—';
  return isCasePhase(phase) ? casePhaseLabels[phase][locale] : phase;
}

export function closureLabel(reason: string | null | undefined, locale: Locale): string {
  if (!reason) return '—';
  return isClosureReason(reason) ? closureReasonLabels[reason][locale] : reason;
}

export function minorLabel(status: string | null | undefined, locale: Locale): string {
  if (!status) return '—';
  return status in minorStatusLabels ? minorStatusLabels[status as keyof typeof minorStatusLabels][locale] : status;
}

export function htcds(field: HtcdsField, value: string | null | undefined, locale: Locale): string {
  if (!value) return '—';
  return htcdsLabel({ field, value, locale }) ?? value;
}

export function htcdsList(field: HtcdsField, values: readonly string[] | null | undefined, locale: Locale): string {
  if (!values || values.length === 0) return '—';
  return values.map((v) => htcdsLabel({ field, value: v, locale }) ?? v).join(', ');
}

export function items<T>(answer: { items: T[] } | T[] | null | undefined): T[] {
  if (!answer) return [];
  return Array.isArray(answer) ? answer : (answer.items ?? []);
}

/** A translated label for a code from the server, or the code itself when the catalogue lacks it. */
export function labelOr(t: (key: MessageKey) => string, key: string, fallback: string): string {
  const text = t(key as MessageKey) as string | undefined;
  return typeof text === 'string' && text !== key ? text : fallback;
}
