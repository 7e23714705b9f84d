import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/domain/finding.js';
import type { MessageContext } from '../../../src/domain/message.js';
import type { SenderPlace } from '../../../src/domain/sender-view.js';
import { type NoticePort, type NoticeSettings, noticeStage } from '../../../src/stages/notice-stage.js';
import { staffNote } from '../../../src/stages/staff-note.js';

const finding = (type: Finding['type'], where: string): Finding => ({
  type,
  ruleId: `r.${type}`,
  where,
  start: 0,
  end: 1,
  confidence: 1,
  preview: '****',
  fingerprint: 'f',
});

function ctx(over: Partial<MessageContext> = {}): MessageContext {
  return {
    queueId: 'Q1',
    envelope: {
      mailFrom: 'jane@customer.example',
      rcptTo: ['support@localhost'],
      remoteAddress: '192.0.2.1',
      clientHostname: 'x',
      helo: 'x',
      tls: false,
      receivedAt: 0,
    },
    raw: Buffer.from('Subject: s\r\n\r\nb\r\n'),
    attempt: 1,
    addHeaders: [],
    writes: [],
    verdict: 'redact',
    quarantineItem: 'Q1',
    ticketId: 'DG-7K3QF9',
    deliveredSubject: 's',
    findings: [
      finding('password', 'body'),
      finding('aws_access_key', 'attachment 2 (application/zip), entry 1'),
    ],
    senderView: {
      places: [
        { in: 'body' },
        { in: 'attachment', attachment: { position: 2, name: 'logs.zip' }, inner: { position: 1 } },
      ],
      removed: [{ in: 'attachment', attachment: { position: 2, name: 'logs.zip' } }],
    },
    parsed: {
      headers: {
        messageId: '<m@customer.example>',
        subject: 's',
        from: 'jane@customer.example',
        fromAddresses: ['jane@customer.example'],
        inReplyTo: undefined,
        references: [],
        autoSubmitted: undefined,
        precedence: undefined,
        listId: undefined,
        listUnsubscribe: undefined,
        deskguardNotice: undefined,
        autoResponseSuppress: undefined,
      },
      overLimits: [],
    },
    ...over,
  };
}

interface Composed {
  findings: ReadonlyArray<{ type: string; where: SenderPlace }>;
  removed: readonly SenderPlace[];
}

function port(lastNoticeAt?: number): NoticePort & { composed: Composed[] } {
  const composed: Composed[] = [];
  return {
    composed,
    lastNoticeAt: () => lastNoticeAt,
    recordNotice: () => ({ sql: 'SELECT 1', params: [] }),
    async compose(input) {
      composed.push({ findings: input.findings, removed: input.removed });
      return Buffer.from('notice');
    },
  };
}

const settings: NoticeSettings = {
  enabled: true,
  ownAddresses: ['support@localhost'],
  windowMs: 60_000,
  language: 'en',
  detectLanguage: true,
};
const clock = { now: () => 1_000_000 };

/** The notice stage as the pipeline runs it, then the note staff read. */
async function note(c: MessageContext, p: NoticePort, s: NoticeSettings = settings): Promise<string> {
  await noticeStage(p, s, clock).run(c, new AbortController().signal);
  return staffNote(c, 7);
}

describe('the staff note says what really happened with the sender’s notice', () => {
  it('says a notice is queued only when one is', async () => {
    const p = port();
    const c = ctx();
    const text = await note(c, p);
    expect(c.notice?.to).toBe('jane@customer.example');
    expect(text).toContain('An automatic notice to the sender is queued with this message');
    expect(text).not.toContain('NOT been notified');
  });

  for (const [name, over, s, last, why] of [
    ['notices are off', {}, { ...settings, enabled: false }, undefined, 'sender notices are turned off'],
    ['rate-limited', {}, settings, 999_000, 'sent a notice a short while ago'],
    [
      'sender not verified (forged)',
      {
        auth: { verdict: { kind: 'customer' }, authResults: 'x', senderVerified: false },
      },
      settings,
      undefined,
      'may be forged',
    ],
    [
      'null sender',
      { envelope: { ...ctx().envelope, mailFrom: '' } },
      settings,
      undefined,
      'no return address',
    ],
    [
      'auto-submitted',
      {
        parsed: { ...ctx().parsed!, headers: { ...ctx().parsed!.headers, autoSubmitted: 'auto-generated' } },
      },
      settings,
      undefined,
      'sent automatically',
    ],
  ] as const) {
    it(`says the sender was not notified when ${name}, and why`, async () => {
      const c = ctx(over as Partial<MessageContext>);
      const text = await note(c, port(last), s);
      expect(c.notice).toBeUndefined();
      expect(text).toContain('The sender has NOT been notified');
      expect(text).toContain(why);
      expect(text).toContain('tell the sender yourself');
      expect(text).not.toContain('queued with this message');
    });
  }

  it('lists places by label, never by file name', async () => {
    const text = await note(ctx(), port());
    expect(text).toContain('aws access key in attachment 2 (application/zip), entry 1');
    expect(text).not.toContain('logs.zip');
  });

  it('hands the notice each secret finding’s place and the removed files, in the sender’s terms', async () => {
    const p = port();
    const c = ctx({
      findings: [
        finding('password', 'body'),
        finding('unscannable', 'attachment 3'),
        finding('jwt', 'subject'),
      ],
      senderView: {
        places: [{ in: 'body' }, { in: 'attachment', attachment: { position: 3 } }, { in: 'subject' }],
        removed: [{ in: 'attachment', attachment: { position: 3 } }],
      },
    });
    await note(c, p);
    expect(p.composed).toEqual([
      {
        findings: [
          { type: 'password', where: { in: 'body' } },
          { type: 'jwt', where: { in: 'subject' } },
        ],
        removed: [{ in: 'attachment', attachment: { position: 3 } }],
      },
    ]);
  });
});
