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

  it('of any type: a number found in an attachment is removed from its file name and kept out of the note', async () => {
    // Found in the attachment's text beside its label; the name alone has nothing that says passport.
    const raw = message(
      { ...FIELDS, Subject: 'documents' },
      multipart('mixed', [
        leaf('Hello, the scan you asked for is attached.\r\n'),
        leaf('Passport No. 530029877\r\nSurname: DOE\r\n', { filename: 'scan_530029877.txt' }),
      ]),
    );
    const { redacted, findings } = await scanAndRedact(raw, { detector, fingerprintKey: KEY });
    expect(findings.map((f) => f.type)).toContain('passport_number');
    expect(await survivors(redacted!, ['530029877'])).toEqual([]);
    expect(redacted!.toString('latin1')).not.toContain('530029877');
  });

  it('a block of recovery codes: each code, where a reply quotes them on one line', async () => {
    const codes = ['5923 8739', '4112 4536', '1199 1537', '8703 9244', '1539 0223'];
    const raw = message(
      { ...FIELDS, Subject: 'login' },
      leaf(
        `my backup codes:\r\n\r\n${codes.join('\r\n')}\r\n\r\nthanks\r\n\r\n` +
          `> earlier I wrote: ${codes.slice(0, 3).join(' / ')}\r\n> do they work?\r\n`,
      ),
    );
    const { redacted } = await scanAndRedact(raw, { detector, fingerprintKey: KEY });
    expect(await survivors(redacted!, codes)).toEqual([]);
    expect((await parseMail(redacted!)).text).toContain('do they work?');
  });
});
