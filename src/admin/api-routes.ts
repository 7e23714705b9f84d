import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  QUARANTINE_STATES,
  type QuarantineItem,
  type QuarantineState,
} from '../adapters/sqlite/quarantine-index.js';
import { TICKET_STATUSES, type TicketStatus } from '../adapters/sqlite/ticket-schema.js';
import { NotFound } from '../workflows/quarantine-admin.js';
import { OPENAPI } from './openapi.js';
import type { Principal } from './staff-auth.js';
import type { StaffHttpDeps } from './staff-routes.js';
import { BadRequest, Forbidden } from './staff-service.js';
import { sendUpload } from './upload-download.js';

const iso = (ms: number) => new Date(ms).toISOString();

export const itemJson = (i: QuarantineItem) => ({
  id: i.id,
  subject: i.subject,
  sender: i.sender,
  verdict: i.verdict,
  reason: i.reason,
  types: i.types,
  ticket: i.ticket,
  state: i.state,
  receivedAt: iso(i.receivedAt),
});

type Query = Record<string, string | undefined>;

/** A ticket's times as ISO strings, like every other time the API gives. */
const ticketTimes = <T extends { createdAt: number; updatedAt: number; solvedAt: number | null }>(t: T) => ({
  ...t,
  createdAt: iso(t.createdAt),
  updatedAt: iso(t.updatedAt),
  solvedAt: t.solvedAt === null ? null : iso(t.solvedAt),
});

/** A `YYYY-MM-DD` or full ISO date as epoch ms; a bad one is a 400, not an empty list. */
export function dateParam(v: string | undefined, name: string): number | undefined {
  if (!v) return undefined;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw new BadRequest(`${name} must be a date (YYYY-MM-DD or ISO 8601)`);
  return ms;
}

export function limitParam(v: string | undefined): number {
  if (v === undefined || v === '') return 100;
  // Digits only, as on the command line.
  if (!/^\d{1,4}$/.test(v) || Number(v) < 1)
    throw new BadRequest('limit must be a whole number from 1 to 9999');
  return Number(v);
}

export function stateParam(v: string | undefined): QuarantineState | null {
  if (!v || v === 'all') return null;
  if (!(QUARANTINE_STATES as readonly string[]).includes(v))
    throw new BadRequest(`state must be one of ${QUARANTINE_STATES.join(', ')}, all`);
  return v as QuarantineState;
}

/** Maps the service's refusals to HTTP; anything else is a 500 that says nothing of the data. */
export function statusOf(err: unknown): { code: number; error: string } {
  if (err instanceof Forbidden) return { code: 403, error: err.message };
  if (err instanceof BadRequest) return { code: 400, error: err.message };
  if (err instanceof NotFound) return { code: 404, error: err.message };
  return { code: 500, error: 'internal error' };
}

/** The JSON API under /api: a bearer token or a session (then with the form token in a header). */
export function registerApi(scope: FastifyInstance, deps: StaffHttpDeps): void {
  const { service } = deps;
  const api =
    (handler: (req: FastifyRequest, reply: FastifyReply, p: Principal) => Promise<unknown> | unknown) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      const p = req.principal;
      if (!p)
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send({ error: 'sign in or send a bearer token' });
      reply.header('cache-control', 'no-store');
      try {
        return await handler(req, reply, p);
      } catch (err) {
        const { code, error } = statusOf(err);
        if (code === 500) req.log.error({ err }, 'api request failed');
        return reply.code(code).send({ error });
      }
    };
  // A browser session changing anything must prove the page is ours; a bearer token needs no cookie.
  const csrfForSessions = (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    if (req.principal?.via === 'session') scope.csrfProtection(req, reply, done);
    else done();
  };

  scope.get('/api/openapi.json', async () => OPENAPI);

  scope.get(
    '/api/quarantine',
    api((req, _r, p) => {
      const q = req.query as Query;
      const items = service.list(p, {
        state: stateParam(q.state),
        ...(q.type ? { type: q.type } : {}),
        ...(q.sender ? { sender: q.sender } : {}),
        ...(q.from ? { from: dateParam(q.from, 'from')! } : {}),
        ...(q.to ? { to: dateParam(q.to, 'to')! } : {}),
        limit: limitParam(q.limit),
      });
      return { items: items.map(itemJson) };
    }),
  );

  scope.get(
    '/api/quarantine/:id',
    api(async (req, _r, p) => {
      const item = await service.show(p, (req.params as { id: string }).id);
      return { ...itemJson(item), findings: item.findings, redacted: item.view ?? null };
    }),
  );

  const body = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;

  scope.post(
    '/api/quarantine/:id/reveal',
    { preHandler: csrfForSessions },
    api(async (req, reply, p) => {
      const raw = await service.reveal(p, (req.params as { id: string }).id, body(req).reason);
      return reply.type('message/rfc822').send(raw);
    }),
  );

  scope.post(
    '/api/quarantine/:id/release',
    { preHandler: csrfForSessions },
    api(async (req, _r, p) => {
      const id = (req.params as { id: string }).id;
      await service.release(p, id, body(req).reason);
      return { id, state: 'released' };
    }),
  );

  scope.delete(
    '/api/quarantine/:id',
    { preHandler: csrfForSessions },
    api(async (req, _r, p) => {
      const id = (req.params as { id: string }).id;
      await service.delete(p, id, body(req).reason ?? (req.query as Query).reason);
      return { id, state: 'deleted' };
    }),
  );

  scope.get(
    '/api/tickets',
    api((req, _r, p) => {
      const q = req.query as Query;
      if (q.status && !(TICKET_STATUSES as readonly string[]).includes(q.status))
        throw new BadRequest(`status must be one of ${TICKET_STATUSES.join(', ')}`);
      const items = service.tickets(p, q.status as TicketStatus | undefined, limitParam(q.limit));
      return { items: items.map(ticketTimes) };
    }),
  );

  scope.get(
    '/api/tickets/:id',
    api((req, reply, p) => {
      const t = service.ticket(p, (req.params as { id: string }).id);
      if (!t) return reply.code(404).send({ error: 'no such ticket' });
      return {
        ...ticketTimes(t),
        messages: t.messages.map((m) => ({ ...m, receivedAt: iso(m.receivedAt) })),
        items: t.items.map(itemJson),
        uploads: t.uploads?.map((u) => ({
          ...u,
          submittedAt: u.submittedAt === null ? null : iso(u.submittedAt),
        })),
      };
    }),
  );

  scope.get(
    '/api/tickets/:id/uploads/:upload',
    api((req, reply, p) => {
      const params = req.params as { id: string; upload: string };
      return sendUpload(reply, service.openUpload(p, params.id, params.upload));
    }),
  );

  scope.post(
    '/api/tickets/:id/solve',
    { preHandler: csrfForSessions },
    api(async (req, reply, p) => {
      const id = (req.params as { id: string }).id;
      const outcome = await service.solve(p, id);
      if (outcome === 'unknown') return reply.code(404).send({ error: 'no such ticket' });
      return {
        ticket: id,
        status: outcome === 'kept-open' ? 'open' : 'solved',
        changed: outcome === 'solved',
      };
    }),
  );

  scope.get(
    '/api/audit',
    api((req, _r, p) => ({
      items: service.audit(p, limitParam((req.query as Query).limit)).map((r) => ({
        id: r.id,
        time: iso(r.at),
        actor: r.actor,
        action: r.action,
        item: r.item,
        reason: r.reason,
      })),
    })),
  );
}
