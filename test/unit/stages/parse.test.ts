import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageContext } from '../../../src/domain/message.js';
import { decideStage } from '../../../src/stages/decide.js';
import { parseMessage, parseStage } from '../../../src/stages/parse.js';

const limits = { maxParts: 50, maxDepth: 5 };
const signal = new AbortController().signal;

describe('parseMessage', () => {
  it('reads the headers of a message with a PDF attachment', async () => {
    const raw = Buffer.from(
      'From: Ann <ann@example.org>\r\nSubject: the report\r\nMIME-Version: 1.0\r\n' +
        'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n' +
        '--b\r\nContent-Type: application/pdf; name="r.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n',
    );
    const p = await parseMessage(raw, limits, signal);
    expect(p.overLimits).toEqual([]);
    expect(p.headers.subject).toBe('the report');
    expect(p.headers.fromAddresses).toEqual(['ann@example.org']);
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
    expect(h.listId).toBe('List-Id: Support list <support.lists.example.org>');
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
});

describe('parseStage: a message the parser fails on is a verdict, not a crash', () => {
  const ctxOf = (raw: Buffer): MessageContext => ({
    queueId: 'Q1',
    envelope: {
      mailFrom: 'a@example.org',
      rcptTo: ['support@localhost'],
      remoteAddress: '127.0.0.1',
      clientHostname: '',
      helo: 'x',
      tls: false,
      receivedAt: 0,
    },
    raw,
    attempt: 1,
    addHeaders: [],
    writes: [],
  });
  const policy = { default: 'redact' as const, types: {} };

  /** Runs parse then decide, as the pipeline does; resolves with the context. */
  async function judge(raw: Buffer): Promise<MessageContext> {
    const ctx = ctxOf(raw);
    await parseStage(limits).run(ctx, signal);
    await decideStage(policy).run(ctx, signal);
    return ctx;
  }

  it("holds a part whose header no MIME parser takes as unparseable, with the parser's reason", async () => {
    const raw = Buffer.from(
      'Subject: x\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n' +
        `${'X-Part: b\r\n'.repeat(20_000)}\r\nbody\r\n--b--\r\n`,
    );
    const ctx = await judge(raw);
    expect(ctx.parsed?.unparseable).toMatch(/header/i);
    expect(ctx.verdict).toBe('hold');
    expect(ctx.reason).toMatch(/^unparseable: /);
    expect(ctx.parsed?.headers.subject).toBe('');
  });

  it('keeps what came before: a staff spoof that cannot be parsed says both', async () => {
    const ctx = ctxOf(
      Buffer.from(
        `Subject: x\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n${'A: b\r\n'.repeat(20_000)}`,
      ),
    );
    ctx.verdict = 'hold';
    ctx.reason = 'staff_spoof: dmarc fail';
    await parseStage(limits).run(ctx, signal);
    await decideStage(policy).run(ctx, signal);
    expect(ctx.reason).toMatch(/^unparseable: .*; staff_spoof: dmarc fail$/);
  });

  it('never throws, whatever the bytes: each message is parsed, or held as unparseable', async () => {
    // Header-ish lines, MIME boundaries and junk, in any order.
    const line = fc.oneof(
      fc.constantFrom(
        'Content-Type: multipart/mixed; boundary="b"',
        '--b',
        '--b--',
        'Content-Transfer-Encoding: base64',
        'Content-Type: message/rfc822',
        '',
        ' folded',
        'Subject: =?utf-8?B?w6k=?=',
      ),
      fc.string({ maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 60 }), async (lines) => {
        const ctx = await judge(Buffer.from(lines.join('\r\n')));
        expect(ctx.parsed).toBeDefined();
        if (ctx.parsed!.unparseable) expect(ctx.verdict).toBe('hold');
      }),
      { numRuns: 150 },
    );
  });
});
