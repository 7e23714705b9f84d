import { describe, expect, it } from 'vitest';
import type { MessageContext } from '../../../src/domain/message.js';
import { composeOutput, receivedHeader } from '../../../src/stages/trace-headers.js';

const ctx = (helo: string, rcpt = 'support@localhost'): MessageContext => ({
  queueId: 'QID',
  envelope: {
    mailFrom: 'a@b.c',
    rcptTo: [rcpt],
    remoteAddress: '192.0.2.7',
    clientHostname: '[192.0.2.7]',
    helo,
    tls: true,
    receivedAt: 0,
  },
  raw: Buffer.from('Subject: x\r\n\r\nbody\r\n'),
  attempt: 1,
  addHeaders: [],
  writes: [],
});

describe('Received header', () => {
  it('names client, us, protocol and queue id', () => {
    const h = receivedHeader(ctx('mx.example.net'), 'gw.example.com', new Date(0));
    expect(h).toContain('from mx.example.net (unknown [192.0.2.7])');
    expect(h).toContain('by gw.example.com (Deskguard) with ESMTPS id QID');
    expect(h).toContain('for <support@localhost>');
  });

  it('cannot be used to inject a header line', () => {
    const h = receivedHeader(ctx('evil\r\nBcc: victim@example.com'), 'gw', new Date(0));
    expect(h).not.toMatch(/\r\nBcc:/);
  });

  it('goes on top of the message', () => {
    const c = ctx('x');
    c.addHeaders.push(['X-Test', 'yes']);
    expect(Buffer.concat(composeOutput(c)).toString()).toBe('X-Test: yes\r\nSubject: x\r\n\r\nbody\r\n');
  });
});
