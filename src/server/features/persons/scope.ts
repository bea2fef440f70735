/**
 * Who may see which person and which case (need to know, domain.md §6). One place, used by every
 * feature that reads persons or cases, so that widening scope (e.g. referrals sharing a case with
 * another body while the referral is open) is one change here.
 *
 * - A case is visible to the users of its owner organisation (holding cases.read).
 * - A person is visible to the organisation that registered them and to every organisation that
 *   holds a case for them (holding persons.read).
 * - Anything else does not exist for the caller: 404, exactly like a missing record.
 */
import type { ExpressionBuilder, ExpressionWrapper, SqlBool } from 'kysely';
import type { DB } from '../../../db/schema.ts';

/** `persons` rows visible to organisation `orgId`. */
export function personVisibleTo<TB extends keyof DB>(
  eb: ExpressionBuilder<DB & { persons: DB['persons'] }, TB | 'persons'>,
  orgId: string,
): ExpressionWrapper<DB, TB | 'persons', SqlBool> {
  const e = eb as unknown as ExpressionBuilder<DB, 'persons'>;
  return e.or([
    e('persons.owner_org_id', '=', orgId),
    e.exists(e.selectFrom('cases').select('cases.id').whereRef('cases.person_id', '=', 'persons.id').where('cases.org_id', '=', orgId)),
  ]);
}

/** `cases` rows visible to organisation `orgId`. */
export function caseVisibleTo<TB extends keyof DB>(
  eb: ExpressionBuilder<DB & { cases: DB['cases'] }, TB | 'cases'>,
  orgId: string,
): ExpressionWrapper<DB, TB | 'cases', SqlBool> {
  const e = eb as unknown as ExpressionBuilder<DB, 'cases'>;
  return e('cases.org_id', '=', orgId);
}
