import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { verifyWebhook } from '../domain/webhook-signature.js';

/** `kept-open`: the customer wrote again after the request was signed; only older originals went. */
export type SolveOutcome = 'solved' | 'unknown' | 'already' | 'kept-open';

export interface AdminHttp {
  listen(host: string, port: number): Promise<number>;
  close(): Promise<void>;
}

/** What /healthz says: 200 when ok, 503 with the reason otherwise. */
export type Health = { status: 'ok' } | { status: 'degraded' | 'stopping'; reason: string };

export interface AdminDeps {
  registry: Registry;
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

  app.get('/metrics', async (_req, reply) => {
    return reply.type(deps.registry.contentType).send(await deps.registry.metrics());
  });

  // The raw body is what is signed, so it must reach the check byte for byte.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post('/api/webhooks/ticket-solved', async (req, reply) => {
    const hook = deps.webhook;
    if (!hook?.secret) return reply.code(404).send({ error: 'webhook not configured' });
    const body = req.body as Buffer;
    const signature = req.headers['x-deskguard-signature'] as string | undefined;
    const check = verifyWebhook({
      secret: hook.secret,
      body,
      timestamp: req.headers['x-deskguard-timestamp'] as string | undefined,
      signature,
      nowSeconds: Math.floor(Date.now() / 1000),
      toleranceSeconds: hook.toleranceSeconds,
    });
    if (!check.ok) return reply.code(401).send({ error: check.why });
    let ticket: unknown;
    try {
      ticket = (JSON.parse(body.toString('utf8')) as { ticket?: unknown }).ticket;
    } catch {
      return reply.code(400).send({ error: 'body must be JSON' });
    }
    if (typeof ticket !== 'string' && typeof ticket !== 'number')
      return reply.code(400).send({ error: 'ticket missing' });
    // Single use: a request replayed within its window (by whoever saw it) is refused, so it cannot
    // solve the ticket again after the customer reopened it. Remembered as long as the timestamp
    // would still pass the window check.
    const expiresAt = (check.timestamp + hook.toleranceSeconds + 1) * 1000;
    if (!(await hook.claimSignature(signature!, expiresAt)))
      return reply.code(409).send({ error: 'request already used (replay)' });
    let outcome: SolveOutcome;
    try {
      outcome = await hook.solveTicket(String(ticket), 'webhook', check.timestamp * 1000);
    } catch (err) {
      await hook.releaseSignature(signature!).catch(() => undefined);
      throw err;
    }
    if (outcome === 'unknown') return reply.code(404).send({ error: 'no such ticket' });
    return reply.send({
      ticket: String(ticket),
      status: outcome === 'kept-open' ? 'open' : 'solved',
      changed: outcome === 'solved',
    });
  });

  return {
    listen: async (host, port) => {
      await app.listen({ host, port });
      const a = app.server.address();
      return typeof a === 'object' && a ? a.port : port;
    },
    close: () => app.close(),
  };
}
