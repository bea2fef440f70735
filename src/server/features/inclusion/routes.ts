/** HTTP routes of social inclusion: courses, the inclusion records of a case, the board. Thin: parse, call the service, answer. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { PonteApp } from '../../app.ts';
import {
  attendanceStatuses,
  contractTypes,
  courseKinds,
  enrolmentOutcomes,
  housingKinds,
  housingSupports,
  internshipOutcomes,
  isicSections,
  placementOutcomes,
  reintegrationSupports,
  returnStatuses,
} from '../../../domain/inclusion/index.ts';
import * as service from './service.ts';
import {
  attendancePut,
  courseCreate,
  courseUpdate,
  enrolmentCreate,
  enrolmentParams,
  enrolmentUpdate,
  housingCreate,
  housingUpdate,
  idParams,
  internshipCreate,
  internshipUpdate,
  noQuery,
  placementCreate,
  placementUpdate,
  returnCreate,
  returnUpdate,
  sessionCreate,
  summaryQuery,
} from './schemas.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['social inclusion'];

const date = z.string().nullable();
const rate = z.number().nullable();
const stamps = { createdAt: z.string(), updatedAt: z.string(), version: z.number() };
const sector = z.enum(isicSections).nullable();

const internshipResponse = z.object({
  id: z.string(), caseId: z.string(), employerName: z.string(), sector, tutorName: z.string().nullable(), hoursPerWeek: z.string().nullable(),
  monthlyStipend: z.string().nullable(), startsOn: z.string(), endsOn: date, outcome: z.enum(internshipOutcomes).nullable(), outcomeReason: z.string().nullable(), ...stamps,
});
const placementResponse = z.object({
  id: z.string(), caseId: z.string(), employerName: z.string(), sector, contractType: z.enum(contractTypes), hoursPerWeek: z.string().nullable(),
  startsOn: z.string(), endsOn: date, outcome: z.enum(placementOutcomes).nullable(), note: z.string().nullable(), ...stamps,
});
const housingResponse = z.object({
  id: z.string(), caseId: z.string(), movedOn: z.string(), kind: z.enum(housingKinds), support: z.array(z.enum(housingSupports)), note: z.string().nullable(), ...stamps,
});
const returnResponse = z.object({
  id: z.string(), caseId: z.string(), country: z.string(), partnerName: z.string().nullable(), status: z.enum(returnStatuses), plannedOn: date, departedOn: date,
  support: z.array(z.enum(reintegrationSupports)), supportNote: z.string().nullable(), ...stamps,
});
const caseEnrolmentResponse = z.object({
  id: z.string(), courseId: z.string(), courseTitle: z.string(), courseKind: z.enum(courseKinds), courseStartsOn: z.string(), courseEndsOn: date,
  enrolledOn: z.string(), outcome: z.enum(enrolmentOutcomes).nullable(), outcomeOn: date, sessions: z.number(), present: z.number(), absent: z.number(),
  excused: z.number(), attendanceRate: rate, version: z.number(),
});
const caseInclusionResponse = z.object({
  caseId: z.string(), enrolments: z.array(caseEnrolmentResponse), internships: z.array(internshipResponse), placements: z.array(placementResponse),
  housing: z.array(housingResponse), returns: z.array(returnResponse),
});
const courseItem = {
  id: z.string(), title: z.string(), kind: z.enum(courseKinds), place: z.string().nullable(), startsOn: z.string(), endsOn: date, plannedHours: z.string().nullable(),
  sessions: z.number(), enrolments: z.number(), version: z.number(),
};
const courseResponse = z.object({
  ...courseItem,
  providerName: z.string().nullable(),
  sessionList: z.array(z.object({ id: z.string(), heldOn: z.string(), hours: z.string() })),
  enrolmentList: z.array(z.object({
    id: z.string(), caseId: z.string(), caseCode: z.string(), enrolledOn: z.string(), outcome: z.enum(enrolmentOutcomes).nullable(), outcomeOn: date, attendanceRate: rate, version: z.number(),
  })),
  hiddenEnrolments: z.number(),
  attendance: z.array(z.object({ sessionId: z.string(), enrolmentId: z.string(), status: z.enum(attendanceStatuses) })),
  attendanceRate: rate,
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A published count, or null when hidden to protect small cells. */
const figure = z.number().nullable();
const figures = z.record(z.string(), figure);
const summaryResponse = z.object({
  scope: z.enum(['network', 'organisation']), organisationId: z.string().nullable(), organisationName: z.string().nullable(), date: z.string(),
  courses: z.number(), coursesRunning: z.number(), enrolments: figure, enrolmentsActive: figure, enrolmentOutcomes: figures, attendance: figures,
  attendanceRate: rate, internshipsActive: figure, internshipOutcomes: figures, placementsActive: figure, placementsByContract: figures,
  housingMoves: figure, returnsByStatus: figures, k: z.number().nullable(),
});

