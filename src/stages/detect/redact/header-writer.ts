import libmime from 'libmime';
import * as mimeFuncs from 'nodemailer/lib/mime-funcs';
import {
  type AddressEntry,
  foldHeaderField,
  formatAddressList,
  formatHeaderField,
} from '../../../domain/header-encode.js';
import { decodeHeaderText } from '../../../domain/header-text.js';
import {
  ADDRESS_FIELDS,
  findHeaderLine,
  flattenAddresses,
  type HeaderLine,
  headerLines,
  KEYLESS,
  keylessRun,
  keylessText,
  PARAM_FIELDS,
  parseAddresses,
  parseParams,
  renderAddresses,
} from '../extract/header-units.js';
import type { MimeNode } from '../extract/mime-tree.js';
import type { HeaderRef } from '../extract/types.js';
import { redactText } from './apply-spans.js';
import type { PartEdit, RedactionSpan } from './plan.js';

// CommonJS seen through ESM: the functions may sit on `default`.
const mf = ((mimeFuncs as unknown as { default?: typeof mimeFuncs }).default ??
  mimeFuncs) as typeof mimeFuncs;

type HeaderEdit = PartEdit & { header: HeaderRef };

/** Spans of a unit's text moved onto its value: the field name in front (context) is never cut. */
const onValue = (spans: RedactionSpan[], start: number): RedactionSpan[] =>
  spans
    .map((s) => ({ ...s, start: Math.max(0, s.start - start), end: Math.max(0, s.end - start) }))
    .filter((s) => s.end > s.start);

/** Replaces the field's lines in the node's header block; mailsplit then rebuilds the block. */
function writeField(node: MimeNode, h: HeaderLine, field: string): void {
  const entry = node.headers.getList()[h.index];
  if (!entry) return;
  entry.line = field.replace(/\r\n$/, '');
  node.headers.changed = true;
}

/** Content-Type or Content-Disposition with the edited parameters, rebuilt by libmime (RFC 2231 where needed). */
function redactParams(node: MimeNode, h: HeaderLine, edits: HeaderEdit[]): void {
  const parsed = parseParams(h.value);
  let edited = false;
  for (const e of edits) {
    const param = e.header.param!;
    const text = parsed.params[param];
    if (text === undefined) continue;
    parsed.params[param] = redactText(text, onValue(e.spans, e.header.textStart));
    edited = true;
  }
  // The field is not the one scanned (a part replaced by a note has a Content-Type of its own).
  if (!edited) return;
  writeField(node, h, foldHeaderField(h.name, libmime.buildHeaderValue(parsed)));
  if (h.occurrence > 0) return;
  // mailsplit rebuilds Content-Type from its own parse when a body is rewritten (charset): it
  // must hold the redacted parameters too, or the secret would come back.
  const own = h.key === 'content-type' ? node._parsedContentType : node._parsedContentDisposition;
  if (own) Object.assign(own.params, parsed.params);
  const name = parsed.params.filename ?? parsed.params.name;
  if (node.filename && name) node.filename = name;
}

