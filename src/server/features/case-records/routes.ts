/** HTTP routes of the case records: plan, services, notes, documents, tasks, consents. Thin: parse, call the service, answer. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { PonteApp } from '../../app.ts';
import * as service from './service.ts';
import {
  actionCreate,
  actionParams,
  actionUpdate,
  caseParams,
  consentCreate,
  consentParams,
  consentWithdraw,
  documentCreate,
  documentParams,
  goalCreate,
  goalParams,
  goalUpdate,
  noQuery,
  noteCreate,
  serviceCreate,
  serviceParams,
  serviceUpdate,
  taskCreate,
  taskParams,
  taskUpdate,
} from './schemas.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['case records'];

// --- responses -------------------------------------------------------------------------------
const date = z.string().nullable();
const actionResponse = z.object({
  id: z.string(), goalId: z.string(), what: z.string(), ownerUserId: z.string().nullable(), ownerName: z.string().nullable(),
  dueOn: date, reviewOn: date, status: z.enum(['open', 'done', 'dropped']), overdue: z.boolean(), createdAt: z.string(), updatedAt: z.string(),
});
const goalResponse = z.object({
  id: z.string(), title: z.string(), description: z.string().nullable(), status: z.enum(['open', 'achieved', 'dropped']),
  createdBy: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(), actions: z.array(actionResponse),
});
const serviceResponse = z.object({
  id: z.string(), type: z.string(), providerOrganisationId: z.string().nullable(), providerOrganisationName: z.string().nullable(),
  providerName: z.string().nullable(), startsOn: date, endsOn: date, status: z.enum(['planned', 'active', 'completed', 'cancelled']),
  cost: z.string().nullable(), notes: z.string().nullable(), createdBy: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
});
const noteResponse = z.object({ id: z.string(), text: z.string(), category: z.string().nullable(), authorId: z.string(), authorName: z.string().nullable(), createdAt: z.string() });
const documentResponse = z.object({
  id: z.string(), fileName: z.string(), mediaType: z.enum(['application/pdf', 'image/png', 'image/jpeg']), category: z.string().nullable(),
  sizeBytes: z.number(), sha256: z.string(), uploadedBy: z.string(), uploadedByName: z.string().nullable(), uploadedAt: z.string(),
});
const taskResponse = z.object({
  id: z.string(), caseId: z.string(), title: z.string(), assigneeId: z.string(), assigneeName: z.string().nullable(), dueOn: date,
  doneAt: z.string().nullable(), doneBy: z.string().nullable(), overdue: z.boolean(), createdAt: z.string(), updatedAt: z.string(),
});
const consentStatus = z.enum(['given', 'refused', 'withdrawn']);
const consentResponse = z.object({
  id: z.string(), purpose: z.enum(['services', 'sharing', 'statistics']), organisationId: z.string().nullable(), organisationName: z.string().nullable(),
  status: consentStatus, date: z.string(), method: z.string(), interpreterLanguage: z.string().nullable(), givenBy: z.enum(['person', 'guardian']),
  guardianName: z.string().nullable(), note: z.string().nullable(), withdrawsId: z.string().nullable(), recordedBy: z.string(),
  recordedByName: z.string().nullable(), recordedAt: z.string(),
});
const consentStateResponse = z.object({
  purpose: z.enum(['services', 'sharing', 'statistics']), organisationId: z.string().nullable(), organisationName: z.string().nullable(),
  status: consentStatus, allowed: z.boolean(), date: z.string(), consentId: z.string(),
});
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/**
 * A file name safe in a Content-Disposition header: an ASCII fallback (anything else, quotes,
 * backslashes, separators and control characters become "_") and the exact name in RFC 5987 form.
 */
