import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractMessage } from '../../src/stages/detect/extract/extract-message.js';
import { readTnef } from '../../src/stages/detect/extract/tnef.js';
import { conformanceDir } from './data-dir.js';

// MimeKit's TNEF samples: NAME.tnef, the attachment names MimeKit finds in it (NAME.list, bodies as
// body.rtf / body.html / body.txt), and the extracted files (NAME/, bodies as message.*).
const ROOT = conformanceDir('tnef-mimekit');
const LIMITS = { maxEntries: 1000, maxEntryBytes: 20 * 1024 * 1024 };

// Streams MimeKit also reads only in its lenient mode: bytes past the last whole attribute.
const DAMAGED = new Set(['garbage-at-end', 'panic']);

const lf = (b: Buffer) => b.toString('latin1').replace(/\r\n/g, '\n');
// Outlook's stand-in text for an embedded message; the reader yields the message itself instead.
const EMBEDDED_STAND_IN = 'This attachment is a MAPI 1.0 embedded message';

describe('TNEF conformance (MimeKit samples)', () => {
  const samples = readdirSync(ROOT)
    .filter((f) => f.endsWith('.tnef'))
    .map((f) => f.slice(0, -5));
  it('has the samples', () => expect(samples.length).toBeGreaterThanOrEqual(19));

  it.each(samples)('%s: yields the expected attachments with their bytes', (name) => {
    const { files, problems } = readTnef(readFileSync(join(ROOT, `${name}.tnef`)), LIMITS);
    const names = files.map((f) => f.name);
    const expected = readFileSync(join(ROOT, `${name}.list`), 'utf8')
      .split(/\r?\n/)
      .filter(Boolean);
    for (const n of expected) expect(names, n).toContain(n);
    if (DAMAGED.has(name)) expect(problems.length).toBeGreaterThan(0);
    else expect(problems).toEqual([]);

    const dir = join(ROOT, name);
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir)) {
      const want = readFileSync(join(dir, entry));
      if (want.toString('latin1').startsWith(EMBEDDED_STAND_IN)) continue;
      // The extracted copies have LF line ends; object data keeps its 16-byte interface id.
      const found = files.some(
        (f) =>
          lf(f.bytes) === lf(want) ||
          (want.length === f.bytes.length + 16 && want.subarray(16).equals(f.bytes)),
      );
      expect(found, `${name}/${entry}`).toBe(true);
    }
  });

  it('embedded messages are TNEF streams themselves, read one level deeper', () => {
    const { files } = readTnef(readFileSync(join(ROOT, 'christmas.tnef')), LIMITS);
    const nested = files.filter((f) => f.bytes.length >= 4 && f.bytes.readUInt32LE(0) === 0x223e9f78);
    expect(nested).toHaveLength(2);
    for (const f of nested) expect(readTnef(f.bytes, LIMITS).problems).toEqual([]);
  });

  it.each(['rich-text.eml', 'ukr.eml'])(
    '%s: the winmail.dat part is read, not left unscannable',
    async (file) => {
      const { units, unscannable } = await extractMessage(readFileSync(join(ROOT, file)), {
        timeBudgetMs: 600_000,
      });
      expect(unscannable.filter((u) => /TNEF|winmail/i.test(u.reason))).toEqual([]);
      const inside = units.filter((u) => /!body\.(?:rtf|html|txt)$/.test(u.where));
      expect(inside.length, file).toBeGreaterThan(0);
    },
  );
});
