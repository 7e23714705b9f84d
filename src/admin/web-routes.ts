import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isStaffName } from '../domain/staff/roles.js';
import { dateParam, limitParam, stateParam, statusOf } from './api-routes.js';
import type { Principal } from './staff-auth.js';
import type { StaffHttpDeps } from './staff-routes.js';
import { SESSION_COOKIE, SIGNED_OUT } from './staff-routes.js';
import { BadRequest } from './staff-service.js';
import { sendUpload } from './upload-download.js';
import {
  APP_CSS,
  auditPage,
  errorPage,
  itemPage,
  listPage,
  loginPage,
  type PageContext,
  revealPage,
  setupPage,
  ticketPage,
  ticketsPage,
} from './web-pages.js';

const MIN_PASSWORD = 12;
type Form = Record<string, string | undefined>;

/** Where to go after signing in: a path of ours only, never another site (open redirect). */
export function localPath(next: unknown): string {
  // One leading slash and no backslash: "//evil.example" and "/\\evil.example" leave the site.
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]{0,500}$/.test(next) ? next : '/quarantine';
}

/** The server-rendered staff pages. Every page is no-store: nothing quarantined stays in a cache. */
export function registerWeb(scope: FastifyInstance, deps: StaffHttpDeps): void {
  const { service, auth } = deps;
  // Form tokens are bound to the session (or to being signed out): one session's token is void in another.
  const csrf = (reply: FastifyReply) =>
    reply.generateCsrf({ userInfo: reply.request.principal?.sessionHash ?? SIGNED_OUT });
  const send = (reply: FastifyReply, page: string, code = 200) =>
    reply.code(code).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: deps.secureCookies };

  type Handler = (req: FastifyRequest, reply: FastifyReply, ctx: PageContext) => Promise<unknown> | unknown;
  const page = (handler: Handler) => async (req: FastifyRequest, reply: FastifyReply) => {
    const p: Principal | undefined = req.principal;
    if (!p) {
      if (req.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
      return send(reply, errorPage(401, 'Your session has ended. Sign in again.'), 401);
    }
    const ctx = { principal: p, csrf: csrf(reply) };
    try {
      return await handler(req, reply, ctx);
    } catch (err) {
      const { code, error } = statusOf(err);
      if (code === 500) req.log.error({ err }, 'page failed');
      return send(
        reply,
        errorPage(code, code === 500 ? 'Something went wrong; it is in the log.' : error, ctx),
        code,
      );
    }
  };
  const withCsrf = { preHandler: scope.csrfProtection };
  const form = (req: FastifyRequest) => (req.body ?? {}) as Form;
  const id = (req: FastifyRequest) => (req.params as { id: string }).id;
  const confirmed = (req: FastifyRequest) => {
    if (form(req).confirm !== 'yes') throw new BadRequest('please tick the box to confirm');
  };
  const signInLimit = { config: { rateLimit: { max: deps.attemptsPerMinute, timeWindow: 60_000 } } };

  scope.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, req, reply) => {
    // The CSRF plugin's refusals and rate limits come here; API callers get JSON, browsers a page.
    const code = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (code === 500) req.log.error({ err }, 'request failed');
    const text = err.code?.startsWith('FST_CSRF')
      ? 'The form has expired or did not come from this site. Go back, reload and try again.'
      : code === 429
        ? 'Too many requests; wait a minute and try again.'
        : code === 500
          ? 'Something went wrong; it is in the log.'
          : err.message;
    if (req.url.startsWith('/api/')) return reply.code(code).send({ error: text });
    return send(reply, errorPage(code, text), code);
  });

  scope.get('/static/app.css', async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=3600').send(APP_CSS),
  );
  scope.get('/', async (_req, reply) => reply.redirect('/quarantine', 303));

  scope.get('/login', async (req, reply) => {
    const next = localPath((req.query as Form).next);
    if (req.principal?.via === 'session') return reply.redirect(next, 303);
    return send(reply, loginPage(csrf(reply), next));
  });

  scope.post('/login', { ...withCsrf, ...signInLimit }, async (req, reply) => {
    const f = form(req);
    const next = localPath(f.next);
    const result = await auth.signIn(f.name ?? '', f.password ?? '');
    if (!result.ok)
      return send(
        reply,
        loginPage(
          csrf(reply),
          next,
          'Wrong name or password. After repeated failures an account is locked for a while.',
        ),
        401,
      );
    // A session id the browser had before (planted or stale) is never carried over.
    const old = req.cookies[SESSION_COOKIE];
    if (old) await auth.signOut(old);
    reply.setCookie(SESSION_COOKIE, result.sessionId, cookieOpts);
    return reply.redirect(next, 303);
  });

  scope.post('/logout', withCsrf, async (req, reply) => {
    const sid = req.cookies[SESSION_COOKIE];
    if (sid) await auth.signOut(sid);
    reply.clearCookie(SESSION_COOKIE, cookieOpts);
    return reply.redirect('/login', 303);
  });

  const setupOpen = (token: string) => deps.setup.token !== undefined && token === deps.setup.token;
  scope.get('/setup/:token', async (req, reply) => {
    if (!setupOpen((req.params as { token: string }).token) || (await auth.hasAdmin()))
      return send(reply, errorPage(404, 'This link is not valid (any more).'), 404);
    return send(reply, setupPage(csrf(reply), deps.setup.token!));
  });
  scope.post('/setup/:token', { ...withCsrf, ...signInLimit }, async (req, reply) => {
    if (!setupOpen((req.params as { token: string }).token) || (await auth.hasAdmin()))
      return send(reply, errorPage(404, 'This link is not valid (any more).'), 404);
    const f = form(req);
    const name = f.name?.trim() ?? '';
    const problem = !isStaffName(name)
      ? 'A name is letters, digits and . _ @ -, at most 64.'
      : (f.password ?? '').length < MIN_PASSWORD
        ? `The password needs at least ${MIN_PASSWORD} characters.`
        : undefined;
    if (problem) return send(reply, setupPage(csrf(reply), deps.setup.token!, problem), 400);
    await auth.addUser(name, 'admin', f.password!);
    deps.setup.token = undefined;
    return reply.redirect('/login', 303);
  });

  scope.get(
    '/quarantine',
    page((req, reply, ctx) => {
      const q = req.query as Form;
      const filter = {
        state: q.state === undefined ? ('quarantined' as const) : stateParam(q.state),
        ...(q.type ? { type: q.type } : {}),
        ...(q.sender ? { sender: q.sender } : {}),
        ...(q.from ? { from: dateParam(q.from, 'from')!, fromText: q.from } : {}),
        // "To" a day includes that day.
        ...(q.to ? { to: dateParam(q.to, 'to')! + (q.to.length === 10 ? 86_400_000 : 0), toText: q.to } : {}),
        limit: limitParam(q.limit),
      };
      return send(
        reply,
        listPage(ctx, service.list(ctx.principal, filter), service.counts(ctx.principal), filter),
      );
    }),
  );

  scope.get(
    '/quarantine/:id',
    page(async (req, reply, ctx) => send(reply, itemPage(ctx, await service.show(ctx.principal, id(req))))),
  );

  scope.post(
    '/quarantine/:id/reveal',
    withCsrf,
    page(async (req, reply, ctx) => {
      confirmed(req);
      const raw = await service.reveal(ctx.principal, id(req), form(req).reason);
      return send(reply, revealPage(ctx, id(req), raw.toString('utf8')));
    }),
  );

  // Release and delete: confirmed, done, and the item shown again with what happened.
  const itemActions = {
    release: {
      act: service.release.bind(service),
      done: 'Released: the original is on its way to the helpdesk.',
    },
    delete: { act: service.delete.bind(service), done: 'Deleted: the original is destroyed.' },
  } as const;
  for (const [name, { act, done }] of Object.entries(itemActions))
    scope.post(
      `/quarantine/:id/${name}`,
      withCsrf,
      page(async (req, reply, ctx) => {
        confirmed(req);
        await act(ctx.principal, id(req), form(req).reason);
        return send(reply, itemPage(ctx, await service.show(ctx.principal, id(req)), done));
      }),
    );

  scope.get(
    '/tickets',
    page((_req, reply, ctx) => send(reply, ticketsPage(ctx, service.tickets(ctx.principal, undefined, 200)))),
  );

  scope.get(
    '/tickets/:id',
    page((req, reply, ctx) => {
      const t = service.ticket(ctx.principal, id(req));
      return t ? send(reply, ticketPage(ctx, t)) : send(reply, errorPage(404, 'No such ticket.', ctx), 404);
    }),
  );

  scope.get(
    '/tickets/:id/uploads/:upload',
    page(async (req, reply, ctx) =>
      sendUpload(
        reply,
        service.openUpload(ctx.principal, id(req), (req.params as { upload: string }).upload),
      ),
    ),
  );

  scope.post(
    '/tickets/:id/solve',
    withCsrf,
    page(async (req, reply, ctx) => {
      confirmed(req);
      await service.solve(ctx.principal, id(req));
      const t = service.ticket(ctx.principal, id(req));
      return t
        ? send(reply, ticketPage(ctx, t, 'Solved: its quarantined originals are destroyed.'))
        : send(reply, errorPage(404, 'No such ticket.', ctx), 404);
    }),
  );

  scope.get(
    '/audit',
    page((req, reply, ctx) =>
      send(
        reply,
        auditPage(ctx, service.audit(ctx.principal, limitParam((req.query as Form).limit ?? '200'))),
      ),
    ),
  );
}
