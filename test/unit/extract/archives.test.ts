import zlib from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { extractMessage } from '../../../src/stages/detect/extract/extract-message.js';
import { placeLabel } from '../../../src/stages/detect/extract/place.js';
import {
  docx,
  leaf,
  markZipEncrypted,
  message,
  multipart,
  odt,
  pdf,
  xlsx,
  zip,
} from '../../fixtures/mail/builders.mjs';
import { AWS, PASSWORD } from './samples.js';

const withAttachment = (bytes: Buffer, filename: string, type = 'application/octet-stream') =>
  message(
    { From: 'a@example.org', To: 'support@localhost', Subject: 'files' },
    multipart('mixed', [leaf('attached'), leaf(bytes, { type, filename })]),
  );

describe('extractMessage: archives, office files and PDFs', () => {
  it('reads zip entries and nested zips with a path', async () => {
    const inner = zip({ 'c.txt': `key ${AWS}` });
    const raw = withAttachment(
      zip({
        'logs/app.log': `password: ${PASSWORD}`,
        'b.zip': inner,
        'img.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]),
      }),
      'a.zip',
      'application/zip',
    );
    const { units, unscannable } = await extractMessage(raw);
    expect(unscannable).toEqual([]);
    const byWhere = Object.fromEntries(units.map((u) => [u.where, u]));
    expect(byWhere['attachment:a.zip!logs/app.log']?.text).toContain(PASSWORD);
    expect(byWhere['attachment:a.zip!b.zip!c.txt']?.text).toContain(AWS);
    expect(byWhere['attachment:a.zip!b.zip!c.txt']?.origin).toMatchObject({ part: '2', kind: 'container' });
    expect(placeLabel(byWhere['attachment:a.zip!b.zip!c.txt']!.origin.place)).toBe(
      'attachment 1 (application/zip)',
    );
    // Entries are numbered among the archive's files, in the order the archive lists them.
    expect(placeLabel(byWhere['attachment:a.zip!b.zip!c.txt']!.place)).toBe(
      'attachment 1 (application/zip), entry 2, entry 1',
    );
    expect(placeLabel(byWhere['attachment:a.zip!logs/app.log']!.place)).toBe(
      'attachment 1 (application/zip), entry 1',
    );
  });

  it('reports password-protected entries as encrypted', async () => {
    const raw = withAttachment(markZipEncrypted(zip({ 'secret.txt': 'x'.repeat(100) })), 'secret.zip');
    expect((await extractMessage(raw)).unscannable).toEqual([
      expect.objectContaining({ where: 'attachment:secret.zip!secret.txt', encrypted: true }),
    ]);
  });

  it('stops a zip bomb at the ratio and size caps, without inflating it', async () => {
    const bomb = zip({ 'zeros.bin': Buffer.alloc(64 * 1024 * 1024) }, 9);
    const nested = zip({ 'one.zip': bomb, 'two.zip': bomb });
    // Work bounded in bytes, not seconds: every inflate stream yauzl opens is counted.
    let inflated = 0;
    let streams = 0;
    const real = zlib.createInflateRaw;
    const spy = vi.spyOn(zlib, 'createInflateRaw').mockImplementation((opts) => {
      streams++;
      const stream = real(opts);
      stream.on('data', (chunk: Buffer) => {
        inflated += chunk.length;
      });
      return stream;
    });
    let unscannable: Awaited<ReturnType<typeof extractMessage>>['unscannable'];
    try {
      ({ unscannable } = await extractMessage(withAttachment(nested, 'bomb.zip')));
    } finally {
      spy.mockRestore();
    }
    // The two inner archives are inflated (64 KiB each); their 64 MiB entries never are.
    expect(streams).toBe(2);
    expect(inflated).toBe(2 * bomb.length);
    expect(unscannable.map((u) => u.where)).toEqual([
      'attachment:bomb.zip!one.zip!zeros.bin',
      'attachment:bomb.zip!two.zip!zeros.bin',
    ]);
    expect(unscannable[0]?.reason).toMatch(/ratio|larger/);
  });

  it('enforces entry count, per-entry size and depth caps', async () => {
    const many = zip(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.txt`, `line ${i}`])));
    const r1 = await extractMessage(withAttachment(many, 'many.zip'), { maxEntries: 10 });
    const entries = r1.units.filter(
      (u) => u.where.startsWith('attachment:many.zip!') && !u.where.includes('!header:'),
    );
    expect(entries).toHaveLength(10);
    expect(r1.unscannable).toMatchObject([{ where: 'attachment:many.zip', reason: 'more than 10 entries' }]);
    const r2 = await extractMessage(withAttachment(zip({ 'big.txt': 'y'.repeat(5000) }), 'big.zip'), {
      maxEntryBytes: 1000,
    });
    expect(r2.unscannable).toMatchObject([
      { where: 'attachment:big.zip!big.txt', reason: 'entry larger than 1000 bytes' },
    ]);
    let deep = zip({ 'x.txt': AWS });
    for (let i = 0; i < 4; i++) deep = zip({ [`l${i}.zip`]: deep });
    const r3 = await extractMessage(withAttachment(deep, 'deep.zip'), { maxDepth: 3 });
    expect(r3.unscannable[0]?.reason).toBe('nested deeper than 3 levels');
  });

  it('reads docx runs, xlsx shared strings and numbers, odt paragraphs', async () => {
    const d = await extractMessage(
      withAttachment(
        docx(['Server access', ['AKIAQ3EG', 'RJ7WXMZK4P2N'], `password: ${PASSWORD}`]),
        'notes.docx',
      ),
    );
    expect(d.units.find((u) => u.where === 'attachment:notes.docx')?.text).toContain(
      `${AWS}\npassword: ${PASSWORD}`,
    );
    const x = await extractMessage(
      withAttachment(
        xlsx([
          ['user', 'password'],
          ['admin', PASSWORD],
          ['card', 4556737586899855],
        ]),
        'acc.xlsx',
      ),
    );
    const sheet = x.units.find((u) => u.where === 'attachment:acc.xlsx')?.text ?? '';
    expect(sheet).toContain(PASSWORD);
    expect(sheet).toContain('4556737586899855');
    const o = await extractMessage(withAttachment(odt([`key ${AWS}`]), 'n.odt'));
    expect(o.units.find((u) => u.where === 'attachment:n.odt')?.text).toContain(AWS);
  });

  it('reads PDF text (FlateDecode) and reports an encrypted PDF', async () => {
    const p = await extractMessage(
      withAttachment(pdf(['Dear support,', `our key is ${AWS}`]), 'ticket.pdf', 'application/pdf'),
    );
    expect(p.units.find((u) => u.where === 'attachment:ticket.pdf')?.text).toContain(`our key is ${AWS}`);
    const e = await extractMessage(
      withAttachment(pdf(['x'], { encrypted: true }), 'locked.pdf', 'application/pdf'),
    );
    expect(e.unscannable).toMatchObject([{ where: 'attachment:locked.pdf', encrypted: true }]);
  });

  it('treats a corrupt archive as unscannable, not as an error', async () => {
    const broken = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(50, 7)]);
    const { unscannable } = await extractMessage(withAttachment(broken, 'broken.zip'));
    expect(unscannable).toMatchObject([
      { where: 'attachment:broken.zip', reason: expect.stringContaining('unreadable archive') },
    ]);
  });
});
