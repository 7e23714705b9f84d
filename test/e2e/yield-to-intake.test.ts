import { afterAll, beforeAll, expect, it } from 'vitest';
import { maildirMessages, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';

let gw: TestGateway;
beforeAll(async () => {
  // Any arrival within 2 s counts as a burst; no message may wait more than 1 s for it.
  gw = await startTestGateway({ pipeline: { yieldToIntake: { quietMs: 2000, maxSeconds: 1 } } });
});
afterAll(async () => {
  await gw?.dispose();
});

it('processing yields to a burst of arrivals, but a sustained flood still gets processed', async () => {
  const c = await SmtpClient.connect(gw.port);
  await c.ehlo('mx.customer.test');
  const sentAt: number[] = [];
  let firstDeliveredWhileSending = false;
  for (let i = 0; i < 30; i++) {
    const r = await c.sendMail('jane@customer.test', ['support@localhost'], testMessage(`flood${i}`));
    expect(r.final.code).toBe(250);
    sentAt.push(Date.now());
    if (maildirMessages(gw.paths.maildir).length > 0) firstDeliveredWhileSending = true;
    await new Promise((res) => setTimeout(res, 100));
  }
  await c.quit();
  // Arrivals never paused for 2 s, yet the oldest messages were delivered while the flood went on.
  expect(sentAt[sentAt.length - 1]! - sentAt[0]!).toBeGreaterThan(2500);
  expect(firstDeliveredWhileSending).toBe(true);
});
