import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maildirMessages, readDb } from '../helpers/gateway.js';
import { dotStuff, type Reply, SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';
import { type Served, sampleRss, serve } from './dos-helpers.js';
import { recordReliability } from './record.js';

/**
 * 10,000 RCPT TO in one transaction, pipelined: the first maxRecipients are accepted, every other
 * gets a clear 452 4.5.3 (send them in another transaction), the gateway neither crashes nor grows,
 * and the message still goes to the recipients that were accepted.
 */

const RCPTS = 10_000;
const MAX = 50;

describe('10,000 recipients in one transaction', () => {
  let gw: Served;

  beforeAll(async () => {
    gw = await serve({ smtp: { recipients: ['@localhost'], maxRecipients: MAX } });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('are capped with 452, and the message for the accepted ones is delivered', async () => {
    const rss = sampleRss(gw.serve);
    const c = await SmtpClient.connect(gw.port);
    let replies: Reply[] = [];
    try {
      await c.ehlo();
      expect((await c.send('MAIL FROM:<customer@example.org>')).code).toBe(250);
      // Pipelined in batches (RFC 2920), each batch's replies read before the next is written.
      for (let i = 0; i < RCPTS; i += 500) {
        const batch = Array.from(
          { length: Math.min(500, RCPTS - i) },
          (_, j) => `RCPT TO:<user${i + j}@localhost>\r\n`,
        );
        await c.write(batch.join(''));
        for (let j = 0; j < batch.length; j++) replies.push(await c.read(20_000));
      }
      expect((await c.send('DATA')).code).toBe(354);
      await c.write(Buffer.concat([dotStuff(testMessage('rcpt-flood')), Buffer.from('.\r\n')]));
      const final = await c.read(30_000);
      expect(final.code).toBe(250);
    } finally {
      await c.quit();
    }
    const codes = replies.map((r) => r.code);
    expect(codes.slice(0, MAX)).toEqual(Array(MAX).fill(250));
    expect(codes.slice(MAX)).toEqual(Array(RCPTS - MAX).fill(452));
    expect(replies[MAX]!.text).toMatch(/^4\.5\.3 Too many recipients/);
    replies = [];

    await waitFor(() => maildirMessages(gw.paths.maildir).length === 1, { what: 'the delivery' });
    const [row] = readDb(gw.paths.db).messages;
    const rcptTo = JSON.parse(row!.rcpt_to) as string[];
    expect(rcptTo).toEqual(Array.from({ length: MAX }, (_, i) => `user${i}@localhost`));
    // Still serving.
    const next = await SmtpClient.connect(gw.port);
    expect(next.greeting.code).toBe(220);
    await next.quit();
    rss.stop();
    recordReliability({
      test: '10,000 RCPT in one transaction',
      fault: `${RCPTS} RCPT TO pipelined in one transaction (maxRecipients ${MAX})`,
      sent: 1,
      acknowledged: 1,
      delivered: 1,
      lost: 0,
      refused: codes.filter((x) => x === 452).length,
      peakRssMb: Math.max(rss.peak, rss.hwm()),
      notes: `${MAX} recipients accepted, ${RCPTS - MAX} answered 452 4.5.3; RSS ${rss.first} MB before, peak ${rss.peak} MB`,
    });
  });
});
