import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Blocks, fill, parseBlocks } from '../stages/notice/notice-template.js';

/**
 * The upload page's words, per language: `upload.<lang>.txt` in the template folder, in the block
 * format of the notices. A language without its file falls back to English, as notices do.
 */
const PLACEHOLDERS: Readonly<Record<string, readonly string[]>> = {
  intro: ['ticketId'],
  'label.files': ['maxSize'],
  note: ['expires'],
  pgp: ['fingerprint'],
  sending: ['name', 'percent'],
  stopped: ['name'],
  'too.large': ['name'],
  'done.text': ['ticketId'],
};
export const UPLOAD_BLOCKS = [
  'title',
  'intro',
  'label.text',
  'label.files',
  'button',
  'note',
  'pgp',
  'pgp.file',
  'empty',
  'sending',
  'stopped',
  'too.large',
  'done.title',
  'done.text',
  'gone.title',
  'gone.spent',
  'gone.expired',
  'gone.unknown',
] as const;
export type UploadBlock = (typeof UPLOAD_BLOCKS)[number];

export interface UploadTexts {
  language: string;
  /** A block with its placeholders filled, as plain text (the page escapes it). */
  t(block: UploadBlock, values?: Record<string, string>): string;
}

// A language tag as used in file names: nothing that could leave the folder.
const LANGUAGE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$/;
const cache = new Map<string, UploadTexts>();

function read(dir: string, lang: string): Blocks | undefined {
  const file = join(dir, `upload.${lang}.txt`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const blocks = parseBlocks(text, file, PLACEHOLDERS);
  const missing = UPLOAD_BLOCKS.filter((b) => !blocks.has(b));
  if (missing.length) throw new Error(`${file}: missing block(s) ${missing.join(', ')}`);
  return blocks;
}

/**
 * The page's words in `language`, else English, from the first folder that has them (a custom
 * template folder, then the packaged one); a broken file fails loudly, naming it.
 */
export function uploadTexts(dirs: readonly string[], language: string): UploadTexts {
  // notify.language may be written "pt-BR": read as the notices read it, so the page matches them.
  const tag = language.toLowerCase();
  const wanted = LANGUAGE.test(tag) ? tag : 'en';
  const key = `${dirs.join('\0')}\0${wanted}`;
  let texts = cache.get(key);
  if (!texts) {
    let found: { lang: string; blocks: Blocks } | undefined;
    // pt-br: the regional page, else the language's, else English.
    for (const lang of new Set([wanted, wanted.split('-')[0]!, 'en']))
      for (const dir of dirs) {
        const blocks = found ? undefined : read(dir, lang);
        if (blocks) found = { lang, blocks };
      }
    if (!found) throw new Error(`no upload.en.txt in ${dirs.join(', ')}`);
    const { lang, blocks } = found;
    texts = {
      language: lang,
      // Lines of a block are one paragraph on the page.
      t: (block, values = {}) => fill(blocks.get(block) ?? '', values, false).replace(/\s*\n\s*/g, ' '),
    };
    cache.set(key, texts);
  }
  return texts;
}
