import { describe, expect, it } from 'vitest';
import type { Finding, FindingType } from '../../../src/domain/finding.js';
import type { MessageContext, ParsedHeaders } from '../../../src/domain/message.js';
import { decideStage, type Policy } from '../../../src/stages/decide.js';
import type { PoolResult, ScanPool } from '../../../src/stages/detect/scan-pool.js';
import { detectStage } from '../../../src/stages/detect-stage.js';

const POLICY: Policy = {
  default: 'redact',
  types: { unscannable_encrypted: 'hold', payment_card: 'hold', iban: 'allow' },
};
const signal = new AbortController().signal;

const finding = (type: FindingType, where = 'body'): Finding => ({
  type,
  ruleId: type,
  where,
  start: 0,
  end: 4,
  confidence: 1,
  preview: '****',
  fingerprint: 'f',
});

function ctx(over: Partial<MessageContext> = {}): MessageContext {
  return {
    queueId: 'Q1',
    envelope: {
      mailFrom: 'jane@customer.test',
      rcptTo: ['support@localhost'],
      remoteAddress: '127.0.0.1',
      clientHostname: '[127.0.0.1]',
      helo: 'mx',
      tls: false,
      receivedAt: 0,
    },
    raw: Buffer.from('Subject: x\r\n\r\nbody\r\n'),
    attempt: 1,
    parsed: { headers: { subject: 'x' } as ParsedHeaders, overLimits: [] },
    addHeaders: [],
    writes: [],
    ...over,
  };
}

const decide = async (c: MessageContext) => {
  await decideStage(POLICY).run(c, signal);
  return { verdict: c.verdict, reason: c.reason, output: c.output, headers: c.addHeaders };
};

describe('decide', () => {
  const redacted = Buffer.from('redacted copy');

  it('delivers a clean message as it is', async () => {
    expect(await decide(ctx({ findings: [] }))).toEqual({
      verdict: 'deliver',
      reason: undefined,
      output: undefined,
      headers: [['X-Deskguard-Verdict', 'deliver']],
    });
  });

  it('redacts: the redacted copy is what goes out, with the counts', async () => {
    const r = await decide(ctx({ findings: [finding('password'), finding('password')], redacted }));
    expect(r.verdict).toBe('redact');
    expect(r.output).toBe(redacted);
    expect(r.headers).toEqual([
      ['X-Deskguard-Findings', 'password=2'],
      ['X-Deskguard-Verdict', 'redact'],
    ]);
  });

  it('holds a message with a finding of a type configured "hold", naming type and place', async () => {
    const r = await decide(
      ctx({ findings: [finding('password'), finding('payment_card', 'attachment:cards.csv')], redacted }),
    );
    expect(r).toMatchObject({
      verdict: 'hold',
      reason: 'held by policy: payment_card in attachment:cards.csv',
    });
    expect(r.output).toBeUndefined();
  });

  it('holds a message whose findings have no redacted copy: nothing safe to deliver', async () => {
    const r = await decide(ctx({ findings: [finding('password')], redacted: undefined }));
    expect(r).toMatchObject({ verdict: 'hold', reason: 'findings could not be redacted', output: undefined });
  });

  it('ignores findings of a type set to "allow"', async () => {
    expect((await decide(ctx({ findings: [finding('iban')] }))).verdict).toBe('deliver');
  });

  it('holds a message over the parse limits, and keeps a hold decided earlier', async () => {
    const over = ctx({
      findings: [],
      parsed: { headers: {} as ParsedHeaders, overLimits: ['more than 5 MIME parts'] },
    });
    expect(await decide(over)).toMatchObject({
      verdict: 'hold',
      reason: 'unscannable: more than 5 MIME parts',
    });
    const spoof = ctx({
      verdict: 'hold',
      reason: 'staff_spoof: x',
      findings: [finding('password')],
      redacted,
    });
    expect(await decide(spoof)).toMatchObject({
      verdict: 'hold',
      reason: 'staff_spoof: x',
      output: undefined,
    });
  });
});

describe('detect', () => {
  const NO_VIEW = { places: [], removed: [] };
  const pool = (result: PoolResult): ScanPool => ({ scan: async () => result, close: async () => undefined });

  it('a scan that could not complete holds the message, with no redacted copy to deliver', async () => {
    const c = ctx();
    const unscannable = finding('unscannable', 'message');
    await detectStage(
      pool({ findings: [unscannable], redacted: Buffer.from('partial'), sender: NO_VIEW, complete: false }),
    ).run(c, signal);
    expect(c).toMatchObject({
      verdict: 'hold',
      reason: 'unscannable: the message could not be scanned within its limits',
      findings: [unscannable],
      redacted: undefined,
    });
    // and decide keeps it held
    expect((await decide(c)).verdict).toBe('hold');
  });

  it('a complete scan hands findings and the redacted copy to decide', async () => {
    const c = ctx();
    await detectStage(
      pool({ findings: [finding('jwt')], redacted: Buffer.from('r'), sender: NO_VIEW, complete: true }),
    ).run(c, signal);
    expect(c.verdict).toBeUndefined();
    expect(await decide(c)).toMatchObject({ verdict: 'redact', output: Buffer.from('r') });
  });
});
