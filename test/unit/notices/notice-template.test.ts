import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeNotice } from '../../../src/stages/notice/compose-notice.js';
import { fill, loadNoticeTemplates, parseBlocks } from '../../../src/stages/notice/notice-template.js';

const TEMPLATES = fileURLToPath(new URL('../../../config/templates', import.meta.url));

const notice = (language: string, templateDir: string) =>
  composeNotice({
    to: 'bob@customer.example',
    from: 'Support <support@support.example>',
    ticketId: 'DG-0000AB',
    originalMessageId: '<x@customer.example>',
    originalReferences: [],
    subject: 'Zugang',
    findings: [
      { type: 'password', where: { in: 'body' } },
      { type: 'iban', where: { in: 'body' } },
    ],
    secureChannelUrl: 'https://secure.support.example/',
    language,
    templateDir,
  });

describe('notice templates', () => {
  it('the shipped English templates load and are complete', async () => {
    const t = await loadNoticeTemplates(TEMPLATES, 'en');
    expect(t.language).toBe('en');
    expect(t.text.get('type.payment_card')).toBe('a payment card number');
  });

  it('falls back to English for a language without files, or a tag that is not a language', async () => {
    expect((await loadNoticeTemplates(TEMPLATES, 'xx')).language).toBe('en');
    expect((await loadNoticeTemplates(TEMPLATES, '../../etc/passwd')).language).toBe('en');
  });

  it('uses a translation dropped next to the English files, per-type phrases falling back to type.other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-tpl-'));
    copyFileSync(join(TEMPLATES, 'notice.en.txt'), join(dir, 'notice.en.txt'));
    copyFileSync(join(TEMPLATES, 'notice.en.html'), join(dir, 'notice.en.html'));
    const de = readFileSync(join(TEMPLATES, 'notice.en.txt'), 'utf8')
      .replace('Hello,', 'Hallo,')
      .replace('a password\n', 'ein Passwort\n')
      .replace('=== type.iban ===\na bank account number (IBAN)\n', '')
      .replace('confidential data\n', 'vertrauliche Daten ({{type}})\n');
    writeFileSync(join(dir, 'notice.de.txt'), de);
    writeFileSync(
      join(dir, 'notice.de.html'),
      readFileSync(join(TEMPLATES, 'notice.en.html'), 'utf8').replace('<p>Hello,</p>', '<p>Hallo,</p>'),
    );
    const m = await simpleParser(await notice('de', dir));
    expect(m.text).toContain('Hallo,');
    expect(m.text).toContain('ein Passwort in the message text');
    expect(m.text).toContain('vertrauliche Daten (iban)');
    expect(String(m.html)).toContain('<p>Hallo,</p>');
    expect(m.headers.get('content-language')).toBe('de');
  });

  it('names the file and block of an unknown placeholder or a missing block', async () => {
    expect(() => parseBlocks('=== body ===\nHi {{secret}}\n', 'x.txt')).toThrow(
      'x.txt: block "body" has unknown placeholder {{secret}}',
    );
    expect(() => parseBlocks('=== body ===\n=== body ===\n', 'x.txt')).toThrow(/appears twice/);
    const dir = mkdtempSync(join(tmpdir(), 'dg-tpl-'));
    writeFileSync(join(dir, 'notice.en.txt'), '=== body ===\n{{ticketId}}\n');
    writeFileSync(join(dir, 'notice.en.html'), '=== body ===\n{{ticketId}}\n');
    await expect(loadNoticeTemplates(dir, 'en')).rejects.toThrow(
      /notice\.en\.txt: missing block\(s\) finding/,
    );
  });

  it('refuses a body without the paragraph about removed files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-tpl-'));
    copyFileSync(join(TEMPLATES, 'notice.en.html'), join(dir, 'notice.en.html'));
    writeFileSync(
      join(dir, 'notice.en.txt'),
      readFileSync(join(TEMPLATES, 'notice.en.txt'), 'utf8').replace('{{removed}}', ''),
    );
    await expect(loadNoticeTemplates(dir, 'en')).rejects.toThrow(/block "body" must use \{\{removed\}\}/);
  });

  it('escapes values in HTML but inserts code-rendered parts as they are', () => {
    const block = '<p>{{subject}}</p>{{findings}}';
    const html = fill(block, { subject: '<b>&</b>', findings: { rendered: '<li>x</li>' } }, true);
    expect(html).toBe('<p>&lt;b&gt;&amp;&lt;/b&gt;</p><li>x</li>');
    expect(fill(block, { subject: '<b>', findings: '<li>' }, false)).toBe('<p><b></p><li>');
  });

  it('ignores translator notes before the first block and keeps indentation inside blocks', () => {
    const b = parseBlocks('notes {{anything}}\n=== finding ===\n\n  - {{kind}} {{where}}\n\n', 'f');
    expect(b.get('finding')).toBe('  - {{kind}} {{where}}');
  });
});