export async function inclusionRoutes(app: PonteApp): Promise<void> {
  const deps = (req: FastifyRequest): service.InclusionDeps => ({ access: req.access, cipher: app.services.cipher });

  // --- the inclusion of a case ---------------------------------------------------------------
  app.get('/api/cases/:id/inclusion', {
    schema: { tags, summary: 'Courses, internships, job placements, housing autonomy and voluntary return of the case (cases.read, case visible)', params: idParams, querystring: noQuery, security, response: { 200: caseInclusionResponse } },
  }, async (req) => service.getCaseInclusion({ ...deps(req), caseId: req.params.id }));

  app.post('/api/cases/:id/inclusion/internships', {
    schema: { tags, summary: 'Record an internship (tirocinio) of the case (inclusion.write, case visible)', params: idParams, body: internshipCreate, security: writeSecurity, response: { 201: internshipResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createInternship({ ...deps(req), caseId: req.params.id, input: req.body })));

  app.patch('/api/inclusion/internships/:id', {
    schema: { tags, summary: 'Change an internship (inclusion.write; version required)', params: idParams, body: internshipUpdate, security: writeSecurity, response: { 200: internshipResponse } },
  }, async (req) => service.updateInternship({ ...deps(req), id: req.params.id, input: req.body }));

  app.post('/api/cases/:id/inclusion/placements', {
    schema: { tags, summary: 'Record a job placement of the case (inclusion.write, case visible)', params: idParams, body: placementCreate, security: writeSecurity, response: { 201: placementResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createPlacement({ ...deps(req), caseId: req.params.id, input: req.body })));

  app.patch('/api/inclusion/placements/:id', {
    schema: { tags, summary: 'Change a job placement (inclusion.write; version required)', params: idParams, body: placementUpdate, security: writeSecurity, response: { 200: placementResponse } },
  }, async (req) => service.updatePlacement({ ...deps(req), id: req.params.id, input: req.body }));

  app.post('/api/cases/:id/inclusion/housing', {
    schema: { tags, summary: 'Record the move to independent housing (inclusion.write, case visible)', params: idParams, body: housingCreate, security: writeSecurity, response: { 201: housingResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createHousing({ ...deps(req), caseId: req.params.id, input: req.body })));

  app.patch('/api/inclusion/housing/:id', {
    schema: { tags, summary: 'Change a housing record (inclusion.write; version required)', params: idParams, body: housingUpdate, security: writeSecurity, response: { 200: housingResponse } },
  }, async (req) => service.updateHousing({ ...deps(req), id: req.params.id, input: req.body }));

  app.post('/api/cases/:id/inclusion/returns', {
    schema: { tags, summary: 'Record an assisted voluntary return (inclusion.write, case visible)', params: idParams, body: returnCreate, security: writeSecurity, response: { 201: returnResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createReturn({ ...deps(req), caseId: req.params.id, input: req.body })));

  app.patch('/api/inclusion/returns/:id', {
    schema: { tags, summary: 'Change a voluntary return: status requested → approved → departed, or cancelled (inclusion.write; version required)', params: idParams, body: returnUpdate, security: writeSecurity, response: { 200: returnResponse } },
  }, async (req) => service.updateReturn({ ...deps(req), id: req.params.id, input: req.body }));

  // --- courses -------------------------------------------------------------------------------
  app.get('/api/courses', {
    schema: { tags, summary: 'Courses of the caller’s organisation, with counts (cases.read)', querystring: noQuery, security, response: { 200: z.object({ items: z.array(z.object(courseItem)) }) } },
  }, async (req) => service.listCourses(deps(req)));

  app.post('/api/courses', {
    schema: { tags, summary: 'Create a course of the caller’s organisation (inclusion.write)', body: courseCreate, security: writeSecurity, response: { 201: courseResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createCourse({ ...deps(req), input: req.body })));

  app.get('/api/courses/:id', {
    schema: { tags, summary: 'A course with its sessions, the enrolments of cases the caller sees and their attendance (cases.read)', params: idParams, querystring: noQuery, security, response: { 200: courseResponse } },
  }, async (req) => service.getCourse({ ...deps(req), courseId: req.params.id }));

  app.patch('/api/courses/:id', {
    schema: { tags, summary: 'Change a course (inclusion.write; version required)', params: idParams, body: courseUpdate, security: writeSecurity, response: { 200: courseResponse } },
  }, async (req) => service.updateCourse({ ...deps(req), courseId: req.params.id, input: req.body }));

  app.post('/api/courses/:id/sessions', {
    schema: { tags, summary: 'Add a session to a course (inclusion.write)', params: idParams, body: sessionCreate, security: writeSecurity, response: { 201: courseResponse } },
  }, async (req, reply) => reply.status(201).send(await service.addSession({ ...deps(req), courseId: req.params.id, input: req.body })));

  app.post('/api/courses/:id/enrolments', {
    schema: { tags, summary: 'Enrol a case the caller sees, by id or case code (inclusion.write)', params: idParams, body: enrolmentCreate, security: writeSecurity, response: { 201: courseResponse } },
  }, async (req, reply) => reply.status(201).send(await service.enrol({ ...deps(req), courseId: req.params.id, input: req.body })));

  app.patch('/api/courses/:id/enrolments/:enrolmentId', {
    schema: { tags, summary: 'Record the outcome of an enrolment: completed, dropped out, certificate obtained (inclusion.write; version required)', params: enrolmentParams, body: enrolmentUpdate, security: writeSecurity, response: { 200: courseResponse } },
  }, async (req) => service.updateEnrolment({ ...deps(req), courseId: req.params.id, enrolmentId: req.params.enrolmentId, input: req.body }));

  app.put('/api/courses/:id/attendance', {
    schema: { tags, summary: 'Mark the attendance register: present, absent, excused, or null to clear, per session and enrolment (inclusion.write)', params: idParams, body: attendancePut, security: writeSecurity, response: { 200: courseResponse } },
  }, async (req) => service.putAttendance({ ...deps(req), courseId: req.params.id, input: req.body }));

  // --- the board -----------------------------------------------------------------------------
  app.get('/api/inclusion/summary', {
    schema: { tags, summary: 'Inclusion board, counts only: the organisation (cases.read) or the network (stats.aggregate; small cells hidden unless the caller\'s own organisation)', querystring: summaryQuery, security, response: { 200: summaryResponse } },
  }, async (req) => service.summary({ ...deps(req), orgId: req.query.orgId, smallCellK: app.services.config.PONTE_SMALL_CELL_K }));
}
