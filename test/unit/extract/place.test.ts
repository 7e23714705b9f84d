import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorText } from '../../../src/domain/error-text.js';
import { createDetector } from '../../../src/stages/detect/engine.js';
import { extractMessage } from '../../../src/stages/detect/extract/extract-message.js';
import { namedWhere, placeLabel } from '../../../src/stages/detect/extract/place.js';
import { buildPlan, type UnitMatch } from '../../../src/stages/detect/redact/plan.js';
import { scanAndRedact } from '../../../src/stages/detect/scan-message.js';
import {
  attachedMessage,
  leaf,
  markZipEncrypted,
  message,
  multipart,
  zip,
} from '../../fixtures/mail/builders.mjs';
import { parseMail } from '../redact/helpers.js';
import { createFakeDetector } from '../scan/fake-detector.js';
import { AWS, PASSWORD } from './samples.js';

const FIELDS = { From: 'a@customer.example', To: 'support@localhost', Subject: 'files' };
const KEY = Buffer.alloc(32, 7);

describe('places: labels by position, names only in the scan CLI form', () => {
  it('numbers attachments per message and entries per archive, forwarded messages included', async () => {
    const inner = message(
      { ...FIELDS, Subject: 'inner' },
      multipart('mixed', [leaf('inner body'), leaf(`key ${AWS}`, { filename: 'inner-key.txt' })]),
    );
    const raw = message(
      FIELDS,
      multipart('mixed', [
        multipart('alternative', [leaf('text'), leaf('<p>html</p>', { type: 'text/html' })]),
        leaf(`password: ${PASSWORD}`, { filename: 'first.txt' }),
        attachedMessage(inner, { filename: 'fwd.eml' }),
        leaf(zip({ 'dir/': '', 'a.txt': 'nothing', 'b/c.txt': `key ${AWS}` }), {
          type: 'application/zip',
          filename: 'third.zip',
        }),
      ]),
    );
    const { units } = await extractMessage(raw);
    const labels = Object.fromEntries(units.map((u) => [namedWhere(u.place), placeLabel(u.place)]));
    expect(labels).toMatchObject({
      subject: 'subject',
      body: 'body',
      html: 'html',
      'attachment:first.txt': 'attachment 1 (text/plain)',
      'attachment:fwd.eml!subject': 'attachment 2 (message/rfc822), subject',
      'attachment:fwd.eml!body': 'attachment 2 (message/rfc822), body',
      'attachment:fwd.eml!attachment:inner-key.txt':
        'attachment 2 (message/rfc822), attachment 1 (text/plain)',
      'attachment:third.zip!a.txt': 'attachment 3 (application/zip), entry 1',
      'attachment:third.zip!b/c.txt': 'attachment 3 (application/zip), entry 2',
    });
    // The scan CLI's form is what `where` always was.
    for (const u of units) expect(u.where).toBe(namedWhere(u.place));
  });

  it('never repeats a content type it does not know: the header is customer text', async () => {
    const raw = message(
      FIELDS,
      multipart('mixed', [
        leaf('see attached'),
        leaf(Buffer.from([0, 1, 2, 3, 0, 0, 9]), { type: `application/x-${AWS}`, filename: 'x.bin' }),
      ]),
    );
    const r = await scanAndRedact(raw, { detector: createFakeDetector(), fingerprintKey: KEY });
    expect(r.findings.map((f) => [f.where, f.preview])).toEqual([['attachment 1', 'binary attachment']]);
  });

  it('keeps exception messages out of reasons unless they are plain words', () => {
    expect(errorText(new Error('invalid relative path: ../passwords/hunter2.txt'))).toBe('Error');
    expect(errorText(new TypeError('Cannot read "AKIA…"'))).toBe('TypeError');
    expect(errorText(new Error('end of central directory record signature not found'))).toBe(
      'end of central directory record signature not found',
    );
    expect(errorText('x: y')).toBe('error');
  });

  // A file or entry name with a token in it, made of the characters that break naive handling:
  // path separators and traversal, quotes, colons, blanks, non-ASCII, direction overrides.
  const nameArb = (token: string) =>
    fc
      .tuple(
        fc.constantFrom('', '../', '/', 'C:\\', 'dir/', './'),
        fc.stringMatching(/^[a-z "':=._-]{0,8}$/),
        fc.constantFrom('', 'é', '\u202e', ' '),
        fc.constantFrom('.txt', '.zip', '.env', '', '.pdf'),
      )
      .map(([pre, a, odd, ext]) => `${pre}${a}${token}${odd}${ext}`);

  it('no file or entry name, however odd, reaches a finding, a reason or a nameless note', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            kind: fc.constantFrom('text', 'zip', 'locked-zip', 'binary', 'bad-zip'),
            entries: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
            seed: fc.nat(),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.array(fc.tuple(nameArb('TOKEN0'), nameArb('TOKEN1')), { minLength: 12, maxLength: 12 }),
        async (atts, names) => {
          const tokens: string[] = [];
          const name = (i: number, j: number): string => {
            const token = `Tk${i}x${j}Zq`;
            tokens.push(token);
            return names[(i * 3 + j) % names.length]![j % 2]!.replace(/TOKEN\d/, token);
          };
          const parts = atts.map((a, i) => {
            const filename = name(i, 0);
            const entries = Object.fromEntries(
              a.entries.map((secret, j) => [
                name(i, j + 1),
                secret ? `password: ${PASSWORD}` : 'nothing here',
              ]),
            );
            switch (a.kind) {
              case 'text':
                return leaf(`password: ${PASSWORD}`, { filename });
              case 'zip':
                return leaf(zip(entries), { type: 'application/zip', filename });
              case 'locked-zip':
                return leaf(markZipEncrypted(zip(entries)), { type: 'application/zip', filename });
              case 'bad-zip':
                return leaf(zip(entries).subarray(0, 40 + (a.seed % 40)), {
                  type: 'application/zip',
                  filename,
                });
              default:
                return leaf(Buffer.from([0, 1, 2, a.seed % 256, 0]), {
                  type: `application/x-${filename.replace(/[^a-z0-9]/gi, '')}`,
                  filename,
                });
            }
          });
          const raw = message(FIELDS, multipart('mixed', [leaf('see attached'), ...parts]));
          const detector = createFakeDetector();
          const r = await scanAndRedact(raw, { detector, fingerprintKey: KEY });
          const stored = JSON.stringify(r.findings);
          // The plan as the scan makes it, but with no name cleared for the note.
          const extraction = await extractMessage(raw);
          const matches: UnitMatch[] = extraction.units.flatMap((unit) =>
            detector.scan(unit.text).map((match) => ({ unit, match })),
          );
          const plan = buildPlan(matches, extraction.unscannable);
          const notes = JSON.stringify(plan.removals.map((x) => [x.label, x.reason]));
          for (const token of tokens) {
            expect(stored).not.toContain(token);
            expect(notes).not.toContain(token);
          }
          expect(stored).not.toContain(PASSWORD);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('shows a removed file’s name in its note and the sender’s view only in its redacted form', async () => {
    const leaky = `creds AKIAQ7CANARY7XW3MZ4P.zip`;
    const raw = message(
      FIELDS,
      multipart('mixed', [
        leaf('two archives'),
        leaf(zip({ 'a.txt': `password: ${PASSWORD}` }), {
          type: 'application/zip',
          filename: leaky,
        }),
        leaf(zip({ 'notes/b.txt': `password: ${PASSWORD}` }), {
          type: 'application/zip',
          filename: 'logs.zip',
        }),
      ]),
    );
    const r = await scanAndRedact(raw, { detector: createDetector(), fingerprintKey: KEY });
    const text = (await parseMail(r.redacted!)).text ?? '';
    expect(text).toContain(
      'removed attachment 1 ("creds [REDACTED:aws_access_key].zip", application/zip) from this message',
    );
    expect(text).toContain('removed attachment 2 ("logs.zip", application/zip) from this message');
    expect(text).not.toContain('AKIAQ7CANARY7XW3MZ4P');
    expect(r.sender.removed).toEqual([
      { in: 'attachment', attachment: { position: 1, name: 'creds [REDACTED:aws_access_key].zip' } },
      { in: 'attachment', attachment: { position: 2, name: 'logs.zip' } },
    ]);
    expect(r.sender.places).toContainEqual({
      in: 'attachment',
      attachment: { position: 2, name: 'logs.zip' },
      inner: { position: 1, name: 'notes/b.txt' },
    });
    expect(JSON.stringify(r.sender)).not.toContain('AKIAQ7CANARY7XW3MZ4P');
  });
});
