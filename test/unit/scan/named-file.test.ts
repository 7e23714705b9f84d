import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';
import type { Place } from '../../../src/stages/detect/extract/place.js';
import { namedFileMatches } from '../../../src/stages/detect/named-file.js';
import { scanAndRedact } from '../../../src/stages/detect/scan-message.js';
import { leaf, message, multipart } from '../../fixtures/mail/builders.mjs';
import { survivors } from '../redact/helpers.js';

const KEY = Buffer.alloc(32, 5);
const detector = createDetector();
const FIELDS = { From: 'a@example.org', To: 'support@localhost', 'Message-ID': '<nf1@example.org>' };

/** A file's place: an attachment of the message, or an entry inside one. */
const fileAt = (...names: string[]): Place => ({
  steps: names.map((name, i) => ({
    kind: i === 0 ? 'attachment' : 'entry',
    position: 1,
    name,
    contentType: '',
  })),
  part: 'file',
});

// A machine-made value: 16 random bytes in hex, as Rails writes its master key.
const hexKey = fc
  .uint8Array({ minLength: 16, maxLength: 16 })
  .map((b) => Buffer.from(b).toString('hex'))
  .filter((v) => /\d/.test(v) && /[a-f]/.test(v) && !/(.)\1{3}/.test(v));

describe('a file holding one value is read under its file name', () => {
  it('finds the key of a file named for it, with the span on the value (property)', () => {
    fc.assert(
      fc.property(hexKey, fc.constantFrom('master.key', 'app-secret.txt', 'keys/api_key.txt'), (v, name) => {
        const text = `${v}\n`;
        const found = namedFileMatches(detector, { text, place: fileAt('shop.zip', name) });
        expect(found.map((m) => text.slice(m.start, m.end))).toEqual([v]);
        expect(found[0]?.ruleId).toMatch(/-by-file-name$/);
      }),
      { numRuns: 50 },
    );
  });

  it('takes a password from a file named for it', () => {
    const found = namedFileMatches(detector, { text: 'Sommer2024!\n', place: fileAt('db_password.txt') });
    expect(found.map((m) => [m.type, m.value])).toEqual([['password', 'Sommer2024!']]);
  });

  it('reads nothing into other names, other texts, placeholders or disabled types', () => {
    const v = '9b59e69d4c86d1146e98edab14f885eb';
    expect(namedFileMatches(detector, { text: v, place: fileAt('notes.txt') })).toEqual([]);
    expect(namedFileMatches(detector, { text: `${v}\nsecond line`, place: fileAt('master.key') })).toEqual(
      [],
    );
    expect(namedFileMatches(detector, { text: 'YOUR_API_KEY_HERE', place: fileAt('api_key.txt') })).toEqual(
      [],
    );
    expect(namedFileMatches(detector, { text: v, place: { steps: [], part: 'body' } })).toEqual([]);
    const noKeys = createDetector({ disabledTypes: ['generic_api_key'] });
    expect(namedFileMatches(noKeys, { text: v, place: fileAt('master.key') })).toEqual([]);
  });

  it('redacts the value of a one-value attachment in the delivered message', async () => {
    const v = '83751ba20406473d0be85b5d201a2a4e';
    const raw = message(
      { ...FIELDS, Subject: 'deploy fails' },
      multipart('mixed', [
        leaf('Hi, the key file is attached.\r\n'),
        leaf(`${v}\r\n`, { filename: 'master.key' }),
      ]),
    );
    const { findings, redacted } = await scanAndRedact(raw, { detector, fingerprintKey: KEY });
    expect(findings.map((f) => f.type)).toEqual(['generic_api_key']);
    expect(await survivors(redacted!, [v])).toEqual([]);
  });
});
