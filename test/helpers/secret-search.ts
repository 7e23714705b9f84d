import libmime from 'libmime';

/**
 * Finds secrets in bytes at rest however they were written: as they are, in UTF-16, in base64 (at
 * any of the three alignments, across wrapped lines), in quoted-printable (soft line breaks
 * included) and in RFC 2047 encoded words. A search for the plain text alone misses a secret the
 * moment a MIME writer encodes the part that carries it.
 */

/** The base64 text of `secret` wherever it starts in the encoded stream (characters mixed with the
 * neighbouring bytes are left off at both ends). */
export function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [0, 1, 2].map((k) => {
    const enc = Buffer.concat([Buffer.alloc(k), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    const start = [0, 2, 3][k]!;
    const end = (k + bytes.length) % 3 === 0 ? enc.length : enc.length - 1;
    return enc.slice(start, end);
  });
}

/** Quoted-printable decoding of a whole file (harmless on text that is not QP). */
function qpDecoded(latin1: string): string {
  return latin1
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Which of `secrets` occur in `content` in any of the forms above; each is named by its form. */
export function secretsIn(content: Buffer, secrets: readonly string[]): string[] {
  const latin1 = content.toString('latin1');
  const unwrapped = latin1.replace(/[\r\n]/g, '');
  const qp = qpDecoded(latin1);
  const words = latin1.includes('=?') ? libmime.decodeWords(latin1) : '';
  const hits: string[] = [];
  for (const secret of secrets) {
    const utf8 = Buffer.from(secret, 'utf8').toString('latin1');
    if (latin1.includes(utf8)) hits.push(`${secret} (as is)`);
    else if (content.includes(Buffer.from(secret, 'utf16le'))) hits.push(`${secret} (UTF-16)`);
    else if (qp.includes(utf8)) hits.push(`${secret} (quoted-printable)`);
    else if (words.includes(secret)) hits.push(`${secret} (encoded word)`);
    else if (base64Forms(secret).some((f) => unwrapped.includes(f))) hits.push(`${secret} (base64)`);
  }
  return hits;
}
