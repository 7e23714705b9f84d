import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { isCleanMailbox } from '../../../src/domain/mailbox-syntax.js';
import { shouldNotify } from '../../../src/domain/notice-policy.js';
import { composeNotice } from '../../../src/stages/notice/compose-notice.js';

const TEMPLATES = fileURLToPath(new URL('../../../config/templates', import.meta.url));

const decide = (envelopeSender: string) =>
  shouldNotify({
    envelopeSender,
    headers: {},
    findingCount: 1,
    verdict: 'customer',
    ownAddresses: ['support@deskguard.example'],
    lastNoticeAt: undefined,
    now: 0,
    windowMs: 0,
  });

const compose = (to: string) =>
  composeNotice({
    to,
    from: 'Support <support@deskguard.example>',
    ticketId: 'DG-7K3QF9',
    originalMessageId: undefined,
    originalReferences: [],
    subject: 'help',
    findings: [{ type: 'password', where: { in: 'body' } }],
    secureChannelUrl: 'https://secure.example/upload',
    language: 'en',
    templateDir: TEMPLATES,
  });

// Senders the notice gate once accepted and the composer then refused: processing every message
// with a finding from them crashed, and after three crashes the message went to dead-letter.
const REAL_SENDERS = [
  "o'brien@example.org",
  "d'angelo.m@example.it",
  'first.last+support@example.org',
  'x=y@example.org',
  'a#$&*/?^`{|}~@example.org',
  'jörg@exämple.de',
];

describe('who can get a notice', () => {
  it.each(REAL_SENDERS)('%s gets a notice addressed to exactly that address', async (sender) => {
    expect(decide(sender)).toEqual({ send: true });
    const mail = await simpleParser(await compose(sender));
    const to = mail.to && !Array.isArray(mail.to) ? mail.to.value : [];
    expect(to.map((a) => a.address)).toEqual([sender]);
  });

  it.each([
    '"john,doe"@example.org',
    '"john doe"@example.org',
    'a,b@example.org',
    'a;b@example.org',
    'a@b,c@example.org',
    '.lead@example.org',
    'trail.@example.org',
    'two..dots@example.org',
    'a@exa mple.org',
    '@example.org',
    'user@',
    'user@[192.0.2.1]',
    'a%b@example.org',
    'a!b@example.org',
  ])('%s is not one plain address: skipped, never a crash', async (sender) => {
    expect(isCleanMailbox(sender)).toBe(false);
    expect(decide(sender)).toEqual({ send: false, reason: 'invalid_sender' });
    await expect(compose(sender)).rejects.toThrow(/not a plain address/);
  });

  it('the gate and the composer agree on every address: what the gate lets through composes', async () => {
    const local = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.,;"()<>\\ @-]{1,20}$/);
    const candidate = fc.oneof(
      fc.emailAddress(),
      fc
        .tuple(local, fc.constantFrom('example.org', '[192.0.2.7]', 'exa_mple.org', 'a..b'))
        .map(([l, d]) => `${l}@${d}`),
    );
    await fc.assert(
      fc.asyncProperty(candidate, async (sender) => {
        const d = decide(sender);
        if (d.send) await expect(compose(sender)).resolves.toBeInstanceOf(Buffer);
        else if (d.reason === 'invalid_sender') await expect(compose(sender)).rejects.toThrow(/not a plain/);
      }),
      { numRuns: 300 },
    );
  });
});
