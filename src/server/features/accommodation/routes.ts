/** HTTP routes of accommodation: facilities, beds, placements, waiting list, occupancy, availability. Thin. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { PonteApp } from '../../app.ts';
import * as service from './service.ts';
import {
  availabilityQuery,
  bedCreate,
  bedParams,
  bedUpdate,
  caseParams,
  facilityCreate,
  facilityParams,
  facilityUpdate,
  noQuery,
  occupancyQuery,
  placementCreate,
  placementEnd,
  placementParams,
  placementQuery,
  waitlistCreate,
  waitlistParams,
  waitlistQuery,
  waitlistUpdate,
} from './schemas.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['accommodation'];

// --- responses -------------------------------------------------------------------------------
const bedResponse = z.object({
  id: z.string(), label: z.string(), kind: z.string(), active: z.boolean(), occupied: z.boolean(),
  placement: z.object({
    id: z.string(), personId: z.string(), personCode: z.string(), personName: z.string().nullable(), caseId: z.string().nullable(), caseCode: z.string().nullable(), startsOn: z.string(),
  }).nullable(),
});
const facilityResponse = z.object({
  id: z.string(), organisationId: z.string(), organisationName: z.string(), type: z.string(), name: z.string(), province: z.string(),
  municipality: z.string().nullable(), targetGroups: z.array(z.string()), active: z.boolean(), address: z.string().nullable().optional(),
  canManage: z.boolean(), beds: z.array(bedResponse), createdAt: z.string(), updatedAt: z.string(),
});
const facilitySummary = z.object({
  id: z.string(), organisationId: z.string(), organisationName: z.string(), type: z.string(), name: z.string(), province: z.string(),
  municipality: z.string().nullable(), targetGroups: z.array(z.string()), active: z.boolean(), beds: z.number(), occupied: z.number(), canManage: z.boolean(),
});
const placementResponse = z.object({
  id: z.string(), bedId: z.string(), bedLabel: z.string(), personId: z.string(), personCode: z.string(), personName: z.string().nullable(),
  caseId: z.string().nullable(), caseCode: z.string().nullable(), startsOn: z.string(), endsOn: z.string().nullable(), leavingReason: z.string().nullable(),
  note: z.string().nullable(), current: z.boolean(), createdAt: z.string(),
});
const occupancyResponse = z.object({
  facilityId: z.string(), beds: z.number(), months: z.array(z.object({ month: z.string(), available: z.number(), used: z.number() })),
});
const availabilityResponse = z.object({
  date: z.string(),
  k: z.number(),
  items: z.array(z.object({ facilityType: z.string(), province: z.string(), facilities: z.number(), beds: z.number().nullable(), free: z.number(), occupied: z.number().nullable() })),
  totals: z.object({ beds: z.number().nullable(), free: z.number(), occupied: z.number().nullable() }),
});
const waitlistResponse = z.object({
  id: z.string(), facilityId: z.string().nullable(), facilityName: z.string().nullable(), facilityType: z.string().nullable(), personId: z.string(),
  personCode: z.string(), personName: z.string().nullable(), caseId: z.string().nullable(), caseCode: z.string().nullable(), priority: z.number(),
  requestedOn: z.string(), needs: z.array(z.string()), note: z.string().nullable(), status: z.enum(['waiting', 'placed', 'withdrawn']),
  placementId: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
});
const casePlacementResponse = z.object({
  id: z.string(), facilityName: z.string(), facilityType: z.string(), province: z.string(), organisationName: z.string(), bedLabel: z.string(),
  startsOn: z.string(), endsOn: z.string().nullable(), leavingReason: z.string().nullable(),
});
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export async function accommodationRoutes(app: PonteApp): Promise<void> {
  const deps = (req: FastifyRequest): service.AccommodationDeps => ({ access: req.access, cipher: app.services.cipher });

  // --- availability board ------------------------------------------------------------------
  app.get('/api/accommodation/availability', {
    schema: {
      tags, summary: 'Free beds across the network by facility type and province: counts only, free beds exact, occupied beds (and so bed counts) with small cells hidden (referrals.send, cases.read or accommodation.*)',
      querystring: availabilityQuery, security, response: { 200: availabilityResponse },
    },
  }, async (req) => service.availabilityBoard({ ...deps(req), targetGroup: req.query.targetGroup || undefined, smallCellK: app.services.config.PONTE_SMALL_CELL_K }));

  // --- facilities --------------------------------------------------------------------------
  app.get('/api/accommodation/facilities', {
    schema: { tags, summary: 'Facilities of the organisation, or coordinated by the lead body (accommodation.manage or accommodation.address)', querystring: noQuery, security, response: { 200: items(facilitySummary) } },
  }, async (req) => service.listFacilities(deps(req)));

  app.post('/api/accommodation/facilities', {
    schema: { tags, summary: 'Register a facility of the organisation, with its beds (accommodation.manage)', body: facilityCreate, security: writeSecurity, response: { 201: facilityResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createFacility({ ...deps(req), input: req.body })));

  app.get('/api/accommodation/facilities/:id', {
    schema: { tags, summary: 'A facility with its beds; the address only for the owner and the lead body\'s coordinator', params: facilityParams, querystring: noQuery, security, response: { 200: facilityResponse } },
  }, async (req) => service.getFacility({ ...deps(req), facilityId: req.params.id }));

  app.patch('/api/accommodation/facilities/:id', {
    schema: { tags, summary: 'Change a facility (accommodation.manage, owner organisation)', params: facilityParams, body: facilityUpdate, security: writeSecurity, response: { 200: facilityResponse } },
  }, async (req) => service.updateFacility({ ...deps(req), facilityId: req.params.id, input: req.body }));

  app.post('/api/accommodation/facilities/:id/beds', {
    schema: { tags, summary: 'Add a bed (accommodation.manage, owner organisation)', params: facilityParams, body: bedCreate, security: writeSecurity, response: { 201: bedResponse } },
  }, async (req, reply) => reply.status(201).send(await service.addBed({ ...deps(req), facilityId: req.params.id, input: req.body })));

  app.patch('/api/accommodation/facilities/:id/beds/:bedId', {
    schema: { tags, summary: 'Change or take a bed out of use (accommodation.manage, owner organisation)', params: bedParams, body: bedUpdate, security: writeSecurity, response: { 200: bedResponse } },
  }, async (req) => service.updateBed({ ...deps(req), facilityId: req.params.id, bedId: req.params.bedId, input: req.body }));

  app.get('/api/accommodation/facilities/:id/occupancy', {
    schema: { tags, summary: 'Bed-nights used and available per month (default: the last 12 months)', params: facilityParams, querystring: occupancyQuery, security, response: { 200: occupancyResponse } },
  }, async (req) => service.occupancy({ ...deps(req), facilityId: req.params.id, from: req.query.from, to: req.query.to }));

  // --- placements --------------------------------------------------------------------------
  app.get('/api/accommodation/facilities/:id/placements', {
    schema: { tags, summary: 'Placements of the facility, newest first (accommodation.manage, owner organisation)', params: facilityParams, querystring: placementQuery, security, response: { 200: items(placementResponse) } },
  }, async (req) => service.listPlacements({ ...deps(req), facilityId: req.params.id, ...(req.query.current ? { current: req.query.current === 'true' } : {}) }));

  app.post('/api/accommodation/facilities/:id/placements', {
    schema: { tags, summary: 'Place a person in a bed; 409 when the bed or the person is taken for that period', params: facilityParams, body: placementCreate, security: writeSecurity, response: { 201: placementResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createPlacement({ ...deps(req), facilityId: req.params.id, input: req.body })));

  app.post('/api/accommodation/facilities/:id/placements/:placementId/end', {
    schema: { tags, summary: 'End a placement with the day of leaving and the reason', params: placementParams, body: placementEnd, security: writeSecurity, response: { 200: placementResponse } },
  }, async (req) => service.endPlacement({ ...deps(req), facilityId: req.params.id, placementId: req.params.placementId, input: req.body }));

  // --- waiting list ------------------------------------------------------------------------
  app.get('/api/accommodation/waitlist', {
    schema: { tags, summary: 'The organisation\'s waiting list, waiting first by priority (accommodation.manage)', querystring: waitlistQuery, security, response: { 200: items(waitlistResponse) } },
  }, async (req) => service.listWaitlist({ ...deps(req), status: req.query.status || undefined }));

  app.post('/api/accommodation/waitlist', {
    schema: { tags, summary: 'Put a person on the waiting list (accommodation.manage)', body: waitlistCreate, security: writeSecurity, response: { 201: waitlistResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createWaitlistEntry({ ...deps(req), input: req.body })));

  app.patch('/api/accommodation/waitlist/:id', {
    schema: { tags, summary: 'Change priority or needs, or withdraw a request (accommodation.manage)', params: waitlistParams, body: waitlistUpdate, security: writeSecurity, response: { 200: waitlistResponse } },
  }, async (req) => service.updateWaitlistEntry({ ...deps(req), id: req.params.id, input: req.body }));

  // --- from the case page ------------------------------------------------------------------
  app.get('/api/cases/:id/placements', {
    schema: { tags, summary: 'Placements recorded for the case: facility name, type, province, dates (cases.read)', params: caseParams, querystring: noQuery, security, response: { 200: items(casePlacementResponse) } },
  }, async (req) => service.listCasePlacements({ ...deps(req), caseId: req.params.id }));
}
