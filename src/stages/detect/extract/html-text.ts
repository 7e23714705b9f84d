import { decodeEntityAt } from './html-entities.js';

/**
 * The text of an HTML document as a reader (and html-to-text) sees it, with a map back to the
 * source: text[i] came from source[starts[i], ends[i]). Secrets split by inline tags
 * (`AKIA<b>…</b>`) or written with entities come out whole, and redaction replaces the whole
 * source range, tags and entities included. A hand-written single pass: linear time on any input.
 */
export interface HtmlText {
  text: string;
  starts: Uint32Array;
  ends: Uint32Array;
  /** The text reached maxChars: the rest of the document was not read. */
  truncated: boolean;
}

/** Tags that end a line of text: a secret never continues across them. */
const BLOCK = new Set(
  'address article aside blockquote br dd div dl dt footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody thead tfoot title tr ul option'.split(
    ' ',
  ),
);
const CELL = new Set(['td', 'th']);
/** Raw-text elements whose content is code, not text. */
const RAW = new Set(['script', 'style', 'xml']);
/** Elements whose whitespace is kept as written. */
const PRE = new Set(['pre', 'textarea', 'plaintext', 'listing']);
/** Attributes whose values reach the reader or the browser as text or URLs. */
const TEXT_ATTRS = new Set(['href', 'src', 'title', 'alt', 'value', 'action', 'content', 'placeholder']);

