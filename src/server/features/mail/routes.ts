/** HTTP routes of the e-mail preference: the caller's own, in the profile. */
import { z } from 'zod';
import type { PonteApp } from '../../app.ts';
import * as service from './service.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const preference = z.object({ notifyByMail: z.boolean(), mailEnabled: z.boolean() });

export async function mailRoutes(app: PonteApp): Promise<void> {
  const mailEnabled = () => Boolean(app.services.config.PONTE_SMTP_URL);
  app.get('/api/me/mail-preferences', {
    schema: { tags: ['profile'], summary: 'Whether the caller also receives notifications by e-mail (default yes), and whether e-mail is configured', response: { 200: preference }, security },
  }, async (req) => service.getMailPreference({ access: req.access, mailEnabled: mailEnabled() }));

  app.put('/api/me/mail-preferences', {
    schema: {
      tags: ['profile'],
      summary: 'Turn the caller’s e-mail notifications on or off (waiting mails are dropped when turned off)',
      body: z.strictObject({ notifyByMail: z.boolean() }),
      response: { 200: preference },
      security: writeSecurity,
    },
  }, async (req) => service.setMailPreference({ access: req.access, mailEnabled: mailEnabled(), notifyByMail: req.body.notifyByMail }));
}
