/**
 * Consent per purpose (domain.md §6): receiving services, sharing data with a named organisation,
 * using data for statistics. Records are append-only; the current state of a purpose (for sharing:
 * of a purpose and organisation) is its latest record. Referrals call `consentFor` before sharing.
 * Pure.
 */

export const consentPurposes = ['services', 'sharing', 'statistics'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

export const consentStatuses = ['given', 'refused', 'withdrawn'] as const;
export type ConsentStatus = (typeof consentStatuses)[number];

export const consentMethods = ['written', 'oral_with_witness', 'oral_recorded', 'digital_signature'] as const;
export type ConsentMethod = (typeof consentMethods)[number];

export const consentGivers = ['person', 'guardian'] as const;
export type ConsentGiver = (typeof consentGivers)[number];

/** What consentFor needs of a stored record. */
export interface ConsentRecordLike {
  purpose: ConsentPurpose;
  organisationId: string | null;
  status: ConsentStatus;
  /** Recording order (higher = later). */
  sequence: number;
}

export interface ConsentState<T extends ConsentRecordLike> {
  /** `none` when nothing was ever recorded for the purpose (and organisation). */
  status: ConsentStatus | 'none';
  /** True only when the latest record gives consent. */
  allowed: boolean;
  /** The latest record, if any. */
  record: T | null;
}

/**
 * The current consent of a case for a purpose: its latest record. For `sharing` the organisation
 * is required and only records naming it count; for the other purposes it is ignored.
 */
export function consentFor<T extends ConsentRecordLike>(options: { consents: readonly T[]; purpose: ConsentPurpose; organisationId?: string | null }): ConsentState<T> {
  const { consents, purpose } = options;
  if (purpose === 'sharing' && !options.organisationId) throw new Error('consentFor: sharing needs the organisation data would be shared with');
  let latest: T | null = null;
  for (const c of consents) {
    if (c.purpose !== purpose) continue;
    if (purpose === 'sharing' && c.organisationId !== options.organisationId) continue;
    if (!latest || c.sequence > latest.sequence) latest = c;
  }
  return { status: latest?.status ?? 'none', allowed: latest?.status === 'given', record: latest };
}

/** Whether a case's person decides through a guardian (minors and possible minors). */
export function needsGuardian(minorStatus: string | null): boolean {
  return minorStatus === 'minor' || minorStatus === 'possibly_minor';
}
