/** HTTP routes of screening: the indicator lists, and a case's screenings. */
import { z } from 'zod';
import type { PonteApp } from '../../app.ts';
import { uuid } from '../../../domain/fields.ts';
import * as service from './service.ts';
import { screeningCreate } from './schemas.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const idParams = z.object({ id: uuid }).strict();
const noQuery = z.object({}).strict();

export async function screeningRoutes(app: PonteApp): Promise<void> {
  const services = app.services;

  app.get('/api/screening/lists', {
    schema: { tags: ['screening'], summary: 'The four indicator lists, dimensions, strengths and the rule, in the caller’s language (screening.write or cases.read)', querystring: noQuery, security },
  }, async (req) => service.screeningListsFor({ access: req.access }));

  app.post('/api/cases/:id/screenings', {
    schema: { tags: ['screening'], summary: 'Record a screening of a case: answers, computed result with reasoning, decision (screening.write, case in scope)', params: idParams, body: screeningCreate, security: writeSecurity },
  }, async (req, reply) => reply.status(201).send(await service.createScreening({ access: req.access, services, caseId: req.params.id, input: req.body })));

  app.get('/api/cases/:id/screenings', {
    schema: { tags: ['screening'], summary: 'Screenings of a case, newest first (cases.read or screening.write, case in scope)', params: idParams, querystring: noQuery, security },
  }, async (req) => service.caseScreenings({ access: req.access, services, caseId: req.params.id }));
}
