/**
 * The case path as a state machine in data: every allowed move between phases, whether it needs
 * a written reason and a coordinator's approval, which closure reasons a closure may carry, and
 * after which closure reasons a case may be reopened into a phase. Anything not in the table is
 * forbidden. Who may approve (the `cases.approve` permission) is checked by the service.
 */
import { type CasePhase, type ClosureReason, closureReasons, isCasePhase, isClosureReason, type Localized } from './phases.ts';

export const transitionKinds = ['forward', 'back', 'close', 'reopen'] as const;
export type TransitionKind = (typeof transitionKinds)[number];

export interface TransitionRule {
  from: CasePhase;
  to: CasePhase;
  kind: TransitionKind;
  /** A free-text reason must be recorded. */
  reasonRequired: boolean;
  /** A coordinator's approval must be recorded (closure and reopening). */
  approvalRequired: boolean;
  /** For closures: the closure reasons allowed from `from`. */
  closureReasons?: readonly ClosureReason[];
  /** For reopening: the closure reasons after which the case may reopen into `to`. */
  reopenAfter?: readonly ClosureReason[];
}

const forward = (from: CasePhase, to: CasePhase, reasonRequired = false): TransitionRule => ({
  from, to, kind: 'forward', reasonRequired, approvalRequired: false,
});
const back = (from: CasePhase, to: CasePhase): TransitionRule => ({
  from, to, kind: 'back', reasonRequired: true, approvalRequired: false,
});
const close = (from: CasePhase, reasons: readonly ClosureReason[]): TransitionRule => ({
  from, to: 'closed', kind: 'close', reasonRequired: true, approvalRequired: true, closureReasons: reasons,
});
const reopen = (to: CasePhase, after: readonly ClosureReason[]): TransitionRule => ({
  from: 'closed', to, kind: 'reopen', reasonRequired: true, approvalRequired: true, reopenAfter: after,
});

/** Reasons for ending a programme that apply in every phase once help has started. */
const leaving = ['voluntary_return', 'interrupted', 'lost_contact', 'transferred'] as const satisfies readonly ClosureReason[];
/** Closures after which the programme can simply resume where it stopped. */
const resumable = ['interrupted', 'lost_contact', 'transferred'] as const satisfies readonly ClosureReason[];

export const caseTransitions: readonly TransitionRule[] = [
  // contact: anonymous or named first contact
  forward('contact', 'screening'),
  close('contact', ['interrupted', 'lost_contact', 'transferred']),
  // emersion and screening
  forward('screening', 'identification'),
  // urgent protection (prompt shelter, health) before identification is complete
  forward('screening', 'first_assistance', true),
  close('screening', ['not_a_victim', 'interrupted', 'lost_contact', 'transferred']),
  // identification (preliminary, then formal)
  forward('identification', 'first_assistance'),
  // identified, no need of prompt assistance: straight to territorial care
  forward('identification', 'protection_territorial', true),
  close('identification', ['not_a_victim', ...leaving]),
  // first assistance; identification may still be completed during it
  forward('first_assistance', 'protection_residential'),
  forward('first_assistance', 'protection_territorial'),
  close('first_assistance', ['not_a_victim', ...leaving]),
  // protection: residential <-> territorial, back to first assistance in an emergency
  forward('protection_residential', 'protection_territorial'),
  back('protection_residential', 'first_assistance'),
  forward('protection_residential', 'inclusion'),
  close('protection_residential', leaving),
  back('protection_territorial', 'protection_residential'),
  back('protection_territorial', 'first_assistance'),
  forward('protection_territorial', 'inclusion'),
  close('protection_territorial', ['autonomy', ...leaving]),
  // social inclusion: semi-autonomy, training, internships, job, housing
  back('inclusion', 'protection_residential'),
  back('inclusion', 'protection_territorial'),
  close('inclusion', ['autonomy', ...leaving]),
  // reopening: new elements or a new need start again from screening; urgent needs from first
  // assistance (not after "not a victim": that needs a new assessment); an interrupted, lost or
  // failed-transfer programme may resume in its protection or inclusion phase.
  reopen('screening', closureReasons),
  reopen('identification', ['not_a_victim', ...resumable]),
  reopen('first_assistance', ['autonomy', 'voluntary_return', ...resumable]),
  reopen('protection_residential', resumable),
  reopen('protection_territorial', resumable),
  reopen('inclusion', resumable),
];

