/**
 * Sending the event mail outbox over SMTP (background work, no user), with the same transport and
 * settings as the staff notifications (PONTE_SMTP_URL, PONTE_MAIL_FROM, PONTE_PUBLIC_URL). Each mail
 * is built when sent: the event's title, date and place or link, and the registrant's cancellation
 * link. Failed deliveries are retried with a growing delay, then given up. Audit entries name the
 * outbox row and the template, never the address.
 */
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { EventMailTemplate } from '../../../db/schema-events.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import { retryDelayMs, type MailTransport } from '../mail/sender.ts';
import { eventColumns } from './encrypted.ts';
import { cancelToken } from './registrations.ts';

export interface EventMailSettings {
  from: string;
  publicUrl: string;
  maxAttempts?: number;
  batchSize?: number;
}

type MailLocale = 'it' | 'en';

const texts: Record<MailLocale, Record<EventMailTemplate, { subject: string; body: string }> & { when: string; where: string; online: string; cancel: string; footer: string }> = {
  it: {
    confirmed: { subject: 'Iscrizione confermata: {title}', body: 'La tua iscrizione all’evento è confermata.' },
    waiting: { subject: 'Lista d’attesa: {title}', body: 'I posti sono esauriti: sei in lista d’attesa. Se si libera un posto ti scriveremo.' },
    promoted: { subject: 'Si è liberato un posto: {title}', body: 'Si è liberato un posto: la tua iscrizione è ora confermata.' },
    cancelled: { subject: 'Iscrizione annullata: {title}', body: 'La tua iscrizione all’evento è stata annullata.' },
    event_cancelled: { subject: 'Evento annullato: {title}', body: 'Ci dispiace: l’evento è stato annullato.' },
    when: 'Quando',
    where: 'Dove',
    online: 'Online',
    cancel: 'Per annullare l’iscrizione apri questo link:',
    footer: 'Hai ricevuto questo messaggio perché ti sei iscritto a un evento formativo della rete antitratta.',
  },
  en: {
    confirmed: { subject: 'Registration confirmed: {title}', body: 'Your registration for the event is confirmed.' },
    waiting: { subject: 'Waiting list: {title}', body: 'The event is fully booked: you are on the waiting list. We will write to you if a place frees up.' },
    promoted: { subject: 'A place is free: {title}', body: 'A place has freed up: your registration is now confirmed.' },
    cancelled: { subject: 'Registration cancelled: {title}', body: 'Your registration for the event has been cancelled.' },
    event_cancelled: { subject: 'Event cancelled: {title}', body: 'We are sorry: the event has been cancelled.' },
    when: 'When',
    where: 'Where',
    online: 'Online',
    cancel: 'To cancel your registration open this link:',
    footer: 'You received this message because you registered for a training event of the anti-trafficking network.',
  },
};

export function renderEventMail(options: {
  template: EventMailTemplate;
  locale: string;
  publicUrl: string;
  token: string;
  event: { title: string; startsAt: Date; endsAt: Date; place: string | null; onlineUrl: string | null };
}): { subject: string; text: string } {
  // Mail goes out in Italian for Italian pages, in English for every other language.
  const locale: MailLocale = options.locale === 'it' ? 'it' : 'en';
  const t = texts[locale];
  const { event } = options;
  const title = event.title.replace(/[\r\n]+/g, ' ');
  const fmt = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Rome' });
  const lines = [t[options.template].body, '', title, `${t.when}: ${fmt.format(event.startsAt)} – ${fmt.format(event.endsAt)}`];
  if (event.place) lines.push(`${t.where}: ${event.place}`);
  if (event.onlineUrl && options.template !== 'event_cancelled' && options.template !== 'cancelled') lines.push(`${t.online}: ${event.onlineUrl}`);
  if (options.template === 'confirmed' || options.template === 'waiting' || options.template === 'promoted') {
    const lang = /^[a-z]{2}$/.test(options.locale) ? options.locale : 'it';
    lines.push('', t.cancel, `${options.publicUrl.replace(/\/$/, '')}/p/${lang}/events/cancel/${options.token}`);
  }
  lines.push('', '--', t.footer);
  return { subject: t[options.template].subject.replace('{title}', title), text: `${lines.join('\n')}\n` };
}

const system = { userId: null, orgId: null, ip: null, requestId: null };

