/**
 * Routes of training events.
 *
 * Public (server-rendered HTML, no JavaScript needed, no session read, no cookie, the public CSP):
 * /p/<lang>/events (upcoming), /p/<lang>/events/<slug> (page and registration form; POST
 * registers), /p/<lang>/events/<slug>/registered, /p/<lang>/events/cancel/<token> (GET asks, POST
 * cancels). These static segments take precedence over the public site's /p/:lang/:slug and
 * /p/:lang/* in the router. Registration resists bots without third parties like the feedback
 * form: a signed time token, a hidden field, a per-address limit in memory and an hourly cap.
 *
 * Staff API under /api/events (events.manage).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PonteApp } from '../../app.ts';
import { isPublicLanguage, type PublicLanguage } from '../../../domain/public/languages.ts';
import { checkRegistration } from '../../../domain/events/index.ts';
import { sendPublicPage } from '../public/send.ts';
import { renderPublicPage, type RenderedPage } from '../public/site.ts';
import { ClientLimiter, FormTokens } from '../public/feedback.ts';
import { contentDisposition } from '../case-records/routes.ts';
import * as reg from './registrations.ts';
import * as pages from './public.ts';
import * as service from './service.ts';
import { certificatePdf, toCsv, toXlsx } from './documents.ts';
import {
  attendanceBody,
  attendanceResponse,
  eventCreate,
  eventListResponse,
  eventResponse,
  eventUpdate,
  exportQuery,
  idParams,
  noQuery,
  registrationListResponse,
  registrationParams,
  versionBody,
} from './schemas.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['events'];
/** Registrations and cancellations accepted from one client address in ten minutes. */
export const perAddressLimit = 20;

/** The posted form's fields: strings only (the first of a repeated name), anything else ignored. */
function readForm(body: unknown, fieldKeys: readonly string[]) {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const one = (name: string): string => {
    const v = fields[name];
    return typeof v === 'string' ? v : '';
  };
  const answers: Record<string, string> = {};
  for (const key of fieldKeys) answers[key] = one(`f_${key}`);
  return {
    raw: { name: one('name'), email: one('email'), phone: one('phone'), consent: one('consent'), answers },
    token: fields.token,
    trap: one('website'),
  };
}

