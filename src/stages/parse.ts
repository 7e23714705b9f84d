import { Readable } from 'node:stream';
import { Splitter } from '@zone-eu/mailsplit';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import type { MessageContext, ParsedHeaders, ParsedMessage } from '../domain/message.js';
import type { Stage } from '../pipeline/stage.js';

export interface ParseLimits {
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

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (a === undefined ? [] : Array.isArray(a) ? a : [a]).flatMap((x) =>
    x.value.map((v) => v.address ?? '').filter(Boolean),
  );

const asList = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

function headersOf(mail: ParsedMail): ParsedHeaders {
  const text = (name: string): string | undefined => {
    const v = mail.headers.get(name);
    if (v === undefined) return undefined;
    if (typeof v === 'string') return v;
    return typeof v === 'object' && v !== null && 'text' in v
      ? String((v as { text: unknown }).text)
      : String(v);
  };
  // mailparser folds List-* fields into one parsed `list` object; the raw lines say what was there.
  const line = (name: string) => mail.headerLines.find((l) => l.key === name)?.line;
  return {
    messageId: mail.messageId,
    subject: mail.subject ?? '',
    from: addressText(mail.from),
    fromAddresses: addresses(mail.from),
    inReplyTo: mail.inReplyTo,
    references: asList(mail.references),
    autoSubmitted: text('auto-submitted'),
    precedence: text('precedence'),
    listId: line('list-id'),
    listUnsubscribe: line('list-unsubscribe'),
    deskguardNotice: text('x-deskguard-notice'),
    autoResponseSuppress: text('x-auto-response-suppress'),
  };
}

/**
 * Reads the header fields later stages need and checks the MIME structure against its limits. The
 * body is not parsed here: detection reads every part itself, under its own limits.
 */
export async function parseMessage(
  raw: Buffer,
  limits: ParseLimits,
  signal: AbortSignal,
): Promise<ParsedMessage> {
  const structure = await inspectStructure(raw, limits, signal);
  const overLimits: string[] = [];
  if (structure.parts > limits.maxParts) overLimits.push(`more than ${limits.maxParts} MIME parts`);
  if (structure.depth > limits.maxDepth) overLimits.push(`MIME nesting deeper than ${limits.maxDepth}`);
  const mail = await simpleParser(headerBlock(raw), {
    skipTextToHtml: true,
    skipTextLinks: true,
    skipHtmlToText: true,
  });
  return { headers: headersOf(mail), overLimits };
}

// The parser's words, kept for staff: they go into the queue and the quarantine list, so anything
// quoted (a parser may quote a piece of the input) and every control character is left out.
const QUOTED = /(["'`]).{0,200}?\1/g;
const CONTROL = /[\u0000-\u001f\u007f]+/g;
const parserError = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err))
    .slice(0, 400)
    .replace(QUOTED, '…')
    .replace(CONTROL, ' ')
    .slice(0, 120);

/** What the later stages see of a message that could not be parsed: no header at all. */
const NO_HEADERS: ParsedHeaders = {
  messageId: undefined,
  subject: '',
  from: '',
  fromAddresses: [],
  inReplyTo: undefined,
  references: [],
  autoSubmitted: undefined,
  precedence: undefined,
  listId: undefined,
  listUnsubscribe: undefined,
  deskguardNotice: undefined,
  autoResponseSuppress: undefined,
};

/**
 * A parser error on a message is a verdict, not a crash: the same bytes fail the same way on every
 * attempt, so retrying would only turn one bad message into a crash loop. The message is held as
 * `unparseable` (decide), its original in the quarantine for staff.
 */
export function parseStage(limits: ParseLimits): Stage {
  return {
    name: 'parse',
    async run(ctx: MessageContext, signal: AbortSignal) {
      try {
        ctx.parsed = await parseMessage(ctx.raw, limits, signal);
      } catch (err) {
        if (signal.aborted) throw err; // out of time: the pipeline's time limit decides
        ctx.parsed = { headers: NO_HEADERS, overLimits: [], unparseable: parserError(err) };
      }
    },
  };
}
