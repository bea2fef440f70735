/**
 * Sending the event mail outbox over SMTP (background work, no user), with the same transport and
 * settings as the staff notifications (PONTE_SMTP_URL, PONTE_MAIL_FROM, PONTE_PUBLIC_URL). Each mail
 * is built when sent: the event's title, date and place or link, and the registrant's cancellation
 * link. Failed deliveries are retried with a growing delay, then given up. Audit entries name the
 * outbox row and the template, never the address.
 */
import { startSerialLoop } from '../../platform/periodic.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { EventMailTemplate } from '../../../db/schema-events.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import { retryDelayMs, type MailTransport } from '../mail/sender.ts';
import { isPublicLanguage, languageInfo, type PublicLanguage } from '../../../domain/public/languages.ts';
import { eventColumns } from './encrypted.ts';
import { cancelToken } from './registrations.ts';

export interface EventMailSettings {
  from: string;
  publicUrl: string;
  maxAttempts?: number;
  batchSize?: number;
}


const texts: Record<PublicLanguage, Record<EventMailTemplate, { subject: string; body: string }> & { when: string; where: string; online: string; cancel: string; footer: string }> = {
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
  fr: {
    confirmed: { subject: 'Inscription confirmée : {title}', body: 'Votre inscription à l’événement est confirmée.' },
    waiting: { subject: 'Liste d’attente : {title}', body: 'L’événement est complet : vous êtes sur la liste d’attente. Nous vous écrirons si une place se libère.' },
    promoted: { subject: 'Une place s’est libérée : {title}', body: 'Une place s’est libérée : votre inscription est maintenant confirmée.' },
    cancelled: { subject: 'Inscription annulée : {title}', body: 'Votre inscription à l’événement a été annulée.' },
    event_cancelled: { subject: 'Événement annulé : {title}', body: 'Nous sommes désolés : l’événement a été annulé.' },
    when: 'Quand',
    where: 'Où',
    online: 'En ligne',
    cancel: 'Pour annuler votre inscription, ouvrez ce lien :',
    footer: 'Vous recevez ce message parce que vous vous êtes inscrit à un événement de formation du réseau contre la traite.',
  },
  es: {
    confirmed: { subject: 'Inscripción confirmada: {title}', body: 'Su inscripción en el evento está confirmada.' },
    waiting: { subject: 'Lista de espera: {title}', body: 'El evento está completo: está en la lista de espera. Le escribiremos si se libera una plaza.' },
    promoted: { subject: 'Se ha liberado una plaza: {title}', body: 'Se ha liberado una plaza: su inscripción ya está confirmada.' },
    cancelled: { subject: 'Inscripción cancelada: {title}', body: 'Su inscripción en el evento ha sido cancelada.' },
    event_cancelled: { subject: 'Evento cancelado: {title}', body: 'Lo sentimos: el evento ha sido cancelado.' },
    when: 'Cuándo',
    where: 'Dónde',
    online: 'En línea',
    cancel: 'Para cancelar su inscripción abra este enlace:',
    footer: 'Recibe este mensaje porque se inscribió en un evento formativo de la red contra la trata.',
  },
  ro: {
    confirmed: { subject: 'Înscriere confirmată: {title}', body: 'Înscrierea dumneavoastră la eveniment este confirmată.' },
    waiting: { subject: 'Listă de așteptare: {title}', body: 'Evenimentul este complet: sunteți pe lista de așteptare. Vă vom scrie dacă se eliberează un loc.' },
    promoted: { subject: 'S-a eliberat un loc: {title}', body: 'S-a eliberat un loc: înscrierea dumneavoastră este acum confirmată.' },
    cancelled: { subject: 'Înscriere anulată: {title}', body: 'Înscrierea dumneavoastră la eveniment a fost anulată.' },
    event_cancelled: { subject: 'Eveniment anulat: {title}', body: 'Ne pare rău: evenimentul a fost anulat.' },
    when: 'Când',
    where: 'Unde',
    online: 'Online',
    cancel: 'Pentru a anula înscrierea deschideți acest link:',
    footer: 'Ați primit acest mesaj pentru că v-ați înscris la un eveniment de formare al rețelei împotriva traficului de persoane.',
  },
  sq: {
    confirmed: { subject: 'Regjistrimi u konfirmua: {title}', body: 'Regjistrimi juaj në aktivitet është konfirmuar.' },
    waiting: { subject: 'Lista e pritjes: {title}', body: 'Aktiviteti është i plotë: jeni në listën e pritjes. Do t’ju shkruajmë nëse lirohet një vend.' },
    promoted: { subject: 'U lirua një vend: {title}', body: 'U lirua një vend: regjistrimi juaj tani është konfirmuar.' },
    cancelled: { subject: 'Regjistrimi u anulua: {title}', body: 'Regjistrimi juaj në aktivitet u anulua.' },
    event_cancelled: { subject: 'Aktiviteti u anulua: {title}', body: 'Na vjen keq: aktiviteti u anulua.' },
    when: 'Kur',
    where: 'Ku',
    online: 'Në internet',
    cancel: 'Për të anuluar regjistrimin hapni këtë lidhje:',
    footer: 'E morët këtë mesazh sepse u regjistruat në një aktivitet trajnimi të rrjetit kundër trafikimit.',
  },
  ar: {
    confirmed: { subject: 'تم تأكيد التسجيل: {title}', body: 'تم تأكيد تسجيلك في الفعالية.' },
    waiting: { subject: 'قائمة الانتظار: {title}', body: 'اكتمل العدد: أنت في قائمة الانتظار. سنكتب إليك إذا توفر مكان.' },
    promoted: { subject: 'توفر مكان: {title}', body: 'توفر مكان: تم الآن تأكيد تسجيلك.' },
    cancelled: { subject: 'تم إلغاء التسجيل: {title}', body: 'تم إلغاء تسجيلك في الفعالية.' },
    event_cancelled: { subject: 'تم إلغاء الفعالية: {title}', body: 'نأسف: تم إلغاء الفعالية.' },
    when: 'متى',
    where: 'أين',
    online: 'عبر الإنترنت',
    cancel: 'لإلغاء تسجيلك افتح هذا الرابط:',
    footer: 'وصلتك هذه الرسالة لأنك سجلت في فعالية تدريبية لشبكة مكافحة الاتجار بالبشر.',
  },
  zh: {
    confirmed: { subject: '报名已确认：{title}', body: '您的活动报名已确认。' },
    waiting: { subject: '候补名单：{title}', body: '活动名额已满：您已在候补名单中。如有空位，我们会写信通知您。' },
    promoted: { subject: '有空位了：{title}', body: '有名额空出：您的报名现已确认。' },
    cancelled: { subject: '报名已取消：{title}', body: '您的活动报名已取消。' },
    event_cancelled: { subject: '活动已取消：{title}', body: '很抱歉：活动已取消。' },
    when: '时间',
    where: '地点',
    online: '线上',
    cancel: '如需取消报名，请打开此链接：',
    footer: '您收到此邮件是因为您报名参加了反人口贩运网络的培训活动。',
  },
};

