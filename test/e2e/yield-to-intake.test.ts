import { afterEach, expect, it } from 'vitest';
import { maildirMessages, readDb, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

// Each test sends back to back, so the gaps between arrivals are milliseconds: far below quietMs,
// however loaded the machine. What is observed is what was delivered while the sending went on.

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.dispose();
  gw = undefined;
});

async function sender(port: number) {
  const c = await SmtpClient.connect(port);
  await c.ehlo('mx.customer.test');
  return {
    async send(token: string) {
      const r = await c.sendMail('jane@customer.test', ['support@localhost'], testMessage(token));
      expect(r.final.code).toBe(250);
    },
    quit: () => c.quit(),
  };
}

it('processing waits while a burst of arrivals goes on, and catches up once it pauses', async () => {
  // Any arrival within 5 s continues the burst; no message waits longer than 60 s for it.
  gw = await startTestGateway({ pipeline: { yieldToIntake: { quietMs: 5000, maxSeconds: 60 } } });
  const s = await sender(gw.port);
  const BURST = 20;
  for (let i = 0; i < BURST; i++) await s.send(`burst${i}`);
  // Without yielding, the first messages would be delivered by now (milliseconds each).
  expect(maildirMessages(gw.paths.maildir)).toEqual([]);
  expect(readDb(gw.paths.db).messages.map((m) => m.state)).toEqual(Array(BURST).fill('received'));
  await s.quit();
  await waitFor(() => maildirMessages(gw!.paths.maildir).length === BURST, {
    what: 'the burst to be delivered after it paused',
  });
});

it('a flood that never pauses is still processed: no message waits longer than maxSeconds', async () => {
  // The burst would only end after 60 s of silence; the flood never gives it that.
  gw = await startTestGateway({ pipeline: { yieldToIntake: { quietMs: 60_000, maxSeconds: 1 } } });
  const s = await sender(gw.port);
  const CAP = 20_000;
  let sent = 0;
  // Keep the flood going until the first message comes out; only maxSeconds can let it out.
  while (sent < CAP && maildirMessages(gw.paths.maildir).length === 0) await s.send(`flood${sent++}`);
  await s.quit();
  expect(sent).toBeLessThan(CAP);
  expect(maildirMessages(gw.paths.maildir).length).toBeGreaterThan(0);
});
