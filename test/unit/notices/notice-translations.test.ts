import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { SECRET_TYPES } from '../../../src/domain/finding.js';
import type { SenderPlace } from '../../../src/domain/sender-view.js';
import { type ComposeNoticeInput, composeNotice } from '../../../src/stages/notice/compose-notice.js';
import { NOTICE_LANGUAGES } from '../../../src/stages/notice/notice-language.js';
import { loadNoticeTemplates } from '../../../src/stages/notice/notice-template.js';

const TEMPLATES = fileURLToPath(new URL('../../../config/templates', import.meta.url));
const LANGUAGES = Object.keys(NOTICE_LANGUAGES);
const TRANSLATED = LANGUAGES.filter((l) => l !== 'en');

/** Every kind of place a finding or a removed file can be in. */
const PLACES: SenderPlace[] = [
  { in: 'subject' },
  { in: 'body' },
  { in: 'attachment', attachment: { position: 1, name: 'zugang.txt' } },
  {
    in: 'attachment',
    attachment: { position: 2, name: 'backup.zip' },
    inner: { position: 3, name: 'conf/.env' },
  },
  { in: 'attachment', attachment: { position: 4 }, inner: { position: 5 } },
  { in: 'message' },
];

const input = (language: string, over: Partial<ComposeNoticeInput> = {}): ComposeNoticeInput => ({
  to: 'kunde@customer.example',
  from: 'Support <support@support.example>',
  ticketId: 'DG-7K3QF9',
  originalMessageId: '<orig@customer.example>',
  originalReferences: [],
  subject: 'Zugang [REDACTED:password]',
  // Every secret type, each in every place: every phrase of the language is used.
  findings: SECRET_TYPES.flatMap((type) => PLACES.map((where) => ({ type, where }))),
  removed: PLACES.filter((p) => p.in !== 'subject' && p.in !== 'body'),
  secureChannelUrl: 'https://secure.support.example/upload',
  pgpKey: { fingerprint: 'AAAA BBBB CCCC DDDD', url: 'https://support.example/key.asc' },
  language,
  templateDir: TEMPLATES,
  messageId: '<notice@support.example>',
  date: new Date('2025-03-04T10:02:00Z'),
  ...over,
});

/** The phrases of the English file, as they would appear in a notice: kinds, places, files. */
async function englishPhrases(): Promise<string[]> {
  const en = await loadNoticeTemplates(TEMPLATES, 'en');
  return [...en.text]
    .filter(([name]) => /^(type|where|gone)\./.test(name))
    .map(([, text]) => text.replace(/\{\{[a-z]+\}\}/gi, '').trim())
    .filter((t) => t.length > 0);
}
const asWords = (phrase: string) =>
  new RegExp(`(?<![\\p{L}])${phrase.replace(/[.()]/g, '\\$&')}(?![\\p{L}])`, 'u');

describe('the shipped notice templates', () => {
  for (const lang of LANGUAGES) {
    it(`${lang}: loads, with every required block, in its own language`, async () => {
      // loadNoticeTemplates checks the required blocks, placeholders and must-use rules.
      const t = await loadNoticeTemplates(TEMPLATES, lang);
      expect(t.language).toBe(lang);
      expect(t.html.get('body')).toContain(`<html lang="${lang}">`);
      const en = await loadNoticeTemplates(TEMPLATES, 'en');
      // Every phrase English has (every type too) is there, so no kind falls back to type.other.
      for (const name of en.text.keys()) expect(t.text.has(name), `${lang}: ${name}`).toBe(true);
      for (const name of en.html.keys()) expect(t.html.has(name), `${lang}: ${name}`).toBe(true);
    });

    it(`${lang}: renders every secret type in every place, with nothing left unfilled`, async () => {
      const raw = await composeNotice(input(lang));
      const m = await simpleParser(raw);
      expect(m.headers.get('content-language')).toBe(lang);
      for (const part of [m.text ?? '', String(m.html)]) {
        expect(part).not.toContain('{{');
        expect(part).not.toContain('}}');
        expect(part).toContain('DG-7K3QF9');
        expect(part).toContain('https://secure.support.example/upload');
        expect(part).toContain('AAAA BBBB CCCC DDDD');
        expect(part).toContain('zugang.txt');
      }
      // More than 20 distinct lines: the `more` line is rendered too.
      expect(m.text).toMatch(/\n {2}- .*\d+.*\n/);
    });
  }

  for (const lang of TRANSLATED)
    it(`${lang}: no English phrase of a kind or place is left in it`, async () => {
      const m = await simpleParser(await composeNotice(input(lang)));
      for (const phrase of await englishPhrases()) {
        expect(m.text, `${lang} text: "${phrase}"`).not.toMatch(asWords(phrase));
        expect(String(m.html), `${lang} html: "${phrase}"`).not.toMatch(asWords(phrase));
      }
      // Nor a sentence of the English body, in whichever case it starts.
      for (const sentence of ['thank you for your message', 'this is an automatic message', 'secure channel'])
        expect(m.text?.toLowerCase()).not.toContain(sentence);
    });

  it('the German type names read as a German customer expects', async () => {
    const de = await loadNoticeTemplates(TEMPLATES, 'de');
    expect(de.text.get('type.password')).toBe('ein Passwort');
    expect(de.text.get('type.iban')).toBe('eine IBAN (Kontonummer)');
    const m = await simpleParser(
      await composeNotice(
        input('de', {
          findings: [{ type: 'password', where: { in: 'body' } }],
          removed: [],
          pgpKey: undefined,
        }),
      ),
    );
    expect(m.text).toContain('  - ein Passwort im Text der Nachricht\n');
    expect(m.subject).toBe('Re: Zugang [REDACTED:password] [#DG-7K3QF9]');
  });

  it('a template folder without the chosen language falls back to notify.language, then English', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-tpl-lang-'));
    for (const lang of ['en', 'fr'])
      for (const ext of ['txt', 'html'])
        copyFileSync(join(TEMPLATES, `notice.${lang}.${ext}`), join(dir, `notice.${lang}.${ext}`));
    const lang = async (language: string, fallbackLanguage?: string) =>
      (
        await simpleParser(await composeNotice(input(language, { templateDir: dir, fallbackLanguage })))
      ).headers.get('content-language');
    expect(await lang('de', 'fr')).toBe('fr');
    expect(await lang('de', 'it')).toBe('en');
    expect(await lang('de')).toBe('en');
    expect(await lang('fr', 'en')).toBe('fr');
    expect(await lang('en', 'fr')).toBe('en');
  });
});