// A dot-atom local part (RFC 5322 3.4.1): may stand unquoted.
const DOT_ATOM = /^[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*$/;

/** A redacted address stays one address: a local part the marker made invalid is quoted. */
function quoteLocalPart(address: string): string {
  const at = address.lastIndexOf('@');
  const local = at < 0 ? address : address.slice(0, at);
  if (DOT_ATOM.test(local) || /^".*"$/.test(local)) return address;
  return mf.quoteString(local) + (at < 0 ? '' : address.slice(at));
}

/**
 * An address field with the redacted display names (and, for a secret inside an address, that
 * address) rewritten; every other address is kept exactly as it was.
 */
function redactAddresses(node: MimeNode, h: HeaderLine, edits: HeaderEdit[]): void {
  const flat = flattenAddresses(parseAddresses(h.value));
  const { text, segments } = renderAddresses(flat);
  const spans = edits
    .flatMap((e) => onValue(e.spans, e.header.textStart))
    .filter((s) => s.start < text.length);
  for (const seg of segments) {
    const inside = onValue(
      spans.filter((s) => s.start < seg.end && s.end > seg.start),
      seg.start,
    ).map((s) => ({ ...s, end: Math.min(s.end, seg.end - seg.start) }));
    if (!inside.length) continue;
    const entry = flat[seg.entry]!;
    const redacted = redactText(text.slice(seg.start, seg.end), inside);
    if (seg.kind === 'name') entry.name = redacted;
    else entry.address = quoteLocalPart(redacted);
  }
  let i = 0;
  const rebuild = (): AddressEntry => {
    const a = flat[i++]!;
    if (a.address !== undefined) return { name: a.name, address: a.address };
    const group: AddressEntry[] = [];
    for (let m = 0; m < a.members; m++) group.push(rebuild());
    return { name: a.name, group };
  };
  const list: AddressEntry[] = [];
  while (i < flat.length) list.push(rebuild());
  writeField(node, h, foldHeaderField(h.name, formatAddressList(list)));
}

/** Any other field: its decoded text with the spans replaced, encoded and folded anew. */
function redactUnstructured(node: MimeNode, h: HeaderLine, edits: HeaderEdit[]): void {
  const spans = edits.flatMap((e) => onValue(e.spans, e.header.textStart));
  const text = redactText(decodeHeaderText(h.value), spans);
  // Keywords is a list of phrases: words with specials ([, :) must be encoded there.
  writeField(node, h, formatHeaderField(h.name, text, { phrase: h.key === 'keywords' }));
}

/**
 * A run of lines without a field name (text that ran into the header block), scanned as one text:
 * written back line by line as UTF-8 octets with the spans replaced. A marker that swallowed a line
 * break leaves the lines after it empty, which mailsplit drops: the block stays a header block.
 */
function redactKeyless(node: MimeNode, h: HeaderLine, edits: HeaderEdit[]): void {
  const lines = headerLines(node);
  const run = keylessRun(
    lines,
    lines.findIndex((l) => l.index === h.index),
  );
  const spans = edits.flatMap((e) => onValue(e.spans, e.header.textStart));
  const pieces = redactText(run.map(keylessText).join('\n'), spans).split('\n');
  run.forEach((line, i) => {
    // A line the spans left as it was keeps its bytes.
    if (pieces[i] !== keylessText(line))
      writeField(node, line, Buffer.from(pieces[i] ?? '', 'utf8').toString('latin1'));
  });
  // More pieces than lines cannot happen (markers hold no line break); kept whole if it ever does.
  if (pieces.length > run.length) {
    const last = run[run.length - 1]!;
    writeField(node, last, Buffer.from(pieces.slice(run.length - 1).join(' '), 'utf8').toString('latin1'));
  }
}

/**
 * Applies a part's header edits: each field is rewritten once, with every span of every text
 * in it replaced by its marker. Fields without edits keep their bytes; a field no longer there
 * (a part replaced by a note loses its Content-* fields) is skipped.
 */
export function redactHeaders(node: MimeNode, edits: PartEdit[]): void {
  const byField = new Map<string, HeaderEdit[]>();
  for (const e of edits) {
    if (!e.header) continue;
    const key = `${e.header.field}\0${e.header.occurrence}`;
    byField.set(key, [...(byField.get(key) ?? []), e as HeaderEdit]);
  }
  for (const group of byField.values()) {
    const h = findHeaderLine(node, group[0]!.header);
    if (!h) continue;
    if (h.key === KEYLESS) redactKeyless(node, h, group);
    else if (PARAM_FIELDS.has(h.key)) redactParams(node, h, group);
    else if (ADDRESS_FIELDS.has(h.key)) redactAddresses(node, h, group);
    else redactUnstructured(node, h, group);
  }
}
