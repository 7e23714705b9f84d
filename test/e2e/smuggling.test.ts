import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maildirMessages, readDb, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

// The end-of-data sequences that some MTAs accept and others do not (SMTP smuggling, 2023).
const VARIANTS: Array<[string, string]> = [
  ['\\n.\\n', '\n.\n'],
  ['\\n.\\r', '\n.\r'],
  ['\\r.\\n', '\r.\n'],
  ['\\r.\\r', '\r.\r'],
  ['\\n.\\r\\n', '\n.\r\n'],
  ['\\r.\\r\\n', '\r.\r\n'],
  ['\\r\\n\\x00.\\r\\n', '\r\n\x00.\r\n'],
  ['\\r\\n.\\r\\r\\n', '\r\n.\r\r\n'],
  ['\\r\\r\\n.\\r\\r\\n', '\r\r\n.\r\r\n'],
];

const SMUGGLED = 'MAIL FROM:<evil@x>\r\nRCPT TO:<support@localhost>\r\nDATA\r\nSmuggled\r\n';

describe('SMTP smuggling: end-of-data variants', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it.each(VARIANTS)('%s is refused with 5xx and never yields a second message', async (_name, variant) => {
    const before = readDb(t.paths.db).messages.length;
    const client = await SmtpClient.connect(t.port);
    try {
      await client.ehlo();
      expect((await client.send('MAIL FROM:<customer@example.org>')).code).toBe(250);
      expect((await client.send('RCPT TO:<support@localhost>')).code).toBe(250);
      expect((await client.send('DATA')).code).toBe(354);
      await client.write(`Subject: smuggle\r\n\r\ntext${variant}${SMUGGLED}\r\n.\r\n`);
      const reply = await client.read();
      expect(reply.code).toBeGreaterThanOrEqual(500);
      expect(reply.code).toBeLessThan(600);
      // Exactly one more reply, to QUIT: the smuggled commands were never read as commands.
      await client.write('QUIT\r\n');
      const rest = await client.readAllUntilClose();
      expect(rest.map((r) => r.code)).toEqual([221]);
    } finally {
      client.destroy();
    }
    expect(readDb(t.paths.db).messages.length).toBe(before);
  });

  it.each(VARIANTS)(
    '%s split into one TCP segment per byte is refused just the same',
    async (_name, variant) => {
      const before = readDb(t.paths.db).messages.length;
      const client = await SmtpClient.connect(t.port);
      try {
        await client.ehlo();
        expect((await client.send('MAIL FROM:<customer@example.org>')).code).toBe(250);
        expect((await client.send('RCPT TO:<support@localhost>')).code).toBe(250);
        expect((await client.send('DATA')).code).toBe(354);
        await client.write('Subject: smuggle\r\n\r\ntext');
        for (const byte of variant) {
          // Paced so that each byte arrives on its own: the check must hold across chunk boundaries.
          await new Promise((r) => setTimeout(r, 15));
          await client.write(byte);
        }
        await new Promise((r) => setTimeout(r, 15));
        await client.write(`${SMUGGLED}\r\n.\r\n`);
        const reply = await client.read();
        expect(reply.code).toBeGreaterThanOrEqual(500);
        expect(reply.code).toBeLessThan(600);
        await client.write('QUIT\r\n');
        expect((await client.readAllUntilClose()).map((r) => r.code)).toEqual([221]);
      } finally {
        client.destroy();
      }
      expect(readDb(t.paths.db).messages.length).toBe(before);
    },
  );

  it('does not offer CHUNKING (BDAT), which would bypass the end-of-data check', async () => {
    const client = await SmtpClient.connect(t.port);
    try {
      const ehlo = await client.ehlo();
      expect(ehlo.lines.some((l) => /^CHUNKING\b/i.test(l))).toBe(false);
      expect((await client.send('BDAT 10 LAST')).code).toBeGreaterThanOrEqual(500);
    } finally {
      await client.quit();
    }
  });

  it('stored and delivered nothing from any variant, while a proper message with a dot line goes through', async () => {
    expect(readDb(t.paths.db).messages).toHaveLength(0);
    const client = await SmtpClient.connect(t.port);
    try {
      await client.ehlo();
      const body = 'line one\r\n.\r\n..two dots\r\nMAIL FROM:<evil@x>';
      const { final, queueId } = await client.sendMail(
        'customer@example.org',
        ['support@localhost'],
        testMessage('dots', { body }),
      );
      expect(final.code).toBe(250);
      await waitFor(() => readDb(t.paths.db).messages.find((m) => m.id === queueId)?.state === 'delivered', {
        what: 'delivery',
      });
    } finally {
      await client.quit();
    }
    const delivered = maildirMessages(t.paths.maildir);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.content).toContain('\r\nline one\r\n.\r\n..two dots\r\nMAIL FROM:<evil@x>\r\n');
    expect(delivered.some((m) => m.content.includes('Smuggled'))).toBe(false);
    expect(readDb(t.paths.db).messages).toHaveLength(1);
  });
});
