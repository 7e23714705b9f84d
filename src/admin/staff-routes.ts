import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerApi } from './api-routes.js';
import type { Principal, StaffAuth } from './staff-auth.js';
import type { StaffService } from './staff-service.js';
import { registerWeb } from './web-routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

export interface StaffHttpDeps {
  service: StaffService;
  auth: StaffAuth;
  /** Signs the form-token cookie. */
  cookieKey: Buffer;
  /** Cookies only over HTTPS (http.publicUrl is https). */
  secureCookies: boolean;
  attemptsPerMinute: number;
  requestsPerMinute: number;
  /** The one-time first-administrator link's token, while no administrator exists. */
  setup: { token: string | undefined };
  /** Stops what the staff pages started (the scan worker of the redacted view). */
  close?: () => Promise<void>;
}

export const SESSION_COOKIE = 'dg_session';
/** What form tokens are bound to before sign-in. */
export const SIGNED_OUT = 'signed-out';

/** The bearer token of an Authorization header, if it has one. */
function bearerOf(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  // "Bearer" is case-insensitive (RFC 6750 via RFC 9110's auth-scheme); the token is base64url.
  const m = h ? /^bearer[ \t]+([A-Za-z0-9._~+/-]{1,200}=*)[ \t]*$/i.exec(h) : null;
  return m?.[1];
}

/**
 * The web UI and the JSON API, in one scope with their security plugins: helmet's headers, signed
 * form-token cookies bound to the session (CSRF), rate limits, and the principal of every request
 * (a bearer token, else the session cookie).
 */
export function registerStaff(app: FastifyInstance, deps: StaffHttpDeps): void {
  app.register(async (scope) => {
    await scope.register(fastifyHelmet, {
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'none'"],
          'form-action': ["'self'"],
          // Only behind TLS: on plain http (loopback) browsers would rewrite our own forms to https.
          'upgrade-insecure-requests': deps.secureCookies ? [] : null,
        },
      },
      // Plain http on loopback must keep working; behind TLS the proxy sets HSTS as it should.
      hsts: deps.secureCookies,
    });
    await scope.register(fastifyCookie, { secret: deps.cookieKey.toString('base64url') });
    await scope.register(fastifyFormbody, { bodyLimit: 16 * 1024 });
    await scope.register(fastifyCsrf, {
      sessionPlugin: '@fastify/cookie',
      cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure: deps.secureCookies },
      csrfOpts: { hmacKey: deps.cookieKey, userInfo: true },
      getUserInfo: (req) => req.principal?.sessionHash ?? SIGNED_OUT,
    });
    await scope.register(fastifyRateLimit, {
      max: deps.requestsPerMinute,
      timeWindow: 60_000,
    });
    scope.decorateRequest('principal', undefined);
    scope.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      const bearer = bearerOf(req);
      if (bearer !== undefined) {
        req.principal = await deps.auth.token(bearer);
        if (!req.principal)
          return reply
            .code(401)
            .header('www-authenticate', 'Bearer error="invalid_token"')
            .send({ error: 'invalid token' });
        return;
      }
      if (req.headers.authorization)
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send({ error: 'unsupported authorization' });
      const sid = req.cookies[SESSION_COOKIE];
      if (sid) req.principal = await deps.auth.session(sid);
    });
    registerApi(scope, deps);
    registerWeb(scope, deps);
  });
}
