/**
 * E-mail templates: which notifications are also mailed, and their text. A mail says what kind of
 * thing waits (a referral, a deadline, a transfer) and links to the record in Ponte; it never
 * carries a person's name, a case or referral number, or any detail of the record: whoever opens
 * the link logs in and goes through scope and audit like any other read.
 */
export type MailLocale = 'it' | 'en';

export const mailTemplates = [
  'referral_received',
  'referral_answered',
  'referral_completed',
  'referral_expired',
  'deadline_due_soon',
  'deadline_overdue',
  'transfer_requested',
  'transfer_decided',
] as const;
export type MailTemplate = (typeof mailTemplates)[number];

/**
 * The template mailed for a notification kind, or null when that notification is not mailed.
 * `referral.status_changed` is mailed only when the referral was answered (accepted or declined)
 * or completed: `referralStatus` is the referral's status after the move.
 */
export function templateFor(kind: string, referralStatus?: string | null): MailTemplate | null {
  switch (kind) {
    case 'referral.received':
      return 'referral_received';
    case 'referral.status_changed':
      if (referralStatus === 'accepted' || referralStatus === 'declined') return 'referral_answered';
      if (referralStatus === 'completed') return 'referral_completed';
      return null;
    case 'referral.expired':
      return 'referral_expired';
    case 'referral.due_soon':
    case 'procedure.step_due_soon':
      return 'deadline_due_soon';
    case 'procedure.step_overdue':
      return 'deadline_overdue';
    case 'case.transfer_requested':
      return 'transfer_requested';
    case 'case.transfer_decided':
      return 'transfer_decided';
    default:
      return null;
  }
}

/** Path of the web page for a record (the same pages the in-app notifications open). */
export function recordPath(recordType: string, recordId: string): string {
  const id = encodeURIComponent(recordId);
  switch (recordType) {
    case 'referral':
      return `/referrals/${id}`;
    case 'case':
      return `/cases/${id}`;
    case 'case_transfer':
      return '/transfers';
    case 'hotline_call':
      return `/hotline/calls/${id}`;
    default:
      return '/';
  }
}

const texts: Record<MailTemplate, Record<MailLocale, { subject: string; line: string }>> = {
  referral_received: {
    it: { subject: 'Ponte: un invio attende la risposta del vostro ente', line: 'Un invio è arrivato al vostro ente e attende una risposta.' },
    en: { subject: 'Ponte: a referral is waiting for your body', line: 'A referral has reached your body and is waiting for an answer.' },
  },
  referral_answered: {
    it: { subject: 'Ponte: un vostro invio ha ricevuto una risposta', line: 'L’ente che ha ricevuto un vostro invio ha risposto.' },
    en: { subject: 'Ponte: a referral you sent has been answered', line: 'The body that received a referral you sent has answered it.' },
  },
  referral_completed: {
    it: { subject: 'Ponte: un vostro invio è stato concluso', line: 'Un vostro invio è stato concluso, con l’esito e un riscontro per voi.' },
    en: { subject: 'Ponte: a referral you sent has been completed', line: 'A referral you sent has been completed, with its outcome and feedback for you.' },
  },
  referral_expired: {
    it: { subject: 'Ponte: un vostro invio è scaduto senza risposta', line: 'Un vostro invio è scaduto: l’ente che lo ha ricevuto non ha risposto entro il termine.' },
    en: { subject: 'Ponte: a referral you sent expired unanswered', line: 'A referral you sent has expired: the receiving body did not answer in time.' },
  },
  deadline_due_soon: {
    it: { subject: 'Ponte: una scadenza si avvicina', line: 'Una scadenza di cui si occupa il vostro ente si avvicina.' },
    en: { subject: 'Ponte: a deadline is near', line: 'A deadline your body is responsible for is near.' },
  },
  deadline_overdue: {
    it: { subject: 'Ponte: una scadenza è passata', line: 'Una scadenza di cui si occupa il vostro ente è passata.' },
    en: { subject: 'Ponte: a deadline has passed', line: 'A deadline your body is responsible for has passed.' },
  },
  transfer_requested: {
    it: { subject: 'Ponte: una richiesta di trasferimento attende la vostra decisione', line: 'Un ente chiede al vostro di prendere in carico un caso.' },
    en: { subject: 'Ponte: a transfer request is waiting for your decision', line: 'A body asks yours to take over a case.' },
  },
  transfer_decided: {
    it: { subject: 'Ponte: una vostra richiesta di trasferimento è stata decisa', line: 'L’ente a cui avete chiesto di prendere in carico un caso ha deciso.' },
    en: { subject: 'Ponte: a transfer you requested has been decided', line: 'The body you asked to take over a case has decided.' },
  },
};

const common: Record<MailLocale, { open: string; why: string; off: string }> = {
  it: {
    open: 'Apritelo in Ponte (serve l’accesso):',
    why: 'Per riservatezza questo messaggio non contiene dati delle persone né dettagli della pratica.',
    off: 'Potete disattivare queste e-mail dal vostro profilo in Ponte.',
  },
  en: {
    open: 'Open it in Ponte (you will need to log in):',
    why: 'For confidentiality this message carries no data about persons and no details of the record.',
    off: 'You can turn these e-mails off in your profile in Ponte.',
  },
};

/** Subject and plain text of a mail: fixed text and a link, nothing from the record. */
export function renderMail(options: { template: MailTemplate; locale: MailLocale; publicUrl: string; recordType: string; recordId: string }): { subject: string; text: string } {
  const t = texts[options.template][options.locale];
  const c = common[options.locale];
  const link = `${options.publicUrl.replace(/\/+$/, '')}${recordPath(options.recordType, options.recordId)}`;
  return { subject: t.subject, text: [t.line, '', c.open, link, '', c.why, c.off, ''].join('\n') };
}

export function isMailTemplate(value: string): value is MailTemplate {
  return (mailTemplates as readonly string[]).includes(value);
}
