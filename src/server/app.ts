/**
 * Assembles the Fastify application: validation and OpenAPI from zod, error mapping, security
 * headers, locale, the session → request-scoped data access, CSRF, feature routes and the web app.
 */
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { z } from 'zod';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './platform/config.ts';
import type { Database } from '../db/client.ts';
import { DataAccess } from './platform/access.ts';
import { PonteError, type FieldIssue } from './platform/errors.ts';
import { pickLocale, type Locale } from './platform/i18n.ts';
import { localizeIssue } from './platform/validation-messages.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { CSRF_HEADER, SESSION_COOKIE, resolveSession, sameToken, type SessionPolicy } from './platform/auth/session.ts';
import { FieldCipher, blindIndex, deriveLinkageKey, loadMasterKey } from './platform/crypto.ts';
import { createEncoder, type Encoder } from '../domain/linkage/index.ts';
import { dummyHash, setPasswordConcurrency, setPasswordHashCost } from './platform/auth/password.ts';
import { featureRoutes } from './features/index.ts';
import { VERSION } from './version.ts';

export interface Services {
  config: Config;
  database: Database;
  clock: Clock;
  sessionPolicy: SessionPolicy;
  /** Field encryption with the database's data keys (persons' names, notes, documents, TOTP secrets). */
  cipher: FieldCipher;
  /**
   * Keyed linkage encoder (src/domain/linkage): search and duplicate detection on persons. Its key
   * is derived from the master key (`deriveLinkageKey`), so it never enters the database.
   */
  linkage: Encoder;
  /** Keyed blind index (HMAC, base64url) of a value, per purpose: exact look-up of an encrypted value. */
  blindIndex: (options: { purpose: string; value: string }) => string;
}

declare module 'fastify' {
  interface FastifyRequest {
    access: DataAccess;
    locale: Locale;
  }
  interface FastifyInstance {
    services: Services;
  }
}

export type PonteApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

const webRoot = join(dirname(fileURLToPath(import.meta.url)), '../../dist/web');
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Requests that may change state without a session (they create one). */
// The public feedback form reads no session: a staff member's cookie sent along must not block it.
const csrfExempt = new Set(['/api/auth/login', '/p/:lang/feedback']);
// Event registration and its cancellation link are public forms too (no session read).
csrfExempt.add('/p/:lang/events/:slug');
csrfExempt.add('/p/:lang/events/cancel/:token');

