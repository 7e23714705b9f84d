import type { FastifyInstance } from 'fastify';
import { verifyWebhook } from '../domain/webhook-signature.js';
import type { AdminDeps, SolveOutcome } from './http.js';

/** POST /api/webhooks/ticket-solved: the helpdesk's signed "ticket solved" call. */
export function registerWebhook(app: FastifyInstance, hook: AdminDeps['webhook']): void {
  app.register(async (scope) => {
    // The raw body is what is signed, so it must reach the check byte for byte.
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );

    scope.post('/api/webhooks/ticket-solved', async (req, reply) => {
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
  });
}
