/** Italian messages of the e-mail preference and the transfers pages (spread into it.ts). */
export const networkIt = {
  'mail.title': 'Notifiche via e-mail',
  'mail.lead': 'Oltre che in Ponte, le notifiche su invii, scadenze e trasferimenti possono arrivare anche per e-mail. Le e-mail contengono solo un collegamento, mai dati delle persone.',
  'mail.notifyByMail': 'Ricevi le notifiche anche per e-mail',
  'mail.notConfigured': 'Questa installazione di Ponte non invia ancora e-mail: la scelta vale da quando l’invio sarà attivato.',
  'mail.savedOn': 'Le notifiche arriveranno anche per e-mail.',
  'mail.savedOff': 'Le notifiche non arriveranno più per e-mail.',
} as const;