export function findTransition({ from, to }: { from: CasePhase; to: CasePhase }): TransitionRule | undefined {
  return caseTransitions.find((t) => t.from === from && t.to === to);
}

/** Whether the table allows moving from `from` to `to` at all (reasons and approvals aside). */
export function canTransition({ from, to }: { from: CasePhase; to: CasePhase }): boolean {
  return findTransition({ from, to }) !== undefined;
}

/**
 * The phases reachable from `from`, in table order. For a closed case, pass the closure reason to
 * get only the phases it may reopen into.
 */
export function nextPhases({ from, closureReason }: { from: CasePhase; closureReason?: ClosureReason }): CasePhase[] {
  return caseTransitions
    .filter((t) => t.from === from)
    .filter((t) => closureReason === undefined || t.reopenAfter === undefined || t.reopenAfter.includes(closureReason))
    .map((t) => t.to);
}

export const transitionErrorCodes = [
  'invalid_phase',
  'same_phase',
  'transition_not_allowed',
  'reason_required',
  'closure_reason_required',
  'closure_reason_invalid',
  'closure_reason_not_allowed',
  'closure_reason_unexpected',
  'previous_closure_reason_required',
  'reopen_not_allowed',
  'approval_required',
  'self_approval',
] as const;
export type TransitionErrorCode = (typeof transitionErrorCodes)[number];

/**
 * Messages, and how the edge should answer: `validation` (400, with the field) for missing or
 * wrong input, `conflict` (409) when the case's current state does not allow the move.
 */
export const transitionErrors = {
  invalid_phase: { kind: 'validation', it: 'Fase non valida.', en: 'Invalid phase.' },
  same_phase: { kind: 'conflict', it: 'Il caso è già in questa fase.', en: 'The case is already in this phase.' },
  transition_not_allowed: {
    kind: 'conflict',
    it: 'Il passaggio da questa fase a quella richiesta non è previsto.',
    en: 'Moving from this phase to the requested one is not allowed.',
  },
  reason_required: { kind: 'validation', it: 'Indica la motivazione del passaggio.', en: 'Give the reason for this change.' },
  closure_reason_required: { kind: 'validation', it: 'Indica il motivo della chiusura.', en: 'Give the closure reason.' },
  closure_reason_invalid: { kind: 'validation', it: 'Motivo di chiusura non valido.', en: 'Invalid closure reason.' },
  closure_reason_not_allowed: {
    kind: 'validation',
    it: 'Questo motivo di chiusura non è ammesso nella fase attuale.',
    en: 'This closure reason is not allowed in the current phase.',
  },
  closure_reason_unexpected: {
    kind: 'validation',
    it: 'Il motivo di chiusura si indica solo quando si chiude il caso.',
    en: 'A closure reason is given only when closing the case.',
  },
  previous_closure_reason_required: {
    kind: 'validation',
    it: 'Serve il motivo con cui il caso era stato chiuso.',
    en: 'The reason the case was closed is needed.',
  },
  reopen_not_allowed: {
    kind: 'conflict',
    it: 'Con il motivo di chiusura registrato il caso non può essere riaperto in questa fase.',
    en: 'With its recorded closure reason the case cannot be reopened in this phase.',
  },
  approval_required: {
    kind: 'validation',
    it: 'Questo passaggio richiede l’approvazione di un coordinatore.',
    en: 'This change needs a coordinator’s approval.',
  },
  self_approval: {
    kind: 'validation',
    it: 'Chi chiede il passaggio non può approvarlo.',
    en: 'Whoever requests the change cannot approve it.',
  },
} as const satisfies Record<TransitionErrorCode, Localized & { kind: 'validation' | 'conflict' }>;

