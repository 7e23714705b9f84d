import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { list as auditList, verify as auditVerify } from '../../src/adapters/sqlite/audit-log.js';
import { openDatabase } from '../../src/adapters/sqlite/database.js';
import { type Gateway, startGateway } from '../../src/main.js';
import { runCli } from '../helpers/cli.js';
import { maildirMessages, makeTempDir, pathsIn, readDb, removeDir, testConfig } from '../helpers/gateway.js';
import { secretsIn } from '../helpers/secret-search.js';
import { SmtpClient } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

// Canary secrets: each must be found and never appear anywhere at rest or in the logs.
const CANARY_PASSWORD = 'Canary-Pw-7731-Zq!';
const CANARY_AWS = 'AKIAQ7CANARY7XW3MZ4P';
const CANARY_CARD = '4929 1873 6604 5578';
const CANARY_KEY_LINE = 'MIIEowIBAAKCAQEAcanary0fdeskguard0privatekey0line0000000000000';
// Every way the card may be written down.
const cardForms = (card: string) => [card, card.replace(/ /g, ''), card.replace(/ /g, '-')];
const CANARY = [CANARY_PASSWORD, CANARY_AWS, ...cardForms(CANARY_CARD), CANARY_KEY_LINE];
const CANARY2_PASSWORD = 'Canary2-Pw-4418-Xv?';
const CANARY2_AWS = 'AKIAZ5CANARY2TW7QK3M';
const CANARY2_CARD = '4556 7301 8842 0006';
const CANARY2_KEY_LINE = 'MIIEpAIBAAKCAQEAsecondcanary0fdeskguard0privatekey0line000000';
const CANARY2 = [CANARY2_PASSWORD, CANARY2_AWS, ...cardForms(CANARY2_CARD), CANARY2_KEY_LINE];

let dir: string;
let gateway: Gateway;
let port: number;
const logs: string[] = [];

