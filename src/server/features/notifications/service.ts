/** Rules of notifications: every logged-in user sees and marks their own, nobody else's. */
import type { DataAccess } from '../../platform/access.ts';
import { notFound } from '../../platform/errors.ts';
import * as q from './queries.ts';

export async function listNotifications(options: { access: DataAccess; unreadOnly: boolean; limit: number }): Promise<{ items: q.NotificationDto[]; unread: number }> {
  const { access } = options;
  return access.transaction(async (tx) => {
    const result = await q.listFor(tx.db, tx.actor.userId, { unreadOnly: options.unreadOnly, limit: options.limit });
    await tx.audit({ action: 'notification.list', outcome: 'success', recordType: 'notification', details: { count: result.items.length } });
    return result;
  });
}

export async function markNotificationRead(options: { access: DataAccess; id: string }): Promise<void> {
  const { access, id } = options;
  const done = await access.transaction(async (tx) => {
    const ok = await q.markRead(tx.db, tx.actor.userId, id, tx.now);
    if (ok) await tx.audit({ action: 'notification.read', outcome: 'success', recordType: 'notification', recordId: id, fields: ['readAt'] });
    return ok;
  });
  if (!done) {
    await access.auditDenied({ action: 'notification.read', recordType: 'notification', recordId: id, details: { reason: 'not_found' } });
    throw notFound('not the caller’s notification');
  }
}
