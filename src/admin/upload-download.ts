import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Streams a decrypted upload to a reviewer: never cached, always a download (a customer's HTML
 * file must not run in our origin), its name given in RFC 6266 form.
 */
export function sendUpload(
  reply: FastifyReply,
  u: { name: string; kind: 'text' | 'file'; size: number | null; chunks: AsyncGenerator<Buffer> },
) {
  const ascii = u.name.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'upload';
  reply
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(u.name)}`,
    )
    .type(u.kind === 'text' ? 'text/plain; charset=utf-8' : 'application/octet-stream');
  if (u.size !== null) reply.header('content-length', u.size);
  return reply.send(Readable.from(u.chunks));
}
