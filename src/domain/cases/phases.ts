/**
 * The phases of a case (presa in carico) along the person's path, the reasons a case closes, and
 * the HTCDS case status (cas_Status) each combination maps to. Pure data and functions.
 */
import { z } from 'zod';
import type { HtcdsValue } from '../htcds/index.ts';

export interface Localized {
  it: string;
  en: string;
}

export const casePhases = [
  'contact',
  'screening',
  'identification',
  'first_assistance',
  'protection_residential',
  'protection_territorial',
  'inclusion',
  'closed',
] as const;
export type CasePhase = (typeof casePhases)[number];
export const casePhaseSchema = z.enum(casePhases);

export function isCasePhase(value: string): value is CasePhase {
  return (casePhases as readonly string[]).includes(value);
}

export const casePhaseLabels = {
  contact: { it: 'Contatto', en: 'Contact' },
  screening: { it: 'Emersione e valutazione preliminare', en: 'Emersion and screening' },
  identification: { it: 'Identificazione', en: 'Identification' },
  first_assistance: { it: 'Prima assistenza', en: 'First assistance' },
  protection_residential: { it: 'Protezione in accoglienza residenziale', en: 'Protection: residential' },
  protection_territorial: { it: 'Protezione sul territorio (non residenziale)', en: 'Protection: territorial (non-residential)' },
  inclusion: { it: 'Inclusione sociale', en: 'Social inclusion' },
  closed: { it: 'Chiuso', en: 'Closed' },
} as const satisfies Record<CasePhase, Localized>;

export const closureReasons = [
  'autonomy',
  'voluntary_return',
  'not_a_victim',
  'interrupted',
  'lost_contact',
  'transferred',
] as const;
export type ClosureReason = (typeof closureReasons)[number];
export const closureReasonSchema = z.enum(closureReasons);

export function isClosureReason(value: string): value is ClosureReason {
  return (closureReasons as readonly string[]).includes(value);
}

export const closureReasonLabels = {
  autonomy: { it: 'Raggiunta autonomia', en: 'Autonomy reached' },
  voluntary_return: { it: 'Rimpatrio volontario assistito', en: 'Assisted voluntary return' },
  not_a_victim: { it: 'Non vittima di tratta (eventuale invio ad altri servizi)', en: 'Not a victim of trafficking (referred elsewhere where useful)' },
  interrupted: { it: 'Programma interrotto', en: 'Programme interrupted' },
  lost_contact: { it: 'Persa ogni traccia / contatto interrotto', en: 'Contact lost' },
  transferred: { it: 'Trasferito ad altro progetto', en: 'Transferred to another project' },
} as const satisfies Record<ClosureReason, Localized>;

type CaseStatus = HtcdsValue<'cas_Status'>;

/**
 * HTCDS status of a closed case, by closure reason: `ClosedReferred` when the person was handed
 * over to another body; `followUpAllowed` when the body may keep following up the person after
 * closure (the status is then `FollowUp` while the follow-up lasts).
 */
export const closedStatusByReason = {
  autonomy: { status: 'Closed', followUpAllowed: true },
  voluntary_return: { status: 'Closed', followUpAllowed: true },
  not_a_victim: { status: 'Closed', followUpAllowed: false },
  interrupted: { status: 'Closed', followUpAllowed: false },
  lost_contact: { status: 'Closed', followUpAllowed: false },
  transferred: { status: 'ClosedReferred', followUpAllowed: false },
} as const satisfies Record<ClosureReason, { status: CaseStatus; followUpAllowed: boolean }>;

/**
 * The HTCDS case status (cas_Status) of a case. Every open phase is `Active`. A closed case is
 * `ClosedReferred` when transferred, or when `referredOnClosure` (e.g. not a victim, sent to other
 * services); `FollowUp` while `inFollowUp` for closures that allow it (autonomy, voluntary return);
 * otherwise `Closed`. A closed case without a known reason is `Closed`.
 */
export function htcdsCaseStatus({
  phase,
  closureReason,
  referredOnClosure = false,
  inFollowUp = false,
}: {
  phase: CasePhase;
  closureReason?: ClosureReason | undefined;
  referredOnClosure?: boolean;
  inFollowUp?: boolean;
}): CaseStatus {
  if (phase !== 'closed') return 'Active';
  if (closureReason === undefined) return referredOnClosure ? 'ClosedReferred' : 'Closed';
  const entry = closedStatusByReason[closureReason];
  if (entry.status === 'ClosedReferred' || referredOnClosure) return 'ClosedReferred';
  if (inFollowUp && entry.followUpAllowed) return 'FollowUp';
  return entry.status;
}
