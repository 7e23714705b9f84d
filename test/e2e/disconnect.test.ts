import { readdirSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesIn, readDb, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

/** Files under `dir` this process holds open (the gateway runs in-process here). */
function openFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dir)) out.push(target);
    } catch {
      // closed in the meantime
    }
  }
  return out;
}

describe('a client that hangs up in the middle of DATA', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('leaves no spool file and no open file behind, and stores nothing', async () => {
    // About 800 KiB each: more than spool.inlineMaxBytes (256 KiB), so each one is being written to
    // a spool file when the client goes away. That is the case under test: the precondition must hold.
    const partial = `Subject: cut\r\n\r\n${`${'c'.repeat(78)}\r\n`.repeat(10_000)}`;
    for (let i = 0; i < 3; i++) {
      const c = await SmtpClient.connect(t.port);
      await c.ehlo();
      expect((await c.send('MAIL FROM:<customer@example.org>')).code).toBe(250);
      expect((await c.send('RCPT TO:<support@localhost>')).code).toBe(250);
      expect((await c.send('DATA')).code).toBe(354);
      await c.write(partial);
      // Hang up once the gateway has started writing this message out.
      await waitFor(() => filesIn(t.paths.spool).length > 0 || openFilesUnder(t.paths.spool).length > 0, {
        what: 'the partial message to reach the spool',
      });
      c.destroy();
    }

    // The gateway goes on serving.
    const ok = await SmtpClient.connect(t.port);
    try {
      await ok.ehlo();
      const { final } = await ok.sendMail(
        'customer@example.org',
        ['support@localhost'],
        testMessage('after-cut'),
      );
      expect(final.code).toBe(250);
    } finally {
      await ok.quit();
    }
    expect(readDb(t.paths.db).messages).toHaveLength(1);

    // What the cut transactions had written is removed and closed, without waiting for a restart.
    await waitFor(() => filesIn(t.paths.spool).length === 0, {
      timeoutMs: 5_000,
      what: `partial spool files to be removed (left: ${filesIn(t.paths.spool).join(', ')})`,
    });
    expect(openFilesUnder(t.paths.spool)).toEqual([]);
  });
});
