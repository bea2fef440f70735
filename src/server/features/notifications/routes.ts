/** HTTP routes of notifications: the caller's own list and marking one read. */
import { z } from 'zod';
import type { PonteApp } from '../../app.ts';
import { uuid } from '../../../domain/fields.ts';
import * as service from './service.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

export async function notificationRoutes(app: PonteApp): Promise<void> {
  app.get('/api/notifications', {
    schema: {
      tags: ['notifications'],
      summary: 'The caller’s notifications, newest first, with the unread count (any logged-in user)',
      querystring: z.object({ unread: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
      security,
    },
  }, async (req) => service.listNotifications({ access: req.access, unreadOnly: req.query.unread === 'true', limit: req.query.limit }));

  app.post('/api/notifications/:id/read', {
    schema: { tags: ['notifications'], summary: 'Mark one of the caller’s notifications read', params: z.object({ id: uuid }).strict(), body: z.strictObject({}).nullish(), security: writeSecurity },
  }, async (req, reply) => {
    await service.markNotificationRead({ access: req.access, id: req.params.id });
    return reply.status(204).send();
  });
}
