/** SQL of the referrals feature. Rows come back as stored (encrypted columns still encrypted): the service decrypts. */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB, ReferralEventsTable, ReferralsTable } from '../../../db/schema.ts';
import { openReferralStatuses } from '../../../domain/referrals/status.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type ReferralRow = Selectable<ReferralsTable>;
export type ReferralEventRow = Selectable<ReferralEventsTable>;

/** The referral if the organisation is one of its two sides (optionally locked), else undefined. */
export async function findReferralOfOrg(db: Db, id: string, orgId: string, options: { forUpdate?: boolean } = {}): Promise<ReferralRow | undefined> {
  let q = db
    .selectFrom('referrals')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => eb.or([eb('from_org_id', '=', orgId), eb('to_org_id', '=', orgId)]));
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function events(db: Db, referralId: string): Promise<ReferralEventRow[]> {
  return db.selectFrom('referral_events').selectAll().where('referral_id', '=', referralId).orderBy('id').execute();
}

export async function hasAccessEnded(db: Db, referralId: string): Promise<boolean> {
  return !!(await db.selectFrom('referral_events').select('id').where('referral_id', '=', referralId).where('kind', '=', 'access_ended').executeTakeFirst());
}

export async function organisationRefs(db: Db, ids: readonly string[]): Promise<Map<string, { id: string; code: string; name: string }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'code', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function activeOrganisation(db: Db, id: string): Promise<boolean> {
  return !!(await db.selectFrom('organisations').select('id').where('id', '=', id).where('is_active', '=', true).executeTakeFirst());
}

export interface ListRow extends ReferralRow {
  person_code: string | null;
  case_code: string | null;
}

export async function listReferrals(
  db: Db,
  options: { orgId: string; box: 'in' | 'out'; status: string | undefined; limit: number; offset: number },
): Promise<{ rows: ListRow[]; total: number }> {
  let base = db.selectFrom('referrals').where(options.box === 'in' ? 'referrals.to_org_id' : 'referrals.from_org_id', '=', options.orgId);
  if (options.status) base = base.where('referrals.status', '=', options.status as ReferralRow['status']);
  const total = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin('persons', 'persons.id', 'referrals.person_id')
    .leftJoin('cases', 'cases.id', 'referrals.case_id')
    .selectAll('referrals')
    .select(['persons.code as person_code', 'cases.code as case_code'])
    .orderBy('referrals.sent_at', 'desc')
    .orderBy('referrals.id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  return { rows, total: Number(total.n) };
}

export async function insertEvent(
  db: Db,
  values: { referralId: string; kind: 'status' | 'message' | 'access_ended'; fromStatus?: string | null; toStatus?: string | null; noteEnc?: string | null; orgId: string | null; userId: string | null; at: Date },
): Promise<string> {
  const r = await db
    .insertInto('referral_events')
    .values({
      referral_id: values.referralId,
      kind: values.kind,
      from_status: values.fromStatus ?? null,
      to_status: values.toStatus ?? null,
      note_enc: values.noteEnc ?? null,
      org_id: values.orgId,
      user_id: values.userId,
      at: values.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Sets an event's encrypted note once its id (the encryption binds to it) is known. */
export async function setEventNote(db: Db, eventId: string, noteEnc: string): Promise<void> {
  await db.updateTable('referral_events').set({ note_enc: noteEnc }).where('id', '=', eventId).execute();
}

/** `sent` referrals past their answer deadline, locked, skipping rows another run holds. */
export async function dueForExpiry(db: Db, now: Date, limit: number): Promise<ReferralRow[]> {
  return db.selectFrom('referrals').selectAll().where('status', '=', 'sent').where('answer_due_at', '<=', now).orderBy('answer_due_at').limit(limit).forUpdate().skipLocked().execute();
}

/**
 * `sent` referrals not yet warned with less than a quarter of their answer window left (at least
 * `minMs` before the deadline), locked.
 */
export async function dueForWarning(db: Db, now: Date, minMs: number, limit: number): Promise<ReferralRow[]> {
  return db
    .selectFrom('referrals')
    .selectAll()
    .where('status', '=', 'sent')
    .where('warned_at', 'is', null)
    .where('answer_due_at', '>', now)
    .where(
      sql<boolean>`answer_due_at - greatest((answer_due_at - sent_at) / 4, make_interval(secs => ${minMs / 1000})) <= ${now}`,
    )
    .orderBy('answer_due_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export const openStatuses = openReferralStatuses;

/** An open referral received by the organisation for the person (taking in charge). */
export async function openReferralForIntake(db: Db, options: { referralId: string; orgId: string; personId: string }): Promise<ReferralRow | undefined> {
  return db
    .selectFrom('referrals')
    .selectAll()
    .where('id', '=', options.referralId)
    .where('to_org_id', '=', options.orgId)
    .where('person_id', '=', options.personId)
    .where('status', 'in', ['accepted', 'in_progress'])
    .forUpdate()
    .executeTakeFirst();
}
