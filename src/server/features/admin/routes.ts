/** HTTP routes of the administration feature: users, memberships, roles, permissions. Thin: parse, call the service, answer. */
import type { PonteApp } from '../../app.ts';
import { z } from 'zod';
import * as service from './service.ts';
import { permissionsResponse, roleResponse, userResponse } from './responses.ts';
import { idParams, membershipList, roleCreate, roleUpdate, userCreate, userQuery, userUpdate } from './schemas.ts';

const security = [{ session: [] }];
const noQuery = z.object({}).strict();
const writeSecurity = [{ session: [], csrf: [] }];

export async function adminRoutes(app: PonteApp): Promise<void> {
  app.get('/api/users', {
    schema: { tags: ['admin'], summary: 'List users (users.manage; audited)', querystring: userQuery, security, response: { 200: z.object({ items: z.array(userResponse) }) } },
  }, async (req) => service.listUsers({ access: req.access, query: req.query }));

  app.post('/api/users', {
    schema: { tags: ['admin'], summary: 'Create a user (users.manage)', body: userCreate, security: writeSecurity, response: { 201: userResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createUser({ access: req.access, input: req.body })));

  app.get('/api/users/:id', {
    schema: { tags: ['admin'], summary: 'Read a user (users.manage; audited)', params: idParams, querystring: noQuery, security, response: { 200: userResponse } },
  }, async (req) => service.getUser({ access: req.access, id: req.params.id }));

  app.patch('/api/users/:id', {
    schema: { tags: ['admin'], summary: 'Update or disable a user; disabling ends their sessions (users.manage)', params: idParams, body: userUpdate, security: writeSecurity, response: { 200: userResponse } },
  }, async (req) => service.updateUser({ access: req.access, id: req.params.id, input: req.body }));

  app.put('/api/users/:id/memberships', {
    schema: { tags: ['admin'], summary: 'Replace the memberships of a user; a change ends their sessions (users.manage)', params: idParams, body: membershipList, security: writeSecurity, response: { 200: userResponse } },
  }, async (req) => service.setMemberships({ access: req.access, id: req.params.id, input: req.body }));

  app.get('/api/roles', {
    schema: { tags: ['admin'], summary: 'Roles with their permissions (network.read)', querystring: noQuery, security, response: { 200: z.object({ items: z.array(roleResponse) }) } },
  }, async (req) => service.listRoles({ access: req.access }));

  app.post('/api/roles', {
    schema: { tags: ['admin'], summary: 'Create a role (roles.manage)', body: roleCreate, security: writeSecurity, response: { 201: roleResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createRole({ access: req.access, input: req.body })));

  app.patch('/api/roles/:id', {
    schema: { tags: ['admin'], summary: 'Edit a role; a permission change ends the sessions of its holders (roles.manage)', params: idParams, body: roleUpdate, security: writeSecurity, response: { 200: roleResponse } },
  }, async (req) => service.updateRole({ access: req.access, id: req.params.id, input: req.body }));

  app.delete('/api/roles/:id', {
    schema: { tags: ['admin'], summary: 'Delete a custom role no one holds (roles.manage)', params: idParams, security: writeSecurity },
  }, async (req, reply) => {
    await service.deleteRole({ access: req.access, id: req.params.id });
    return reply.status(204).send();
  });

  app.get('/api/permissions', {
    schema: { tags: ['admin'], summary: 'The permission list, with personal-data flags (network.read)', querystring: noQuery, security, response: { 200: permissionsResponse } },
  }, async (req) => service.listPermissions({ access: req.access }));
}
