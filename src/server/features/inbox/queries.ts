/**
 * SQL of the inbox: one base query per kind, each filtered on an indexed column of the caller's
 * organisation (or user), so a count is one index-backed query (tests/inbox/inbox.db.test.ts
 * checks the plans with EXPLAIN). Items carry codes and ids, never names or free text.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';

export type Db = Kysely<DB> | Transaction<DB>;

export interface Who {
  userId: string;
  orgId: string;
  now: Date;
}

/** Referrals received by the organisation still waiting for its answer (status sent). */
export function waitingReferrals(db: Db, who: Who) {
  return db.selectFrom('referrals').where('referrals.to_org_id', '=', who.orgId).where('referrals.status', '=', 'sent');
}

/** Closure and reopening requests on the organisation's cases, waiting for a second person (not the requester). */
export function pendingApprovals(db: Db, who: Who) {
  return db
    .selectFrom('case_approval_requests as a')
    .innerJoin('cases', 'cases.id', 'a.case_id')
    .where('cases.org_id', '=', who.orgId)
    .where('a.status', '=', 'pending')
    .where('a.requested_by', '<>', who.userId);
}

/**
 * Open procedure steps the organisation acts on that are due soon (past their warning time) or
 * overdue, in open runs. A referral still waiting for its answer is left out: the referral kind
 * already lists it (as the procedure warnings do).
 */
export function dueSteps(db: Db, who: Who) {
  return db
    .selectFrom('procedure_run_steps as s')
    .innerJoin('procedure_runs as r', 'r.id', 's.run_id')
    .where('s.acting_org_id', '=', who.orgId)
    .where('s.completed_at', 'is', null)
    .where('s.due_at', 'is not', null)
    .where('r.status', '=', 'open')
    .where((eb) => eb.or([eb('s.warn_at', '<=', who.now), eb('s.due_at', '<=', who.now)]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('referrals as ref').select('ref.id').whereRef('ref.procedure_run_id', '=', 'r.id').where('ref.status', '=', 'sent'))));
}

/** Case transfer requests addressed to the organisation, waiting for its decision. */
export function transferRequests(db: Db, who: Who) {
  return db.selectFrom('case_transfers as t').where('t.to_org_id', '=', who.orgId).where('t.status', '=', 'requested');
}

/** Hotline-coordinated transfers the sending body has to confirm or refuse. */
export function coordinationsToAnswer(db: Db, who: Who) {
  return db.selectFrom('transfer_coordinations as c').where('c.from_org_id', '=', who.orgId).where('c.status', '=', 'proposed');
}

/** The hotline's coordinations still open: proposed, or confirmed with the transfer request waiting. */
export function coordinationsFollowed(db: Db, who: Who) {
  return db
    .selectFrom('transfer_coordinations as c')
    .leftJoin('case_transfers as t', 't.id', 'c.transfer_id')
    .where('c.hotline_org_id', '=', who.orgId)
    .where((eb) => eb.or([eb('c.status', '=', 'proposed'), eb.and([eb('c.status', '=', 'confirmed'), eb('t.status', '=', 'requested')])]));
}

/** The user's unread notifications. */
export function unreadNotifications(db: Db, who: Who) {
  return db.selectFrom('notifications').where('notifications.user_id', '=', who.userId).where('notifications.read_at', 'is', null);
}
