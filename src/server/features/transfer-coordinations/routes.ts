/** HTTP routes of hotline-coordinated transfers. Thin: parse, call the service, answer. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { PonteApp } from '../../app.ts';
import * as service from './service.ts';
import { coordinationConfirm, coordinationCreate, coordinationParams, coordinationRefuse, coordinationResponse, emptyBody, noQuery } from './schemas.ts';

const tags = ['transfer-coordinations'];
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

export async function transferCoordinationRoutes(app: PonteApp): Promise<void> {
  const deps = (req: FastifyRequest): service.CoordinationDeps => ({ access: req.access, cipher: app.services.cipher });

  app.post('/api/transfer-coordinations', {
    schema: { tags, summary: 'The hotline proposes that another body take over a case, named by its code and the body holding it (hotline.write)', body: coordinationCreate, security: writeSecurity, response: { 201: coordinationResponse } },
  }, async (req, reply) => reply.status(201).send(await service.proposeCoordination({ ...deps(req), input: req.body })));

  app.get('/api/transfer-coordinations', {
    schema: { tags, summary: 'The station’s coordinations (hotline.write), or those proposed to the body holding the case (cases.write or cases.approve)', querystring: noQuery, security, response: { 200: z.object({ items: z.array(coordinationResponse) }) } },
  }, async (req) => service.listCoordinations(deps(req)));

  app.get('/api/transfer-coordinations/:id', {
    schema: { tags, summary: 'A coordination, for the hotline (codes, bodies, status) or the body holding the case', params: coordinationParams, querystring: noQuery, security, response: { 200: coordinationResponse } },
  }, async (req) => service.getCoordination({ ...deps(req), id: req.params.id }));

  app.post('/api/transfer-coordinations/:id/confirm', {
    schema: { tags, summary: 'The body holding the case confirms: the ordinary transfer request is written and linked (cases.write; consent as for any transfer)', params: coordinationParams, body: coordinationConfirm, security: writeSecurity, response: { 200: coordinationResponse } },
  }, async (req) => service.confirmCoordination({ ...deps(req), id: req.params.id, input: req.body }));

  app.post('/api/transfer-coordinations/:id/refuse', {
    schema: { tags, summary: 'The body holding the case refuses, with a reason code (cases.write)', params: coordinationParams, body: coordinationRefuse, security: writeSecurity, response: { 200: coordinationResponse } },
  }, async (req) => service.refuseCoordination({ ...deps(req), id: req.params.id, input: req.body }));

  app.post('/api/transfer-coordinations/:id/withdraw', {
    schema: { tags, summary: 'The hotline withdraws a proposal not yet answered (hotline.write)', params: coordinationParams, body: emptyBody, security: writeSecurity, response: { 200: coordinationResponse } },
  }, async (req) => service.withdrawCoordination({ ...deps(req), id: req.params.id }));
}
