import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';
import { scanAndRedact } from '../../../src/stages/detect/scan-message.js';
import { leaf, message, multipart } from '../../fixtures/mail/builders.mjs';
import { parseMail, survivors } from '../redact/helpers.js';

const KEY = Buffer.alloc(32, 3);
const detector = createDetector();
const FIELDS = { From: 'a@example.org', To: 'support@localhost', 'Message-ID': '<e1@example.org>' };

// A password shape: letters and digits with a symbol, as customers choose them.
const password = fc
  .tuple(
    fc.stringMatching(/^[A-Z][a-z]{3,7}$/),
    fc.stringMatching(/^[0-9]{2,4}$/),
    fc.constantFrom('!', '#', '$', '%', ''),
  )
  .map(([w, d, s]) => `${w}${d}${s}`);

describe('a secret found by its label is redacted wherever else the message repeats it', () => {
  it('in a file name, the Subject and another part (property)', async () => {
    await fc.assert(
      fc.asyncProperty(password, fc.constantFrom('_', '-', '.', ' '), async (secret, sep) => {
        const raw = message(
          { ...FIELDS, Subject: `Zugang ${secret}` },
          multipart('mixed', [
            leaf(`Hallo,\r\nmein WLAN-Passwort: ${secret}\r\nDanke\r\n`),
            leaf(`router photo\r\n`, { filename: `router${sep}wifi${sep}${secret}.txt` }),
            leaf(`<p>Nochmal: ${secret}</p>`, { type: 'text/html' }),
          ]),
        );
        const { redacted } = await scanAndRedact(raw, { detector, fingerprintKey: KEY });
        expect(redacted).toBeDefined();
        expect(await survivors(redacted!, [secret])).toEqual([]);
        const mail = await parseMail(redacted!);
        expect(mail.attachments.some((a) => a.filename?.includes('[REDACTED:password]'))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('leaves a longer token that merely contains the value alone', async () => {
    const raw = message(
      { ...FIELDS, Subject: 'Zugang' },
      multipart('mixed', [leaf('Passwort: Falke2019!\r\n'), leaf('Ticket XFalke2019!7 bleibt offen\r\n')]),
    );
    const { redacted } = await scanAndRedact(raw, { detector, fingerprintKey: KEY });
    const mail = await parseMail(redacted!);
    expect(mail.text).toContain('XFalke2019!7');
    expect(mail.text).not.toMatch(/Passwort: Falke2019!/);
  });
});
