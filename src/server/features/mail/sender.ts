/**
 * Sending the mail outbox over SMTP (background work, no user: named system…). Each run claims the
 * mails that are due, builds their text from the template (a link, no personal data), hands them
 * to the SMTP server and records the outcome: sent; or retried later with a growing delay after a
 * refused or failed delivery; or failed for good after `maxAttempts`, when the recipient has
 * turned e-mail off or is disabled, or when the mail is too old to be useful. Every outcome is
 * audited as system work (template and outbox id, never the address or any text).
 */
import { startSerialLoop } from '../../platform/periodic.ts';
import nodemailer from 'nodemailer';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import { isMailTemplate, renderMail } from './templates.ts';
import { mailErrorClass } from './error-class.ts';
import * as q from './queries.ts';

/** What the sender needs of an SMTP client (nodemailer's transport has it). */
export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
  close?(): void;
}

export interface MailSettings {
  from: string;
  publicUrl: string;
  /** Delivery attempts before giving up (default 6). */
  maxAttempts?: number;
  /** Mails queued longer ago than this are dropped, not sent (default 3 days). */
  maxAgeMs?: number;
  batchSize?: number;
}

/** Minutes to wait after the n-th failed attempt (n from 1). */
const backoffMinutes = [1, 5, 15, 60, 240];

export function retryDelayMs(attempts: number): number {
  const i = Math.min(Math.max(attempts, 1), backoffMinutes.length) - 1;
  return (backoffMinutes[i] ?? 240) * 60_000;
}

/** An SMTP transport from a URL such as smtp://host:587 or smtps://user:pass@host:465. */
export function smtpTransport(url: string): MailTransport {
  const transport = nodemailer.createTransport(url);
  return {
    sendMail: (m) => transport.sendMail(m),
    close: () => transport.close(),
  };
}

const system = { userId: null, orgId: null, ip: null, requestId: null };

export async function systemSendMail(options: { db: Kysely<DB>; transport: MailTransport; settings: MailSettings; now: Date }): Promise<{ sent: number; retried: number; failed: number }> {
  const { db, transport, settings, now } = options;
  const maxAttempts = settings.maxAttempts ?? 6;
  const maxAgeMs = settings.maxAgeMs ?? 3 * 86_400_000;
  const claimed = await q.claimDue(db, { now, limit: settings.batchSize ?? 50, leaseMs: 10 * 60_000 });
  const counts = { sent: 0, retried: 0, failed: 0 };
  for (const m of claimed) {
    const drop = async (why: string) => {
      await db.transaction().execute(async (trx) => {
        await q.markFailed(trx, m.id, why);
        await writeAudit({ db: trx, context: system, entry: { action: 'mail.send', outcome: 'failure', recordType: 'mail', recordId: m.id, details: { template: m.template, attempt: m.attempts, dropped: why } } });
      });
      counts.failed++;
    };
    if (!isMailTemplate(m.template)) {
      await drop('unknown template');
      continue;
    }
    if (now.getTime() - m.createdAt.getTime() > maxAgeMs) {
      await drop('too old to send');
      continue;
    }
    const to = await q.deliverableAddress(db, m.recipientUserId);
    if (!to) {
      await drop('recipient disabled or e-mail turned off');
      continue;
    }
    const { subject, text } = renderMail({ template: m.template, locale: m.locale, publicUrl: settings.publicUrl, recordType: m.recordType, recordId: m.recordId });
    try {
      await transport.sendMail({ from: settings.from, to, subject, text });
    } catch (e) {
      const error = mailErrorClass(e);
      await db.transaction().execute(async (trx) => {
        if (m.attempts >= maxAttempts) await q.markFailed(trx, m.id, error);
        else await q.markRetry(trx, m.id, { nextAttemptAt: new Date(now.getTime() + retryDelayMs(m.attempts)), error });
        await writeAudit({ db: trx, context: system, entry: { action: 'mail.send', outcome: 'failure', recordType: 'mail', recordId: m.id, details: { template: m.template, attempt: m.attempts, final: m.attempts >= maxAttempts } } });
      });
      if (m.attempts >= maxAttempts) counts.failed++;
      else counts.retried++;
      continue;
    }
    await db.transaction().execute(async (trx) => {
      await q.markSent(trx, m.id, now);
      await writeAudit({ db: trx, context: system, entry: { action: 'mail.send', outcome: 'success', recordType: 'mail', recordId: m.id, details: { template: m.template, attempt: m.attempts } } });
    });
    counts.sent++;
  }
  return counts;
}

export interface MailSender {
  runNow(): Promise<{ sent: number; retried: number; failed: number }>;
  stop(): Promise<void>;
}

/** Runs systemSendMail every `intervalMs` (first run at once), serialised, until stopped. */
export function startMailSender(options: { db: Kysely<DB>; clock: Clock; transport: MailTransport; settings: MailSettings; intervalMs: number; onError?: (error: unknown) => void }): MailSender {
  const loop = startSerialLoop({
    intervalMs: options.intervalMs,
    ...(options.onError ? { onError: options.onError } : {}),
    task: () => systemSendMail({ db: options.db, transport: options.transport, settings: options.settings, now: options.clock.now() }),
  });
  return {
    runNow: loop.runNow,
    async stop() {
      await loop.stop();
      options.transport.close?.();
    },
  };
}