export function contentDisposition(fileName: string): string {
  const base = fileName.split(/[/\\]/).pop() || 'documento';
  const ascii = base.replace(/[^\x20-\x7e]|["\\;%]/g, '_').slice(0, 150) || 'documento';
  const encoded = encodeURIComponent(base).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function caseRecordRoutes(app: PonteApp): Promise<void> {
  const deps = (req: FastifyRequest): service.RecordDeps => ({ access: req.access, cipher: app.services.cipher });
  const maxBytes = app.services.config.PONTE_DOCUMENT_MAX_BYTES;
  // The JSON body carries the file in base64 (4 characters per 3 bytes) plus the other fields.
  const documentBodyLimit = Math.ceil(maxBytes / 3) * 4 + 64 * 1024;

  // --- individual plan ---------------------------------------------------------------------
  app.get('/api/cases/:id/plan', {
    schema: { tags, summary: 'The individual plan: goals with their actions (cases.read)', params: caseParams, querystring: noQuery, security, response: { 200: z.object({ goals: z.array(goalResponse) }) } },
  }, async (req) => service.getPlan({ ...deps(req), caseId: req.params.id }));

  app.post('/api/cases/:id/plan/goals', {
    schema: { tags, summary: 'Add a goal to the plan (cases.write)', params: caseParams, body: goalCreate, security: writeSecurity, response: { 201: goalResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createGoal({ ...deps(req), caseId: req.params.id, input: req.body })));

  app.patch('/api/cases/:id/plan/goals/:goalId', {
    schema: { tags, summary: 'Change a goal (cases.write)', params: goalParams, body: goalUpdate, security: writeSecurity, response: { 200: goalResponse } },
  }, async (req) => service.updateGoal({ ...deps(req), caseId: req.params.id, goalId: req.params.goalId, input: req.body }));

  app.post('/api/cases/:id/plan/goals/:goalId/actions', {
    schema: { tags, summary: 'Add an action to a goal (cases.write)', params: goalParams, body: actionCreate, security: writeSecurity, response: { 201: actionResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createAction({ ...deps(req), caseId: req.params.id, goalId: req.params.goalId, input: req.body })));

  app.patch('/api/cases/:id/plan/actions/:actionId', {
    schema: { tags, summary: 'Change an action (cases.write)', params: actionParams, body: actionUpdate, security: writeSecurity, response: { 200: actionResponse } },
  }, async (req) => service.updateAction({ ...deps(req), caseId: req.params.id, actionId: req.params.actionId, input: req.body }));

  // --- services ----------------------------------------------------------------------------
  app.get('/api/cases/:id/services', {
    schema: { tags, summary: 'Services of the case (cases.read)', params: caseParams, querystring: noQuery, security, response: { 200: items(serviceResponse) } },
  }, async (req) => service.listServices({ ...deps(req), caseId: req.params.id }));

  app.post('/api/cases/:id/services', {
    schema: { tags, summary: 'Record a service (cases.write, or assigned to the case)', params: caseParams, body: serviceCreate, security: writeSecurity, response: { 201: serviceResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createService({ ...deps(req), caseId: req.params.id, input: req.body })));

  app.patch('/api/cases/:id/services/:serviceId', {
    schema: { tags, summary: 'Change a service (cases.write)', params: serviceParams, body: serviceUpdate, security: writeSecurity, response: { 200: serviceResponse } },
  }, async (req) => service.updateService({ ...deps(req), caseId: req.params.id, serviceId: req.params.serviceId, input: req.body }));

  // --- notes -------------------------------------------------------------------------------
  app.get('/api/cases/:id/notes', {
    schema: { tags, summary: 'Notes of the case, newest first (cases.read)', params: caseParams, querystring: noQuery, security, response: { 200: items(noteResponse) } },
  }, async (req) => service.listNotes({ ...deps(req), caseId: req.params.id }));

  app.post('/api/cases/:id/notes', {
    schema: { tags, summary: 'Add a note; notes are never edited (cases.write, or assigned to the case)', params: caseParams, body: noteCreate, security: writeSecurity, response: { 201: noteResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createNote({ ...deps(req), caseId: req.params.id, input: req.body })));

  // --- documents ---------------------------------------------------------------------------
  app.get('/api/cases/:id/documents', {
    schema: { tags, summary: 'Documents of the case, metadata only (cases.read)', params: caseParams, querystring: noQuery, security, response: { 200: items(documentResponse) } },
  }, async (req) => service.listDocuments({ ...deps(req), caseId: req.params.id }));

  app.post('/api/cases/:id/documents', {
    bodyLimit: documentBodyLimit,
    schema: { tags, summary: 'Upload a PDF, PNG or JPEG, base64 in JSON (cases.write, or assigned to the case)', params: caseParams, body: documentCreate, security: writeSecurity, response: { 201: documentResponse } },
  }, async (req, reply) => reply.status(201).send(await service.uploadDocument({ ...deps(req), caseId: req.params.id, input: req.body, maxBytes })));

  app.get('/api/cases/:id/documents/:documentId/content', {
    schema: { tags, summary: 'The document itself, decrypted, as an attachment (cases.read)', params: documentParams, querystring: noQuery, security },
  }, async (req, reply) => {
    const doc = await service.readDocumentContent({ ...deps(req), caseId: req.params.id, documentId: req.params.documentId });
    return reply
      .header('Content-Disposition', contentDisposition(doc.fileName))
      .header('X-Content-Type-Options', 'nosniff')
      .type(doc.mediaType)
      .send(doc.data);
  });

  // --- tasks -------------------------------------------------------------------------------
  app.get('/api/cases/:id/tasks', {
    schema: { tags, summary: 'Tasks of the case (cases.read)', params: caseParams, querystring: noQuery, security, response: { 200: items(taskResponse) } },
  }, async (req) => service.listTasks({ ...deps(req), caseId: req.params.id }));

  app.post('/api/cases/:id/tasks', {
    schema: { tags, summary: 'Create a task for a user of the organisation (cases.write)', params: caseParams, body: taskCreate, security: writeSecurity, response: { 201: taskResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createTask({ ...deps(req), caseId: req.params.id, input: req.body })));

  app.patch('/api/cases/:id/tasks/:taskId', {
    schema: { tags, summary: 'Mark done or open again, reassign, change the due date (cases.write)', params: taskParams, body: taskUpdate, security: writeSecurity, response: { 200: taskResponse } },
  }, async (req) => service.updateTask({ ...deps(req), caseId: req.params.id, taskId: req.params.taskId, input: req.body }));

  app.get('/api/me/tasks', {
    schema: {
      tags, summary: 'The caller\'s open tasks on the cases they can see, with overdue flags', querystring: noQuery, security,
      response: { 200: z.object({ today: z.string(), items: z.array(taskResponse.extend({ caseCode: z.string() })) }) },
    },
  }, async (req) => service.myTasks(deps(req)));

  // --- consents ----------------------------------------------------------------------------
  app.get('/api/cases/:id/consents', {
    schema: {
      tags, summary: 'Consent in force per purpose (and organisation), and the full history (cases.read)', params: caseParams, querystring: noQuery, security,
      response: { 200: z.object({ current: z.array(consentStateResponse), history: z.array(consentResponse) }) },
    },
  }, async (req) => service.listConsents({ ...deps(req), caseId: req.params.id }));

  app.post('/api/cases/:id/consents', {
    schema: { tags, summary: 'Record consent given or refused for a purpose (cases.write)', params: caseParams, body: consentCreate, security: writeSecurity, response: { 201: consentResponse } },
  }, async (req, reply) => reply.status(201).send(await service.recordConsent({ ...deps(req), caseId: req.params.id, input: req.body })));

  app.post('/api/cases/:id/consents/:consentId/withdraw', {
    schema: { tags, summary: 'Withdraw the consent in force (cases.write)', params: consentParams, body: consentWithdraw, security: writeSecurity, response: { 201: consentResponse } },
  }, async (req, reply) => reply.status(201).send(await service.withdrawConsent({ ...deps(req), caseId: req.params.id, consentId: req.params.consentId, input: req.body })));
}
