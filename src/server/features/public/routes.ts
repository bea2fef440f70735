/**
 * Routes of the public portal.
 *
 * The public site lives under /p/<language>/ (the web app keeps the site root and its own paths):
 * /p (to the visitor's language), /p/<lang>/ (home: the regional plan), /p/<lang>/help,
 * /p/<lang>/contacts, /p/<lang>/projects/<project code>, /p/<lang>/<slug> (other pages). Plain
 * server-rendered HTML that works without JavaScript; no session is read and no cookie is set;
 * a strict Content-Security-Policy of its own; not in the API description.
 *
 * The staff editor's API is under /api/public-pages (public.edit).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PonteApp } from '../../app.ts';
import { pickPublicLanguage } from '../../../domain/public/languages.ts';
import { sendPublicPage } from './send.ts';
import { renderPublicPage, type PublicRoute } from './site.ts';
import * as service from './service.ts';
import * as feedback from './feedback.ts';
import {
  feedbackListResponse,
  feedbackQuery,
  feedbackResponse,
  feedbackUpdate,
  idParams,
  pageCreate,
  pageListResponse,
  pageResponse,
  publishBody,
  unpublishBody,
  versionCreate,
  versionListResponse,
  versionParams,
  versionResponse,
  versionsQuery,
} from './schemas.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

export async function publicRoutes(app: PonteApp): Promise<void> {
  const exitUrl = app.services.config.PONTE_PUBLIC_EXIT_URL;
  const show = (route: (req: FastifyRequest) => PublicRoute) => async (req: FastifyRequest, reply: FastifyReply) => {
    const { lang } = req.params as { lang: string };
    return sendPublicPage(reply, await renderPublicPage({ access: req.access, exitUrl, lang, route: route(req) }));
  };
  const hidden = { schema: { hide: true } };

  app.get('/p', hidden, (req, reply) => reply.header('Vary', 'Accept-Language').header('Cache-Control', 'no-store').redirect(`/p/${pickPublicLanguage(req.headers['accept-language'])}/`, 302));
  app.get('/p/', hidden, (req, reply) => reply.header('Vary', 'Accept-Language').header('Cache-Control', 'no-store').redirect(`/p/${pickPublicLanguage(req.headers['accept-language'])}/`, 302));
  app.get('/p/:lang', hidden, async (req, reply) => {
    const { lang } = req.params as { lang: string };
    if (/^[a-z]{2}$/.test(lang)) return reply.redirect(`/p/${lang}/`, 301);
    return sendPublicPage(reply, await renderPublicPage({ access: req.access, exitUrl, lang, route: { kind: 'missing' } }));
  });
  app.get('/p/:lang/', hidden, show(() => ({ kind: 'home' })));
  app.get('/p/:lang/help', hidden, show(() => ({ kind: 'help' })));
  app.get('/p/:lang/contacts', hidden, show(() => ({ kind: 'contacts' })));
  app.get('/p/:lang/projects/:code', hidden, show((req) => ({ kind: 'project', code: (req.params as { code: string }).code })));
  app.get('/p/:lang/:slug', hidden, show((req) => ({ kind: 'page', slug: (req.params as { slug: string }).slug })));
  app.get('/p/:lang/*', hidden, show(() => ({ kind: 'missing' })));

  // --- feedback: the form, the only anonymous write of the site so far ------------------------
  const tokens = new feedback.FormTokens();
  const limiter = new feedback.ClientLimiter();
  const { cipher, clock } = app.services;
  const settings = { retentionDays: app.services.config.PONTE_FEEDBACK_RETENTION_DAYS, maxPerHour: app.services.config.PONTE_FEEDBACK_MAX_PER_HOUR };
  const missingPage = async (req: FastifyRequest, reply: FastifyReply, lang: string) =>
    sendPublicPage(reply, await renderPublicPage({ access: req.access, exitUrl, lang, route: { kind: 'missing' } }));
  const formPage = (reply: FastifyReply, status: 200 | 400 | 429, lang: feedback.FeedbackLanguage, form: feedback.FeedbackForm, errors: feedback.FeedbackErrorKey[]) =>
    sendPublicPage(reply, {
      status,
      html: feedback.feedbackFormHtml({ lang, exitUrl, token: tokens.issue({ lang, page: form.page, now: clock.now() }), form, errors }),
    });

  app.get('/p/:lang/feedback', hidden, async (req, reply) => {
    const { lang } = req.params as { lang: string };
    if (!feedback.isFeedbackLanguage(lang)) return missingPage(req, reply, lang);
    const page = feedback.cleanPagePath((req.query as Record<string, unknown> | undefined)?.page);
    return formPage(reply, 200, lang, { page, useful: null, comment: '' }, []);
  });
  app.get('/p/:lang/feedback/sent', hidden, async (req, reply) => {
    const { lang } = req.params as { lang: string };
    if (!feedback.isFeedbackLanguage(lang)) return missingPage(req, reply, lang);
    const page = feedback.cleanPagePath((req.query as Record<string, unknown> | undefined)?.page);
    return sendPublicPage(reply, { status: 200, html: feedback.feedbackSentHtml({ lang, exitUrl, page }) });
  });
  // A plain HTML form posts application/x-www-form-urlencoded: parsed here only (the API keeps JSON).
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => {
      const fields: Record<string, string> = {};
      for (const [key, value] of new URLSearchParams(body as string)) if (!(key in fields)) fields[key] = value;
      done(null, fields);
    });
    scope.post('/p/:lang/feedback', hidden, async (req, reply) => {
      const { lang } = req.params as { lang: string };
      if (!feedback.isFeedbackLanguage(lang)) return missingPage(req, reply, lang);
      const { form, token, trap } = feedback.readForm(req.body);
      const sent = `/p/${lang}/feedback/sent?page=${encodeURIComponent(form.page)}`;
      const now = clock.now();
      const age = tokens.check({ token, lang, page: form.page, now });
      // A filled hidden field or a form sent within seconds: a bot. Answered like a success, nothing kept.
      if (trap !== '' || age === 'early') return reply.header('Cache-Control', 'no-store').redirect(sent, 303);
      if (!limiter.take(req.ip, now.getTime())) return formPage(reply, 429, lang, form, ['tooMany']);
      if (age === 'expired') return formPage(reply, 400, lang, form, ['expired']);
      const errors = feedback.validateForm(form);
      if (errors.length > 0) return formPage(reply, 400, lang, form, errors);
      const stored = await feedback.storeFeedback({ access: req.access, cipher, settings, lang, form });
      if (stored === 'capped') return formPage(reply, 429, lang, form, ['tooMany']);
      return reply.header('Cache-Control', 'no-store').redirect(sent, 303);
    });
  });

  // --- the staff editor ----------------------------------------------------------------------
  app.get('/api/public-pages', {
    schema: { tags: ['public pages'], summary: 'Public pages with their state per language (public.edit)', security, querystring: versionsQuery.omit({ lang: true }), response: { 200: pageListResponse } },
  }, async (req) => service.listPages({ access: req.access }));

  app.post('/api/public-pages', {
    schema: { tags: ['public pages'], summary: 'Create a public page: home, help, a project page or another page (public.edit)', body: pageCreate, security: writeSecurity, response: { 201: pageResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createPage({ access: req.access, input: req.body })));

  app.get('/api/public-pages/:id', {
    schema: { tags: ['public pages'], summary: 'A public page and its state per language (public.edit)', params: idParams, querystring: versionsQuery.omit({ lang: true }), security, response: { 200: pageResponse } },
  }, async (req) => service.getPage({ access: req.access, id: req.params.id }));

  app.get('/api/public-pages/:id/versions', {
    schema: { tags: ['public pages'], summary: 'Saved versions of a page, newest first per language (public.edit)', params: idParams, querystring: versionsQuery, security, response: { 200: versionListResponse } },
  }, async (req) => service.listVersions({ access: req.access, id: req.params.id, lang: req.query.lang }));

  app.post('/api/public-pages/:id/versions', {
    schema: { tags: ['public pages'], summary: 'Save a new version of a page in one language (public.edit)', params: idParams, body: versionCreate, security: writeSecurity, response: { 201: versionResponse } },
  }, async (req, reply) => reply.status(201).send(await service.saveVersion({ access: req.access, id: req.params.id, input: req.body })));

  app.get('/api/public-pages/:id/versions/:versionId', {
    schema: { tags: ['public pages'], summary: 'One saved version with its text (public.edit)', params: versionParams, querystring: versionsQuery.omit({ lang: true }), security, response: { 200: versionResponse } },
  }, async (req) => service.getVersion({ access: req.access, id: req.params.id, versionId: req.params.versionId }));

  app.post('/api/public-pages/:id/versions/:versionId/restore', {
    schema: { tags: ['public pages'], summary: 'Restore a version: save a copy of it as the newest version (public.edit)', params: versionParams, security: writeSecurity, response: { 201: versionResponse } },
  }, async (req, reply) => reply.status(201).send(await service.restoreVersion({ access: req.access, id: req.params.id, versionId: req.params.versionId })));

  app.post('/api/public-pages/:id/publish', {
    schema: { tags: ['public pages'], summary: 'Publish a version in its language, replacing the one published (public.edit)', params: idParams, body: publishBody, security: writeSecurity, response: { 200: pageResponse } },
  }, async (req) => service.publishVersion({ access: req.access, id: req.params.id, input: req.body }));

  app.post('/api/public-pages/:id/unpublish', {
    schema: { tags: ['public pages'], summary: 'Withdraw a page from the public site in one language (public.edit)', params: idParams, body: unpublishBody, security: writeSecurity, response: { 200: pageResponse } },
  }, async (req) => service.unpublishPage({ access: req.access, id: req.params.id, input: req.body }));

  // --- visitors' feedback, for staff review ----------------------------------------------------
  app.get('/api/public-feedback', {
    schema: { tags: ['public pages'], summary: 'Feedback left by visitors of the public pages, newest first, 100 at a time (public.edit)', querystring: feedbackQuery, security, response: { 200: feedbackListResponse } },
  }, async (req) => feedback.listFeedback({ access: req.access, cipher, query: req.query }));

  app.patch('/api/public-feedback/:id', {
    schema: { tags: ['public pages'], summary: 'Mark a feedback as reviewed or archived (public.edit)', params: idParams, body: feedbackUpdate, security: writeSecurity, response: { 200: feedbackResponse } },
  }, async (req) => feedback.reviewFeedback({ access: req.access, cipher, id: req.params.id, input: req.body }));
}