function compose(opts: {
  token: string;
  text: string;
  subject?: string;
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; content: string }>;
  inReplyTo?: string;
}): Promise<Buffer> {
  return new MailComposer({
    from: 'Jane Customer <jane@customer.test>',
    to: 'support@localhost',
    subject: opts.subject ?? `Help ${opts.token}`,
    messageId: `<${opts.token}@customer.test>`,
    text: opts.text,
    headers: opts.headers ?? {},
    attachments: opts.attachments ?? [],
    ...(opts.inReplyTo ? { inReplyTo: opts.inReplyTo, references: [opts.inReplyTo] } : {}),
  })
    .compile()
    .build()
    .then((b) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1'));
}

async function send(raw: Buffer, mailFrom = 'jane@customer.test') {
  const c = await SmtpClient.connect(port);
  await c.ehlo('mx.customer.test');
  const r = await c.sendMail(mailFrom, ['support@localhost'], raw);
  await c.quit();
  expect(r.final.code).toBe(250);
  return r.queueId!;
}

const delivered = (token: string) =>
  waitFor(
    () => maildirMessages(pathsIn(dir).maildir).find((m) => m.content.includes(`<${token}@customer.test>`)),
    {
      what: `delivery of ${token}`,
    },
  );
const notices = () => maildirMessages(join(dir, 'notices'));
const cli = (...args: string[]) => runCli([...args, '--config', pathsIn(dir).configFile, '--actor', 'alice']);

beforeAll(async () => {
  dir = makeTempDir('dg-flow-');
  const config = testConfig(dir, { log: { level: 'debug' }, notify: { windowMinutes: 0 } });
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  gateway = await startGateway(config, { logDestination: sink });
  port = gateway.smtpPort;
});

afterAll(async () => {
  await gateway?.stop();
  removeDir(dir);
});

describe('the whole flow over SMTP', () => {
  let ticket: string;
  let itemId: string;

  it('redacts body and attachments, quarantines the original, opens a ticket and notifies the sender', async () => {
    const raw = await compose({
      token: 'flow1',
      text: `Hello, I cannot log in.\nMy password is ${CANARY_PASSWORD}\nand our AWS key id is ${CANARY_AWS}.\nCard: ${CANARY_CARD}\n`,
      attachments: [
        {
          filename: 'id_rsa',
          content: `-----BEGIN RSA PRIVATE KEY-----\n${CANARY_KEY_LINE}\n${CANARY_KEY_LINE}\n-----END RSA PRIVATE KEY-----\n`,
        },
      ],
    });
    itemId = await send(raw);
    const m = await delivered('flow1');
    const parsed = await simpleParser(Buffer.from(m.content, 'latin1'));
    ticket = String(parsed.headers.get('x-deskguard-ticket'));
    expect(ticket).toMatch(/^DG-/);
    expect(parsed.subject).toContain(`[#${ticket}]`);
    expect(parsed.headers.get('x-deskguard-verdict')).toBe('redact');
    expect(parsed.headers.get('x-deskguard-quarantine')).toBe(itemId);
    expect(parsed.text).toContain('[REDACTED:password]');
    expect(parsed.text).toContain('Deskguard removed confidential data');
    expect(secretsIn(Buffer.from(m.content, 'latin1'), CANARY)).toEqual([]);

    const notice = await waitFor(() => notices().find((n) => n.content.includes(`<flow1@customer.test>`)));
    const n = await simpleParser(Buffer.from(notice.content, 'latin1'));
    expect(n.headers.get('auto-submitted')).toBe('auto-replied');
    expect(n.to && 'text' in n.to ? n.to.text : '').toContain('jane@customer.test');
    expect(n.text).toContain(ticket);
    expect(n.text).toMatch(/password/i);
    expect(n.text).toContain('id_rsa');
    expect(secretsIn(Buffer.from(notice.content, 'latin1'), CANARY)).toEqual([]);

    const list = await cli('quarantine', 'list', '--json');
    expect(list.code).toBe(0);
    const items = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(items).toEqual([
      expect.objectContaining({
        id: itemId,
        ticket,
        sender: 'jane@customer.test',
        types: expect.arrayContaining(['password', 'private_key']),
      }),
    ]);
    expect(items[0]).toHaveProperty('receivedAt');
    expect(items[0]).toHaveProperty('subject');
    expect(items[0]).toHaveProperty('reason');
  });

  it('threads a reply into the same ticket', async () => {
    const raw = await compose({
      token: 'flow2',
      text: 'Any news?\n',
      subject: 'Re: Help flow1',
      inReplyTo: '<flow1@customer.test>',
    });
    await send(raw);
    const m = await delivered('flow2');
    expect(m.content).toContain(`X-Deskguard-Ticket: ${ticket}`);
    const show = await cli('tickets', 'show', ticket, '--json');
    expect(JSON.parse(show.stdout).messages).toHaveLength(2);
  });

  it('sends no notice for an auto-submitted message with a secret', async () => {
    const raw = await compose({
      token: 'flow3',
      text: `password: ${CANARY_PASSWORD}\n`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    const id = await send(raw);
    await delivered('flow3');
    // The notice, had there been one, was queued in the same commit as the delivery.
    expect(
      readDb(pathsIn(dir).db)
        .outbox.filter((o) => o.message_id === id)
        .map((o) => o.kind),
    ).toEqual(['helpdesk']);
    expect(notices().some((n) => n.content.includes('<flow3@customer.test>'))).toBe(false);
  });

  it('reveals and releases only with an audit trail', async () => {
    const noReason = await cli('quarantine', 'reveal', itemId);
    expect(noReason.code).toBe(2);
    const reveal = await cli('quarantine', 'reveal', itemId, '--reason', 'customer asked us to use it');
    expect(reveal.code).toBe(0);
    expect(reveal.stdout).toContain(CANARY_PASSWORD);
    const release = await cli('quarantine', 'release', itemId);
    expect(release.code).toBe(0);
    await waitFor(() =>
      maildirMessages(pathsIn(dir).maildir).find(
        (m) => m.content.includes('X-Deskguard-Released: by alice') && m.content.includes(CANARY_AWS),
      ),
    );
    const db = openDatabase(pathsIn(dir).db);
    try {
      const rows = auditList(db, { limit: 50 });
      expect(rows.map((r) => [r.actor, r.action, r.item])).toEqual(
        expect.arrayContaining([
          ['alice', 'reveal', itemId],
          ['alice', 'release', itemId],
        ]),
      );
      expect(rows.find((r) => r.action === 'reveal')?.reason).toBe('customer asked us to use it');
      expect(auditVerify(db).ok).toBe(true);
    } finally {
      db.close();
    }
  });

  it('solving the ticket crypto-shreds its originals', async () => {
    const solve = await cli('tickets', 'solve', ticket);
    expect(solve.code).toBe(0);
    const reveal = await cli('quarantine', 'reveal', itemId, '--reason', 'too late');
    expect(reveal.code).not.toBe(0);
    expect(readdirSync(join(dir, 'quarantine'))).not.toContain(`${itemId}.dgq`);
    const list = await cli('quarantine', 'list', '--state', 'deleted', '--json');
    expect(list.stdout).toContain(itemId);
    const verify = await cli('audit', 'verify');
    expect(verify.stdout).toContain('intact');
  });
});

describe('nothing in the clear', () => {
  it('leaves no canary secret in any file or log line, in any encoding, except in the copy staff released on purpose', async () => {
    // Secrets of their own, never released: they may appear nowhere, not even in the released copy.
    const raw = await compose({
      token: 'canary2',
      text: `Server access: ssh root@203.0.113.9, the root password for 203.0.113.9 is ${CANARY2_PASSWORD}\nAWS ${CANARY2_AWS}\nCard: ${CANARY2_CARD}\nGrüße aus Köln\n`,
      subject: `my password is ${CANARY2_PASSWORD}`,
      attachments: [
        {
          filename: 'notes.txt',
          content: `Für die Datenbank: password=${CANARY2_PASSWORD}\n-----BEGIN RSA PRIVATE KEY-----\n${CANARY2_KEY_LINE}\n${CANARY2_KEY_LINE}\n-----END RSA PRIVATE KEY-----\n`,
        },
      ],
    });
    // What the customer sent carries them encoded (quoted-printable text, base64 attachment): the
    // search below finds them in exactly that form.
    const sent = [CANARY2_PASSWORD, CANARY2_AWS, CANARY2_CARD, CANARY2_KEY_LINE];
    expect(secretsIn(raw, sent)).toHaveLength(sent.length);
    expect(secretsIn(raw, [CANARY2_KEY_LINE])).toEqual([`${CANARY2_KEY_LINE} (base64)`]);
    await send(raw);
    await delivered('canary2');
    await waitFor(() => notices().find((n) => n.content.includes('<canary2@customer.test>')));
    await gateway.stop(); // flush the WAL and every file
    const hits: string[] = [];
    let released = 0;
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) {
          walk(p);
          continue;
        }
        const content = readFileSync(p);
        // flow1's original, released to the helpdesk on purpose (previous tests), carries flow1's
        // secrets: in that one delivered file only.
        const isRelease =
          p.startsWith(`${pathsIn(dir).maildir}/`) && content.includes('X-Deskguard-Released: by alice');
        if (isRelease) released++;
        for (const hit of secretsIn(content, isRelease ? CANARY2 : [...CANARY, ...CANARY2]))
          hits.push(`${p}: ${hit}`);
      }
    };
    walk(dir);
    expect(released).toBe(1);
    for (const line of logs)
      for (const hit of secretsIn(Buffer.from(line), [...CANARY, ...CANARY2])) hits.push(`log: ${hit}`);
    expect(hits).toEqual([]);
    expect(logs.length).toBeGreaterThan(10);
  });
});
