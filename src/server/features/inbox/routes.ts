/** HTTP routes of the inbox: the caller's sections and the counts of the header badge. Thin. */
import { z } from 'zod';
import type { PonteApp } from '../../app.ts';
import * as service from './service.ts';

const security = [{ session: [] }];
const noQuery = z.object({}).strict();

export async function inboxRoutes(app: PonteApp): Promise<void> {
  app.get('/api/inbox', {
    schema: { tags: ['inbox'], summary: 'What waits for the caller, one section per kind they act on (any logged-in user; codes, never names)', querystring: noQuery, security },
  }, async (req) => service.readInbox({ access: req.access }));

  app.get('/api/inbox/counts', {
    schema: { tags: ['inbox'], summary: 'How many items wait for the caller, per kind and in total (any logged-in user)', querystring: noQuery, security },
  }, async (req) => service.inboxCounts({ access: req.access }));
}
