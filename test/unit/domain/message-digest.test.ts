import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentDigest } from '../../../src/domain/message-digest.js';

const key = Buffer.alloc(32, 7);

interface Mail {
  from: string;
  to: string;
  cc: string;
  subject: string;
  date: string;
  body: string[];
}

// Printable ASCII without line breaks: what a header value or a body line may hold.
const text = fc.string({ minLength: 1, maxLength: 30, unit: fc.constantFrom(...'abcXYZ019 .,:;@<>=-_!"') });
const mail: fc.Arbitrary<Mail> = fc.record({
  from: text,
  to: text,
  cc: text,
  subject: text,
  date: text,
  body: fc.array(text, { maxLength: 6 }),
});

const render = (m: Mail, extraHeaders: string[] = [], trailing = ''): Buffer =>
  Buffer.from(
    [
      ...extraHeaders,
      `From: ${m.from}`,
      `To: ${m.to}`,
      `Cc: ${m.cc}`,
      `Subject: ${m.subject}`,
      `Date: ${m.date}`,
      'Message-ID: <same@example.org>',
      '',
      ...m.body,
    ].join('\r\n') + trailing,
    'latin1',
  );

describe('contentDigest', () => {
  it('is the same for a copy a relay passed on: trace headers added, a field refolded, empty lines at the end', () => {
    fc.assert(
      fc.property(mail, fc.integer({ min: 0, max: 3 }), (m, extraLines) => {
        const original = render(m);
        const relayed = render(
          { ...m, subject: m.subject.replace(/ /, '\r\n ') },
          [
            'Received: from mx.example.net by relay.example.com; Mon, 1 Jan 2024 00:00:00 +0000',
            'Authentication-Results: relay.example.com; spf=pass',
            'X-Deskguard-Verdict: deliver',
            'DKIM-Signature: v=1; a=rsa-sha256; d=example.com; b=abc',
          ],
          '\r\n'.repeat(extraLines),
        );
        expect(contentDigest(key, relayed)).toBe(contentDigest(key, original));
      }),
    );
  });

  it('differs when the body or any main header differs', () => {
    const fields = ['from', 'to', 'cc', 'subject', 'date'] as const;
    fc.assert(
      fc.property(mail, fc.constantFrom(...fields, 'body' as const), text, (m, field, change) => {
        const other: Mail =
          field === 'body' ? { ...m, body: [...m.body, change] } : { ...m, [field]: `${m[field]}${change}x` };
        expect(contentDigest(key, render(other))).not.toBe(contentDigest(key, render(m)));
      }),
    );
  });

  it('is keyed: without the key it cannot be recomputed, so a short secret in a body cannot be guessed from it', () => {
    const m = render({ from: 'a', to: 'b', cc: 'c', subject: 's', date: 'd', body: ['password: hunter2'] });
    const d = contentDigest(key, m);
    expect(d).toMatch(/^[0-9a-f]{64}$/);
    expect(contentDigest(Buffer.alloc(32, 8), m)).not.toBe(d);
    expect(d).not.toBe(createHash('sha256').update(m).digest('hex'));
  });

  it('tells apart a header moved into the body and the same bytes split differently', () => {
    const a = Buffer.from('Subject: a\r\n\r\nSubject: b\r\n');
    const b = Buffer.from('Subject: a\r\nSubject: b\r\n\r\n');
    expect(contentDigest(key, a)).not.toBe(contentDigest(key, b));
  });

  it('handles a long run of empty lines at the end in one pass', () => {
    const raw = Buffer.concat([Buffer.from('Subject: x\r\n\r\nbody'), Buffer.from('\r\n'.repeat(2_000_000))]);
    expect(contentDigest(key, raw)).toBe(contentDigest(key, Buffer.from('Subject: x\r\n\r\nbody\r\n')));
  });
});
