/** /api/me: the logged-in user's profile, organisation, password and sessions. */
import type { PonteApp } from '../../app.ts';
import { authDeps, clearSessionCookie } from '../auth/routes.ts';
import { meResponse, meSchema, organisationBody, passwordBody, profileBody, sessionParams, sessionsResponse } from '../auth/schemas.ts';
import { changePassword, endSession, getMe, listSessions, switchOrganisation, updateProfile } from './service.ts';

export async function meRoutes(app: PonteApp): Promise<void> {
  const tags = ['profile'];

  app.get('/api/me', {
    schema: { tags, summary: 'Who is logged in, for which organisation, with which permissions', response: { 200: meSchema } },
  }, async (req) => getMe(authDeps(app, req)));

  app.patch('/api/me', {
    schema: { tags, summary: 'Change language or display name', body: profileBody, response: { 200: meResponse } },
  }, async (req) => ({ me: await updateProfile({ ...authDeps(app, req), locale: req.body.locale, displayName: req.body.displayName }) }));

  app.post('/api/me/organisation', {
    schema: { tags, summary: 'Act for another organisation the user belongs to', body: organisationBody, response: { 200: meResponse } },
  }, async (req) => ({ me: await switchOrganisation({ ...authDeps(app, req), organisationId: req.body.organisationId }) }));

  app.post('/api/me/password', {
    schema: { tags, summary: 'Change the password; other sessions end', body: passwordBody },
  }, async (req, reply) => {
    await changePassword({ ...authDeps(app, req), currentPassword: req.body.currentPassword, newPassword: req.body.newPassword });
    return reply.status(204).send();
  });

  app.get('/api/me/sessions', {
    schema: { tags, summary: 'Open sessions of the user', response: { 200: sessionsResponse } },
  }, async (req) => ({ items: await listSessions(authDeps(app, req)) }));

  app.delete('/api/me/sessions/:id', {
    schema: { tags, summary: 'End one of the user\'s sessions', params: sessionParams },
  }, async (req, reply) => {
    const { current } = await endSession({ ...authDeps(app, req), handle: req.params.id });
    if (current) clearSessionCookie(app, reply);
    return reply.status(204).send();
  });
}
