import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/stages/parse.js';

const limits = { maxHtmlBytes: 1_000_000, maxParts: 50, maxDepth: 5 };
const signal = new AbortController().signal;
const corpus = '../shared/conformance/mime-corpus';

describe('parseMessage', () => {
  it('reads headers, text and attachments of a real message', async () => {
    const raw = readFileSync(`${corpus}/mikel-mail/attachment_emails/attachment_pdf.eml`);
    const p = await parseMessage(raw, limits, signal);
    expect(p.overLimits).toEqual([]);
    expect(p.attachments.some((a) => a.contentType === 'application/pdf')).toBe(true);
    expect(p.headers.subject.length).toBeGreaterThan(0);
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
    expect(p.text).toBeUndefined();
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
