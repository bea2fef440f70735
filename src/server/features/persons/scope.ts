/**
 * Who may see which person and which case (need to know, domain.md §6). One place, used by every
 * feature that reads persons or cases, so that widening scope (e.g. referrals sharing a case with
 * another body while the referral is open) is one change here.
 *
 * - A case is visible to the users of its owner organisation holding cases.read; those who hold
 *   neither cases.write nor cases.approve (mediators, psychologists, lawyers, desk workers) see only
 *   the cases they are the case worker of or assigned to (case_team).
 * - A person is visible to the organisation that registered them and to every organisation that
 *   holds a case for them (holding persons.read).
 * - Anything else does not exist for the caller: 404, exactly like a missing record.
 */
import type { ExpressionBuilder, ExpressionWrapper, SqlBool } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { Permission } from '../../../domain/permissions.ts';

/** What the scope rules need to know of the caller. */
export interface ScopeActor {
  orgId: string;
  userId: string;
  permissions: ReadonlySet<Permission>;
}

/** Whether the caller sees every case of their organisation (else only their own and their team's). */
export function seesAllOrganisationCases(actor: Pick<ScopeActor, 'permissions'>): boolean {
  return actor.permissions.has('cases.write') || actor.permissions.has('cases.approve');
}

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

/** `cases` rows visible to the caller. */
export function caseVisibleTo<TB extends keyof DB>(
  eb: ExpressionBuilder<DB & { cases: DB['cases'] }, TB | 'cases'>,
  actor: ScopeActor,
): ExpressionWrapper<DB, TB | 'cases', SqlBool> {
  const e = eb as unknown as ExpressionBuilder<DB, 'cases'>;
  const own = e('cases.org_id', '=', actor.orgId);
  if (seesAllOrganisationCases(actor)) return own;
  return e.and([
    own,
    e.or([
      e('cases.case_worker_id', '=', actor.userId),
      e.exists(e.selectFrom('case_team').select('case_team.user_id').whereRef('case_team.case_id', '=', 'cases.id').where('case_team.user_id', '=', actor.userId)),
    ]),
  ]);
}
