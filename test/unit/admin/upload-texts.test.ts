import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  UPLOAD_BLOCKS,
  type UploadBlock,
  type UploadTexts,
  uploadTexts,
} from '../../../src/admin/upload-texts.js';
import { NOTICE_LANGUAGES } from '../../../src/stages/notice/notice-language.js';
import { loadNoticeTemplates } from '../../../src/stages/notice/notice-template.js';

const TEMPLATES = fileURLToPath(new URL('../../../config/templates', import.meta.url));
/** Every language the package ships an upload page for, read from the folder, not from a list. */
const SHIPPED = readdirSync(TEMPLATES)
  .map((f) => /^upload\.([a-z]{2,3}(?:-[a-z0-9]{2,8})?)\.txt$/.exec(f)?.[1])
  .filter((l): l is string => l !== undefined);
const TRANSLATED = SHIPPED.filter((l) => l !== 'en');

/** Values the page fills in, shaped like the real ones (a date in the page's own language). */
const VALUES: Record<string, string> = {
  ticketId: 'DG-7K3QF9',
  maxSize: '500 MB',
  expires: '8 XI 2031 10:02 UTC',
  fingerprint: 'AAAA BBBB CCCC DDDD',
  name: 'scan-0042.pdf',
  percent: '45',
};

/**
 * The placeholders a block uses, with repeats, as the loader fills them: a probe records every
 * value asked for. Repeats count because the page's script replaces `{name}` once per message.
 */
function placeholdersOf(t: UploadTexts, block: UploadBlock): string[] {
  const asked: string[] = [];
  const probe = new Proxy({} as Record<string, string>, {
    get: (_, name) => {
      asked.push(String(name));
      return VALUES[String(name)] ?? '';
    },
  });
  t.t(block, probe);
  return asked.sort();
}

/** The English sentences (split at . ! ? ; :) with at least two words of their own. */
function englishSentences(): string[] {
  const en = uploadTexts([TEMPLATES], 'en');
  return UPLOAD_BLOCKS.flatMap((b) => en.t(b, VALUES).split(/(?<=[.!?;:])\s+/u))
    .map((s) => s.trim())
    .filter((s) => {
      let own = s;
      for (const v of Object.values(VALUES)) own = own.split(v).join(' ');
      return (own.match(/\p{L}{2,}/gu) ?? []).length >= 2;
    });
}

describe('the shipped upload pages', () => {
  it('ship for every language a notice can be written in', () => {
    expect([...SHIPPED].sort()).toEqual(Object.keys(NOTICE_LANGUAGES).sort());
  });

  for (const lang of SHIPPED)
    it(`${lang}: loads with every block, each using exactly the placeholders of English`, () => {
      const t = uploadTexts([TEMPLATES], lang);
      expect(t.language).toBe(lang);
      const en = uploadTexts([TEMPLATES], 'en');
      for (const block of UPLOAD_BLOCKS)
        expect(placeholdersOf(t, block), `${lang}: ${block}`).toEqual(placeholdersOf(en, block));
    });

  for (const lang of SHIPPED)
    it(`${lang}: every block renders to words with nothing left unfilled`, () => {
      const t = uploadTexts([TEMPLATES], lang);
      for (const block of UPLOAD_BLOCKS) {
        const text = t.t(block, VALUES);
        expect(text, `${lang}: ${block}`).toMatch(/\p{L}{2,}/u);
        expect(text, `${lang}: ${block}`).not.toMatch(/\{\{|\}\}/);
        // A block is one paragraph on the page.
        expect(text).not.toContain('\n');
      }
      expect(t.t('intro', VALUES)).toContain('DG-7K3QF9');
      expect(t.t('sending', VALUES)).toMatch(/scan-0042\.pdf.*45|45.*scan-0042\.pdf/);
    });

  const sentences = englishSentences();
  for (const lang of TRANSLATED)
    it(`${lang}: keeps no sentence of the English page`, () => {
      expect(sentences.length).toBeGreaterThan(20);
      const t = uploadTexts([TEMPLATES], lang);
      for (const block of UPLOAD_BLOCKS) {
        const text = t.t(block, VALUES).toLowerCase();
        for (const s of sentences) expect(text, `${lang}: ${block}: "${s}"`).not.toContain(s.toLowerCase());
      }
    });
});

