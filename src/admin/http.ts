import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { registerStaff, type StaffHttpDeps } from './staff-routes.js';
import { registerUpload, type UploadHttpDeps } from './upload-routes.js';
import { registerWebhook } from './webhook-route.js';

/** `kept-open`: the customer wrote again after the request was signed; only older originals went. */
export type SolveOutcome = 'solved' | 'unknown' | 'already' | 'kept-open';

export interface AdminHttp {
  listen(host: string, port: number): Promise<number>;
  close(): Promise<void>;
}

/** Compares two strings in time independent of where they differ (hashes first: equal lengths). */
function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

/** What /healthz says: 200 when ok, 503 with the reason otherwise. */
export type Health = ({ status: 'ok' } | { status: 'degraded' | 'stopping'; reason: string }) & {
  /** `ok`, or what is wrong with the database (a write failing, the disk full). */
  database?: string;
  /** Messages in the queue by state (received, processing, delivering, dead, ...). */
  queue?: Record<string, number>;
};

export interface AdminDeps {
  registry: Registry;
  /** When set, GET /metrics needs it as a bearer token. */
  metricsToken?: string;
  /** The staff web UI and JSON API; absent in tests of the other endpoints. */
  staff?: StaffHttpDeps;
  /** The customer's secure upload pages (upload.enabled). */
  upload?: UploadHttpDeps;
  health: () => Promise<Health>;
  /** The helpdesk's "ticket solved" webhook; absent until tickets exist or when no secret is set. */
  webhook?: {
    secret: string;
    toleranceSeconds: number;
    /** Solves what the ticket held at `asOf` (epoch ms): messages received later keep their originals. */
    solveTicket: (ticketId: string, actor: string, asOf: number) => Promise<SolveOutcome>;
    /** Records a signature as used until `expiresAt` (epoch ms); false when it was used before. */
    claimSignature: (signature: string, expiresAt: number) => Promise<boolean>;
    /** Forgets a claim whose request failed, so that the helpdesk's retry is accepted. */
    releaseSignature: (signature: string) => Promise<void>;
  };
}

/**
 * Admin HTTP: liveness, Prometheus metrics and the signed helpdesk webhook. Bound to loopback by
 * default; the webhook authenticates each request by its HMAC, never by where it comes from.
 */
export function createAdminHttp(deps: AdminDeps): AdminHttp {
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 64 * 1024 });

  app.get('/healthz', async (_req, reply) => {
    const health = await deps.health();
    return reply.code(health.status === 'ok' ? 200 : 503).send(health);
  });

  app.get('/metrics', async (req, reply) => {
    if (deps.metricsToken && !sameSecret(req.headers.authorization ?? '', `Bearer ${deps.metricsToken}`))
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'metrics need the metrics token' });
    return reply.type(deps.registry.contentType).send(await deps.registry.metrics());
  });

  // Unknown paths: no echo of the path, and the headers every answer of ours carries.
  app.setNotFoundHandler((_req, reply) =>
    reply
      .code(404)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send({ error: 'not found' }),
  );
  registerWebhook(app, deps.webhook);
  if (deps.staff) registerStaff(app, deps.staff);
  if (deps.upload) registerUpload(app, deps.upload);

  return {
    listen: async (host, port) => {
      await app.listen({ host, port });
      const a = app.server.address();
      return typeof a === 'object' && a ? a.port : port;
    },
    close: () => app.close(),
  };
}
