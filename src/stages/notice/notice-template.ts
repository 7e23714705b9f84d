import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The notice templates: a file per language and format (`notice.<lang>.txt`, `notice.<lang>.html`)
 * made of named blocks, each starting with a line `=== name ===`. Placeholders are `{{name}}`; there
 * are no loops or conditions: lists and optional parts are blocks that the code renders and inserts.
 * In HTML every value is escaped unless the code marks it as already rendered (`Rendered`).
 */

/** HTML the code rendered from blocks whose own values were escaped: inserted as it is. */
export interface Rendered {
  rendered: string;
}
export type Value = string | Rendered;

/** Placeholders each block may use; a block not listed here may use none. */
const ALLOWED: Record<string, readonly string[]> = {
  body: ['ticketId', 'subject', 'findings', 'removed', 'secureChannelUrl', 'pgp'],
  finding: ['kind', 'where'],
  more: ['count'],
  removed: ['files', 'secureChannelUrl'],
  'removed.file': ['file'],
  pgp: ['pgpFingerprint'],
  'pgp.url': ['pgpFingerprint', 'pgpUrl'],
  'where.attachment': ['name'],
  'where.archive': ['archive', 'path'],
  'gone.attachment': ['name'],
  'gone.archive': ['archive', 'path'],
  'file.named': ['name'],
  'file.numbered': ['position'],
  'type.other': ['type'],
};
const REQUIRED_TEXT = [
  'body',
  'finding',
  'more',
  'removed',
  'removed.file',
  'pgp',
  'pgp.url',
  'type.other',
].concat(
  ['subject', 'body', 'attachment', 'archive', 'other'].map((w) => `where.${w}`),
  ['attachment', 'archive', 'message'].map((w) => `gone.${w}`),
  ['file.named', 'file.numbered'],
);
const REQUIRED_HTML = ['body', 'finding', 'more', 'removed', 'removed.file', 'pgp', 'pgp.url'];
/**
 * Placeholders a block must use: a notice that lists findings but drops the paragraph about
 * removed files would leave the sender believing support has their file.
 */
const MUST_USE: Record<string, readonly string[]> = { body: ['findings', 'removed'], removed: ['files'] };

// A block header line: `=== name ===`, names of lower-case letters, digits, `_` and `.`.
const BLOCK_HEADER = /^=== ([a-z][a-z0-9_.]{0,60}) ===[ \t]*$/;
// A placeholder: `{{name}}` with optional blanks inside; bounded, so linear on any input.
const PLACEHOLDER = /\{\{[ \t]{0,3}([A-Za-z][A-Za-z0-9]{0,40})[ \t]{0,3}\}\}/g;
// A language tag as used in file names (`en`, `de`, `pt-br`): nothing that could leave the folder.
const LANGUAGE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$/;

export type Blocks = ReadonlyMap<string, string>;

/** Splits a template file into its blocks, checking each block's placeholders. */
export function parseBlocks(
  text: string,
  file: string,
  placeholders: Readonly<Record<string, readonly string[]>> = ALLOWED,
): Blocks {
  const blocks = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  const close = () => {
    if (!name) return;
    // Leading blank lines (each ends in \n, so no backtracking) are layout of the file, not of the notice.
    const leadingBlank = /^(?:[ \t]*\n)+/;
    blocks.set(name, lines.join('\n').replace(leadingBlank, '').trimEnd());
  };
  // Files edited on Windows keep their CRLF: the notice's line ends are the composer's business.
  for (const line of text.split(/\r?\n/)) {
    const m = BLOCK_HEADER.exec(line);
    if (!m) {
      lines.push(line);
      continue;
    }
    close();
    name = m[1]!;
    if (blocks.has(name)) throw new Error(`${file}: block "${name}" appears twice`);
    lines = [];
  }
  close();
  for (const [block, body] of blocks) {
    const allowed = placeholders[block] ?? [];
    for (const p of body.matchAll(PLACEHOLDER))
      if (!allowed.includes(p[1]!))
        throw new Error(`${file}: block "${block}" has unknown placeholder {{${p[1]}}}`);
  }
  return blocks;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
// The five characters that are markup in text and in quoted attribute values.
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** Fills a block's placeholders; values escaped for HTML unless already rendered. */
export function fill(block: string, values: Readonly<Record<string, Value>>, html: boolean): string {
  return block.replace(PLACEHOLDER, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`no value for placeholder {{${name}}}`);
    if (typeof v !== 'string') return v.rendered;
    return html ? escapeHtml(v) : v;
  });
}

export interface NoticeTemplates {
  language: string;
  text: Blocks;
  html: Blocks;
}

const cache = new Map<string, Promise<NoticeTemplates>>();

/**
 * The templates of a language, falling back to English when the language is unknown or has no
 * files. Read once per folder and language; a broken template fails loudly, naming the file.
 */
export function loadNoticeTemplates(dir: string, language: string): Promise<NoticeTemplates> {
  const lang = LANGUAGE.test(language.toLowerCase()) ? language.toLowerCase() : 'en';
  const key = `${dir}\0${lang}`;
  let p = cache.get(key);
  if (!p) {
    p = load(dir, lang).catch((err: unknown) => {
      cache.delete(key);
      throw err;
    });
    cache.set(key, p);
  }
  return p;
}

async function load(dir: string, lang: string): Promise<NoticeTemplates> {
  const read = async (format: 'txt' | 'html', required: string[]) => {
    const file = join(dir, `notice.${lang}.${format}`);
    const blocks = parseBlocks(await readFile(file, 'utf8'), file);
    const missing = required.filter((b) => !blocks.has(b));
    if (missing.length) throw new Error(`${file}: missing block(s) ${missing.join(', ')}`);
    for (const [block, names] of Object.entries(MUST_USE)) {
      const used = new Set([...(blocks.get(block) ?? '').matchAll(PLACEHOLDER)].map((m) => m[1]));
      const unused = names.filter((n) => !used.has(n));
      if (blocks.has(block) && unused.length)
        throw new Error(`${file}: block "${block}" must use {{${unused.join('}}, {{')}}}`);
    }
    return blocks;
  };
  try {
    return {
      language: lang,
      text: await read('txt', REQUIRED_TEXT),
      html: await read('html', REQUIRED_HTML),
    };
  } catch (err) {
    // A regional tag without its own files (pt-br) reads the language's (pt), then English.
    const primary = lang.split('-')[0]!;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && lang !== 'en')
      return load(dir, primary !== lang ? primary : 'en');
    throw err;
  }
}
