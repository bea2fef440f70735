/** HTTP routes of outreach: outings and contacts, zones, desks and sessions, counts, devices and sync. Thin. */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PonteApp } from '../../app.ts';
import { linkConsentMethods, contactCancelSchema, contactLinkSchema } from '../../../domain/outreach/index.ts';
import { accompanimentKinds, adviceKinds, ageBands, contactHistories, deskKinds, nationalityGroups, offerKinds, sexGenders, syncStatuses, unitKinds } from '../../../domain/outreach/index.ts';
import { DeviceForgotten, deviceForgottenMessage, type OutreachDeps } from './common.ts';
import * as contacts from './contacts.ts';
import * as service from './service.ts';
import * as sync from './sync.ts';
import {
  byZoneQuery, contactCreate, contactUpdate, deskCreate, deskUpdate, deviceCreate, idParams, noQuery, outingCreate, outingUpdate, outingsQuery,
  sessionCancel, sessionCreate, sessionUpdate, sessionsQuery, syncQuery, syncUpload, zoneCreate, zoneUpdate,
} from './schemas.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['outreach'];

// --- responses -------------------------------------------------------------------------------
const counts = <K extends readonly string[]>(keys: K) => z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as { [P in K[number]]: z.ZodNumber });
const outingRecord = z.object({
  kind: z.literal('outing'), id: z.string(), version: z.number(), updatedAt: z.string(),
  unitKind: z.enum(unitKinds), unitName: z.string(), teamUserIds: z.array(z.string()), date: z.string(), startTime: z.string(), endTime: z.string(),
  provinceCode: z.string(), municipality: z.string(), zones: z.array(z.object({ zoneId: z.string(), contacts: z.number() })), totalContacts: z.number(),
  bySex: counts(sexGenders), byAge: counts(ageBands), byNationality: counts(nationalityGroups), byHistory: counts(contactHistories),
  offered: counts(offerKinds), accompaniments: counts(accompanimentKinds), notes: z.string().nullable(),
});
const contactRecord = z.object({
  kind: z.literal('contact'), id: z.string(), version: z.number(), updatedAt: z.string(), outingId: z.string(),
  nickname: z.string().nullable(), traits: z.string().nullable(), sexGender: z.enum(sexGenders), ageBand: z.enum(ageBands),
  nationalityGroup: z.enum(nationalityGroups), history: z.enum(contactHistories), possibleVictim: z.boolean(), consentToFollowUp: z.boolean(),
  personCode: z.string().nullable(),
});
const contactResponse = contactRecord.extend({
  screeningPath: z.string().nullable(),
  link: z.object({ consentMethod: z.enum(linkConsentMethods), linkedAt: z.string() }).nullable(),
  cancelled: z.object({ at: z.string(), reason: z.string().nullable() }).nullable(),
});
const outingDetail = outingRecord.extend({ contacts: z.array(contactResponse) });
const outingSummary = z.object({
  id: z.string(), version: z.number(), unitKind: z.enum(unitKinds), unitName: z.string(), date: z.string(), startTime: z.string(), endTime: z.string(),
  provinceCode: z.string(), municipality: z.string(), totalContacts: z.number(), individualContacts: z.number(), possibleVictims: z.number(), updatedAt: z.string(),
});
const zoneResponse = z.object({ id: z.string(), version: z.number(), name: z.string(), provinceCode: z.string(), municipality: z.string() });
const slot = z.object({ weekday: z.number(), from: z.string(), to: z.string() });
const deskResponse = z.object({
  id: z.string(), version: z.number(), name: z.string(), kind: z.enum(deskKinds), provinceCode: z.string(), municipality: z.string(),
  openingHours: z.array(slot), sessions: z.number(), interviews: z.number(),
});
const sessionResponse = z.object({
  id: z.string(), version: z.number(), deskId: z.string(), date: z.string(), startTime: z.string(), endTime: z.string(), workerUserId: z.string(), workerName: z.string().nullable(),
  interviews: z.number(), advice: counts(adviceKinds),
  bySex: counts(sexGenders).nullable(), byAge: counts(ageBands).nullable(), byNationality: counts(nationalityGroups).nullable(),
  personCodes: z.array(z.string()), createdAt: z.string(), cancelledAt: z.string().nullable(),
});
const byZoneResponse = z.object({
  months: z.array(z.string()),
  rows: z.array(z.object({
    zoneId: z.string().nullable(), zoneName: z.string().nullable(), provinceCode: z.string(), municipality: z.string(), organisationName: z.string().nullable(),
    months: z.record(z.string(), z.number().nullable()), total: z.number().nullable(),
  })),
  totals: z.record(z.string(), z.number().nullable()), total: z.number().nullable(), scope: z.enum(['organisation', 'network']),
  k: z.number().nullable(),
});
const deviceResponse = z.object({
  id: z.string(), label: z.string(), userId: z.string(), userName: z.string().nullable(), createdAt: z.string(), lastSyncAt: z.string().nullable(), forgottenAt: z.string().nullable(),
});
const syncRecord = z.union([outingRecord, contactRecord]);
const syncAnswer = z.object({
  batchId: z.string(),
  results: z.array(z.object({
    id: z.string(), kind: z.enum(['outing', 'contact']), status: z.enum(syncStatuses), version: z.number().optional(), record: syncRecord.optional(),
    conflicts: z.array(z.object({ field: z.string(), base: z.unknown(), mine: z.unknown(), theirs: z.unknown() })).optional(),
    error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional() }).optional(),
  })),
  serverTime: z.string(),
});
const gone = z.object({ code: z.literal('device_forgotten'), error: z.object({ code: z.literal('device_forgotten'), message: z.string() }) });

