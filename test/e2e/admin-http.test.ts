import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';

describe('admin HTTP', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('/healthz answers 200 with JSON', async () => {
    const res = await fetch(`http://127.0.0.1:${t.gateway.httpPort}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('/metrics exposes deskguard_messages_received_total, counting accepted mail', async () => {
    const client = await SmtpClient.connect(t.port);
    try {
      await client.ehlo();
      const { final } = await client.sendMail(
        'customer@example.org',
        ['support@localhost'],
        testMessage('metrics'),
      );
      expect(final.code).toBe(250);
      expect((await client.send('MAIL FROM:<x@example.org>')).code).toBe(250);
      expect((await client.send('RCPT TO:<nobody@elsewhere.example>')).code).toBe(550);
    } finally {
      await client.quit();
    }
    const res = await fetch(`http://127.0.0.1:${t.gateway.httpPort}/metrics`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toMatch(/^deskguard_messages_received_total 1$/m);
    expect(body).toMatch(/^deskguard_smtp_rejections_total\{reason="unknown_recipient"\} 1$/m);
  });

  it('unknown paths are 404 and other methods are refused', async () => {
    expect((await fetch(`http://127.0.0.1:${t.gateway.httpPort}/nope`)).status).toBe(404);
    const post = await fetch(`http://127.0.0.1:${t.gateway.httpPort}/healthz`, { method: 'POST' });
    expect([404, 405]).toContain(post.status);
  });
});
