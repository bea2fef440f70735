/** HTTP routes of the persons registry. Thin: parse, call the service, answer. */
import { z } from 'zod';
import type { PonteApp } from '../../app.ts';
import { countryList } from '../../../domain/reference/countries.ts';
import { languageList } from '../../../domain/reference/languages.ts';
import * as service from './service.ts';
import { idParams, personCreate, personListResponse, personQuery, personResponse, personUpdate } from './schemas.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const noQuery = z.object({}).strict();

const referenceItems = z.object({ items: z.array(z.object({ code: z.string(), nameIt: z.string(), nameEn: z.string() })) });

export async function personRoutes(app: PonteApp): Promise<void> {
  const services = app.services;

  // Reference lists of the person form: public knowledge, served to logged-in users like the others.
  const countries = { items: countryList.map((c) => ({ code: c.code, nameIt: c.name.it, nameEn: c.name.en })) };
  const languages = { items: languageList.map((l) => ({ code: l.code, nameIt: l.name.it, nameEn: l.name.en })) };
  app.get('/api/reference/countries', {
    schema: { tags: ['reference'], summary: 'Countries (ISO 3166-1 alpha-2, and XK)', security, querystring: noQuery, response: { 200: referenceItems } },
  }, async (req) => {
    req.access.requireActor();
    return countries;
  });
  app.get('/api/reference/languages', {
    schema: { tags: ['reference'], summary: 'Languages (ISO 639-1 and selected ISO 639-2/3 codes)', security, querystring: noQuery, response: { 200: referenceItems } },
  }, async (req) => {
    req.access.requireActor();
    return languages;
  });

  app.get('/api/persons', {
    schema: {
      tags: ['persons'],
      summary: 'List the organisation’s persons, or search them by code, name, document or phone (persons.read); names only with persons.write',
      querystring: personQuery,
      security,
      response: { 200: personListResponse },
    },
  }, async (req) => service.listPersons({ access: req.access, services, query: req.query }));

  app.post('/api/persons', {
    schema: { tags: ['persons'], summary: 'Register a person (persons.write)', body: personCreate, security: writeSecurity, response: { 201: personResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createPerson({ access: req.access, services, input: req.body })));

  app.get('/api/persons/:id', {
    schema: { tags: ['persons'], summary: 'Read a person (persons.read, visible to the caller’s organisation)', params: idParams, querystring: noQuery, security, response: { 200: personResponse } },
  }, async (req) => service.getPerson({ access: req.access, services, id: req.params.id }));

  app.patch('/api/persons/:id', {
    schema: { tags: ['persons'], summary: 'Change a person; lists given replace the stored ones; version required (persons.write)', params: idParams, body: personUpdate, security: writeSecurity, response: { 200: personResponse } },
  }, async (req) => service.updatePerson({ access: req.access, services, id: req.params.id, input: req.body }));
}
