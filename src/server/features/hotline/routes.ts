/** HTTP routes of the hotline feature: calls, the routing preview, the on-duty roster. Thin: parse, call the service, answer. */
import type { PonteApp } from '../../app.ts';
import { z } from 'zod';
import { text } from '../../../domain/fields.ts';
import * as service from './service.ts';
import { getFirstContact, recordFirstContact } from './first-contact.ts';
import { callCreate, callQuery, callUpdate, idParams, noQuery, rosterPut, routingQuery } from './schemas.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

export async function hotlineRoutes(app: PonteApp): Promise<void> {
  const services = app.services;

  app.post('/api/hotline/calls', {
    schema: {
      tags: ['hotline'],
      summary: 'Log a call (hotline.write); outcome "routed" also sends the report as a referral to the body chosen by the routing rules (or by the operator, with a reason), in the same transaction',
      body: callCreate, security: writeSecurity,
    },
  }, async (req, reply) => reply.status(201).send(await service.createCall({ access: req.access, services, input: req.body })));

  app.get('/api/hotline/calls', {
    schema: {
      tags: ['hotline'],
      summary: 'Calls of the caller’s hotline station (hotline.write), or of a lead body’s territory and network (referrals.override_consent), newest first; codes, never names',
      querystring: callQuery, security,
    },
  }, async (req) => service.listCalls({ access: req.access, query: req.query }));

  app.get('/api/hotline/calls/:id', {
    schema: { tags: ['hotline'], summary: 'Read a call: in full for the station, without caller details or summary for a lead body', params: idParams, querystring: noQuery, security },
  }, async (req) => service.getCall({ access: req.access, services, id: req.params.id }));

  app.patch('/api/hotline/calls/:id', {
    schema: { tags: ['hotline'], summary: 'Change a call; `version` must be the current one; setting outcome "routed" routes it (hotline.write)', params: idParams, body: callUpdate, security: writeSecurity },
  }, async (req) => service.updateCall({ access: req.access, services, id: req.params.id, input: req.body }));

  app.get('/api/hotline/routing', {
    schema: { tags: ['hotline'], summary: 'Which body would receive a report from the province now, and why (hotline.write); no personal data', querystring: routingQuery, security },
  }, async (req) => service.previewRouting({ access: req.access, province: req.query.province }));

  app.get('/api/hotline/roster', {
    schema: { tags: ['hotline'], summary: 'On-duty shifts of the station: ended in the last 7 days, running, to come (hotline.write)', querystring: noQuery, security },
  }, async (req) => service.getRoster({ access: req.access }));

  app.put('/api/hotline/roster', {
    schema: { tags: ['hotline'], summary: 'Replace the running and future shifts of the station (hotline.write); ended shifts stay', body: rosterPut, security: writeSecurity },
  }, async (req) => service.putRoster({ access: req.access, input: req.body }));

  app.get('/api/referrals/:id/first-contact', {
    schema: { tags: ['hotline'], summary: 'The first-contact procedure of a hotline report, for the body that received it (referrals.receive)', params: idParams, querystring: noQuery, security },
  }, async (req) => getFirstContact({ access: req.access, referralId: req.params.id }));

  app.post('/api/referrals/:id/first-contact', {
    schema: {
      tags: ['hotline'], summary: 'The receiving body records that the first contact was made: the step is completed and the run moves to assessment (referrals.receive)',
      params: idParams, body: z.strictObject({ note: text(2000).optional() }).nullish(), security: writeSecurity,
    },
  }, async (req) => recordFirstContact({ access: req.access, referralId: req.params.id, note: req.body?.note, cipher: services.cipher }));
}
