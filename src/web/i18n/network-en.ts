/** English messages of the e-mail preference and the transfers pages (spread into en.ts). */
import type { networkIt } from './network-it.ts';

export const networkEn: Record<keyof typeof networkIt, string> = {
  'mail.title': 'E-mail notifications',
  'mail.lead': 'Besides Ponte itself, notifications about referrals, deadlines and transfers can also reach you by e-mail. The e-mails hold only a link, never data about persons.',
  'mail.notifyByMail': 'Also receive notifications by e-mail',
  'mail.notConfigured': 'This Ponte does not send e-mail yet: your choice applies once sending is turned on.',
  'mail.savedOn': 'Notifications will also arrive by e-mail.',
  'mail.savedOff': 'Notifications will no longer arrive by e-mail.',
};