export interface TransitionError {
  code: TransitionErrorCode;
  /** The input field concerned, for form messages. */
  field?: 'from' | 'to' | 'reason' | 'closureReason' | 'previousClosureReason' | 'approval';
}

export interface TransitionApproval {
  /** The user id of the approving coordinator. */
  approvedBy: string;
}

export type TransitionValidation =
  | { ok: true; rule: TransitionRule; closureReason?: ClosureReason }
  | { ok: false; errors: TransitionError[] };

/**
 * Checks a requested move against the table: the move must exist; a required reason must be
 * non-blank; a closure needs a closure reason allowed from `from`; a reopening needs the reason
 * the case was closed with (`previousClosureReason`) when the target phase depends on it; an
 * approval, when required, must come from someone other than `actorId`. All errors are returned.
 */
export function validateTransition({
  from,
  to,
  reason,
  closureReason,
  previousClosureReason,
  approval,
  actorId,
}: {
  from: string;
  to: string;
  reason?: string | null | undefined;
  closureReason?: string | null | undefined;
  previousClosureReason?: string | null | undefined;
  approval?: TransitionApproval | null | undefined;
  actorId?: string | undefined;
}): TransitionValidation {
  const errors: TransitionError[] = [];
  if (!isCasePhase(from)) errors.push({ code: 'invalid_phase', field: 'from' });
  if (!isCasePhase(to)) errors.push({ code: 'invalid_phase', field: 'to' });
  if (!isCasePhase(from) || !isCasePhase(to)) return { ok: false, errors };
  if (from === to) return { ok: false, errors: [{ code: 'same_phase', field: 'to' }] };
  const rule = findTransition({ from, to });
  if (!rule) return { ok: false, errors: [{ code: 'transition_not_allowed', field: 'to' }] };

  if (rule.reasonRequired && (reason ?? '').trim() === '') errors.push({ code: 'reason_required', field: 'reason' });

  let closure: ClosureReason | undefined;
  const givenClosure = closureReason ?? undefined;
  if (rule.kind === 'close') {
    if (givenClosure === undefined || givenClosure === '') errors.push({ code: 'closure_reason_required', field: 'closureReason' });
    else if (!isClosureReason(givenClosure)) errors.push({ code: 'closure_reason_invalid', field: 'closureReason' });
    else if (!(rule.closureReasons ?? []).includes(givenClosure)) errors.push({ code: 'closure_reason_not_allowed', field: 'closureReason' });
    else closure = givenClosure;
  } else if (givenClosure !== undefined && givenClosure !== '') {
    errors.push({ code: 'closure_reason_unexpected', field: 'closureReason' });
  }

  if (rule.kind === 'reopen' && rule.reopenAfter && rule.reopenAfter.length < closureReasons.length) {
    const previous = previousClosureReason ?? undefined;
    if (previous === undefined || previous === '') errors.push({ code: 'previous_closure_reason_required', field: 'previousClosureReason' });
    else if (!isClosureReason(previous)) errors.push({ code: 'closure_reason_invalid', field: 'previousClosureReason' });
    else if (!rule.reopenAfter.includes(previous)) errors.push({ code: 'reopen_not_allowed', field: 'to' });
  }

  if (rule.approvalRequired) {
    const approver = approval?.approvedBy.trim() ?? '';
    if (approver === '') errors.push({ code: 'approval_required', field: 'approval' });
    else if (actorId !== undefined && approver === actorId) errors.push({ code: 'self_approval', field: 'approval' });
  }

  if (errors.length > 0) return { ok: false, errors };
  return closure === undefined ? { ok: true, rule } : { ok: true, rule, closureReason: closure };
}

export function transitionErrorMessage({ code, locale }: { code: TransitionErrorCode; locale: 'it' | 'en' }): string {
  return transitionErrors[code][locale];
}
