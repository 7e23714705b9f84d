import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesIn, readDb } from '../helpers/gateway.js';
import { ConnectionClosed, type Reply, SmtpClient } from '../helpers/smtp-client.js';
import { type Served, sampleRss, serve } from './dos-helpers.js';
import { recordReliability } from './record.js';

/**
 * Input far over the limits, sent as fast as loopback takes it: a 200 MB message that never
 * declared its SIZE, and a single 50 MB line (as a command, and inside a message body). Each is
 * refused with a clear reply, nothing is stored, and the gateway's memory does not follow the input.
 */

const MB = 1024 * 1024;
// What the gateway may grow by while refusing: a few socket buffers and chunks, not the input.
const GROWTH_LIMIT_MB = 96;

/** Writes `total` bytes of `fill` in 1 MiB chunks (waiting for the socket), stopping if the server closes. */
async function stream(c: SmtpClient, total: number, fill: (chunk: number) => Buffer): Promise<number> {
  let sent = 0;
  for (let i = 0; sent < total; i++) {
    const chunk = fill(i).subarray(0, Math.min(MB, total - sent));
    try {
      await c.write(chunk);
    } catch (err) {
      if (err instanceof ConnectionClosed) break;
      throw err;
    }
    sent += chunk.length;
  }
  return sent;
}

async function openData(port: number): Promise<SmtpClient> {
  const c = await SmtpClient.connect(port);
  await c.ehlo();
  expect((await c.send('MAIL FROM:<customer@example.org>')).code).toBe(250);
  expect((await c.send('RCPT TO:<support@localhost>')).code).toBe(250);
  expect((await c.send('DATA')).code).toBe(354);
  return c;
}

describe('input far over the limits', () => {
  let gw: Served;

  beforeAll(async () => {
    // The line deadline (commandSeconds) would end a 50 MB line on a slow machine too; here the
    // size limit and the command-line limit are what answer.
    gw = await serve({ smtp: { timeouts: { commandSeconds: 300, sessionSeconds: 600 } } });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('a 200 MB message without SIZE is answered 552 5.3.4, nothing stored, memory bounded', async () => {
    const rss = sampleRss(gw.serve);
    const c = await openData(gw.port);
    const line = Buffer.from(`${'x'.repeat(998)}\r\n`);
    const chunk = Buffer.concat([Buffer.from('Subject: big\r\n\r\n'), ...Array(1050).fill(line)]);
    const sent = await stream(c, 200 * MB, () => chunk);
    await c.write('\r\n.\r\n');
    const r = await c.read(60_000);
    await c.quit();
    rss.stop();
    expect(sent).toBe(200 * MB);
    expect(r.code).toBe(552);
    expect(r.text).toMatch(/^5\.3\.4 /);
    expect(readDb(gw.paths.db).messages).toEqual([]);
    expect(filesIn(gw.paths.spool)).toEqual([]);
    const growth = rss.peak - rss.first; // sampled: the kernel's high-water mark spans earlier tests
    recordReliability({
      test: '200 MB message without SIZE',
      fault: '200 MB of message data after DATA, no SIZE declared (limit 25 MB)',
      sent: 1,
      acknowledged: 0,
      refused: 1,
      lost: 0,
      peakRssMb: rss.peak,
      notes: `552 5.3.4 after the whole stream; nothing stored; RSS ${rss.first} MB before, grew ${growth} MB`,
    });
    expect(growth).toBeLessThan(GROWTH_LIMIT_MB);
  });

  it('a 50 MB line is refused: as a command with 421, in a message body with 552; memory bounded', async () => {
    const rss = sampleRss(gw.serve);
    const a = Buffer.alloc(MB, 'a');

    // As a command: smtp-server keeps at most 16 KiB of an unfinished command line.
    const cmd = await SmtpClient.connect(gw.port);
    const replies: Reply[] = [];
    const reading = cmd.readAllUntilClose(60_000).then((r) => replies.push(...r));
    await cmd.write('EHLO ');
    const sentCmd = await stream(cmd, 50 * MB, () => a);
    await cmd.write('\r\n').catch(() => undefined);
    await reading;
    cmd.destroy();
    expect(replies.map((r) => r.code)).toEqual([421]);
    expect(replies[0]!.text).toMatch(/too long/i);

    // In a message body: the size limit (25 MB) answers once the data ends.
    const data = await openData(gw.port);
    await data.write('Subject: one long line\r\n\r\n');
    await stream(data, 50 * MB, () => a);
    await data.write('\r\n.\r\n');
    const r = await data.read(60_000);
    await data.quit();
    rss.stop();
    expect(r.code).toBe(552);
    expect(readDb(gw.paths.db).messages).toEqual([]);
    expect(filesIn(gw.paths.spool)).toEqual([]);
    const growth = rss.peak - rss.first; // sampled: the kernel's high-water mark spans earlier tests
    recordReliability({
      test: '50 MB line',
      fault: 'one 50 MB line without a line break: as a command, and in a message body',
      sent: 2,
      acknowledged: 0,
      refused: 2,
      lost: 0,
      peakRssMb: rss.peak,
      notes:
        `command: 421 "${replies[0]!.text}" after ${Math.round(sentCmd / MB)} MB written; ` +
        `body: ${r.code} ${r.text.split(' ')[0]}; nothing stored; RSS ${rss.first} MB before, grew ${growth} MB`,
    });
    expect(growth).toBeLessThan(GROWTH_LIMIT_MB);
  });
});
