/** SQL of the mail outbox and of the users' e-mail preference. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { templateFor } from './templates.ts';

export type Db = Kysely<DB> | Transaction<DB>;

/**
 * Queues the mail echoing a notification for each of `userIds` who is active and has not turned
 * e-mail off, in the caller's transaction. Notification kinds without a template queue nothing.
 */
export async function enqueueMails(db: Db, options: { userIds: readonly string[]; kind: string; recordType: string; recordId: string; now: Date }): Promise<number> {
  const users = [...new Set(options.userIds)];
  if (users.length === 0) return 0;
  let status: string | null = null;
  if (options.kind === 'referral.status_changed' && options.recordType === 'referral') {
    const r = await db.selectFrom('referrals').select('status').where('id', '=', options.recordId).executeTakeFirst();
    status = r?.status ?? null;
  }
  const template = templateFor(options.kind, status);
  if (!template) return 0;
  const recipients = await db
    .selectFrom('users')
    .leftJoin('user_mail_preferences as p', 'p.user_id', 'users.id')
    .select(['users.id', 'users.locale'])
    .where('users.id', 'in', users)
    .where('users.is_active', '=', true)
    .where((eb) => eb.or([eb('p.notify_by_mail', 'is', null), eb('p.notify_by_mail', '=', true)]))
    .execute();
  if (recipients.length === 0) return 0;
  await db
    .insertInto('mail_outbox')
    .values(
      recipients.map((u) => ({
        recipient_user_id: u.id,
        template,
        locale: u.locale,
        record_type: options.recordType,
        record_id: options.recordId,
        next_attempt_at: options.now,
        created_at: options.now,
      })),
    )
    .execute();
  return recipients.length;
}

export interface ClaimedMail {
  id: string;
  recipientUserId: string;
  template: string;
  locale: 'it' | 'en';
  recordType: string;
  recordId: string;
  attempts: number;
  createdAt: Date;
}

/**
 * Claims up to `limit` queued mails due at `now`: counts the attempt and pushes the next attempt
 * `leaseMs` ahead, so a second sender (or a crash in the middle) does not send twice at once.
 */
export async function claimDue(db: Kysely<DB>, options: { now: Date; limit: number; leaseMs: number }): Promise<ClaimedMail[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('mail_outbox')
      .selectAll()
      .where('status', '=', 'queued')
      .where('next_attempt_at', '<=', options.now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(options.limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length === 0) return [];
    await trx
      .updateTable('mail_outbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: new Date(options.now.getTime() + options.leaseMs) }))
      .where('id', 'in', rows.map((r) => r.id))
      .execute();
    return rows.map((r) => ({
      id: r.id,
      recipientUserId: r.recipient_user_id,
      template: r.template,
      locale: r.locale,
      recordType: r.record_type,
      recordId: r.record_id,
      attempts: r.attempts + 1,
      createdAt: new Date(r.created_at),
    }));
  });
}

/** The address to send to, if the user is active and still wants e-mail. */
export async function deliverableAddress(db: Db, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('users')
    .leftJoin('user_mail_preferences as p', 'p.user_id', 'users.id')
    .select(['users.email', 'users.is_active', 'p.notify_by_mail'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!row || !row.is_active || row.notify_by_mail === false) return null;
  return row.email;
}

export async function markSent(db: Db, id: string, now: Date): Promise<void> {
  await db.updateTable('mail_outbox').set({ status: 'sent', sent_at: now, last_error: null }).where('id', '=', id).execute();
}

export async function markRetry(db: Db, id: string, options: { nextAttemptAt: Date; error: string }): Promise<void> {
  await db.updateTable('mail_outbox').set({ next_attempt_at: options.nextAttemptAt, last_error: options.error.slice(0, 500) }).where('id', '=', id).execute();
}

export async function markFailed(db: Db, id: string, error: string): Promise<void> {
  await db.updateTable('mail_outbox').set({ status: 'failed', last_error: error.slice(0, 500) }).where('id', '=', id).execute();
}

export async function preferenceOf(db: Db, userId: string): Promise<{ notifyByMail: boolean; updatedAt: string | null }> {
  const row = await db.selectFrom('user_mail_preferences').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return { notifyByMail: row?.notify_by_mail ?? true, updatedAt: row ? new Date(row.updated_at).toISOString() : null };
}

export async function setPreference(db: Db, userId: string, notifyByMail: boolean, now: Date): Promise<void> {
  await db
    .insertInto('user_mail_preferences')
    .values({ user_id: userId, notify_by_mail: notifyByMail, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ notify_by_mail: notifyByMail, updated_at: now }))
    .execute();
  if (!notifyByMail) {
    // Mails still waiting are not sent once the user has turned e-mail off.
    await db.updateTable('mail_outbox').set({ status: 'failed', last_error: 'e-mail turned off by the recipient' }).where('recipient_user_id', '=', userId).where('status', '=', 'queued').execute();
  }
}