export async function eventRoutes(app: PonteApp): Promise<void> {
  const exitUrl = app.services.config.PONTE_PUBLIC_EXIT_URL;
  const { cipher, clock } = app.services;
  const services: reg.EventServices = { cipher, blindIndex: (o) => app.services.blindIndex(o) };
  const settings: reg.RegistrationSettings = { retentionDays: app.services.config.PONTE_EVENT_RETENTION_DAYS, maxPerHour: app.services.config.PONTE_EVENT_MAX_PER_HOUR };
  const tokens = new FormTokens();
  // Colleagues often register from one office address: a wider limit than the feedback form's.
  const limiter = new ClientLimiter(perAddressLimit, 10 * 60_000);
  const hidden = { schema: { hide: true } };
  const missingPage = async (req: FastifyRequest, reply: FastifyReply, lang: string) =>
    sendPublicPage(reply, await renderPublicPage({ access: req.access, exitUrl, lang, route: { kind: 'missing' } }) satisfies RenderedPage);
  const eventPage = (reply: FastifyReply, status: number, lang: PublicLanguage, event: reg.PublicEvent, form: pages.RegistrationForm, errors: pages.PageError[]) =>
    sendPublicPage(reply, {
      status,
      html: pages.eventPageHtml({ lang, exitUrl, event, now: clock.now(), token: tokens.issue({ lang, page: `/events/${event.slug}`, now: clock.now() }), form, errors }),
    });

  app.get('/p/:lang/events', hidden, async (req, reply) => {
    const { lang } = req.params as { lang: string };
    if (!isPublicLanguage(lang)) return missingPage(req, reply, lang);
    return sendPublicPage(reply, { status: 200, html: pages.eventListHtml({ lang, exitUrl, events: await reg.upcomingEvents({ access: req.access }) }) });
  });
  app.get('/p/:lang/events/:slug', hidden, async (req, reply) => {
    const { lang, slug } = req.params as { lang: string; slug: string };
    if (!isPublicLanguage(lang)) return missingPage(req, reply, lang);
    const event = await reg.publicEvent({ access: req.access, slug });
    if (!event) return missingPage(req, reply, lang);
    return eventPage(reply, 200, lang, event, pages.emptyForm, []);
  });
  app.get('/p/:lang/events/:slug/registered', hidden, async (req, reply) => {
    const { lang, slug } = req.params as { lang: string; slug: string };
    if (!isPublicLanguage(lang)) return missingPage(req, reply, lang);
    const event = await reg.publicEvent({ access: req.access, slug });
    if (!event) return missingPage(req, reply, lang);
    const status = (req.query as Record<string, unknown> | undefined)?.status === 'waiting' ? 'waiting' : 'confirmed';
    return sendPublicPage(reply, { status: 200, html: pages.registeredHtml({ lang, exitUrl, event, status }) });
  });
  app.get('/p/:lang/events/cancel/:token', hidden, async (req, reply) => {
    const { lang, token } = req.params as { lang: string; token: string };
    if (!isPublicLanguage(lang)) return missingPage(req, reply, lang);
    const view = await reg.cancelView({ access: req.access, token });
    return sendPublicPage(reply, { status: view ? 200 : 404, html: pages.cancelPageHtml({ lang, exitUrl, token, view, done: false }) });
  });

  // Plain HTML forms post application/x-www-form-urlencoded: parsed in this scope only.
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => {
      const fields: Record<string, string> = {};
      for (const [key, value] of new URLSearchParams(body as string)) if (!(key in fields)) fields[key] = value;
      done(null, fields);
    });

    scope.post('/p/:lang/events/:slug', hidden, async (req, reply) => {
      const { lang, slug } = req.params as { lang: string; slug: string };
      if (!isPublicLanguage(lang)) return missingPage(req, reply, lang);
      const event = await reg.publicEvent({ access: req.access, slug });
      if (!event) return missingPage(req, reply, lang);
      const { raw, token, trap } = readForm(req.body, event.formFields.map((f) => f.key));
      const form: pages.RegistrationForm = { name: raw.name, email: raw.email, phone: raw.phone, consent: raw.consent === 'yes', answers: raw.answers };
      const now = clock.now();
      const age = tokens.check({ token, lang, page: `/events/${event.slug}`, now });
      // A filled hidden field or a form sent within seconds: a bot. Answered like a success, nothing kept.
      if (trap !== '' || age === 'early') return reply.header('Cache-Control', 'no-store').redirect(`/p/${lang}/events/${event.slug}/registered`, 303);
      if (!limiter.take(req.ip, now.getTime())) return eventPage(reply, 429, lang, event, form, [{ field: null, key: 'tooMany' }]);
      if (age === 'expired') return eventPage(reply, 400, lang, event, form, [{ field: null, key: 'expired' }]);
      if (!reg.registrationOpen(event, now)) return eventPage(reply, 409, lang, event, form, [{ field: null, key: 'closed' }]);
      const checked = checkRegistration(event.formFields, raw);
      if (checked.errors.length > 0) return eventPage(reply, 400, lang, event, form, checked.errors);
      const outcome = await reg.register({ access: req.access, services, settings, slug: event.slug, lang, values: checked.values, consentText: event.consentText });
      switch (outcome.kind) {
        case 'registered':
          return reply.header('Cache-Control', 'no-store').redirect(`/p/${lang}/events/${event.slug}/registered?status=${outcome.status}`, 303);
        case 'missing':
          return missingPage(req, reply, lang);
        case 'capped':
          return eventPage(reply, 429, lang, event, form, [{ field: null, key: 'tooMany' }]);
        case 'duplicate':
          return eventPage(reply, 409, lang, event, form, [{ field: null, key: 'duplicate' }]);
        case 'full':
          return eventPage(reply, 409, lang, { ...event, confirmed: event.capacity }, form, [{ field: null, key: 'fullRefused' }]);
        case 'closed':
          return eventPage(reply, 409, lang, event, form, [{ field: null, key: 'closed' }]);
      }
    });

    scope.post('/p/:lang/events/cancel/:token', hidden, async (req, reply) => {
      const { lang, token } = req.params as { lang: string; token: string };
      if (!isPublicLanguage(lang)) return missingPage(req, reply, lang);
      if (!limiter.take(req.ip, clock.now().getTime())) {
        return sendPublicPage(reply, { status: 429, html: pages.cancelPageHtml({ lang, exitUrl, token, view: null, done: false }) });
      }
      const outcome = await reg.cancelRegistration({ access: req.access, services, token });
      const view = outcome === 'unknown' ? null : await reg.cancelView({ access: req.access, token });
      return sendPublicPage(reply, { status: view ? 200 : 404, html: pages.cancelPageHtml({ lang, exitUrl, token, view, done: view !== null }) });
    });
  });

  // --- staff API ---------------------------------------------------------------------------------
  app.get('/api/events', {
    schema: { tags, summary: 'Training events, newest first, with places taken (events.manage)', querystring: noQuery, security, response: { 200: eventListResponse } },
  }, async (req) => service.listEvents({ access: req.access }));

  app.post('/api/events', {
    schema: { tags, summary: 'Create a training event, as a draft (events.manage)', body: eventCreate, security: writeSecurity, response: { 201: eventResponse } },
  }, async (req, reply) => reply.status(201).send(await service.createEvent({ access: req.access, input: req.body })));

  app.get('/api/events/:id', {
    schema: { tags, summary: 'One training event (events.manage)', params: idParams, querystring: noQuery, security, response: { 200: eventResponse } },
  }, async (req) => service.getEvent({ access: req.access, id: req.params.id }));

  app.put('/api/events/:id', {
    schema: { tags, summary: 'Edit a training event (events.manage; the version read, else 409)', params: idParams, body: eventUpdate, security: writeSecurity, response: { 200: eventResponse } },
  }, async (req) => service.updateEvent({ access: req.access, cipher, id: req.params.id, input: req.body }));

  app.post('/api/events/:id/publish', {
    schema: { tags, summary: 'Publish an event on the public site (events.manage)', params: idParams, body: versionBody, security: writeSecurity, response: { 200: eventResponse } },
  }, async (req) => service.setPublished({ access: req.access, id: req.params.id, published: true, version: req.body.version }));

  app.post('/api/events/:id/unpublish', {
    schema: { tags, summary: 'Withdraw an event from the public site (events.manage)', params: idParams, body: versionBody, security: writeSecurity, response: { 200: eventResponse } },
  }, async (req) => service.setPublished({ access: req.access, id: req.params.id, published: false, version: req.body.version }));

  app.post('/api/events/:id/cancel', {
    schema: { tags, summary: 'Cancel an event: registrants are mailed (events.manage)', params: idParams, body: versionBody, security: writeSecurity, response: { 200: eventResponse } },
  }, async (req) => service.cancelEvent({ access: req.access, cipher, id: req.params.id, version: req.body.version }));

  app.get('/api/events/:id/registrations', {
    schema: { tags, summary: 'Registrations of an event with the registrants’ data (events.manage; audited)', params: idParams, querystring: noQuery, security, response: { 200: registrationListResponse } },
  }, async (req) => service.listRegistrations({ access: req.access, cipher, id: req.params.id }));

  app.put('/api/events/:id/registrations/:registrationId/attendance', {
    schema: { tags, summary: 'Mark a confirmed registrant present or absent (events.manage)', params: registrationParams, body: attendanceBody, security: writeSecurity, response: { 200: attendanceResponse } },
  }, async (req) => service.markAttendance({ access: req.access, id: req.params.id, registrationId: req.params.registrationId, attended: req.body.attended }));

  app.get('/api/events/:id/registrations/:registrationId/certificate', {
    schema: { tags, summary: 'Attendance certificate (PDF) of a registrant marked present, with the credits (events.manage; audited)', params: registrationParams, querystring: noQuery, security },
  }, async (req, reply) => {
    const data = await service.certificateData({ access: req.access, cipher, id: req.params.id, registrationId: req.params.registrationId });
    const pdf = await certificatePdf({ ...data, locale: req.access.meta.locale, issuedAt: clock.now() });
    return reply
      .header('Cache-Control', 'no-store')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Disposition', contentDisposition(`attestato-${data.event.slug}.pdf`))
      .type('application/pdf')
      .send(pdf);
  });

  app.get('/api/events/:id/registrations/export', {
    schema: { tags, summary: 'The registrants of an event as CSV or XLSX (events.manage; audited)', params: idParams, querystring: exportQuery, security },
  }, async (req, reply) => {
    const data = await service.listRegistrations({ access: req.access, cipher, id: req.params.id, action: 'event_registration.export' });
    const locale = req.access.meta.locale;
    void reply.header('Cache-Control', 'no-store').header('X-Content-Type-Options', 'nosniff');
    if (req.query.format === 'xlsx') {
      return reply
        .header('Content-Disposition', contentDisposition(`iscritti-${data.event.slug}.xlsx`))
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await toXlsx(data.event, data.items, locale));
    }
    return reply.header('Content-Disposition', contentDisposition(`iscritti-${data.event.slug}.csv`)).type('text/csv; charset=utf-8').send(toCsv(data.event, data.items, locale));
  });
}