export function renderEventMail(options: {
  template: EventMailTemplate;
  locale: string;
  publicUrl: string;
  token: string;
  event: { title: string; startsAt: Date; endsAt: Date; place: string | null; onlineUrl: string | null };
}): { subject: string; text: string } {
  // The mail speaks the language of the page the registrant used (Italian when unknown).
  const locale: PublicLanguage = isPublicLanguage(options.locale) ? options.locale : 'it';
  const t = texts[locale];
  const { event } = options;
  const title = event.title.replace(/[\r\n]+/g, ' ');
  const fmt = new Intl.DateTimeFormat(languageInfo[locale].intl, { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Rome' });
  const lines = [t[options.template].body, '', title, `${t.when}: ${fmt.format(event.startsAt)} – ${fmt.format(event.endsAt)}`];
  if (event.place) lines.push(`${t.where}: ${event.place}`);
  if (event.onlineUrl && options.template !== 'event_cancelled' && options.template !== 'cancelled') lines.push(`${t.online}: ${event.onlineUrl}`);
  if (options.template === 'confirmed' || options.template === 'waiting' || options.template === 'promoted') {
    lines.push('', t.cancel, `${options.publicUrl.replace(/\/$/, '')}/p/${locale}/events/cancel/${options.token}`);
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
  const loop = startSerialLoop({
    intervalMs: options.intervalMs,
    ...(options.onError ? { onError: options.onError } : {}),
    task: () => systemSendEventMail({ ...options, now: options.clock.now() }),
  });
  return {
    runNow: loop.runNow,
    async stop() {
      await loop.stop();
      options.transport.close?.();
    },
  };
}
