import { decodeWindows1252 } from '../../../domain/windows-1252.js';

/**
 * The text of an RTF document as a reader sees it (RTF 1.9.1): control words dropped, `\'hh`
 * bytes read in the document's code page, `\uN` as the character it names (its fallback
 * skipped), paragraph and cell breaks as line breaks and tabs, and the groups that hold no text
 * (font and colour tables, pictures, unknown `\*` destinations) left out. Read raw, "Passwort:
 * Gr\'fc\'dfe1" is not the password "Grüße1", and the control words around a value run into it.
 * A hand-written single pass: linear in the input, no recursion, group depth bounded.
 */

// Destinations whose groups hold no text a reader sees.
const SKIPPED = new Set(
  (
    'fonttbl colortbl stylesheet listtable listoverridetable revtbl rsidtbl pict object objdata ' +
    'themedata colorschememapping datastore latentstyles xmlnstbl generator mmathPr filetbl ' +
    'pgdsctbl operator bkmkstart bkmkend fldinst shppict nonshppict blipuid panose'
  ).split(' '),
);
const NEWLINE = new Set(['par', 'line', 'row', 'sect', 'page']);
const TAB = new Set(['tab', 'cell']);
const CHARS: Record<string, string> = {
  lquote: '‘',
  rquote: '’',
  ldblquote: '“',
  rdblquote: '”',
  bullet: '•',
  endash: '–',
  emdash: '—',
  emspace: ' ',
  enspace: ' ',
};
// Deeper nesting than any real document; past it, groups are read as if flat.
const MAX_DEPTH = 256;

const CONTROL_WORD = /[a-zA-Z]{1,32}/y;
const PARAMETER = /-?\d{1,10}/y;

// `\ansicpgN` numbers that are not `windows-N` in the Encoding Standard's labels.
const CODE_PAGES: Record<number, string> = {
  932: 'shift_jis',
  936: 'gbk',
  949: 'euc-kr',
  950: 'big5',
  65001: 'utf-8',
};

/** A decoder for `\'hh` bytes in the document's code page (Windows-1252 when it names none we know). */
function codePageDecoder(n: number): (bytes: Uint8Array) => string {
  const label = CODE_PAGES[n] ?? `windows-${n}`;
  try {
    const decoder = new TextDecoder(label);
    if (decoder.encoding !== 'windows-1252') return (bytes) => decoder.decode(bytes);
  } catch {
    // an unknown code page: Windows-1252 below
  }
  return decodeWindows1252;
}

interface State {
  skip: boolean;
  /** Characters to skip after a `\uN` (`\ucN`, default 1). */
  uc: number;
}

/** Whether bytes are an RTF document (its magic, after blanks or a UTF-8 BOM). */
export function isRtf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 16)).toString('latin1');
  return /^(?:\xef\xbb\xbf)?\s*\{\\rtf/.test(head);
}

/** The text of RTF source (bytes read one per character, as RTF is 7-bit with escapes). */
export function rtfToText(source: string): string {
  const out: string[] = [];
  // Bytes from `\'hh` escapes, decoded together in the code page when text resumes.
  let bytes: number[] = [];
  let decode = decodeWindows1252;
  const flush = (): void => {
    if (bytes.length === 0) return;
    out.push(decode(Uint8Array.from(bytes)));
    bytes = [];
  };
  const stack: State[] = [];
  let state: State = { skip: false, uc: 1 };
  // Fallback characters still to skip after a \uN.
  let pending = 0;
  // At the start of a group: a `\*` or a skipped destination word there hides the group.
  let groupStart = false;
  const emit = (text: string): void => {
    flush();
    if (!state.skip) out.push(text);
  };
  for (let i = 0; i < source.length; ) {
    const ch = source[i] as string;
    if (ch === '{') {
      flush();
      if (stack.length < MAX_DEPTH) stack.push(state);
      state = { ...state };
      groupStart = true;
      pending = 0;
      i++;
      continue;
    }
    if (ch === '}') {
      flush();
      state = stack.pop() ?? { skip: false, uc: 1 };
      groupStart = false;
      pending = 0;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      i++;
      continue;
    }
    if (ch !== '\\') {
      groupStart = false;
      if (pending > 0) pending--;
      else if (!state.skip) {
        flush();
        out.push(ch);
      }
      i++;
      continue;
    }
    // A control symbol or a control word.
    const next = source[i + 1];
    if (next === "'") {
      const hex = source.slice(i + 2, i + 4);
      i += 4;
      groupStart = false;
      if (pending > 0) pending--;
      else if (!state.skip && /^[0-9a-fA-F]{2}$/.test(hex)) bytes.push(Number.parseInt(hex, 16));
      continue;
    }
    CONTROL_WORD.lastIndex = i + 1;
    const word = CONTROL_WORD.exec(source)?.[0];
    if (word === undefined) {
      // A control symbol: an escaped character, `\*`, `\~` (a no-break space), `\-`, `\_`.
      i += 2;
      if (next === '*') {
        if (groupStart) state.skip = true;
        continue;
      }
      groupStart = false;
      if (next === '\\' || next === '{' || next === '}') emit(next);
      else if (next === '~') emit(' ');
      else if (next === '_') emit('-');
      else if (next === '\r' || next === '\n') emit('\n');
      continue;
    }
    i += 1 + word.length;
    PARAMETER.lastIndex = i;
    const param = PARAMETER.exec(source)?.[0];
    if (param !== undefined) i += param.length;
    // One space ends a control word and belongs to it.
    if (source[i] === ' ') i++;
    const n = param === undefined ? undefined : Number(param);
    const atStart = groupStart;
    groupStart = false;
    if (word === 'bin') {
      // Raw binary data of n bytes: never text.
      i += Math.max(0, n ?? 0);
      continue;
    }
    if (atStart && SKIPPED.has(word)) {
      state.skip = true;
      continue;
    }
    if (word === 'ansicpg' && n !== undefined && !state.skip) {
      flush();
      decode = codePageDecoder(n);
      continue;
    }
    if (word === 'uc' && n !== undefined) {
      state.uc = Math.max(0, n);
      continue;
    }
    if (word === 'u' && n !== undefined) {
      emit(String.fromCharCode(n < 0 ? n + 65536 : n));
      pending = state.uc;
      continue;
    }
    if (NEWLINE.has(word)) emit('\n');
    else if (TAB.has(word)) emit('\t');
    else if (CHARS[word] !== undefined) emit(CHARS[word] as string);
  }
  flush();
  return out.join('');
}
