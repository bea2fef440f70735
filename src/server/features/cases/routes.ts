/** HTTP routes of the cases feature: cases, the path (transitions, history), approvals. Thin: parse, call the service, answer. */
import { z } from 'zod';
import type { PonteApp } from '../../app.ts';
import * as service from './service.ts';
import { approvalQuery, caseCreate, caseQuery, caseUpdate, decisionBody, emptyBody, idParams, noQuery, transitionBody } from './schemas.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

export async function caseRoutes(app: PonteApp): Promise<void> {
  const services = app.services;

  app.post('/api/cases', {
    schema: { tags: ['cases'], summary: 'Open a case for a visible person (cases.write)', body: caseCreate, security: writeSecurity },
  }, async (req, reply) => reply.status(201).send(await service.createCase({ access: req.access, services, input: req.body })));

  app.get('/api/cases', {
    schema: { tags: ['cases'], summary: 'Cases visible to the caller, with filters and pagination (cases.read)', querystring: caseQuery, security },
  }, async (req) => service.listCases({ access: req.access, services, query: req.query }));

  app.get('/api/cases/:id', {
    schema: { tags: ['cases'], summary: 'Read a case (cases.read, in scope)', params: idParams, querystring: noQuery, security },
  }, async (req) => service.getCase({ access: req.access, services, id: req.params.id }));

  app.patch('/api/cases/:id', {
    schema: { tags: ['cases'], summary: 'Change a case; `version` must be the current one (cases.write)', params: idParams, body: caseUpdate, security: writeSecurity },
  }, async (req) => service.updateCase({ access: req.access, services, id: req.params.id, input: req.body }));

  app.post('/api/cases/:id/transitions', {
    schema: { tags: ['cases'], summary: 'Move a case along its path; closures and reopenings become approval requests (cases.write)', params: idParams, body: transitionBody, security: writeSecurity },
  }, async (req, reply) => {
    const r = await service.transitionCase({ access: req.access, services, id: req.params.id, input: req.body });
    return r.kind === 'approval' ? reply.status(202).send({ approvalRequest: r.approvalRequest }) : reply.status(200).send(r.case);
  });

  app.get('/api/cases/:id/history', {
    schema: { tags: ['cases'], summary: 'Phase history of a case: who, when, why (cases.read, in scope)', params: idParams, querystring: noQuery, security },
  }, async (req) => service.caseHistory({ access: req.access, services, id: req.params.id }));

  app.get('/api/case-staff', {
    schema: {
      tags: ['cases'], summary: 'Active users of the caller\'s organisation, for assigning case workers, teams and tasks (cases.write or cases.approve)', querystring: noQuery, security,
      response: {
        200: z.object({
          items: z.array(z.object({ id: z.string(), displayName: z.string(), roleKey: z.string(), roleName: z.object({ it: z.string(), en: z.string() }), readsCases: z.boolean() })),
        }),
      },
    },
  }, async (req) => service.listCaseStaff({ access: req.access }));

  app.get('/api/case-approvals', {
    schema: { tags: ['cases'], summary: 'Approval requests of the organisation, newest first (cases.approve)', querystring: approvalQuery, security },
  }, async (req) => service.listApprovals({ access: req.access, services, status: req.query.status }));

  app.post('/api/case-approvals/:id/decision', {
    schema: { tags: ['cases'], summary: 'Approve or reject a request; approving carries out the move (cases.approve, not the requester)', params: idParams, body: decisionBody, security: writeSecurity },
  }, async (req) => service.decideApproval({ access: req.access, services, id: req.params.id, input: req.body }));

  app.post('/api/case-approvals/:id/withdraw', {
    schema: { tags: ['cases'], summary: 'Withdraw one’s own pending request (cases.write, the requester)', params: idParams, body: emptyBody, security: writeSecurity },
  }, async (req) => service.withdrawApproval({ access: req.access, services, id: req.params.id }));
}
