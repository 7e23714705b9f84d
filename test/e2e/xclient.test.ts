import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maildirMessages, readDb, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

async function deliveredContent(t: TestGateway, token: string): Promise<string> {
  const m = await waitFor(
    () => maildirMessages(t.paths.maildir).find((x) => x.content.includes(`TOKEN:${token}`)),
    { what: `delivery of ${token}` },
  );
  return m.content;
}

/** The first Received header of a message, unfolded. */
const firstReceived = (content: string) =>
  /^Received: ([\s\S]*?)\r\n(?![ \t])/.exec(content)?.[1]?.replace(/\r\n[ \t]+/g, ' ') ?? '';

describe('XCLIENT from a trusted relay', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway({
      smtp: { trustedRelays: ['127.0.0.1'], messagesPerMinutePerIp: 2 },
    });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('sets the client address seen in the Received header and the queue', async () => {
    const client = await SmtpClient.connect(t.port);
    try {
      const ehlo = await client.ehlo('relay.test');
      expect(ehlo.lines.some((l) => l.startsWith('XCLIENT'))).toBe(true);
      const x = await client.send(
        'XCLIENT ADDR=203.0.113.7 NAME=mail.customer.example HELO=customer-helo.example',
      );
      expect(x.code).toBe(220);
      await client.ehlo('customer-helo.example');
      const { final, queueId } = await client.sendMail(
        'customer@example.org',
        ['support@localhost'],
        testMessage('xclient1'),
      );
      expect(final.code).toBe(250);
      const received = firstReceived(await deliveredContent(t, 'xclient1'));
      expect(received).toContain('[203.0.113.7]');
      expect(received).toContain('mail.customer.example');
      expect(received).not.toContain('127.0.0.1');
      const row = readDb(t.paths.db).messages.find((m) => m.id === queueId)!;
      expect(row.remote_address).toBe('203.0.113.7');
    } finally {
      await client.quit();
    }
  });

  it('cannot inject headers through an encoded line break in XCLIENT values', async () => {
    const client = await SmtpClient.connect(t.port);
    try {
      await client.ehlo('relay.test');
      const x = await client.send('XCLIENT ADDR=192.0.2.44 NAME=evil.example+0D+0AX-Injected:+20yes');
      // Refused as a whole (the value is not valid xtext for a name), and the session goes on as
      // the relay's own: nothing of the refused values reaches what is delivered.
      expect(x.code).toBe(501);
      await client.ehlo('helo.example');
      const { final } = await client.sendMail(
        'customer@example.org',
        ['support@localhost'],
        testMessage('inject'),
      );
      expect(final.code).toBe(250);
      const content = await deliveredContent(t, 'inject');
      expect(content).not.toMatch(/^X-Injected:/m);
      expect(firstReceived(content)).not.toMatch(/192\.0\.2\.44|evil\.example/);
    } finally {
      await client.quit();
    }
  });

  it('judges the forwarded client, not the relay, by the rate limit', async () => {
    // 203.0.113.7 used one of its two messages above; 198.51.100.9 has its own allowance.
    const client = await SmtpClient.connect(t.port);
    try {
      await client.ehlo('relay.test');
      expect((await client.send('XCLIENT ADDR=203.0.113.7')).code).toBe(220);
      await client.ehlo('c1.example');
      expect((await client.send('MAIL FROM:<a@example.org>')).code).toBe(250);
      expect((await client.send('RSET')).code).toBe(250);
      expect((await client.send('MAIL FROM:<a@example.org>')).code).toBe(450);
    } finally {
      await client.quit();
    }
    const other = await SmtpClient.connect(t.port);
    try {
      await other.ehlo('relay.test');
      expect((await other.send('XCLIENT ADDR=198.51.100.9')).code).toBe(220);
      await other.ehlo('c2.example');
      expect((await other.send('MAIL FROM:<b@example.org>')).code).toBe(250);
    } finally {
      await other.quit();
    }
  });
});

describe('XCLIENT from an untrusted host', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway({ smtp: { trustedRelays: [] } });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('is neither offered nor obeyed, and XFORWARD neither', async () => {
    const client = await SmtpClient.connect(t.port);
    try {
      const ehlo = await client.ehlo();
      expect(ehlo.lines.some((l) => l.startsWith('XCLIENT'))).toBe(false);
      expect(ehlo.lines.some((l) => l.startsWith('XFORWARD'))).toBe(false);
      const x = await client.send('XCLIENT ADDR=203.0.113.7 NAME=spoofed.example');
      expect(x.code).toBeGreaterThanOrEqual(500);
      const f = await client.send('XFORWARD ADDR=203.0.113.8');
      expect(f.code).toBeGreaterThanOrEqual(500);
      const { final, queueId } = await client.sendMail(
        'customer@example.org',
        ['support@localhost'],
        testMessage('xclient-untrusted'),
      );
      expect(final.code).toBe(250);
      const received = firstReceived(await deliveredContent(t, 'xclient-untrusted'));
      expect(received).toContain('[127.0.0.1]');
      expect(received).not.toContain('203.0.113');
      expect(received).not.toContain('spoofed.example');
      expect(readDb(t.paths.db).messages.find((m) => m.id === queueId)!.remote_address).toBe('127.0.0.1');
    } finally {
      await client.quit();
    }
  });
});

describe('PROXY protocol', () => {
  it('takes the client address from a PROXY header sent by a trusted relay', async () => {
    const t = await startTestGateway({ smtp: { trustedRelays: ['127.0.0.1'], proxyProtocol: true } });
    try {
      const client = await SmtpClient.connect(t.port, {
        preamble: 'PROXY TCP4 198.51.100.23 127.0.0.1 40000 25\r\n',
      });
      try {
        expect(client.greeting.code).toBe(220);
        await client.ehlo('proxied.example');
        const { final, queueId } = await client.sendMail(
          'customer@example.org',
          ['support@localhost'],
          testMessage('proxy1'),
        );
        expect(final.code).toBe(250);
        expect(firstReceived(await deliveredContent(t, 'proxy1'))).toContain('[198.51.100.23]');
        expect(readDb(t.paths.db).messages.find((m) => m.id === queueId)!.remote_address).toBe(
          '198.51.100.23',
        );
      } finally {
        await client.quit();
      }
    } finally {
      await t.dispose();
    }
  });

  it('does not take a PROXY header from a host that is not a trusted relay', async () => {
    const t = await startTestGateway({ smtp: { trustedRelays: ['192.0.2.250'], proxyProtocol: true } });
    try {
      const client = await SmtpClient.connect(t.port);
      try {
        expect(client.greeting.code).toBe(220);
        const r = await client.send('PROXY TCP4 198.51.100.24 127.0.0.1 40000 25');
        expect(r.code).toBeGreaterThanOrEqual(500);
        await client.ehlo('direct.example');
        const { final, queueId } = await client.sendMail(
          'customer@example.org',
          ['support@localhost'],
          testMessage('proxy2'),
        );
        expect(final.code).toBe(250);
        expect(firstReceived(await deliveredContent(t, 'proxy2'))).toContain('[127.0.0.1]');
        expect(readDb(t.paths.db).messages.find((m) => m.id === queueId)!.remote_address).toBe('127.0.0.1');
      } finally {
        await client.quit();
      }
    } finally {
      await t.dispose();
    }
  });
});
