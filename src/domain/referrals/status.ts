/**
 * The referral status machine (domain.md §3): `sent` → `accepted` | `declined` → `in_progress` →
 * `completed`, `revoked` by the sender while open, `expired` when the answer deadline passes with
 * no answer. Each move says which side makes it and what it must carry. Anything not in the table
 * is forbidden. Pure.
 */

export const referralStatuses = ['sent', 'accepted', 'declined', 'in_progress', 'completed', 'revoked', 'expired'] as const;
export type ReferralStatus = (typeof referralStatuses)[number];

/** While open, the receiver sees the share set; once closed, nothing. */
export const openReferralStatuses = ['sent', 'accepted', 'in_progress'] as const satisfies readonly ReferralStatus[];

export function isReferralOpen(status: ReferralStatus): boolean {
  return (openReferralStatuses as readonly ReferralStatus[]).includes(status);
}

/** Who makes a move: the sending body, the receiving body, or Ponte itself (deadlines). */
export type ReferralSide = 'sender' | 'receiver' | 'system';

export interface ReferralTransition {
  from: ReferralStatus;
  to: ReferralStatus;
  by: ReferralSide;
  /** A free-text reason must be given (decline, revoke). */
  reasonRequired: boolean;
  /** An outcome code and feedback to the sender must be given (completion). */
  outcomeRequired: boolean;
}

const t = (from: ReferralStatus, to: ReferralStatus, by: ReferralSide, reasonRequired = false, outcomeRequired = false): ReferralTransition => ({
  from, to, by, reasonRequired, outcomeRequired,
});

export const referralTransitions: readonly ReferralTransition[] = [
  t('sent', 'accepted', 'receiver'),
  t('sent', 'declined', 'receiver', true),
  t('sent', 'revoked', 'sender', true),
  t('sent', 'expired', 'system'),
  t('accepted', 'in_progress', 'receiver'),
  t('accepted', 'revoked', 'sender', true),
  t('in_progress', 'completed', 'receiver', false, true),
  t('in_progress', 'revoked', 'sender', true),
];

export function findReferralTransition(from: ReferralStatus, to: ReferralStatus): ReferralTransition | undefined {
  return referralTransitions.find((r) => r.from === from && r.to === to);
}

/** Moves a side may make from a status (for buttons and for validation). */
export function allowedReferralMoves(from: ReferralStatus, by: ReferralSide): ReferralStatus[] {
  return referralTransitions.filter((r) => r.from === from && r.by === by).map((r) => r.to);
}

/** Outcome of a completed referral, returned to the sender with free-text feedback. */
export const referralOutcomes = ['service_provided', 'taken_in_charge', 'report_sent', 'partially_provided', 'not_provided', 'person_not_reached'] as const;
export type ReferralOutcome = (typeof referralOutcomes)[number];

export const referralUrgencies = ['routine', 'urgent', 'emergency'] as const;
export type ReferralUrgency = (typeof referralUrgencies)[number];

/**
 * What a referral may share without a consent record: `consent` (the case's latest sharing consent
 * for the receiver is `given`), `guardian_consent` (the same, given by the guardian of a minor),
 * `override` (no consent; the sender holds referrals.override_consent and wrote a reason),
 * `caller_request` (a hotline caller asked to be put in touch), `no_personal_data` (nothing
 * identifying is shared).
 */
export const consentBases = ['consent', 'guardian_consent', 'override', 'caller_request', 'no_personal_data'] as const;
export type ConsentBasis = (typeof consentBases)[number];

export const referralSources = ['case', 'hotline', 'agency'] as const;
export type ReferralSource = (typeof referralSources)[number];