describe('choosing the upload page language', () => {
  const en = uploadTexts([TEMPLATES], 'en');
  const folder = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-upload-texts-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };

  it('a language without a page, or a tag that is not one, gets the English page', () => {
    for (const language of ['sv', 'zh-hant', 'xx', '../en', 'de/../../etc', '', 'english']) {
      const t = uploadTexts([TEMPLATES], language);
      expect(t.language, language).toBe('en');
      expect(t.t('title')).toBe(en.t('title'));
    }
  });

  it('a regional tag without its own files reads its language: pt-BR and pt-pt get the Portuguese page and notice', async () => {
    for (const tag of ['pt-BR', 'pt-pt', 'de-AT']) {
      const lang = tag.slice(0, 2);
      expect(uploadTexts([TEMPLATES], tag).language, tag).toBe(lang);
      expect((await loadNoticeTemplates(TEMPLATES, tag)).language, tag).toBe(lang);
    }
  });

  it('a custom folder without upload pages falls back to the packaged ones, language first', () => {
    const custom = mkdtempSync(join(tmpdir(), 'dg-upload-custom-'));
    for (const ext of ['txt', 'html'])
      copyFileSync(join(TEMPLATES, `notice.de.${ext}`), join(custom, `notice.de.${ext}`));
    const de = uploadTexts([custom, TEMPLATES], 'de');
    expect(de.language).toBe('de');
    expect(de.t('title')).toBe(uploadTexts([TEMPLATES], 'de').t('title'));
    const sv = uploadTexts([custom, TEMPLATES], 'sv');
    expect(sv.language).toBe('en');
    expect(sv.t('gone.expired')).toBe(en.t('gone.expired'));
  });

  it("a custom folder's own page wins over the packaged one", () => {
    const text = readFileSync(join(TEMPLATES, 'upload.de.txt'), 'utf8').replace(
      /=== button ===\n[^\n]+/,
      '=== button ===\nJetzt sicher an die Firma Beispiel senden',
    );
    const custom = folder({ 'upload.de.txt': text });
    expect(uploadTexts([custom, TEMPLATES], 'de').t('button')).toBe(
      'Jetzt sicher an die Firma Beispiel senden',
    );
    expect(uploadTexts([custom, TEMPLATES], 'fr').t('button')).toBe(
      uploadTexts([TEMPLATES], 'fr').t('button'),
    );
  });

  it('a language tag in capitals finds the same page as the notice does', async () => {
    const dir = folder({
      'upload.en.txt': readFileSync(join(TEMPLATES, 'upload.en.txt'), 'utf8'),
      'upload.pt-br.txt': readFileSync(join(TEMPLATES, 'upload.pt.txt'), 'utf8'),
      'notice.pt-br.txt': readFileSync(join(TEMPLATES, 'notice.pt.txt'), 'utf8'),
      'notice.pt-br.html': readFileSync(join(TEMPLATES, 'notice.pt.html'), 'utf8'),
      'notice.en.txt': readFileSync(join(TEMPLATES, 'notice.en.txt'), 'utf8'),
      'notice.en.html': readFileSync(join(TEMPLATES, 'notice.en.html'), 'utf8'),
    });
    // notify.language accepts "pt-BR"; the notice is then written in pt-br, so the page must be too.
    expect((await loadNoticeTemplates(dir, 'pt-BR')).language).toBe('pt-br');
    expect(uploadTexts([dir], 'pt-BR').language).toBe('pt-br');
    expect(uploadTexts([TEMPLATES], 'DE').language).toBe('de');
  });

  it('a broken page fails loudly, naming its file', () => {
    const de = readFileSync(join(TEMPLATES, 'upload.de.txt'), 'utf8');
    const missing = folder({ 'upload.de.txt': de.replace(/=== done\.title ===\n[^\n]+\n/, '') });
    expect(() => uploadTexts([missing], 'de')).toThrow(/upload\.de\.txt: missing block\(s\) done\.title/);
    const unknown = folder({ 'upload.de.txt': de.replace('{{ticketId}}', '{{ticket}}') });
    expect(() => uploadTexts([unknown], 'de')).toThrow(
      /upload\.de\.txt: block "intro" has unknown placeholder/,
    );
    expect(() => uploadTexts([folder({})], 'de')).toThrow(/no upload\.en\.txt/);
  });
});
