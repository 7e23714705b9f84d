import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/stages/parse.js';

const limits = { maxParts: 50, maxDepth: 5 };
const signal = new AbortController().signal;
const corpus = '../shared/conformance/mime-corpus';

describe('parseMessage', () => {
  it('reads the headers of a real message', async () => {
    const raw = readFileSync(`${corpus}/mikel-mail/attachment_emails/attachment_pdf.eml`);
    const p = await parseMessage(raw, limits, signal);
    expect(p.overLimits).toEqual([]);
    expect(p.headers.subject.length).toBeGreaterThan(0);
    expect(p.headers.fromAddresses.length).toBe(1);
  });

  it('reads the headers notices and threading depend on', async () => {
    const raw = Buffer.from(
      'From: "Jane" <jane@example.org>\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?= [#DG-7K3QF9]\r\nMessage-ID: <a@x>\r\n' +
        'In-Reply-To: <b@x>\r\nReferences: <c@x> <b@x>\r\nAuto-Submitted: auto-replied\r\nPrecedence: bulk\r\n' +
        'List-Id: Support list <support.lists.example.org>\r\nX-Auto-Response-Suppress: All\r\n\r\nbody\r\n',
    );
    const h = (await parseMessage(raw, limits, signal)).headers;
    expect(h).toMatchObject({
      subject: 'Grüße [#DG-7K3QF9]',
      fromAddresses: ['jane@example.org'],
      messageId: '<a@x>',
      inReplyTo: '<b@x>',
      references: ['<c@x>', '<b@x>'],
      autoSubmitted: 'auto-replied',
      precedence: 'bulk',
      autoResponseSuppress: 'All',
    });
    expect(h.listId).toBeDefined();
  });

  it('marks a message with too many parts as over the limits without parsing its body', async () => {
    const parts = Array.from(
      { length: 60 },
      (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`,
    ).join('');
    const raw = Buffer.from(
      `From: a@example.com\r\nSubject: many\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`,
    );
    const p = await parseMessage(raw, limits, signal);
    expect(p.overLimits).toEqual(['more than 50 MIME parts']);
    expect(p.headers.subject).toBe('many');
  });

  it('marks deep nesting as over the limits', async () => {
    let body = 'Content-Type: text/plain\r\n\r\ninner\r\n';
    for (let i = 0; i < 8; i++)
      body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}--b${i}--\r\n`;
    const p = await parseMessage(Buffer.from(`Subject: deep\r\n${body}`), limits, signal);
    expect(p.overLimits.join()).toContain('nesting deeper than 5');
  });

  it('parses every message of the malformed and real-world corpus without throwing', async () => {
    const { readdirSync, statSync } = await import('node:fs');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = `${d}/${n}`;
        if (statSync(p).isDirectory()) walk(p);
        else if (n.endsWith('.eml')) files.push(p);
      }
    };
    walk(corpus);
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) await expect(parseMessage(readFileSync(f), limits, signal)).resolves.toBeDefined();
  });
});
