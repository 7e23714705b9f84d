import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  maildirMessages,
  makeTempDir,
  readDb,
  removeDir,
  startTestGateway,
  type TestGateway,
} from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

/** A throw-away self-signed certificate for localhost, made with openssl for this run. */
function selfSignedCert(dir: string): { key: string; cert: string } {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { key, cert };
}

describe('STARTTLS with a configured certificate', () => {
  let certDir: string;
  let t: TestGateway;

  beforeAll(async () => {
    certDir = makeTempDir('deskguard-cert-');
    t = await startTestGateway({ smtp: { tls: selfSignedCert(certDir) } });
  });
  afterAll(async () => {
    await t?.dispose();
    removeDir(certDir);
  });

  it('offers STARTTLS and delivers a message sent over TLS', async () => {
    const client = await SmtpClient.connect(t.port);
    try {
      const ehlo = await client.ehlo();
      expect(ehlo.lines).toContain('STARTTLS');
      const after = await client.startTls();
      expect(client.encrypted).toBe(true);
      expect(after.lines).not.toContain('STARTTLS');
      const { final, queueId } = await client.sendMail(
        'customer@example.org',
        ['support@localhost'],
        testMessage('over-tls'),
      );
      expect(final.code).toBe(250);
      await waitFor(() => readDb(t.paths.db).messages.find((m) => m.id === queueId)?.state === 'delivered', {
        what: 'delivery',
      });
      const row = readDb(t.paths.db).messages.find((m) => m.id === queueId)!;
      expect(row.tls).toBe(1);
      const msg = maildirMessages(t.paths.maildir).find((m) => m.content.includes('TOKEN:over-tls'))!;
      expect(msg.content).toMatch(/^Received: [\s\S]*? with ESMTPS id /);
    } finally {
      await client.quit();
    }
  });

  it('a standard client (nodemailer, requireTLS) delivers over it', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: t.port,
      secure: false,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
    });
    try {
      const info = await transport.sendMail({
        envelope: { from: 'customer@example.org', to: ['support@localhost'] },
        raw: testMessage('nodemailer-tls'),
      });
      expect(info.response).toMatch(/^250 2\.0\.0 Ok: queued as [0-9A-Z]+/);
    } finally {
      transport.close();
    }
    await waitFor(
      () => maildirMessages(t.paths.maildir).some((m) => m.content.includes('TOKEN:nodemailer-tls')),
      {
        what: 'delivery',
      },
    );
  });
});

describe('deadlines apply inside TLS too', () => {
  let certDir: string;
  let t: TestGateway;

  beforeAll(async () => {
    certDir = makeTempDir('deskguard-cert-');
    t = await startTestGateway({
      smtp: { tls: selfSignedCert(certDir), timeouts: { commandSeconds: 1, idleSeconds: 5 } },
    });
  });
  afterAll(async () => {
    await t?.dispose();
    removeDir(certDir);
  });

  it('a client dripping bytes after STARTTLS is cut with 421', async () => {
    const client = await SmtpClient.connect(t.port);
    try {
      await client.ehlo();
      await client.startTls();
      const cut = client.read(15_000);
      const text = 'MAIL FROM:<slow@example.org>';
      let bytes = 0;
      while (!client.isClosed && bytes < 40) {
        // A write racing the close may fail: the close is what this waits for.
        await client.write(text[bytes % text.length]!).catch(() => undefined);
        bytes++;
        await Promise.race([new Promise((r) => setTimeout(r, 300)), client.closed]);
      }
      const r = await cut;
      expect(r.code).toBe(421);
      expect(r.text).toMatch(/Command not completed in time/);
      // Cut while the client was still dripping (a byte every 300 ms, 40 at most).
      expect(bytes).toBeLessThan(40);
    } finally {
      client.destroy();
    }
  });
});

describe('without a certificate', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('does not offer STARTTLS and refuses the command', async () => {
    const client = await SmtpClient.connect(t.port);
    try {
      const ehlo = await client.ehlo();
      expect(ehlo.lines).not.toContain('STARTTLS');
      expect(ehlo.lines.some((l) => /^AUTH\b/.test(l))).toBe(false);
      const r = await client.send('STARTTLS');
      expect(r.code).toBeGreaterThanOrEqual(500);
      // The session is still usable in plain text.
      const { final } = await client.sendMail(
        'customer@example.org',
        ['support@localhost'],
        testMessage('plain'),
      );
      expect(final.code).toBe(250);
    } finally {
      await client.quit();
    }
  });
});
