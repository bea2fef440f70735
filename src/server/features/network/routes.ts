/** HTTP routes of the network feature: organisations, projects and reference lists. Thin: parse, call the service, answer. */
import { z } from 'zod';
import type { PonteApp } from '../../app.ts';
import { provinces } from '../../../domain/provinces.ts';
import { organisationTypes } from '../../../domain/organisations.ts';
import { serviceTypes } from '../../../domain/services.ts';
import * as service from './service.ts';
import { itemsOf, organisationResponse, organisationTypesResponse, projectResponse, projectSummaryResponse, provincesResponse, servicesResponse } from './responses.ts';
import { idParams, organisationCreate, organisationQuery, organisationUpdate, projectCreate, projectQuery, projectUpdate } from './schemas.ts';

const security = [{ session: [] }];
/** Endpoints without parameters refuse any query string too. */
const noQuery = z.object({}).strict();
const writeSecurity = [{ session: [], csrf: [] }];

export async function networkRoutes(app: PonteApp): Promise<void> {
  app.get('/api/organisations', {
    schema: { tags: ['network'], summary: 'List organisations (network.read)', querystring: organisationQuery, security, response: { 200: itemsOf(organisationResponse) } },
  }, async (req) => service.listOrganisations({ access: req.access, query: req.query }));

  app.post('/api/organisations', {
    schema: { tags: ['network'], summary: 'Create an organisation (network.manage)', body: organisationCreate, security: writeSecurity, response: { 201: organisationResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createOrganisation({ access: req.access, input: req.body })));

  app.get('/api/organisations/:id', {
    schema: { tags: ['network'], summary: 'Read an organisation (network.read)', params: idParams, querystring: noQuery, security, response: { 200: organisationResponse } },
  }, async (req) => service.getOrganisation({ access: req.access, id: req.params.id }));

  app.patch('/api/organisations/:id', {
    schema: { tags: ['network'], summary: 'Update an organisation (network.manage)', params: idParams, body: organisationUpdate, security: writeSecurity, response: { 200: organisationResponse } },
  }, async (req) => service.updateOrganisation({ access: req.access, id: req.params.id, input: req.body }));

  app.get('/api/projects', {
    schema: { tags: ['network'], summary: 'List projects (network.read)', querystring: projectQuery, security, response: { 200: itemsOf(projectSummaryResponse) } },
  }, async (req) => service.listProjects({ access: req.access, query: req.query }));

  app.post('/api/projects', {
    schema: { tags: ['network'], summary: 'Create a project with partners, budget lines and complementary projects (network.manage)', body: projectCreate, security: writeSecurity, response: { 201: projectResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createProject({ access: req.access, input: req.body })));

  app.get('/api/projects/:id', {
    schema: { tags: ['network'], summary: 'Read a project (network.read)', params: idParams, querystring: noQuery, security, response: { 200: projectResponse } },
  }, async (req) => service.getProject({ access: req.access, id: req.params.id }));

  app.patch('/api/projects/:id', {
    schema: { tags: ['network'], summary: 'Update a project; lists given are replaced whole (network.manage)', params: idParams, body: projectUpdate, security: writeSecurity, response: { 200: projectResponse } },
  }, async (req) => service.updateProject({ access: req.access, id: req.params.id, input: req.body }));

  // Reference lists: public knowledge, but served to logged-in users only like the rest of the API.
  const provinceItems = { items: provinces.map(({ code, abbreviation, name, regionCode, regionName, kind }) => ({ code, abbreviation, name, regionCode, regionName, kind })) };
  const typeItems = { items: organisationTypes.map((t) => ({ key: t.key, nameIt: t.name.it, nameEn: t.name.en, htcds: t.htcds, standard: t.standard })) };
  const serviceItems = { items: serviceTypes.map((s) => ({ code: s.code, nameIt: s.name.it, nameEn: s.name.en })) };

  app.get('/api/reference/provinces', {
    schema: { tags: ['reference'], summary: 'ISTAT provinces', security, querystring: noQuery, response: { 200: provincesResponse } },
  }, async (req) => {
    req.access.requireActor();
    return provinceItems;
  });

  app.get('/api/reference/organisation-types', {
    schema: { tags: ['reference'], summary: 'Organisation types (HTCDS org_Type and Italian agencies)', security, querystring: noQuery, response: { 200: organisationTypesResponse } },
  }, async (req) => {
    req.access.requireActor();
    return typeItems;
  });

  app.get('/api/reference/services', {
    schema: { tags: ['reference'], summary: 'Services a body can offer', security, querystring: noQuery, response: { 200: servicesResponse } },
  }, async (req) => {
    req.access.requireActor();
    return serviceItems;
  });
}
