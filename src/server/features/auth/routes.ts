/** /api/auth/*: login, second factor, logout. Thin: validation and cookies here, rules in service.ts. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PonteApp } from '../../app.ts';
import { SESSION_COOKIE } from '../../platform/auth/session.ts';
import { confirmMfaSetup, login, logout, logoutAll, regenerateRecoveryCodes, startMfaSetup, verifySecondFactor, type AuthDeps } from './service.ts';
import {
  codeBody,
  confirmResponse,
  emptyBody,
  loginBody,
  loginResponse,
  meResponse,
  mfaVerifyBody,
  recoveryCodesResponse,
  setupBody,
  setupResponse,
} from './schemas.ts';

export function authDeps(app: PonteApp, req: FastifyRequest): AuthDeps {
  return { access: req.access, config: app.services.config, cipher: app.services.cipher, policy: app.services.sessionPolicy };
}

function cookieOptions(app: PonteApp) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: app.services.config.PONTE_TLS };
}

/** A browser-session cookie (no Expires): the server enforces idle and absolute timeouts. */
function setSessionCookie(app: PonteApp, reply: FastifyReply, token: string): void {
  void reply.setCookie(SESSION_COOKIE, token, cookieOptions(app));
}

export function clearSessionCookie(app: PonteApp, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, cookieOptions(app));
}

export async function authRoutes(app: PonteApp): Promise<void> {
  const tags = ['auth'];
  // The process-wide limit on argon2 work (login, password change, MFA proof, admin-set passwords).

  app.post('/api/auth/login', {
    schema: { tags, summary: 'Log in with e-mail and password', body: loginBody, response: { 200: loginResponse } },
  }, async (req, reply) => {
    const result = await login({ ...authDeps(app, req), email: req.body.email, password: req.body.password, userAgent: req.headers['user-agent'] ?? null });
    setSessionCookie(app, reply, result.token);
    return { csrfToken: result.csrfToken, mfa: result.mfa, me: result.me };
  });

  app.post('/api/auth/mfa/verify', {
    schema: { tags, summary: 'Complete the login with a TOTP code or a recovery code', body: mfaVerifyBody, response: { 200: meResponse } },
  }, async (req, reply) => {
    const body = req.body;
    const { me, token } = await verifySecondFactor({ ...authDeps(app, req), ...('code' in body ? { code: body.code } : { recoveryCode: body.recoveryCode }) });
    setSessionCookie(app, reply, token);
    return { me };
  });

  app.post('/api/auth/mfa/setup', {
    schema: { tags, summary: 'Start setting up an authenticator app (new secret, pending until confirmed); replacing one needs a current code or the password', body: setupBody, response: { 200: setupResponse } },
  }, async (req) => startMfaSetup({ ...authDeps(app, req), code: req.body?.code, password: req.body?.password }));

  app.post('/api/auth/mfa/confirm', {
    schema: { tags, summary: 'Confirm the authenticator with a code: enables 2FA, returns recovery codes', body: codeBody, response: { 200: confirmResponse } },
  }, async (req, reply) => {
    const { recoveryCodes, me, token } = await confirmMfaSetup({ ...authDeps(app, req), code: req.body.code });
    setSessionCookie(app, reply, token);
    return { recoveryCodes, me };
  });

  app.post('/api/auth/mfa/recovery-codes', {
    schema: { tags, summary: 'Replace the recovery codes (the old set stops working)', body: codeBody, response: { 200: recoveryCodesResponse } },
  }, async (req) => ({ recoveryCodes: await regenerateRecoveryCodes({ ...authDeps(app, req), code: req.body.code }) }));

  app.post('/api/auth/logout', {
    schema: { tags, summary: 'End this session', body: emptyBody },
  }, async (req, reply) => {
    await logout(authDeps(app, req));
    clearSessionCookie(app, reply);
    return reply.status(204).send();
  });

  app.post('/api/auth/logout-all', {
    schema: { tags, summary: 'End every session of the user, this one included', body: emptyBody },
  }, async (req, reply) => {
    await logoutAll(authDeps(app, req));
    clearSessionCookie(app, reply);
    return reply.status(204).send();
  });
}
