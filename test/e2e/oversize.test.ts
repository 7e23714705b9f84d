import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServeProcess } from '../helpers/cli.js';
import {
  filesIn,
  makeTempDir,
  pathsIn,
  readDb,
  removeDir,
  type TestPaths,
  writeConfigFile,
} from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

const MIB = 1024 * 1024;
const LIMIT = MIB;
// Streamed well past the limit: buffering it would show as growth near this size, while the
// garbage a streaming read leaves behind levels off (about 40 MiB of RSS on Node 20, whatever
// the size; measured with 64, 256 and 512 MiB), so the bound below separates the two clearly.
const STREAMED = 256 * MIB;
const MAX_GROWTH = 96 * MIB;

describe('oversized message', () => {
  let dir: string;
  let paths: TestPaths;
  let proc: ServeProcess;

  beforeAll(async () => {
    dir = makeTempDir();
    paths = pathsIn(dir);
    writeConfigFile(dir, { http: { enabled: false }, smtp: { maxMessageBytes: LIMIT } });
    proc = await ServeProcess.start(paths.configFile, { http: false });
  });
  afterAll(async () => {
    await proc?.stop();
    removeDir(dir);
  });

  it('advertises SIZE and refuses a declared oversize at MAIL FROM', async () => {
    const client = await SmtpClient.connect(proc.smtpPort);
    try {
      const ehlo = await client.ehlo();
      expect(ehlo.lines).toContain(`SIZE ${LIMIT}`);
      const r = await client.send(`MAIL FROM:<customer@example.org> SIZE=${LIMIT + 1}`);
      expect(r.code).toBe(552);
    } finally {
      await client.quit();
    }
  });

  it('answers 552 5.3.4 to 256 MiB streamed in chunks, stores nothing and does not buffer it', async () => {
    const client = await SmtpClient.connect(proc.smtpPort);
    try {
      await client.ehlo();
      // Warm up the receive path so the baseline includes its code and buffers.
      const warm = await client.sendMail(
        'customer@example.org',
        ['support@localhost'],
        testMessage('warm-up'),
      );
      expect(warm.final.code).toBe(250);
      await waitFor(() => readDb(paths.db).messages.every((m) => m.state === 'delivered'), {
        what: 'warm-up',
      });
      const before = proc.memory();

      expect((await client.send('MAIL FROM:<customer@example.org>')).code).toBe(250);
      expect((await client.send('RCPT TO:<support@localhost>')).code).toBe(250);
      expect((await client.send('DATA')).code).toBe(354);
      await client.write('Subject: big\r\n\r\n');
      const line = `${'x'.repeat(78)}\r\n`;
      const chunk = Buffer.from(line.repeat(Math.floor((64 * 1024) / line.length)));
      let sent = 0;
      while (sent < STREAMED) {
        await client.write(chunk);
        sent += chunk.length;
      }
      await client.write('.\r\n');
      const reply = await client.read(60_000);
      expect(reply.code).toBe(552);
      expect(reply.text).toMatch(/^5\.3\.4 /);

      const after = proc.memory();
      const grewBy = after.hwm - before.hwm;
      expect(grewBy).toBeLessThan(MAX_GROWTH);

      expect(filesIn(paths.spool)).toEqual([]);
      expect(readDb(paths.db).messages).toHaveLength(1);

      // The session goes on: the next message on the same connection is accepted.
      const next = await client.sendMail(
        'customer@example.org',
        ['support@localhost'],
        testMessage('after-big'),
      );
      expect(next.final.code).toBe(250);
    } finally {
      await client.quit();
    }
  });

  it('accepts a message of exactly maxMessageBytes and refuses one byte more', async () => {
    const exactly = (n: number) => {
      const head = 'Subject: boundary\r\n\r\n';
      const tail = 'end\r\n';
      const line = `${'e'.repeat(98)}\r\n`;
      const lines = Math.floor((n - head.length - tail.length) / line.length);
      const pad = n - head.length - tail.length - lines * line.length;
      const msg = head + line.repeat(lines) + 'p'.repeat(pad) + tail;
      expect(Buffer.byteLength(msg)).toBe(n);
      return msg;
    };
    const client = await SmtpClient.connect(proc.smtpPort);
    try {
      await client.ehlo();
      const at = await client.sendMail('customer@example.org', ['support@localhost'], exactly(LIMIT));
      expect(at.final.code).toBe(250);
      const over = await client.sendMail('customer@example.org', ['support@localhost'], exactly(LIMIT + 1));
      expect(over.final.code).toBe(552);
    } finally {
      await client.quit();
    }
  });

  it('refuses a message just over the limit and accepts one just under it', async () => {
    const client = await SmtpClient.connect(proc.smtpPort);
    try {
      await client.ehlo();
      const header = 'Subject: edge\r\n\r\n';
      const line = `${'y'.repeat(98)}\r\n`;
      const under = header + line.repeat(Math.floor((LIMIT - header.length - 200) / line.length));
      const over = header + line.repeat(Math.ceil((LIMIT - header.length) / line.length) + 1);
      const a = await client.sendMail('customer@example.org', ['support@localhost'], under);
      expect(a.final.code).toBe(250);
      const b = await client.sendMail('customer@example.org', ['support@localhost'], over);
      expect(b.final.code).toBe(552);
    } finally {
      await client.quit();
    }
  });
});
