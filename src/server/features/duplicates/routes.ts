/** HTTP routes of duplicate checks and merges. Thin: parse, call the service, answer. */
import type { PonteApp } from '../../app.ts';
import * as service from './service.ts';
import { duplicateCheckBody, duplicateCheckResponse, mergeCreateBody, mergeIdParams, mergeListQuery, mergeListResponse, mergeResponse, personIdParams } from './schemas.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

export async function duplicatesRoutes(app: PonteApp): Promise<void> {
  const services = app.services;

  app.post('/api/persons/duplicates', {
    schema: {
      tags: ['persons'],
      summary: 'Check a person against the registry for duplicates (persons.read); persons held only by other organisations come back as the organisation to ask',
      body: duplicateCheckBody,
      security: writeSecurity,
      response: { 200: duplicateCheckResponse },
    },
  }, async (req) => service.checkDuplicates({ access: req.access, services, input: req.body }));

  app.get('/api/persons/:id/duplicates', {
    schema: {
      tags: ['persons'],
      summary: 'Possible duplicates of a registered person in the registry (persons.read), from its stored keyed encoding; a pair whose merge was rejected or reverted is possible at most',
      params: personIdParams,
      security,
      response: { 200: duplicateCheckResponse },
    },
  }, async (req) => service.personDuplicates({ access: req.access, services, id: req.params.id }));

  app.post('/api/persons/merges', {
    schema: { tags: ['persons'], summary: 'Request merging a duplicate record into another (persons.write)', body: mergeCreateBody, security: writeSecurity, response: { 201: mergeResponse } },
  }, async (req, reply) => reply.status(201).send(await service.requestMerge({ access: req.access, services, input: req.body })));

  app.get('/api/persons/merges', {
    schema: { tags: ['persons'], summary: 'Merges of the organisation (persons.read or cases.approve)', querystring: mergeListQuery, security, response: { 200: mergeListResponse } },
  }, async (req) => service.listMerges({ access: req.access, services, query: req.query }));

  app.post('/api/persons/merges/:id/approve', {
    schema: { tags: ['persons'], summary: 'Approve a merge: cases, names, documents and phones move to the kept record (cases.approve, not the requester)', params: mergeIdParams, security: writeSecurity, response: { 200: mergeResponse } },
  }, async (req) => service.approveMerge({ access: req.access, services, id: req.params.id }));

  app.post('/api/persons/merges/:id/reject', {
    schema: { tags: ['persons'], summary: 'Reject a merge request (cases.approve)', params: mergeIdParams, security: writeSecurity, response: { 200: mergeResponse } },
  }, async (req) => service.rejectMerge({ access: req.access, services, id: req.params.id }));

  app.post('/api/persons/merges/:id/revert', {
    schema: { tags: ['persons'], summary: 'Revert an approved merge exactly (cases.approve)', params: mergeIdParams, security: writeSecurity, response: { 200: mergeResponse } },
  }, async (req) => service.revertMerge({ access: req.access, services, id: req.params.id }));
}
