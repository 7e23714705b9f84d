import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  filesIn,
  maildirMessages,
  readDb,
  startTestGateway,
  type TestGateway,
  tokenCounts,
} from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

const CONNECTIONS = 10;
const PER_CONNECTION = 100;
const TOTAL = CONNECTIONS * PER_CONNECTION;

describe('1,000 messages over 10 concurrent connections', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway({ smtp: { maxConnectionsPerIp: CONNECTIONS } });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('acknowledges each with its own queue id and delivers each exactly once', async () => {
    const acked = new Map<string, string>(); // token -> queue id
    const refusals: string[] = [];
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, c) => {
        const client = await SmtpClient.connect(t.port);
        try {
          await client.ehlo(`bulk${c}.test`);
          for (let i = 0; i < PER_CONNECTION; i++) {
            const token = `bulk-${c}-${i}`;
            const { final, queueId } = await client.sendMail(
              `sender${c}@example.org`,
              ['support@localhost'],
              testMessage(token),
            );
            if (final.code === 250 && queueId) acked.set(token, queueId);
            else refusals.push(`${token}: ${final.code} ${final.text}`);
          }
        } finally {
          await client.quit();
        }
      }),
    );
    expect(refusals).toEqual([]);
    expect(acked.size).toBe(TOTAL);
    expect(new Set(acked.values()).size).toBe(TOTAL);

    await waitFor(() => maildirMessages(t.paths.maildir).length >= TOTAL, {
      timeoutMs: 150_000,
      intervalMs: 200,
      what: `${TOTAL} messages in the maildir`,
    });
    await waitFor(() => readDb(t.paths.db).messages.every((m) => m.state === 'delivered'), {
      timeoutMs: 20_000,
      intervalMs: 100,
      what: 'every message delivered',
    });

    const delivered = maildirMessages(t.paths.maildir);
    expect(delivered).toHaveLength(TOTAL);
    const counts = tokenCounts(delivered);
    expect(counts.size).toBe(TOTAL);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // The maildir file of each message is named after the queue id it was acknowledged with.
    const byFile = new Map(delivered.map((m) => [m.file.split('.')[1], m.content]));
    for (const [token, queueId] of acked) expect(byFile.get(queueId)).toContain(`TOKEN:${token}\r\n`);

    const db = readDb(t.paths.db);
    expect(db.messages).toHaveLength(TOTAL);
    expect(new Set(db.messages.map((m) => m.state))).toEqual(new Set(['delivered']));
    expect(db.outbox).toHaveLength(TOTAL);
    expect(db.outbox.every((o) => o.state === 'sent' && o.attempts === 1)).toBe(true);
    // No stored copy of any message is kept once it is delivered (raw or composed, inline or file).
    expect(db.blobs).toBe(0);
    await waitFor(() => filesIn(t.paths.spool).length === 0 && filesIn(t.paths.outbox).length === 0, {
      what: 'spool and outbox to empty',
    });
  });
});
