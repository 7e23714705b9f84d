import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maildirMessages, readDb } from '../helpers/gateway.js';
import { SmtpClient } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';
import { type Served, sampleRss, serve } from './dos-helpers.js';
import { recordReliability } from './record.js';

/**
 * Eight 25 MB messages at once: each is streamed to the spool while it arrives, checked from a
 * stream, and processed under the pipeline's memory budget (two at a time), so the gateway's
 * memory stays far below eight copies and comes back afterwards.
 */

const COUNT = 8;
const LIMIT_MB = 600;

/** ~25 MB: a short text carrying the token and a photo (random bytes, base64, shared by all). */
function bigMessage(token: string, photo: string): Buffer {
  return Buffer.from(
    [
      'From: Customer <customer@example.org>',
      'To: support@localhost',
      `Subject: photos ${token}`,
      `Message-ID: <${token}@faults.test>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `The photos you asked for. TOKEN:${token}`,
      '--b1',
      'Content-Type: image/jpeg; name="site.jpg"',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="site.jpg"',
      '',
      photo,
      '--b1--',
      '.', // the end of data: nothing above starts with a dot, so nothing needs stuffing
      '',
    ].join('\r\n'),
    'latin1',
  );
}

/** One transaction, the message written as it is (already terminated). */
async function send(port: number, message: Buffer): Promise<number> {
  const c = await SmtpClient.connect(port);
  try {
    await c.ehlo();
    expect((await c.send('MAIL FROM:<customer@example.org>')).code).toBe(250);
    expect((await c.send('RCPT TO:<support@localhost>')).code).toBe(250);
    expect((await c.send('DATA')).code).toBe(354);
    await c.write(message);
    return (await c.read(50_000)).code;
  } finally {
    await c.quit();
  }
}

// Two steps of one scenario (each within the suite's 60 s): the burst is answered, then delivered.
describe('eight concurrent 25 MB messages', () => {
  let gw: Served;
  let rss: ReturnType<typeof sampleRss>;
  let acknowledged = 0;

  beforeAll(async () => {
    gw = await serve({ smtp: { maxConnectionsPerIp: 50 } });
  });
  afterAll(async () => {
    rss?.stop();
    await gw?.stop();
  });

  it('all get 250', async () => {
    const photo = randomBytes(18_400_000).toString('base64').replace(/.{76}/g, '$&\r\n');
    const messages = Array.from({ length: COUNT }, (_, i) => bigMessage(`big${i}`, photo));
    expect(messages.every((m) => m.length > 24_000_000 && m.length < 26_214_400)).toBe(true);
    rss = sampleRss(gw.serve);
    const codes = await Promise.all(messages.map((m) => send(gw.port, m)));
    acknowledged = codes.filter((c) => c === 250).length;
    expect(codes).toEqual(Array(COUNT).fill(250));
  });

  it('all are delivered with the gateway under 600 MB RSS, and memory comes back', async () => {
    expect(acknowledged).toBe(COUNT);
    const delivered = await waitFor(
      () => {
        const box = maildirMessages(gw.paths.maildir);
        return box.length >= COUNT ? box : undefined;
      },
      { timeoutMs: 50_000, intervalMs: 250, what: 'all eight delivered' },
    );
    const tokens = delivered.map((m) => /TOKEN:(big\d)/.exec(m.content)?.[1]).sort();
    expect(tokens).toEqual(Array.from({ length: COUNT }, (_, i) => `big${i}`));
    expect(readDb(gw.paths.db).messages.map((m) => m.state)).toEqual(Array(COUNT).fill('delivered'));

    // Settling: a few quiet seconds after the last delivery.
    await new Promise((r) => setTimeout(r, 4000));
    rss.stop();
    const peak = Math.max(rss.peak, rss.hwm());
    recordReliability({
      test: 'Eight concurrent 25 MB messages',
      fault: `${COUNT} messages of 25 MB (a photo each) sent at once`,
      sent: COUNT,
      acknowledged,
      delivered: delivered.length,
      lost: COUNT - delivered.length,
      peakRssMb: peak,
      notes: `RSS ${rss.first} MB before, peak ${peak} MB, ${rss.last} MB after settling (limit ${LIMIT_MB} MB)`,
    });
    expect(peak).toBeLessThan(LIMIT_MB);
  });
});
