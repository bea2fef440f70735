/** Rules of the e-mail preference: every logged-in user reads and sets their own, nobody else's. */
import type { DataAccess } from '../../platform/access.ts';
import * as q from './queries.ts';

export interface MailPreference {
  notifyByMail: boolean;
  /** Whether this Ponte sends e-mail at all (PONTE_SMTP_URL set). */
  mailEnabled: boolean;
}

export async function getMailPreference(options: { access: DataAccess; mailEnabled: boolean }): Promise<MailPreference> {
  const { access } = options;
  access.requireActor();
  return access.transaction(async (tx) => {
    const p = await q.preferenceOf(tx.db, tx.actor.userId);
    await tx.audit({ action: 'mail.preference_read', outcome: 'success', recordType: 'user', recordId: tx.actor.userId, fields: ['notifyByMail'] });
    return { notifyByMail: p.notifyByMail, mailEnabled: options.mailEnabled };
  });
}

export async function setMailPreference(options: { access: DataAccess; mailEnabled: boolean; notifyByMail: boolean }): Promise<MailPreference> {
  const { access } = options;
  access.requireActor();
  return access.transaction(async (tx) => {
    await q.setPreference(tx.db, tx.actor.userId, options.notifyByMail, tx.now);
    await tx.audit({ action: 'mail.preference_update', outcome: 'success', recordType: 'user', recordId: tx.actor.userId, fields: ['notifyByMail'], details: { self: true } });
    return { notifyByMail: options.notifyByMail, mailEnabled: options.mailEnabled };
  });
}
