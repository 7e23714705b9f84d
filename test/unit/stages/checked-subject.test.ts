import { describe, expect, it } from 'vitest';
import type { FileInput } from '../../../src/adapters/sqlite/ticket-schema.js';
import type { MessageContext } from '../../../src/domain/message.js';
import type { ScanPool } from '../../../src/stages/detect/scan-pool.js';
import { detectStage, UNCHECKED_SUBJECT } from '../../../src/stages/detect-stage.js';
import { ticketStage } from '../../../src/stages/ticket-stage.js';

const SECRET = 'Hunter2-Subject-Canary!';
const RAW = Buffer.from(
  `From: a@customer.example\r\nSubject: =?utf-8?Q?login_password:_${SECRET}?=\r\nMessage-ID: <s1@customer.example>\r\n\r\nbody\r\n`,
);

const ctx = (): MessageContext => ({
  queueId: 'Q1',
  envelope: {
    mailFrom: 'a@customer.example',
    rcptTo: ['support@localhost'],
    remoteAddress: '192.0.2.1',
    clientHostname: 'x',
    helo: 'x',
    tls: false,
    receivedAt: 0,
  },
  raw: RAW,
  attempt: 1,
  addHeaders: [],
  writes: [],
});

/** A pool that answers each scan from a list; redaction replaces the secret wherever it is. */
function pool(complete: boolean[]): ScanPool & { scanned: Buffer[] } {
  const scanned: Buffer[] = [];
  return {
    scanned,
    async scan(raw) {
      scanned.push(raw);
      const ok = complete[scanned.length - 1] ?? true;
      const redacted = Buffer.from(raw.toString('latin1').replace(SECRET, '[REDACTED:password]'), 'latin1');
      return {
        findings: [],
        redacted: ok ? redacted : undefined,
        sender: { places: [], removed: [] },
        complete: ok,
      };
    },
    async close() {},
  };
}

describe('the subject that is stored: checked and redacted, for every verdict', () => {
  it('is the subject of the redacted copy when the scan completes', async () => {
    const c = ctx();
    await detectStage(pool([true])).run(c, new AbortController().signal);
    expect(c.checkedSubject).toBe('login password: [REDACTED:password]');
  });

  it('is checked on its own when the whole message could not be scanned', async () => {
    const c = ctx();
    const p = pool([false, true]);
    await detectStage(p).run(c, new AbortController().signal);
    expect(c.verdict).toBe('hold');
    // The second scan is the Subject field alone.
    expect(p.scanned[1]!.toString('latin1')).toBe(`Subject: =?utf-8?Q?login_password:_${SECRET}?=\r\n\r\n`);
    expect(c.checkedSubject).toBe('login password: [REDACTED:password]');
  });

  it('is left out when even the subject alone cannot be checked', async () => {
    const c = ctx();
    await detectStage(pool([false, false])).run(c, new AbortController().signal);
    expect(c.checkedSubject).toBe(UNCHECKED_SUBJECT);
  });

  it('is what a held message files in its ticket, although its delivered copy is the original', async () => {
    const c = ctx();
    await detectStage(pool([true])).run(c, new AbortController().signal);
    c.verdict = 'hold';
    c.quarantineItem = 'Q1';
    const filed: FileInput[] = [];
    await ticketStage({
      lookups: () => ({
        findByQueueId: () => undefined,
        findCopy: () => undefined,
        findByMessageId: () => undefined,
        findThread: () => undefined,
        ticketExists: () => false,
      }),
      file: (_d, m) => {
        filed.push(m);
        return [];
      },
      digest: () => 'digest',
    }).run(c, new AbortController().signal);
    expect(filed).toHaveLength(1);
    expect(filed[0]!.subject).toBe('login password: [REDACTED:password]');
    expect(c.deliveredSubject).toBe('login password: [REDACTED:password]');
    expect(JSON.stringify(filed)).not.toContain(SECRET);
  });
});
