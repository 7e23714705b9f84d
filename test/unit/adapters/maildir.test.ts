import { mkdtempSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MaildirMailer } from '../../../src/adapters/maildir.js';

const msg = (over: Partial<Parameters<MaildirMailer['deliver']>[0]> = {}) => ({
  deliveryId: 'ABC123',
  receivedAt: 1_700_000_000_123,
  mailFrom: 'a@example.com',
  rcptTo: ['support@localhost'],
  raw: Buffer.from('Subject: hi\r\n\r\nbody\r\n'),
  mayBeDelivered: false,
  ...over,
});

describe('MaildirMailer', () => {
  it('creates the standard layout and delivers through tmp into new', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dg-md-')), 'box');
    const m = new MaildirMailer(dir);
    expect(readdirSync(dir).sort()).toEqual(['cur', 'new', 'tmp']);
    await m.deliver(msg());
    expect(readdirSync(join(dir, 'new'))).toEqual(['1700000000.ABC123.deskguard']);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
    expect(readFileSync(join(dir, 'new', '1700000000.ABC123.deskguard'), 'utf8')).toContain('body');
  });

  it('never makes a second copy of the same delivery, also after a client moved it to cur', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dg-md-')), 'box');
    const m = new MaildirMailer(dir);
    await m.deliver(msg());
    await m.deliver(msg({ mayBeDelivered: true }));
    expect(readdirSync(join(dir, 'new'))).toHaveLength(1);
    renameSync(
      join(dir, 'new', '1700000000.ABC123.deskguard'),
      join(dir, 'cur', '1700000000.ABC123.deskguard:2,S'),
    );
    await m.deliver(msg({ mayBeDelivered: true }));
    expect(readdirSync(join(dir, 'new'))).toEqual([]);
    expect(readdirSync(join(dir, 'cur'))).toHaveLength(1);
  });
});
