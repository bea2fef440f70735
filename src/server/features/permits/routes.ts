/** HTTP routes of residence permits, legal status and criminal proceedings. Thin: parse, call the service, answer. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { PonteApp } from '../../app.ts';
import { conversionTargets, permitStatuses, permitTypeCodes, proposerKinds } from '../../../domain/permits/index.ts';
import * as service from './service.ts';
import { ageAssessmentOutcomes, criminalPut, criminalRoles, hearingCreate, hearingKinds, idParams, minorPut, noQuery, permitCreate, permitStepBody, permitUpdate } from './schemas.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['residence permits'];

const date = z.string().nullable();
const status = z.enum(permitStatuses);
const eventResponse = z.object({
  id: z.string(), fromStatus: status.nullable(), toStatus: status, on: z.string(), expiresOn: date, userId: z.string().nullable(),
  userName: z.string().nullable(), note: z.string().nullable(), recordedAt: z.string(),
});
const permitResponse = z.object({
  id: z.string(), caseId: z.string(), caseCode: z.string(), personId: z.string(), organisationId: z.string(), organisationName: z.string().nullable(),
  type: z.enum(permitTypeCodes), proposerKind: z.enum(proposerKinds).nullable(), proposerOrganisationId: z.string().nullable(),
  proposerOrganisationName: z.string().nullable(), questuraOrganisationId: z.string().nullable(), questuraOrganisationName: z.string().nullable(),
  status, requestedOn: z.string(), submittedOn: date, issuedOn: date, refusedOn: date, renewalRequestedOn: date, renewedOn: date,
  convertedOn: date, convertedTo: z.enum(conversionTargets).nullable(), expiredOn: date, revokedOn: date, expiresOn: date,
  permitNumber: z.string().nullable(), note: z.string().nullable(), renewalDue: z.boolean(), nextSteps: z.array(status),
  events: z.array(eventResponse), createdAt: z.string(), updatedAt: z.string(), version: z.number(),
});
const hearingResponse = z.object({ id: z.string(), heldOn: z.string(), kind: z.enum(hearingKinds), note: z.string().nullable(), createdAt: z.string() });
const criminalResponse = z.object({
  caseId: z.string(), recorded: z.boolean(), complaintFiled: z.boolean(), complaintOn: date, prosecutorOrganisationId: z.string().nullable(),
  prosecutorOrganisationName: z.string().nullable(), personRole: z.enum(criminalRoles).nullable(), protectionMeasures: z.string().nullable(),
  note: z.string().nullable(), hearings: z.array(hearingResponse), updatedAt: z.string().nullable(), version: z.number(),
});

const minorResponse = z.object({
  caseId: z.string(), minorStatus: z.string().nullable(), ageAssessmentOutcome: z.enum(ageAssessmentOutcomes).nullable(), ageAssessmentOutcomeOn: date,
  continuesPast18: z.boolean(), continuesUntil: date, majorityWarnedAt: z.string().nullable(), majorityAlertedAt: z.string().nullable(),
});

export async function permitRoutes(app: PonteApp): Promise<void> {
  const deps = (req: FastifyRequest): service.PermitDeps => ({
    access: req.access,
    cipher: app.services.cipher,
    renewalWindowDays: app.services.config.PONTE_PERMIT_RENEWAL_WINDOW_DAYS,
  });

  app.get('/api/cases/:id/permits', {
    schema: { tags, summary: 'Residence permits of the case, with their history (cases.read, case visible)', params: idParams, querystring: noQuery, security, response: { 200: z.object({ items: z.array(permitResponse) }) } },
  }, async (req) => service.listCasePermits({ ...deps(req), caseId: req.params.id }));

  app.post('/api/cases/:id/permits', {
    schema: { tags, summary: 'Prepare a permit request (permits.write, case visible)', params: idParams, body: permitCreate, security: writeSecurity, response: { 201: permitResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createPermit({ ...deps(req), caseId: req.params.id, input: req.body })));

  app.get('/api/permits/:id', {
    schema: { tags, summary: 'One permit with its history (cases.read, its case visible)', params: idParams, querystring: noQuery, security, response: { 200: permitResponse } },
  }, async (req) => service.getPermit({ ...deps(req), permitId: req.params.id }));

  app.patch('/api/permits/:id', {
    schema: { tags, summary: 'Change a permit’s details (permits.write; version required)', params: idParams, body: permitUpdate, security: writeSecurity, response: { 200: permitResponse } },
  }, async (req) => service.updatePermit({ ...deps(req), permitId: req.params.id, input: req.body }));

  app.post('/api/permits/:id/steps', {
    schema: { tags, summary: 'Record a step of the permit (submitted, issued, refused, renewal, conversion, expiry, revocation) with its date (permits.write; version required)', params: idParams, body: permitStepBody, security: writeSecurity, response: { 201: permitResponse } },
  }, async (req, reply) => reply.status(201).send(await service.stepPermit({ ...deps(req), permitId: req.params.id, input: req.body })));

  app.get('/api/persons/:id/legal-status', {
    schema: {
      tags, summary: 'The person’s legal status: permits on the cases the caller sees, newest first, and the one in force (cases.read)', params: idParams, querystring: noQuery, security,
      response: { 200: z.object({ personId: z.string(), current: permitResponse.nullable(), items: z.array(permitResponse) }) },
    },
  }, async (req) => service.legalStatus({ ...deps(req), personId: req.params.id }));

  // --- criminal proceedings (criminal.read only) ----------------------------------------------
  app.get('/api/cases/:id/criminal-proceedings', {
    schema: { tags: ['criminal proceedings'], summary: 'Criminal proceedings of the case (criminal.read, case visible)', params: idParams, querystring: noQuery, security, response: { 200: criminalResponse } },
  }, async (req) => service.getCriminal({ ...deps(req), caseId: req.params.id }));

  app.put('/api/cases/:id/criminal-proceedings', {
    schema: { tags: ['criminal proceedings'], summary: 'Record or replace the criminal proceedings (criminal.read and cases.write; version: 0 for the first time)', params: idParams, body: criminalPut, security: writeSecurity, response: { 200: criminalResponse } },
  }, async (req) => service.putCriminal({ ...deps(req), caseId: req.params.id, input: req.body }));

  app.post('/api/cases/:id/criminal-proceedings/hearings', {
    schema: { tags: ['criminal proceedings'], summary: 'Add a hearing with its date (criminal.read and cases.write)', params: idParams, body: hearingCreate, security: writeSecurity, response: { 201: criminalResponse } },
  }, async (req, reply) => reply.status(201).send(await service.addHearing({ ...deps(req), caseId: req.params.id, input: req.body })));

  // --- minors ---------------------------------------------------------------------------------
  app.get('/api/cases/:id/minor', {
    schema: { tags: ['minors'], summary: 'Minor’s programme: age assessment outcome, continuing past 18, 18th-birthday alerts given (cases.read, case visible)', params: idParams, querystring: noQuery, security, response: { 200: minorResponse } },
  }, async (req) => service.getMinor({ ...deps(req), caseId: req.params.id }));

  app.put('/api/cases/:id/minor', {
    schema: { tags: ['minors'], summary: 'Record the age assessment outcome and whether the programme continues past 18 (cases.write)', params: idParams, body: minorPut, security: writeSecurity, response: { 200: minorResponse } },
  }, async (req) => service.putMinor({ ...deps(req), caseId: req.params.id, input: req.body }));
}
