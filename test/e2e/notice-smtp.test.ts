import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { secretsIn } from '../helpers/secret-search.js';
import { type Sink, startSink } from '../helpers/sink.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

let gw: TestGateway;
let helpdesk: Sink;
let customerMx: Sink;

beforeAll(async () => {
  helpdesk = await startSink();
  customerMx = await startSink();
  gw = await startTestGateway({
    delivery: { mode: 'smtp', smtp: { host: '127.0.0.1', port: helpdesk.port } },
    notify: { mode: 'smtp', smtp: { host: '127.0.0.1', port: customerMx.port } },
  });
});
afterAll(async () => {
  await gw?.dispose();
  await helpdesk?.close();
  await customerMx?.close();
});

it('sends the helpdesk the redacted copy and the sender a notice with a null MAIL FROM (RFC 3834)', async () => {
  const c = await SmtpClient.connect(gw.port);
  await c.ehlo('mx.customer.test');
  const r = await c.sendMail(
    'jane@customer.test',
    ['support@localhost'],
    testMessage('smtpnotice1', { body: 'Our DB: postgres://app:S3cr3t-Pa55@db.internal:5432/prod' }),
  );
  await c.quit();
  expect(r.final.code).toBe(250);
  const copy = await waitFor(() =>
    helpdesk.received.find((m) => m.content.includes('<smtpnotice1@e2e.test>')),
  );
  expect(copy.mailFrom).toBe('jane@customer.test');
  expect(copy.content).toContain('[REDACTED:connection_string]');
  expect(secretsIn(Buffer.from(copy.content, 'latin1'), ['S3cr3t-Pa55'])).toEqual([]);
  const notice = await waitFor(() =>
    customerMx.received.find((m) => m.content.includes('In-Reply-To: <smtpnotice1@e2e.test>')),
  );
  expect(notice.mailFrom).toBe('');
  expect(notice.rcptTo).toEqual(['jane@customer.test']);
  expect(notice.content).toContain('Auto-Submitted: auto-replied');
  expect(secretsIn(Buffer.from(notice.content, 'latin1'), ['S3cr3t-Pa55'])).toEqual([]);
});
