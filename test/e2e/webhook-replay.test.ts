import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Database } from '../../src/adapters/sqlite/driver.js';
import { signWebhook } from '../../src/domain/webhook-signature.js';
import { type Gateway, startGateway } from '../../src/main.js';
import { maildirMessages, makeTempDir, pathsIn, removeDir, testConfig } from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

const SECRET = 'hook-secret-for-replay-tests';
const dir = makeTempDir();
const config = testConfig(dir, { http: { webhookSecret: SECRET } });
const paths = pathsIn(dir);
let gateway: Gateway | undefined;

afterAll(async () => {
  await gateway?.stop();
  removeDir(dir);
});

async function send(raw: string): Promise<string> {
  const c = await SmtpClient.connect(gateway!.smtpPort);
  try {
    await c.ehlo('mx.customer.test');
    const r = await c.sendMail('jane@customer.test', ['support@localhost'], raw);
    expect(r.final.code).toBe(250);
    return r.queueId!;
  } finally {
    await c.quit();
  }
}

/** A request signed at `ts` (unix seconds), exactly as the helpdesk would send it. */
function signed(body: string, ts: number) {
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-deskguard-timestamp': String(ts),
      'x-deskguard-signature': signWebhook(SECRET, ts, body),
    },
  };
}

const post = (req: ReturnType<typeof signed>) =>
  fetch(`http://127.0.0.1:${gateway!.httpPort}/api/webhooks/ticket-solved`, { method: 'POST', ...req });

const original = (queueId: string) => existsSync(join(dir, 'quarantine', `${queueId}.dgq`));

function ticketStatus(id: string): string {
  const db = new Database(paths.db, { readonly: true });
  try {
    return (db.prepare('SELECT status FROM tickets WHERE id = ?').get(id) as { status: string }).status;
  } finally {
    db.close();
  }
}

// Two gateway starts and a dozen steps: minutes on a busy two-core machine.
it('a signed solve is single-use and applies only to what existed when it was signed, across a restart', {
  timeout: 180_000,
}, async () => {
  gateway = await startGateway(config);
  const first = await send(testMessage('replay1', { body: 'password: Sunny-Day-42!' }));
  const m = await waitFor(
    () => maildirMessages(paths.maildir).find((x) => x.content.includes('<replay1@e2e.test>')),
    { timeoutMs: 45_000, what: 'the first message delivered' },
  );
  const ticket = /X-Deskguard-Ticket: (\S+)/.exec(m.content)![1]!;
  expect(original(first)).toBe(true);

  // The helpdesk solves the ticket: signed now (rounded up, so the first message is before it).
  const signedAt = Math.ceil(Date.now() / 1000);
  const solve = signed(JSON.stringify({ ticket }), signedAt);
  const ok = await post(solve);
  expect(ok.status).toBe(200);
  expect(await ok.json()).toMatchObject({ status: 'solved', changed: true });
  expect(original(first)).toBe(false);

  // The customer writes again after that: the ticket reopens, the new original is quarantined.
  await waitFor(() => Date.now() > signedAt * 1000 + 50, { what: 'the signed second to pass' });
  const reply = await send(
    testMessage('replay2', { body: 'Still broken. password: Rainy-Night-17?' }).replace(
      'Subject: test replay2',
      `Subject: Re: test replay1 [#${ticket}]`,
    ),
  );
  await waitFor(() => maildirMessages(paths.maildir).some((x) => x.content.includes('<replay2@e2e.test>')), {
    timeoutMs: 45_000,
    what: 'the reply delivered',
  });
  expect(ticketStatus(ticket)).toBe('open');
  expect(original(reply)).toBe(true);

  // Whoever saw the first request replays it within its window: refused, nothing happens.
  expect((await post(solve)).status).toBe(409);
  expect(ticketStatus(ticket)).toBe('open');
  expect(original(reply)).toBe(true);

  // A genuine request signed before the reply, arriving late: only what existed then is solved.
  const late = await post(signed(JSON.stringify({ ticket, note: 'late' }), signedAt));
  expect(late.status).toBe(200);
  expect(await late.json()).toMatchObject({ status: 'open', changed: false });
  expect(ticketStatus(ticket)).toBe('open');
  expect(original(reply)).toBe(true);

  // A restart does not forget which signatures were used.
  await gateway.stop();
  gateway = await startGateway(config);
  expect((await post(solve)).status).toBe(409);
  expect(original(reply)).toBe(true);

  // A new request signed now solves the ticket with the reply.
  const now = await post(signed(JSON.stringify({ ticket }), Math.ceil(Date.now() / 1000)));
  expect(now.status).toBe(200);
  expect(ticketStatus(ticket)).toBe('solved');
  expect(original(reply)).toBe(false);
});
