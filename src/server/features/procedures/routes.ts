/** HTTP routes of standard operating procedures, procedure runs and the SLA board. Thin: parse, call the service, answer. */
import type { PonteApp } from '../../app.ts';
import * as service from './service.ts';
import { advanceBody, idParams, keyParams, noQuery, procedureCreate, procedureUpdate, readQuery, slaQuery } from './schemas.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

export async function procedureRoutes(app: PonteApp): Promise<void> {
  const services = app.services;

  app.get('/api/procedures', {
    schema: { tags: ['procedures'], summary: 'Procedures, current version of each (procedures.manage or a role acting in procedures)', querystring: noQuery, security },
  }, async (req) => service.listProcedures({ access: req.access }));

  app.post('/api/procedures', {
    schema: { tags: ['procedures'], summary: 'Define a procedure (procedures.manage); graph problems come back as field issues', body: procedureCreate, security: writeSecurity },
  }, async (req, reply) => reply.status(201).send(await service.createProcedure({ access: req.access, input: req.body })));

  app.get('/api/procedures/:key', {
    schema: { tags: ['procedures'], summary: 'A procedure: its current version, or `?version=`, and the list of versions', params: keyParams, querystring: readQuery, security },
  }, async (req) => service.getProcedure({ access: req.access, key: req.params.key, version: req.query.version }));

  app.put('/api/procedures/:key', {
    schema: { tags: ['procedures'], summary: 'Save a new version of a procedure (procedures.manage); runs keep the version they started with', params: keyParams, body: procedureUpdate, security: writeSecurity },
  }, async (req) => service.updateProcedure({ access: req.access, key: req.params.key, input: req.body }));

  app.get('/api/procedure-runs/:id', {
    schema: { tags: ['procedures'], summary: 'A procedure run with its steps and deadlines (members of an involved body)', params: idParams, querystring: noQuery, security },
  }, async (req) => service.getRun({ access: req.access, services, id: req.params.id }));

  app.post('/api/procedure-runs/:id/advance', {
    schema: { tags: ['procedures'], summary: 'Move a run to a next step (members of the body acting at the current step)', params: idParams, body: advanceBody, security: writeSecurity },
  }, async (req) => (await service.advanceRunByUser({ access: req.access, services, id: req.params.id, input: req.body })).detail);

  app.get('/api/sla', {
    schema: { tags: ['procedures'], summary: 'SLA board: open, due soon, overdue, median and p90 time per step and per organisation (aggregates only)', querystring: slaQuery, security },
  }, async (req) => service.slaReport({ access: req.access, query: req.query }));
}