export async function buildApp(options: {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: boolean;
  /** Defaults to one built from the configured master key. */
  cipher?: FieldCipher;
  /** Defaults to one derived from the configured master key. */
  linkageKey?: Buffer;
}): Promise<PonteApp> {
  const { config, database } = options;
  const clock = options.clock ?? systemClock;
  setPasswordHashCost({ memoryKiB: config.PONTE_ARGON2_MEMORY_KIB, timeCost: config.PONTE_ARGON2_TIME_COST });
  setPasswordConcurrency({ concurrency: config.PONTE_ARGON2_CONCURRENCY, queue: config.PONTE_ARGON2_QUEUE });
  // Computed now, so that the first login with an unknown e-mail takes no longer than any other.
  void dummyHash();
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.PONTE_LOG_LEVEL,
            // Query strings can carry names and e-mails (searches): log the path only.
            serializers: {
              req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, path: req.url.split('?')[0], ip: req.ip }),
            },
          },
    bodyLimit: config.PONTE_BODY_LIMIT_BYTES,
    trustProxy: typeof config.PONTE_TRUST_PROXY === 'number' ? trustHops(config.PONTE_TRUST_PROXY) : config.PONTE_TRUST_PROXY,
    genReqId: () => randomUUID(),
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  let masterKey: Buffer | undefined;
  const master = (): Buffer => (masterKey ??= loadMasterKey({ config, warn: (message) => app.log.warn(message) }));
  const cipher = options.cipher ?? new FieldCipher({ db: database.db, masterKey: master() });
  const linkage = createEncoder({ key: options.linkageKey ?? deriveLinkageKey(master()) });
  app.decorate('services', {
    config,
    database,
    clock,
    cipher,
    linkage,
    blindIndex: ({ purpose, value }) => blindIndex({ masterKey: master(), purpose, value }),
    sessionPolicy: {
      idleMinutes: config.PONTE_SESSION_IDLE_MINUTES,
      absoluteMinutes: config.PONTE_SESSION_ABSOLUTE_MINUTES,
      demo: config.PONTE_DEMO,
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // JSON only, with a clear error for malformed bodies (the default parser's message is English-only).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      done(new PonteError({ code: 'malformed_json' }), undefined);
    }
  });

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Ponte API', version: VERSION, description: 'Anti-trafficking network case management, referral and monitoring.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  app.decorateRequest('access', null as unknown as DataAccess);
  app.decorateRequest('locale', 'it');

  app.addHook('onRequest', async (req, reply) => {
    req.locale = pickLocale(req.headers['accept-language']);
    if (!isApi(req)) {
      req.access = new DataAccess(database.db, null, { ip: req.ip, requestId: req.id, locale: req.locale }, clock);
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    const lookup = await resolveSession({
      db: database.db,
      token,
      now: clock.now(),
      policy: app.services.sessionPolicy,
      audit: { userId: null, orgId: null, ip: req.ip, requestId: req.id },
    });
    if (lookup.kind === 'expired') {
      void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: config.PONTE_TLS });
    }
    // A logged-in user's profile language wins over the browser's.
    if (lookup.kind === 'active') req.locale = pickLocale(req.headers['accept-language'], lookup.locale);
    const actor = lookup.kind === 'active' ? lookup.actor : null;
    req.access = new DataAccess(database.db, actor, { ip: req.ip, requestId: req.id, locale: req.locale }, clock, lookup.kind === 'expired');
    if (lookup.kind === 'active' && unsafeMethods.has(req.method) && !csrfExempt.has(req.routeOptions.url ?? '')) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameToken(sent, lookup.csrfToken)) {
        throw new PonteError({ code: 'csrf' });
      }
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    // The public pages (/p/…) set a stricter policy of their own (features/public/render.ts).
    if (!reply.hasHeader('Content-Security-Policy')) reply.header(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    if (config.PONTE_TLS) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (isApi(req)) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  app.setErrorHandler((error: FastifyError | PonteError, req, reply) => sendError({ error, req, reply }));

  app.get('/api/health', {
    schema: {
      tags: ['platform'],
      summary: 'Liveness and database engine',
      response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgresql']), version: z.string() }) },
    },
  }, async () => {
    await database.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    return { status: 'ok' as const, database: database.engine, version: VERSION };
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await featureRoutes(app);

  if (existsSync(join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false });
    app.setNotFoundHandler((req, reply) => {
      if (isApi(req) || req.method !== 'GET') {
        return sendError({ error: new PonteError({ code: 'not_found' }), req, reply });
      }
      return reply.type('text/html').sendFile('index.html');
    });
    app.get('/', { schema: { hide: true } }, (_req, reply) => reply.type('text/html').sendFile('index.html'));
  } else {
    app.setNotFoundHandler((req, reply) => sendError({ error: new PonteError({ code: 'not_found' }), req, reply }));
  }

  return app;
}

/**
 * Whether a request is for the API: from the route it matched (so an encoded path such as
 * /%61pi/… is recognised), else from the decoded path.
 */
function isApi(req: FastifyRequest): boolean {
  const route = req.routeOptions.url;
  if (route) return route.startsWith('/api/');
  let path = req.url;
  try {
    path = decodeURIComponent(req.url.split('?')[0] ?? '');
  } catch {
    // a malformed escape is not an API path we serve; treat it as one so it gets the API 404
    return true;
  }
  return path.startsWith('/api/');
}

/** Believe the nearest `hops` proxies about the client address, and no further. */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

/** Maps any error to `{"error":{"code","message"}}` in the user's language; never a stack trace. */
function sendError(options: { error: unknown; req: FastifyRequest; reply: FastifyReply }): FastifyReply {
  const { error, req, reply } = options;
  const locale = req.locale ?? 'it';
  let ponte: PonteError;
  if (error instanceof PonteError) {
    ponte = error;
  } else if (hasZodFastifySchemaValidationErrors(error)) {
    const issues: FieldIssue[] = error.validation.map((v) => ({
      path: [error.validationContext, ...(v.instancePath ? v.instancePath.split('/').filter(Boolean) : [])].join('.'),
      message: localizeIssue({ code: v.keyword, message: v.message ?? 'invalid', params: v.params, locale }),
    }));
    ponte = new PonteError({ code: 'validation', issues });
  } else {
    const e = error as Partial<FastifyError>;
    switch (e.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        ponte = new PonteError({ code: 'payload_too_large' });
        break;
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        ponte = new PonteError({ code: 'unsupported_media_type' });
        break;
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        ponte = new PonteError({ code: 'malformed_json' });
        break;
      default:
        if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
          ponte = new PonteError({ code: e.statusCode === 404 ? 'not_found' : e.statusCode === 429 ? 'rate_limited' : 'bad_request', detail: e.message });
        } else {
          // Database errors carry values (e.g. "Key (email)=(…)"): log what went wrong, not the data.
          req.log.error({ err: { type: e.name, code: e.code, stack: e.stack?.split('\n').slice(1, 8).join('\n') } }, 'unhandled error');
          ponte = new PonteError({ code: 'internal' });
        }
    }
  }
  if (ponte.retryAfterSeconds) void reply.header('Retry-After', String(ponte.retryAfterSeconds));
  return reply.status(ponte.status).type('application/json; charset=utf-8').send({
    error: {
      code: ponte.code,
      message: ponte.messageFor(locale),
      ...(ponte.issues ? { issues: ponte.issues } : {}),
      requestId: req.id,
    },
  });
}