export async function systemSendEventMail(options: {
  db: Kysely<DB>;
  cipher: FieldCipher;
  blindIndex: (options: { purpose: string; value: string }) => string;
  transport: MailTransport;
  settings: EventMailSettings;
  now: Date;
}): Promise<{ sent: number; retried: number; failed: number }> {
  const { db, cipher, transport, settings, now } = options;
  const maxAttempts = settings.maxAttempts ?? 6;
  const claimed = await db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('event_mail_outbox as m')
      .innerJoin('event_registrations as r', 'r.id', 'm.registration_id')
      .innerJoin('events as e', 'e.id', 'r.event_id')
      .select(['m.id', 'm.registration_id', 'm.template', 'm.locale', 'm.recipient_enc', 'm.attempts', 'e.title', 'e.starts_at', 'e.ends_at', 'e.place', 'e.online_url'])
      .where('m.status', '=', 'queued')
      .where('m.next_attempt_at', '<=', now)
      .orderBy('m.next_attempt_at')
      .orderBy('m.id')
      .limit(settings.batchSize ?? 50)
      .forUpdate('m')
      .skipLocked()
      .execute();
    if (rows.length > 0) {
      await trx
        .updateTable('event_mail_outbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: new Date(now.getTime() + 10 * 60_000) }))
        .where('id', 'in', rows.map((r) => r.id))
        .execute();
    }
    return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
  });
  const counts = { sent: 0, retried: 0, failed: 0 };
  for (const m of claimed) {
    const to = await cipher.decrypt({ value: m.recipient_enc, aad: fieldAad({ ...eventColumns.recipient, rowId: m.id }), db });
    const { subject, text } = renderEventMail({
      template: m.template,
      locale: m.locale,
      publicUrl: settings.publicUrl,
      token: cancelToken({ blindIndex: options.blindIndex }, m.registration_id),
      event: { title: m.title, startsAt: m.starts_at, endsAt: m.ends_at, place: m.place, onlineUrl: m.online_url },
    });
    try {
      await transport.sendMail({ from: settings.from, to, subject, text });
    } catch (e) {
      const error = (e instanceof Error ? e.message : 'delivery failed').replace(/\s+/g, ' ').slice(0, 400);
      const final = m.attempts >= maxAttempts;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('event_mail_outbox')
          .set(final ? { status: 'failed', last_error: error } : { next_attempt_at: new Date(now.getTime() + retryDelayMs(m.attempts)), last_error: error })
          .where('id', '=', m.id)
          .execute();
        await writeAudit({ db: trx, context: system, entry: { action: 'event_mail.send', outcome: 'failure', recordType: 'event_mail', recordId: m.id, details: { template: m.template, attempt: m.attempts, final } } });
      });
      if (final) counts.failed++;
      else counts.retried++;
      continue;
    }
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('event_mail_outbox').set({ status: 'sent', sent_at: now, last_error: null }).where('id', '=', m.id).execute();
      await writeAudit({ db: trx, context: system, entry: { action: 'event_mail.send', outcome: 'success', recordType: 'event_mail', recordId: m.id, details: { template: m.template, attempt: m.attempts } } });
    });
    counts.sent++;
  }
  return counts;
}

export interface EventMailSender {
  runNow(): Promise<{ sent: number; retried: number; failed: number }>;
  stop(): Promise<void>;
}

/** Runs systemSendEventMail every `intervalMs` (first run at once), serialised, until stopped. */
export function startEventMailSender(options: {
  db: Kysely<DB>;
  cipher: FieldCipher;
  blindIndex: (options: { purpose: string; value: string }) => string;
  clock: Clock;
  transport: MailTransport;
  settings: EventMailSettings;
  intervalMs: number;
  onError?: (error: unknown) => void;
}): EventMailSender {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const run = () => {
    const next = current.then(() => systemSendEventMail({ ...options, now: options.clock.now() }));
    current = next.catch((e: unknown) => options.onError?.(e));
    return next;
  };
  const schedule = (first: boolean): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      void run()
        .catch(() => undefined)
        .then(() => schedule(false));
    }, first ? 0 : options.intervalMs);
    timer.unref();
  };
  schedule(true);
  return {
    runNow: run,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current.catch(() => undefined);
      options.transport.close?.();
    },
  };
}