/** Text pieces plus two growing offset arrays: 8 bytes of map per character, no per-character objects. */
class Builder {
  private pieces: string[] = [];
  private starts: Uint32Array = new Uint32Array(1024);
  private ends: Uint32Array = new Uint32Array(1024);
  private length = 0;
  /** The last character emitted ('' at the start): decides whether whitespace adds anything. */
  last = '';
  constructor(private readonly cap: number) {}
  get full(): boolean {
    return this.length >= this.cap;
  }
  private reserve(n: number): void {
    if (this.length + n <= this.starts.length) return;
    const size = Math.max(this.starts.length * 2, this.length + n);
    const grow = (old: Uint32Array): Uint32Array => {
      const next = new Uint32Array(size);
      next.set(old.subarray(0, this.length));
      return next;
    };
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
  }
  /** Text that stands for the whole source range [start, end): an entity, a separator, a space. */
  push(text: string, start: number, end: number): void {
    const n = Math.min(text.length, this.cap - this.length);
    if (n <= 0) return;
    this.reserve(n);
    this.starts.fill(start, this.length, this.length + n);
    this.ends.fill(end, this.length, this.length + n);
    this.pieces.push(text.slice(0, n));
    this.length += n;
    this.last = text[n - 1] as string;
  }
  /** Source characters html[from, to) copied as they are, each mapped to itself. */
  copy(html: string, from: number, to: number): void {
    const n = Math.min(to - from, this.cap - this.length);
    if (n <= 0) return;
    this.reserve(n);
    for (let k = 0; k < n; k++) {
      this.starts[this.length + k] = from + k;
      this.ends[this.length + k] = from + k + 1;
    }
    this.pieces.push(html.slice(from, from + n));
    this.length += n;
    this.last = html[from + n - 1] as string;
  }
  result(): HtmlText {
    return {
      text: this.pieces.join(''),
      starts: this.starts.slice(0, this.length),
      ends: this.ends.slice(0, this.length),
      truncated: this.full,
    };
  }
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
const isTagStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 47;

/**
 * Copies text from html[from, to) into the builder, decoding entities when `entities`. With
 * `collapse` (outside <pre>), a run of whitespace reads as HTML renders it: nothing after a line
 * break, else one space, or one line break when the run holds one (so `line<br>\n` is one break).
 */
function emitText(
  b: Builder,
  html: string,
  from: number,
  to: number,
  entities: boolean,
  collapse = false,
): void {
  for (let i = from; i < to && !b.full; ) {
    const c = html.charCodeAt(i);
    if (collapse && isSpace(c)) {
      let j = i;
      let newline = false;
      for (; j < to && isSpace(html.charCodeAt(j)); j++) newline ||= html.charCodeAt(j) === 10;
      if (newline && b.last !== '\n' && b.last !== '') b.push('\n', i, j);
      else if (!newline && b.last !== '\n' && b.last !== ' ' && b.last !== '\t' && b.last !== '')
        b.push(' ', i, j);
      i = j;
      continue;
    }
    if (entities && c === 38) {
      const ref = decodeEntityAt(html, i);
      if (ref && ref.end <= to) {
        b.push(ref.text, i, ref.end);
        i = ref.end;
        continue;
      }
    }
    if (c === 0xa0) {
      // A no-break space reads as a space; detectors split on ordinary whitespace.
      b.push(' ', i, i + 1);
      i++;
      continue;
    }
    // A run of characters that need no decoding is copied in one piece.
    let j = i + 1;
    while (j < to) {
      const d = html.charCodeAt(j);
      if (d === 0xa0 || (entities && d === 38) || (collapse && isSpace(d))) break;
      j++;
    }
    b.copy(html, i, j);
    i = j;
  }
}

/** Parses the attributes of a tag in html[from, to) and emits the values of TEXT_ATTRS. */
function emitAttributes(b: Builder, html: string, from: number, to: number): void {
  let i = from;
  while (i < to) {
    while (i < to && (isSpace(html.charCodeAt(i)) || html.charCodeAt(i) === 47)) i++;
    const nameStart = i;
    while (i < to && !isSpace(html.charCodeAt(i)) && html[i] !== '=' && html[i] !== '/') i++;
    const name = html.slice(nameStart, i).toLowerCase();
    while (i < to && isSpace(html.charCodeAt(i))) i++;
    if (html[i] !== '=') {
      if (i === nameStart) i++;
      continue;
    }
    i++;
    while (i < to && isSpace(html.charCodeAt(i))) i++;
    const quote = html[i] === '"' || html[i] === "'" ? html[i] : undefined;
    if (quote) i++;
    const valueStart = i;
    while (i < to && (quote ? html[i] !== quote : !isSpace(html.charCodeAt(i)))) i++;
    const valueEnd = i;
    if (quote) i++;
    // Inline images (data: URIs) are base64 noise, not text.
    const isData = html.slice(valueStart, valueStart + 5).toLowerCase() === 'data:';
    if (TEXT_ATTRS.has(name) && valueEnd > valueStart && !isData) {
      b.push('\n', valueStart, valueStart);
      emitText(b, html, valueStart, valueEnd, true);
      b.push('\n', valueEnd, valueEnd);
    }
  }
}

/** Finds the `>` closing a tag that starts at `at`, skipping quoted attribute values. */
function tagEnd(html: string, at: number): number {
  let quote: string | undefined;
  let afterEquals = false;
  for (let i = at + 1; i < html.length; i++) {
    const ch = html[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '>') return i;
    // Quotes only open an attribute value right after `=` (blanks allowed); elsewhere they are text.
    if ((ch === '"' || ch === "'") && afterEquals) quote = ch;
    if (!isSpace(html.charCodeAt(i))) afterEquals = ch === '=';
  }
  return -1;
}

/** Finds the end tag of a raw-text element case-insensitively, without lowercasing the document. */
function rawTextEnd(html: string, from: number, name: string): number {
  for (let i = html.indexOf('</', from); i >= 0; i = html.indexOf('</', i + 2)) {
    if (html.slice(i + 2, i + 2 + name.length).toLowerCase() === name) return i;
  }
  return html.length;
}

export function htmlToTextWithMap(html: string, maxChars: number): HtmlText {
  const b = new Builder(maxChars);
  let i = 0;
  let textStart = 0;
  let preDepth = 0;
  while (i < html.length && !b.full) {
    if (html.charCodeAt(i) !== 60) {
      i++;
      continue;
    }
    emitText(b, html, textStart, i, true, preDepth === 0);
    if (html.startsWith('<!--', i)) {
      // Comments are invisible but travel with the HTML source: their text is scanned too.
      const close = html.indexOf('-->', i + 4);
      const end = close < 0 ? html.length : close;
      b.push('\n', i, i);
      emitText(b, html, i + 4, end, false);
      b.push('\n', end, end);
      i = textStart = close < 0 ? html.length : close + 3;
      continue;
    }
    const next = html.charCodeAt(i + 1);
    if (!isTagStart(next) && next !== 33 && next !== 63) {
      // A lone `<` is text.
      textStart = i;
      i++;
      continue;
    }
    const end = tagEnd(html, i);
    if (end < 0) {
      textStart = i;
      break;
    }
    const closing = next === 47;
    let n = i + (closing ? 2 : 1);
    const nameStart = n;
    while (n < end && !isSpace(html.charCodeAt(n)) && html[n] !== '/' && html[n] !== '>') n++;
    const name = html.slice(nameStart, n).toLowerCase();
    if (PRE.has(name)) preDepth = Math.max(0, preDepth + (closing ? -1 : 1));
    if (BLOCK.has(name)) b.push('\n', i, i);
    else if (CELL.has(name)) b.push('\t', i, i);
    if (!closing && next !== 33 && next !== 63) emitAttributes(b, html, n, end);
    i = textStart = end + 1;
    if (!closing && RAW.has(name)) {
      i = textStart = rawTextEnd(html, i, name);
    }
  }
  if (!b.full) emitText(b, html, textStart, html.length, true, preDepth === 0);
  return b.result();
}
