import { randomBytes, randomInt } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markZipEncrypted, zip } from '../fixtures/mail/builders.mjs';
import { ServeProcess } from '../helpers/cli.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { makeTempDir, readDb, removeDir, writeConfigFile } from '../helpers/gateway.js';
import { SmtpClient } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';
import { recordReliability } from './record.js';

/**
 * A canary secret goes in through every door a customer has — subject, body, display names, X-
 * fields, Comments, file names, Content-Description — and through every path a message can take:
 * redacted and delivered, held as a staff spoof, held as unscannable, refused at SMTP time for its
 * line endings, its size or its header block. Afterwards the canary may be nowhere in the clear: not
 * in any file the gateway wrote (database, WAL, spool, quarantine, maildirs, notices) in any of the
 * encodings mail uses (plain, base64 at every alignment, quoted-printable, with separators), and not
 * in a single log line.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** A fresh AWS access key id shape: AKIA + 16 base32 characters, never a documented example. */
const awsKey = () => `AKIA${Array.from({ length: 16 }, () => BASE32[randomInt(32)]).join('')}`;

/** A Luhn-valid Visa number that is not one of the well-known test numbers. */
function cardNumber(): string {
  const digits = [4, ...Array.from({ length: 14 }, () => randomInt(10))];
  const sum = digits
    .slice()
    .reverse()
    .reduce((acc, d, i) => acc + (i % 2 === 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
  return [...digits, (10 - (sum % 10)) % 10].join('');
}

/** Every spelling of `secret` a file or log could carry it in. */
function spellings(secret: string): string[] {
  const out = new Set([secret]);
  // base64 of the secret at each of the three alignments, without the edge characters that depend
  // on the neighbouring bytes
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.from('x'.repeat(pad) + secret).toString('base64');
    const start = pad === 0 ? 0 : 4;
    out.add(b64.slice(start, start + Math.floor((secret.length - 3) / 3) * 4));
  }
  out.add(Buffer.from(secret).toString('hex'));
  return [...out].filter((s) => s.length >= 12);
}

/** Text views of a file: as is, and with folding, soft line breaks and separators taken out. */
function views(bytes: Buffer): string[] {
  const s = bytes.toString('latin1');
  return [s, s.replace(/=\r?\n/g, '').replace(/\r?\n[ \t]?/g, ''), s.replace(/[\s\-.]/g, '')];
}

function allFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

const aws = awsKey();
const card = cardNumber();
const spacedCard = card.replace(/(\d{4})(?=\d)/g, '$1 ');

function mail(subjectTag: string, from = 'Customer <customer@example.org>', extra = ''): string {
  return [
    `From: ${from}`,
    'To: support@localhost',
    `Subject: ${subjectTag} key ${aws}`,
    `Message-ID: <${randomBytes(6).toString('hex')}@example.org>`,
    `X-Customer-Ref: ${aws}`,
    `Comments: card ${spacedCard}`,
    `Reply-To: "${aws}" <reply@example.org>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    extra,
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Hello, my access key is ${aws} and my card is ${spacedCard}.`,
    '--b1',
    `Content-Type: text/plain; name="${aws}.txt"`,
    `Content-Disposition: attachment; filename="${aws}.txt"`,
    `Content-Description: ${aws}`,
    '',
    `aws_access_key_id = ${aws}`,
    '--b1--',
    '',
  ]
    .filter((l) => l !== null)
    .join('\r\n');
}

function encryptedZipMail(): string {
  const z = markZipEncrypted(zip({ 'keys.txt': `aws_access_key_id = ${aws}` })).toString('base64');
  return [
    'From: customer@example.org',
    'To: support@localhost',
    `Subject: encrypted ${aws}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="z"',
    '',
    '--z',
    'Content-Type: text/plain',
    '',
    'see the archive',
    '--z',
    `Content-Type: application/zip; name="${aws}.zip"`,
    'Content-Transfer-Encoding: base64',
    '',
    z.replace(/.{76}/g, '$&\r\n'),
    '--z--',
    '',
  ].join('\r\n');
}

describe('a canary secret through every door and every path', () => {
  let dir: string;
  let dns: TestDnsServer;
  let gw: ServeProcess;
  const sent: Array<{ what: string; code: number }> = [];

  beforeAll(async () => {
    dir = makeTempDir('dg-canary-');
    dns = await startDnsServer({
      'staff.test': [{ TXT: 'v=spf1 -all' }],
      '_dmarc.staff.test': [{ TXT: 'v=DMARC1; p=quarantine' }],
      'example.org': [{ TXT: 'v=spf1 ?all' }, { MX: [10, 'mx.example.org'] }],
    });
    writeConfigFile(dir, {
      smtp: { maxMessageBytes: 200_000 },
      staff: { domains: ['staff.test'], displayNames: ['Staff Support'] },
      dns: { servers: [dns.address], timeoutMs: 400, budgetMs: 1500 },
      log: { level: 'debug' },
    });
    gw = await ServeProcess.start(join(dir, 'deskguard.yaml'), {
      env: { DESKGUARD_LOG__LEVEL: 'debug' },
      startTimeoutMs: 60_000,
    });
    const c = await SmtpClient.connect(gw.smtpPort);
    await c.ehlo();
    const send = async (what: string, body: string) => {
      const r = await c.sendMail('customer@example.org', ['support@localhost'], body);
      sent.push({ what, code: r.final.code });
    };
    await send('redacted', mail('redact'));
    await send('staff spoof (held)', mail('spoof', '"Staff Support" <ceo@staff.test>'));
    await send('encrypted archive (held)', encryptedZipMail());
    await send('too large (552)', `${mail('big')}\r\n${'x'.repeat(300_000)}\r\n`);
    await send('huge header block', mail('hdr', undefined, `X-Pad: ${'p'.repeat(70)}\r\n`.repeat(1_800)));
    await c.quit();
    // Bare LF in the data: refused as SMTP smuggling; the refusal must not echo the content.
    const raw = await SmtpClient.connect(gw.smtpPort);
    await raw.ehlo();
    await raw.send('MAIL FROM:<customer@example.org>');
    await raw.send('RCPT TO:<support@localhost>');
    await raw.send('DATA');
    await raw.write(`Subject: ${aws}\n\nbare lf ${aws}\r\n.\r\n`);
    sent.push({ what: 'bare LF (refused)', code: (await raw.read(30_000)).code });
    await raw.quit().catch(() => undefined);
    // Every acknowledged message reaches its end state before anything is grepped.
    await waitFor(
      () => {
        const rows = readDb(join(dir, 'data', 'deskguard.db')).messages;
        return rows.length > 0 && rows.every((r) => ['delivered', 'held', 'dead'].includes(r.state)) && rows;
      },
      { timeoutMs: 45_000, what: 'every message to reach its end state' },
    );
    await gw.stop();
  });

  afterAll(async () => {
    await gw?.stop();
    await dns?.close();
    if (dir) removeDir(dir);
  });

  it('took the messages through the paths it means to test', () => {
    const codes = Object.fromEntries(sent.map((s) => [s.what, s.code]));
    expect(codes['redacted']).toBe(250);
    expect(codes['too large (552)']).toBe(552);
    expect(codes['bare LF (refused)']).toBeGreaterThanOrEqual(500);
    const rows = readDb(join(dir, 'data', 'deskguard.db')).messages;
    expect(rows.filter((r) => r.state === 'held').length).toBeGreaterThanOrEqual(2);
  });

  it('leaves the canary in no file the gateway wrote, in any encoding', () => {
    const files = allFiles(dir).filter((f) => !f.endsWith('deskguard.yaml'));
    expect(files.length).toBeGreaterThan(3);
    const leaks: string[] = [];
    for (const f of files) {
      const texts = views(readFileSync(f));
      for (const secret of [aws, card]) {
        for (const s of spellings(secret)) {
          if (texts.some((t) => t.includes(s)))
            leaks.push(`${f.slice(dir.length)}: ${s === secret ? 'plain' : s}`);
        }
      }
    }
    recordReliability({
      test: 'Canary secret at rest and in logs',
      fault: 'an AWS key and a card number in every header, body and file name; redact, hold, refuse paths',
      sent: sent.length,
      acknowledged: sent.filter((s) => s.code === 250).length,
      refused: sent.filter((s) => s.code >= 400).length,
      notes: `${files.length} files and ${gw.logs.length} log lines searched in plain, base64, QP and hex: ${leaks.length} leaks`,
    });
    expect(leaks).toEqual([]);
  });

  it('leaves the canary in no log line', () => {
    expect(gw.logs.length).toBeGreaterThan(5);
    const text = gw.stderrText.replace(/\s/g, '');
    for (const secret of [aws, card])
      for (const s of spellings(secret)) expect(text.includes(s), s).toBe(false);
  });
});
