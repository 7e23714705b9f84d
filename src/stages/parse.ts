import { Readable } from 'node:stream';
import { Splitter } from '@zone-eu/mailsplit';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import type { MessageContext, ParsedHeaders, ParsedMessage } from '../domain/message.js';
import type { Stage } from '../pipeline/stage.js';

export interface ParseLimits {
  maxHtmlBytes: number;
  maxParts: number;
  maxDepth: number;
}

interface Structure {
  parts: number;
  depth: number;
}

/**
 * Counts MIME parts and nesting with mailsplit, stopping as soon as a limit is passed, before the
 * full parse: a message of a hundred thousand tiny parts must not cost a full mailparser tree.
 */
async function inspectStructure(raw: Buffer, limits: ParseLimits, signal: AbortSignal): Promise<Structure> {
  const s: Structure = { parts: 0, depth: 0 };
  const splitter = new Splitter();
  const done = new Promise<void>((resolve, reject) => {
    // mailsplit emits each MIME node itself as a 'node' chunk, linked to its parent.
    splitter.on('data', (d: { type: string; parentNode?: unknown }) => {
      if (d.type !== 'node') return;
      s.parts++;
      let depth = 0;
      for (let n = d.parentNode as { parentNode?: unknown } | undefined; n; n = n.parentNode as typeof n)
        depth++;
      s.depth = Math.max(s.depth, depth);
      if (s.parts > limits.maxParts || s.depth > limits.maxDepth || signal.aborted) {
        splitter.destroy();
        resolve();
      }
    });
    splitter.on('end', resolve);
    splitter.on('close', resolve);
    splitter.on('error', reject);
  });
  Readable.from([raw]).pipe(splitter);
  await done;
  return s;
}

const headerBlock = (raw: Buffer): Buffer => {
  const end = raw.indexOf('\r\n\r\n');
  return end < 0 ? raw : raw.subarray(0, end + 4);
};

const addressText = (a: AddressObject | AddressObject[] | undefined): string =>
  a === undefined ? '' : Array.isArray(a) ? a.map((x) => x.text).join(', ') : a.text;

const asList = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

function headersOf(mail: ParsedMail): ParsedHeaders {
  const autoSubmitted = mail.headers.get('auto-submitted');
  return {
    messageId: mail.messageId,
    subject: mail.subject ?? '',
    from: addressText(mail.from),
    inReplyTo: mail.inReplyTo,
    references: asList(mail.references),
    autoSubmitted: typeof autoSubmitted === 'string' ? autoSubmitted : undefined,
  };
}

/** Parses the raw message into text, HTML, attachments and the headers later stages need. */
export async function parseMessage(
  raw: Buffer,
  limits: ParseLimits,
  signal: AbortSignal,
): Promise<ParsedMessage> {
  const structure = await inspectStructure(raw, limits, signal);
  const overLimits: string[] = [];
  if (structure.parts > limits.maxParts) overLimits.push(`more than ${limits.maxParts} MIME parts`);
  if (structure.depth > limits.maxDepth) overLimits.push(`MIME nesting deeper than ${limits.maxDepth}`);
  const options = {
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
    // HTML becomes text in the detect stage, under its own limits; mailparser's converter throws
    // on large HTML instead of stopping, so it is not used.
    skipHtmlToText: true,
  };
  // Over the limits only the headers are parsed: the body is left to the policy as unscannable.
  const mail = await simpleParser(overLimits.length ? headerBlock(raw) : raw, options);
  if (!overLimits.length && mail.html && Buffer.byteLength(mail.html) > limits.maxHtmlBytes)
    overLimits.push(`HTML body larger than ${limits.maxHtmlBytes} bytes`);
  return {
    headers: headersOf(mail),
    text: overLimits.length ? undefined : mail.text,
    html: overLimits.length || mail.html === false ? undefined : mail.html,
    attachments: (mail.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      content: a.content,
      related: Boolean(a.related),
    })),
    overLimits,
  };
}

export function parseStage(limits: ParseLimits): Stage {
  return {
    name: 'parse',
    async run(ctx: MessageContext, signal: AbortSignal) {
      ctx.parsed = await parseMessage(ctx.raw, limits, signal);
    },
  };
}
