import type { Cte, Leaf, MessageSpec, Multi, Node } from './mime-arbitraries.js';

/**
 * Renders a generated message spec to bytes, planting `secret` where the spec says. A secret goes
 * only where a reader of the delivered message would see it in the clear: a leaf whose every
 * Content-Type is text (or absent) and whose transfer encoding is decodable and unambiguous, a
 * file name, the Subject or a header field.
 */

const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
const DECODABLE = new Set<Cte>(['7bit', '8bit', 'base64', 'quoted-printable', 'none']);

/** Whether a secret in this leaf's body is in the clear for whoever reads the delivered part. */
export function readable(l: Leaf): boolean {
  const textual = (t: string | null) => t === null || /^text\/(plain|html)/i.test(t);
  return (
    textual(l.type) &&
    textual(l.dupType) &&
    !l.broken &&
    DECODABLE.has(l.cte) &&
    (l.dupCte === null || l.dupCte === l.cte)
  );
}

function leaves(n: Node, out: Leaf[] = []): Leaf[] {
  if (n.kind === 'leaf') out.push(n);
  else if (n.kind === 'multi') for (const c of n.children) leaves(c, out);
  else leaves(n.root, out);
  return out;
}

// Quoted-printable: bytes outside printable ASCII, `=` and trailing blanks as =XX, soft breaks at 76.
function qpEncode(bytes: string): string {
  const lines = bytes.split('\n').map((line) => {
    const l = line.replace(/\r$/, '');
    let enc = l.replace(
      /[^\x21-\x3c\x3e-\x7e ]/g,
      (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
    );
    enc = enc.replace(/ $/, '=20');
    const out: string[] = [];
    while (enc.length > 75) {
      let cut = 75;
      // never split an =XX escape
      const eq = enc.lastIndexOf('=', cut);
      if (eq > cut - 3) cut = eq;
      out.push(`${enc.slice(0, cut)}=`);
      enc = enc.slice(cut);
    }
    out.push(enc);
    return out.join('\r\n');
  });
  return lines.join('\r\n');
}

function encodeBody(bytes: string, cte: Cte, broken: boolean): string {
  if (cte === 'base64') {
    let b = Buffer.from(bytes, 'latin1').toString('base64');
    if (broken) b = `${b.slice(0, 10)}!!*@${b.slice(10).replace(/=+$/, '')}%`;
    return b.replace(/.{76}/g, '$&\r\n');
  }
  if (cte === 'quoted-printable') return broken ? `${qpEncode(bytes)}=ZZ bad =\r\n=` : qpEncode(bytes);
  return crlf(bytes);
}

function nameParams(l: Leaf): { type: string; disposition: string } {
  if (!l.name) return { type: '', disposition: '' };
  const name = `${l.name.text}.txt`;
  const pct = utf8(name).replace(
    /[^A-Za-z0-9.]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  switch (l.name.style) {
    case 'quoted':
      return {
        type: `; name="${name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"`,
        disposition: `; filename="${name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"`,
      };
    case 'raw-utf8':
      return {
        type: `; name="${utf8(name).replace(/"/g, '')}"`,
        disposition: `; filename="${utf8(name).replace(/"/g, '')}"`,
      };
    case 'word': {
      const w = `=?UTF-8?B?${Buffer.from(name).toString('base64')}?=`;
      return { type: `; name="${w}"`, disposition: `; filename="${w}"` };
    }
    case 'rfc2231':
      return { type: `; name*=utf-8''${pct}`, disposition: `; filename*=utf-8''${pct}` };
    case 'rfc2231-split': {
      const half = Math.floor(pct.length / 2);
      const at = pct.lastIndexOf('%', half) > half - 3 ? pct.lastIndexOf('%', half) : half;
      const p = (k: string) => `;\r\n ${k}*0*=utf-8''${pct.slice(0, at)};\r\n ${k}*1*=${pct.slice(at)}`;
      return { type: p('name'), disposition: p('filename') };
    }
  }
}

interface Ctx {
  secret: string;
  secretLeaf: Leaf | undefined;
  secretName: Leaf | undefined;
  counter: number;
}

function renderLeaf(l: Leaf, c: Ctx): { headers: string[]; body: string } {
  const headers: string[] = [];
  const names = nameParams(l);
  if (l.type !== null) headers.push(`Content-Type: ${l.type}${names.type}`);
  if (l.dupType !== null) headers.push(`Content-Type: ${l.dupType}`);
  if (l.cte !== 'none') headers.push(`Content-Transfer-Encoding: ${l.cte}`);
  if (l.dupCte !== null && l.dupCte !== 'none') headers.push(`Content-Transfer-Encoding: ${l.dupCte}`);
  if (l.name) headers.push(`Content-Disposition: attachment${names.disposition}`);
  let body = utf8(l.text);
  if (l === c.secretLeaf) body += `\nmy access key is ${c.secret}\n`;
  return { headers, body: encodeBody(body, l.cte, l.broken) };
}

function renderMulti(
  m: Multi,
  c: Ctx,
  parentBoundary: string | undefined,
): { headers: string[]; body: string } {
  const id = ++c.counter;
  let boundary = `=_b${id}_${'x'.repeat(id % 5)}`;
  if (m.boundary === 'prefix' && parentBoundary) boundary = `${parentBoundary}${id % 2 ? '-x' : ''}`;
  if (m.boundary === 'quoted-odd') boundary = `odd '()+_,-./:=? ${id}`;
  const parts = m.children.map((ch) => render(ch, c, boundary));
  const lines = [
    ...(m.preamble ? [m.preamble] : []),
    ...parts.flatMap((p) => [`--${boundary}`, ...p.headers, '', p.body]),
    ...(m.boundary === 'unclosed' ? [] : [`--${boundary}--`]),
  ];
  return {
    headers: [`Content-Type: multipart/${m.subtype}; boundary="${boundary}"`],
    body: lines.join('\r\n'),
  };
}

function render(n: Node, c: Ctx, parentBoundary?: string): { headers: string[]; body: string } {
  if (n.kind === 'leaf') return renderLeaf(n, c);
  if (n.kind === 'multi') return renderMulti(n, c, parentBoundary);
  const inner = render(n.root, c, parentBoundary);
  const fields = n.fields.map(([k, v]) => (v ? `${k}: ${v}` : `${k}:`));
  return {
    headers: ['Content-Type: message/rfc822'],
    body: [
      ...fields,
      'From: forwarded@example.net',
      'MIME-Version: 1.0',
      ...inner.headers,
      '',
      inner.body,
    ].join('\r\n'),
  };
}

export interface Rendered {
  raw: Buffer;
  /** Where the secret went, or 'none' (no eligible place: nothing planted). */
  planted: string;
  /** The top-level header field (lower case) that carries the secret, if one does. */
  secretField: string | undefined;
}

export function renderMessage(spec: MessageSpec, secret: string, token: string): Rendered {
  const all = leaves(spec.root);
  const eligible = all.filter(readable);
  const c: Ctx = { secret, secretLeaf: undefined, secretName: undefined, counter: 0 };
  let planted = 'none';
  let secretField: string | undefined;
  if (spec.secretAt === 'body' && eligible.length) {
    c.secretLeaf = eligible[spec.secretLeaf % eligible.length];
    planted = 'body';
  }
  if (spec.secretAt === 'filename' && all.length) {
    const l = all[spec.secretLeaf % all.length]!;
    l.name = { style: l.name?.style ?? 'quoted', text: secret };
    planted = `filename (${l.name.style})`;
  }
  const fields = spec.fields.map(([k, v]) => (v ? `${k}: ${v}` : `${k}:`));
  let subject = spec.subject;
  if (spec.secretAt === 'subject') {
    subject = `${subject ?? ''} key ${secret}`;
    planted = 'subject';
    secretField = 'subject';
  }
  if (spec.secretAt === 'field') {
    fields.push(`X-Account-Key: ${secret}`);
    planted = 'field';
    secretField = 'x-account-key';
  }
  const root = render(spec.root, c);
  const head = [
    'From: Fuzz Customer <customer@example.org>',
    'To: support@localhost',
    ...(subject === null ? [] : [`Subject: ${subject}`]),
    'Date: Sat, 28 Nov 2026 10:00:00 +0000',
    `Message-ID: <${token}@fuzz.example.org>`,
    ...fields,
    'MIME-Version: 1.0',
    ...root.headers,
  ];
  const raw = `${head.join('\r\n')}\r\n\r\n${root.body}\r\n`;
  return { raw: Buffer.from(raw, 'latin1'), planted, secretField };
}
