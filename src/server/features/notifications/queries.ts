/** SQL of in-app notifications. A notification names a record (type and id), never personal data. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { enqueueMails } from '../mail/queries.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Notifies each user once (duplicates in `userIds` are ignored); the kinds that are also mailed
 * queue an e-mail for the users who want it (features/mail).
 */
export async function notify(db: Db, options: { userIds: readonly string[]; kind: string; recordType: string; recordId: string; now: Date }): Promise<number> {
  const users = [...new Set(options.userIds)];
  if (users.length === 0) return 0;
  await db
    .insertInto('notifications')
    .values(users.map((user_id) => ({ user_id, kind: options.kind, record_type: options.recordType, record_id: options.recordId, created_at: options.now })))
    .execute();
  // The kinds that are also mailed queue their e-mail here, in the same transaction.
  await enqueueMails(db, { userIds: users, kind: options.kind, recordType: options.recordType, recordId: options.recordId, now: options.now });
  return users.length;
}

export interface NotificationDto {
  id: string;
  kind: string;
  recordType: string;
  recordId: string;
  createdAt: string;
  readAt: string | null;
}

export async function listFor(db: Db, userId: string, options: { unreadOnly: boolean; limit: number }): Promise<{ items: NotificationDto[]; unread: number }> {
  let q = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (options.unreadOnly) q = q.where('read_at', 'is', null);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
  const unread = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      recordType: r.record_type,
      recordId: r.record_id,
      createdAt: new Date(r.created_at).toISOString(),
      readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
    })),
    unread: Number(unread.n),
  };
}

/** Marks the user's own notification read (kept at the first reading); false if it is not theirs. */
export async function markRead(db: Db, userId: string, id: string, now: Date): Promise<boolean> {
  const own = await db.selectFrom('notifications').select(['id', 'read_at']).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (!own) return false;
  if (!own.read_at) await db.updateTable('notifications').set({ read_at: now }).where('id', '=', id).execute();
  return true;
}