export async function outreachRoutes(app: PonteApp): Promise<void> {
  const deps = (req: FastifyRequest): OutreachDeps => ({ access: req.access, cipher: app.services.cipher });

  /** A forgotten device answers 410 { code: "device_forgotten" } (docs/outreach-sync.md). */
  const forgotten = async <T>(req: FastifyRequest, reply: FastifyReply, work: () => Promise<T>): Promise<T | FastifyReply> => {
    try {
      return await work();
    } catch (e) {
      if (!(e instanceof DeviceForgotten)) throw e;
      const message = deviceForgottenMessage[req.access.meta.locale];
      return reply.status(410).send({ code: 'device_forgotten', error: { code: 'device_forgotten', message } });
    }
  };

  // --- outings and contacts ---------------------------------------------------------------------
  app.get('/api/outings', {
    schema: { tags, summary: 'Outings of the organisation, newest first (outreach.write)', querystring: outingsQuery, security, response: { 200: z.object({ items: z.array(outingSummary) }) } },
  }, async (req) => service.listOutings({ ...deps(req), ...(req.query.from ? { from: req.query.from } : {}), ...(req.query.to ? { to: req.query.to } : {}), ...(req.query.unitKind ? { unitKind: req.query.unitKind } : {}), ...(req.query.unit ? { unit: req.query.unit } : {}), ...(req.query.zoneId ? { zoneId: req.query.zoneId } : {}), limit: req.query.limit }));

  app.post('/api/outings', {
    schema: { tags, summary: 'Record an outing with its counts (outreach.write); breakdowns must add up to the total, at most 500 contacts', body: outingCreate, security: writeSecurity, response: { 201: outingDetail } },
  }, async (req, reply) => reply.status(201).send(await service.createOuting({ ...deps(req), input: req.body })));

  app.get('/api/outings/:id', {
    schema: { tags, summary: 'One outing with its individual contacts (outreach.write, own organisation)', params: idParams, querystring: noQuery, security, response: { 200: outingDetail } },
  }, async (req) => service.getOuting({ ...deps(req), outingId: req.params.id }));

  app.patch('/api/outings/:id', {
    schema: { tags, summary: 'Change an outing (outreach.write; version required; the whole record is checked again)', params: idParams, body: outingUpdate, security: writeSecurity, response: { 200: outingDetail } },
  }, async (req) => service.updateOuting({ ...deps(req), outingId: req.params.id, input: req.body }));

  app.post('/api/outings/:id/contacts', {
    schema: { tags, summary: 'Add an individual contact to an outing (outreach.write); individual contacts never exceed the outing’s total', params: idParams, body: contactCreate, security: writeSecurity, response: { 201: contactResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createContact({ ...deps(req), outingId: req.params.id, input: req.body })));

  app.patch('/api/contacts/:id', {
    schema: { tags, summary: 'Change an individual contact (outreach.write; version required)', params: idParams, body: contactUpdate, security: writeSecurity, response: { 200: contactResponse } },
  }, async (req) => service.updateContact({ ...deps(req), contactId: req.params.id, input: req.body }));

  app.get('/api/contacts/:id', {
    schema: { tags, summary: 'One individual contact with its link and cancellation (outreach.write, own organisation)', params: idParams, querystring: noQuery, security, response: { 200: contactResponse } },
  }, async (req) => contacts.getContact({ ...deps(req), contactId: req.params.id }));

  app.patch('/api/contacts/:id/person', {
    schema: {
      tags, summary: 'Link a possible victim’s contact to a person, confirming the person agreed (outreach.write and persons.read; person visible to the organisation; version required)',
      params: idParams, body: contactLinkSchema, security: writeSecurity, response: { 200: contactResponse },
    },
  }, async (req) => contacts.linkContactToPerson({ ...deps(req), contactId: req.params.id, input: req.body }));

  app.post('/api/contacts/:id/cancel', {
    schema: { tags, summary: 'Cancel a contact recorded by mistake, with a reason (outreach.write; version required); it stays, marked, and no longer counts', params: idParams, body: contactCancelSchema, security: writeSecurity, response: { 200: contactResponse } },
  }, async (req) => contacts.cancelContact({ ...deps(req), contactId: req.params.id, input: req.body }));

  // --- zones ------------------------------------------------------------------------------------
  app.get('/api/outreach/zones', {
    schema: { tags, summary: 'Named zones of the organisation (outreach.write)', querystring: noQuery, security, response: { 200: z.object({ items: z.array(zoneResponse) }) } },
  }, async (req) => service.listZones(deps(req)));

  app.post('/api/outreach/zones', {
    schema: { tags, summary: 'Name a zone within a municipality (outreach.write)', body: zoneCreate, security: writeSecurity, response: { 201: zoneResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createZone({ ...deps(req), input: req.body })));

  app.patch('/api/outreach/zones/:id', {
    schema: { tags, summary: 'Rename or move a zone (outreach.write; version required)', params: idParams, body: zoneUpdate, security: writeSecurity, response: { 200: zoneResponse } },
  }, async (req) => service.updateZone({ ...deps(req), zoneId: req.params.id, input: req.body }));

  app.get('/api/outreach/contacts-by-zone', {
    schema: { tags, summary: 'Contacts by zone and by month (counts): the organisation’s (outreach.write) or the network’s (stats.aggregate)', querystring: byZoneQuery, security, response: { 200: byZoneResponse } },
  }, async (req) => service.contactsByZone({ ...deps(req), from: req.query.from, to: req.query.to, k: app.services.config.PONTE_SMALL_CELL_K }));

  app.get('/api/outreach/team', {
    schema: { tags, summary: 'Active members of the organisation, to choose an outing’s team from (outreach.write)', querystring: noQuery, security, response: { 200: z.object({ items: z.array(z.object({ userId: z.string(), displayName: z.string() })) }) } },
  }, async (req) => service.listTeam(deps(req)));

  // --- desks ------------------------------------------------------------------------------------
  app.get('/api/outreach/desks', {
    schema: { tags, summary: 'Desks of the organisation with their opening hours (outreach.write)', querystring: noQuery, security, response: { 200: z.object({ items: z.array(deskResponse) }) } },
  }, async (req) => service.listDesks(deps(req)));

  app.post('/api/outreach/desks', {
    schema: { tags, summary: 'Open a desk (outreach.write)', body: deskCreate, security: writeSecurity, response: { 201: deskResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createDesk({ ...deps(req), input: req.body })));

  app.patch('/api/outreach/desks/:id', {
    schema: { tags, summary: 'Change a desk (outreach.write; version required)', params: idParams, body: deskUpdate, security: writeSecurity, response: { 200: deskResponse } },
  }, async (req) => service.updateDesk({ ...deps(req), deskId: req.params.id, input: req.body }));

  app.get('/api/outreach/desks/:id', {
    schema: { tags, summary: 'One desk of the organisation with its opening hours and totals (outreach.write)', params: idParams, querystring: noQuery, security, response: { 200: deskResponse } },
  }, async (req) => service.getDesk({ ...deps(req), deskId: req.params.id }));

  app.get('/api/outreach/desks/:id/sessions', {
    schema: { tags, summary: 'Sessions held at a desk, newest first, a page at a time (outreach.write; `before`: the last session already shown)', params: idParams, querystring: sessionsQuery, security, response: { 200: z.object({ items: z.array(sessionResponse), hasMore: z.boolean() }) } },
  }, async (req) => service.listDeskSessions({ ...deps(req), deskId: req.params.id, limit: req.query.limit, before: req.query.before }));

  app.post('/api/outreach/desks/:id/sessions', {
    schema: { tags, summary: 'Record a desk session: interviews, advice given, persons met by code (outreach.write)', params: idParams, body: sessionCreate, security: writeSecurity, response: { 201: sessionResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createDeskSession({ ...deps(req), deskId: req.params.id, input: req.body })));

  app.patch('/api/outreach/desk-sessions/:id', {
    schema: { tags, summary: 'Correct a desk session (outreach.write; version required; the whole session is checked again)', params: idParams, body: sessionUpdate, security: writeSecurity, response: { 200: sessionResponse } },
  }, async (req) => service.updateDeskSession({ ...deps(req), sessionId: req.params.id, input: req.body }));

  app.post('/api/outreach/desk-sessions/:id/cancel', {
    schema: { tags, summary: 'Cancel a desk session recorded by mistake (outreach.write; version required): kept, marked, counted nowhere', params: idParams, body: sessionCancel, security: writeSecurity, response: { 200: sessionResponse } },
  }, async (req) => service.cancelDeskSession({ ...deps(req), sessionId: req.params.id, version: req.body.version }));

  // --- devices and sync (docs/outreach-sync.md) ---------------------------------------------------
  app.post('/api/outreach/devices', {
    schema: { tags, summary: 'Register this phone for the field app, bound to the caller (outreach.write)', body: deviceCreate, security: writeSecurity, response: { 201: z.object({ deviceId: z.string() }) } },
  }, async (req, reply) => reply.status(201).send(await sync.registerDevice({ ...deps(req), label: req.body.label })));

  app.get('/api/outreach/devices', {
    schema: { tags, summary: 'Own devices (outreach.write); every device of the organisation for administrators (users.manage)', querystring: noQuery, security, response: { 200: z.object({ items: z.array(deviceResponse) }) } },
  }, async (req) => sync.listDevices(deps(req)));

  app.post('/api/outreach/devices/:id/forget', {
    schema: { tags, summary: 'Forget a device: from then on its sync calls answer 410 (its owner, or users.manage in its organisation)', params: idParams, security: writeSecurity, response: { 200: z.object({ deviceId: z.string(), forgottenAt: z.string() }) } },
  }, async (req) => sync.forgetDevice({ ...deps(req), deviceId: req.params.id }));

  app.post('/api/outreach/sync', {
    bodyLimit: Math.max(app.services.config.PONTE_BODY_LIMIT_BYTES, 4 * 1024 * 1024),
    schema: { tags, summary: 'Upload a batch of changes from a device (outreach.write; idempotent on deviceId and batchId; at most 500 changes)', body: syncUpload, security: writeSecurity, response: { 200: syncAnswer, 410: gone } },
  }, async (req, reply) => forgotten(req, reply, () => sync.upload({ ...deps(req), body: req.body })));

  app.get('/api/outreach/sync', {
    schema: { tags, summary: 'Download the organisation’s outings of the last 30 days changed since a server time, with their contacts (outreach.write)', querystring: syncQuery, security, response: { 200: z.object({ records: z.array(syncRecord), serverTime: z.string() }), 410: gone } },
  }, async (req, reply) => forgotten(req, reply, () => sync.download({ ...deps(req), deviceId: req.query.deviceId, ...(req.query.since ? { since: req.query.since } : {}) })));
}
