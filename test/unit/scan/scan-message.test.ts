import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';
import { namedWhere } from '../../../src/stages/detect/extract/place.js';
import { scanAndRedact, scanMessage } from '../../../src/stages/detect/scan-message.js';
import { leaf, markZipEncrypted, message, multipart, zip } from '../../fixtures/mail/builders.mjs';
import { AWS, PASSWORD } from '../extract/samples.js';
import { parseMail, survivors } from '../redact/helpers.js';
import { createFakeDetector } from './fake-detector.js';

const KEY = Buffer.alloc(32, 1);
const FIELDS = {
  From: 'a@example.org',
  To: 'support@localhost',
  Subject: 'help',
  'Message-ID': '<s1@example.org>',
};

describe('scanMessage / scanAndRedact', () => {
  it('reports findings with their place, never their value', async () => {
    const raw = message(
      FIELDS,
      multipart('mixed', [
        leaf(`password: ${PASSWORD}`),
        leaf(`key=${AWS}\n`, { filename: 'a.env' }),
        leaf(markZipEncrypted(zip({ 'x.txt': 'x'.repeat(50) })), {
          type: 'application/zip',
          filename: 'x.zip',
        }),
      ]),
    );
    const r = await scanMessage(raw, { detector: createFakeDetector(), fingerprintKey: KEY });
    // From, To, Subject, the body, a.env, and the name and filename parameters of a.env and x.zip.
    expect(r.units).toBe(9);
    // Stored and shown: positions, never the file names (customer content).
    expect(r.findings.map((f) => [f.type, f.where])).toEqual([
      ['password', 'body'],
      ['aws_access_key', 'attachment 1 (text/plain)'],
      ['unscannable_encrypted', 'attachment 2 (application/zip), entry 1'],
    ]);
    // The scan CLI's named form stays available for the local dry run.
    expect(r.places.map(namedWhere)).toEqual(['body', 'attachment:a.env', 'attachment:x.zip!x.txt']);
    expect(JSON.stringify(r.findings)).not.toContain(PASSWORD);
    expect(JSON.stringify(r.findings)).not.toContain(AWS);
    expect(r.matches.map((m) => m.match.value)).toEqual([PASSWORD, AWS]);
    expect(r.unscannable).toEqual([
      {
        where: 'attachment:x.zip!x.txt',
        place: r.places[2],
        reason: 'password-protected entry',
        encrypted: true,
      },
    ]);
  });

  it('leaves a clean message alone (no redacted copy)', async () => {
    const raw = message(FIELDS, leaf('Hello, the printer on floor 2 is broken again.'));
    const r = await scanAndRedact(raw, { detector: createDetector(), fingerprintKey: KEY });
    expect(r.findings).toEqual([]);
    expect(r.redacted).toBeUndefined();
  });

  it('redacts with the real detector and the result parses back', async () => {
    const raw = message(
      FIELDS,
      multipart('alternative', [
        leaf(`Hi,\nPassword: ${PASSWORD}\nAWS key ${AWS}\n`),
        leaf(`<p>Password: <b>${PASSWORD.replace('&', '&amp;')}</b></p>`, { type: 'text/html' }),
      ]),
    );
    const r = await scanAndRedact(raw, { detector: createDetector(), fingerprintKey: KEY });
    expect(r.findings.map((f) => f.type).sort()).toEqual(['aws_access_key', 'password', 'password']);
    expect(await survivors(r.redacted as Buffer, [PASSWORD, AWS])).toEqual([]);
    expect((await parseMail(r.redacted as Buffer)).messageId).toBe('<s1@example.org>');
  });

  it('survives a detector that throws or returns bad offsets', async () => {
    const raw = message(FIELDS, multipart('mixed', [leaf('one'), leaf('two', { filename: 't.txt' })]));
    const detector = {
      scan: (text: string) => {
        if (text === FIELDS.Subject) throw new Error('boom');
        return [
          {
            type: 'password' as const,
            ruleId: 'x',
            start: 2,
            end: text.length + 50,
            confidence: 1,
            value: '?',
          },
        ];
      },
    };
    const r = await scanAndRedact(raw, { detector, fingerprintKey: KEY });
    expect(r.findings.map((f) => [f.type, f.where])).toEqual([['unscannable', 'subject']]);
    expect((await parseMail(r.redacted as Buffer)).subject).toBe('[REDACTED:unscannable]');
    expect((await parseMail(r.redacted as Buffer)).attachments.map((a) => a.filename)).toEqual(['t.txt']);
  });
});

describe('UTF-8 mislabelled as Latin-1', () => {
  it('is read as UTF-8: the password after "lösenord" is found, removed, and the part reads right', async () => {
    const body = Buffer.from('Hej,\r\nmitt lösenord är Sjöbod-4417!\r\nhälsningar Åsa\r\n', 'utf8');
    const raw = Buffer.concat([
      Buffer.from(
        'From: a@example.org\r\nTo: support@localhost\r\nSubject: inlogg\r\nMessage-ID: <m1@example.org>\r\n' +
          'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
      ),
      body,
    ]);
    const { redacted, findings } = await scanAndRedact(raw, {
      detector: createDetector(),
      fingerprintKey: KEY,
    });
    expect(findings.map((f) => f.type)).toEqual(['password']);
    expect(await survivors(redacted!, ['Sjöbod-4417!'])).toEqual([]);
    const text = (await parseMail(redacted!)).text ?? '';
    expect(text).toContain('hälsningar Åsa');
    expect(text).toContain('mitt lösenord är [REDACTED:password]');
  });
});
