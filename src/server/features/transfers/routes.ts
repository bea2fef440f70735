/** HTTP routes of case transfers. Thin: parse, call the service, answer. */
import type { PonteApp } from '../../app.ts';
import type { FastifyRequest } from 'fastify';
import { contentDisposition } from '../case-records/routes.ts';
import * as service from './service.ts';
import { caseParams, emptyBody, formerRecordsResponse, noQuery, transferCreate, transferDecision, transferDocumentParams, transferParams, transferQuery, transferResponse } from './schemas.ts';
import { z } from 'zod';

const tags = ['transfers'];
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

export async function transferRoutes(app: PonteApp): Promise<void> {
  const deps = (req: FastifyRequest): service.TransferDeps => ({ access: req.access, cipher: app.services.cipher });

  app.post('/api/cases/:id/transfers', {
    schema: {
      tags, summary: 'Ask another body to take the whole case over (cases.write; sharing consent for that body first, or override)', params: caseParams, body: transferCreate, security: writeSecurity,
      response: { 201: transferResponse },
    },
  }, async (req, reply) => reply.status(201).send(await service.requestTransfer({ ...deps(req), caseId: req.params.id, input: req.body })));

  app.get('/api/case-transfers', {
    schema: { tags, summary: 'Transfers received (`box=in`) or requested (`box=out`) by the organisation (cases.write or cases.approve)', querystring: transferQuery, security, response: { 200: z.object({ items: z.array(transferResponse) }) } },
  }, async (req) => service.listTransfers({ ...deps(req), query: req.query }));

  app.get('/api/case-transfers/:id', {
    schema: { tags, summary: 'A transfer, for either side (cases.write or cases.approve)', params: transferParams, querystring: noQuery, security, response: { 200: transferResponse } },
  }, async (req) => service.getTransfer({ ...deps(req), id: req.params.id }));

  app.post('/api/case-transfers/:id/decision', {
    schema: { tags, summary: 'Accept (the case moves to the organisation) or decline (with a note): the receiving side (cases.write or cases.approve)', params: transferParams, body: transferDecision, security: writeSecurity, response: { 200: transferResponse } },
  }, async (req) => service.decideTransfer({ ...deps(req), id: req.params.id, input: req.body }));

  app.post('/api/case-transfers/:id/withdraw', {
    schema: { tags, summary: 'Withdraw an open request: the sending side (cases.write)', params: transferParams, body: emptyBody, security: writeSecurity, response: { 200: transferResponse } },
  }, async (req) => service.withdrawTransfer({ ...deps(req), id: req.params.id }));

  app.get('/api/case-transfers/:id/records', {
    schema: { tags, summary: 'After an accepted transfer, the former owner\'s own records of the case: what it wrote while it held it (cases.read)', params: transferParams, querystring: noQuery, security, response: { 200: formerRecordsResponse } },
  }, async (req) => service.formerRecords({ ...deps(req), id: req.params.id }));

  app.get('/api/case-transfers/:id/documents/:documentId', {
    schema: { tags, summary: 'A document the former owner uploaded while it held the case, decrypted (cases.read)', params: transferDocumentParams, querystring: noQuery, security },
  }, async (req, reply) => {
    const doc = await service.formerDocument({ ...deps(req), id: req.params.id, documentId: req.params.documentId });
    return reply.header('Content-Disposition', contentDisposition(doc.fileName)).header('X-Content-Type-Options', 'nosniff').type(doc.mediaType).send(doc.data);
  });
}
