import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signWebhook } from '../../src/domain/webhook-signature.js';
import { maildirMessages, readDb, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ http: { webhookSecret: 'hook-secret-for-tests' } });
});
afterAll(async () => {
  await gw?.dispose();
});

it('a signed "ticket solved" webhook from the helpdesk shreds the ticket\'s originals', async () => {
  const c = await SmtpClient.connect(gw.port);
  await c.ehlo('mx.customer.test');
  const r = await c.sendMail(
    'jane@customer.test',
    ['support@localhost'],
    testMessage('hook1', { body: 'password: Sunny-Day-42!' }),
  );
  await c.quit();
  expect(r.final.code).toBe(250);
  const m = await waitFor(() =>
    maildirMessages(gw.paths.maildir).find((x) => x.content.includes('<hook1@e2e.test>')),
  );
  const ticket = /X-Deskguard-Ticket: (\S+)/.exec(m.content)![1]!;
  const quarantine = join(gw.paths.dir, 'quarantine');
  expect(readdirSync(quarantine)).toContain(`${r.queueId}.dgq`);

  const url = `http://127.0.0.1:${gw.gateway.httpPort}/api/webhooks/ticket-solved`;
  const body = JSON.stringify({ ticket });
  // A solve applies to what was received up to its timestamp, which has whole seconds: signed in
  // the second the message arrived, it would (safely) leave that message's original alone. A
  // helpdesk signs after it saw the ticket: wait for the next second, as the race in CI did not.
  const { received_at: received } = readDb(gw.paths.db).messages.find((x) => x.id === r.queueId)!;
  await waitFor(() => Math.floor(Date.now() / 1000) > Math.floor(received / 1000), {
    what: 'the second the message arrived to pass',
  });
  const ts = Math.floor(Date.now() / 1000);
  const bad = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-deskguard-timestamp': String(ts),
      'x-deskguard-signature': 'sha256=00',
    },
    body,
  });
  expect(bad.status).toBe(401);
  expect(readdirSync(quarantine)).toContain(`${r.queueId}.dgq`);
  const ok = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-deskguard-timestamp': String(ts),
      'x-deskguard-signature': signWebhook('hook-secret-for-tests', ts, body),
    },
    body,
  });
  expect(ok.status).toBe(200);
  expect(readdirSync(quarantine)).not.toContain(`${r.queueId}.dgq`);
});
