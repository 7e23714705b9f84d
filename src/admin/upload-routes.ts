import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import { MemoryLocker, Server as TusServer } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UploadLink } from '../ports.js';
import { MAX_TEXT_BYTES, newUploadId, type UploadChannel } from '../workflows/upload-channel.js';
import { UPLOAD_CSS, UPLOAD_JS, uploadDonePage, uploadGonePage, uploadPage } from './upload-pages.js';
import { uploadTexts } from './upload-texts.js';
import { LINK_KEY, SealedTusStore, TICKET_KEY } from './upload-tus-store.js';

export interface UploadHttpDeps {
  channel: UploadChannel;
  /** upload.maxBytes: the largest file accepted. */
  maxBytes: number;
  requestsPerMinute: number;
  /** Behind TLS (http.publicUrl is https). */
  secure: boolean;
  pgp?: { fingerprint: string; url: string } | undefined;
  /** Folders of upload.<lang>.txt, first match wins (notify.templateDir, then the packaged one). */
  templateDirs: readonly string[];
  /** notify.language: the page's language when the link has none we ship. */
  language: string;
}

export const TOKEN_HEADER = 'deskguard-upload-token';

// The browser build of tus-js-client, served from our own origin (the page allows no other).
const TUS_CLIENT = readFileSync(createRequire(import.meta.url).resolve('tus-js-client/dist/tus.min.js'));

/**
 * The customer's side of the secure channel, on the same server as the staff UI but in a scope of
 * its own: no staff session means anything here, the link's token is the only credential, and the
 * page may run its own script (the resumable upload) and nothing else.
 */
export function registerUpload(app: FastifyInstance, deps: UploadHttpDeps): void {
  const { channel } = deps;
  const tus = new TusServer({
    path: '/upload/files',
    datastore: new SealedTusStore(channel),
    maxSize: deps.maxBytes,
    relativeLocation: true,
    locker: new MemoryLocker(),
    allowedHeaders: [TOKEN_HEADER],
    namingFunction: () => newUploadId(),
    // Every request names its link: a valid one, and for an existing upload the link it began on.
    onIncomingRequest: async (req, id) => {
      const c = channel.check(req.headers.get(TOKEN_HEADER) ?? '');
      if (!c.ok) throw { status_code: 403, body: `upload link ${c.why}\n` };
      const row = channel.receiving(id);
      if (req.method !== 'POST' && (!row || row.linkHash !== c.link.tokenHash))
        throw { status_code: 404, body: 'no such upload\n' };
    },
    onUploadCreate: async (req, upload) => {
      const c = channel.check(req.headers.get(TOKEN_HEADER) ?? '');
      if (!c.ok) throw { status_code: 403, body: `upload link ${c.why}\n` };
      return {
        metadata: { ...upload.metadata, [LINK_KEY]: c.link.tokenHash, [TICKET_KEY]: c.link.ticketId },
      };
    },
  });

  app.register(async (scope) => {
    await scope.register(fastifyHelmet, {
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'connect-src': ["'self'"],
          'form-action': ["'self'"],
          'upgrade-insecure-requests': deps.secure ? [] : null,
        },
      },
      hsts: deps.secure,
      referrerPolicy: { policy: 'no-referrer' },
    });
    await scope.register(fastifyFormbody, { bodyLimit: MAX_TEXT_BYTES * 4 });
    await scope.register(fastifyRateLimit, { max: deps.requestsPerMinute, timeWindow: 60_000 });
    // tus bodies are streamed by the tus server, never parsed or buffered here.
    scope.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));

    const page = (reply: FastifyReply, body: string, code = 200) =>
      reply.code(code).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
    scope.get('/upload-assets/upload.css', async (_r, reply) =>
      reply.type('text/css; charset=utf-8').send(UPLOAD_CSS),
    );
    scope.get('/upload-assets/upload.js', async (_r, reply) =>
      reply.type('text/javascript; charset=utf-8').send(UPLOAD_JS),
    );
    scope.get('/upload-assets/tus.min.js', async (_r, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=86400').send(TUS_CLIENT),
    );

    const tokenOf = (req: FastifyRequest) => (req.params as { token: string }).token;
    const textsFor = (language: string | undefined) =>
      uploadTexts(deps.templateDirs, language ?? deps.language);
    // A link we cannot read says so in the configured language; a known one in its notice's.
    const gone = (reply: FastifyReply, why: 'unknown' | 'expired' | 'spent', language?: string) =>
      page(reply, uploadGonePage(textsFor(language), why), why === 'unknown' ? 404 : 410);
    // Opening the page spends nothing: mail scanners open every link before the customer does.
    scope.get('/upload/:token', async (req, reply) => {
      const c = channel.check(tokenOf(req));
      if (!c.ok) return gone(reply, c.why, channel.languageOf(tokenOf(req)));
      return page(reply, uploadPage(textsFor(c.link.language), infoOf(c.link, tokenOf(req))));
    });

    const infoOf = (link: UploadLink, token: string) => ({
      ticketId: link.ticketId,
      token,
      maxBytes: deps.maxBytes,
      expiresAt: link.expiresAt,
      pgp: deps.pgp,
    });

    scope.post('/upload/:token', async (req, reply) => {
      const token = tokenOf(req);
      const c = channel.check(token);
      if (!c.ok) return gone(reply, c.why, channel.languageOf(token));
      const t = textsFor(c.link.language);
      const form = (req.body ?? {}) as Record<string, string | undefined>;
      const text = typeof form.text === 'string' ? form.text : '';
      if (Buffer.byteLength(text) > MAX_TEXT_BYTES) return reply.code(413).send('text too long');
      // Upload ids are ours (base64url); only those received on this very link count.
      const ids = (form.files ?? '')
        .split(',')
        .filter((id) => /^[A-Za-z0-9_-]{10,64}$/.test(id))
        .filter((id) => channel.receiving(id)?.linkHash === c.link.tokenHash);
      if (!text.trim() && ids.length === 0)
        return page(reply, uploadPage(t, infoOf(c.link, token), t.t('empty')), 400);
      if (!(await channel.submit(token, ids, text))) return gone(reply, 'spent', c.link.language);
      return page(reply, uploadDonePage(t, c.link.ticketId));
    });

    const toTus = async (req: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      try {
        await tus.handle(req.raw, reply.raw);
      } catch (err) {
        // Hijacked: fastify no longer answers for us. Never a hanging request, never the error's text.
        req.log.error({ err }, 'upload request failed');
        if (!reply.raw.headersSent)
          reply.raw.writeHead(500, { 'content-type': 'text/plain' }).end('upload failed\n');
        else reply.raw.destroy();
      }
    };
    scope.route({
      method: ['POST', 'HEAD', 'PATCH', 'DELETE', 'OPTIONS'],
      url: '/upload/files',
      handler: toTus,
    });
    scope.route({
      method: ['POST', 'HEAD', 'PATCH', 'DELETE', 'OPTIONS'],
      url: '/upload/files/:id',
      handler: toTus,
    });
  });
}
