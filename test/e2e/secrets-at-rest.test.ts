import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { Writable } from 'node:stream';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import * as qp from 'nodemailer/lib/qp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/adapters/sqlite/driver.js';
import { type Gateway, startGateway } from '../../src/main.js';
import { zip } from '../fixtures/mail/builders.mjs';
import { runCli } from '../helpers/cli.js';
import { makeTempDir, pathsIn, removeDir, testConfig } from '../helpers/gateway.js';
import { type Sink, type SinkMessage, startSink } from '../helpers/sink.js';
import { SmtpClient } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

// What detection is told to allow, and what it does not find: both stay in the redacted copy, so
// they must be encrypted wherever that copy rests.
const ALLOWED = 'Cn7rYq4LpW2xZ8vT';
const UNFOUND = 'Qx9Kanary3Vt7Lm=Zt4';
// File and entry names (customer content) that hold nothing the detector finds.
const FILE_NAME = 'report-Fn8Qmarker5Zt.txt';
const ZIP_NAME = 'logs-Hb3marker7Qp.zip';
const ENTRY_NAME = 'conf/Wd6marker2Lx.env';
// Secrets the detector does find.
const AWS = 'AKIAQ7CANARY7XW3MZ4P';
const CARD = '4929 1873 6604 5578';

let dir: string;
let gateway: Gateway | undefined;
let sink: Sink;
let open = false;
const logs: string[] = [];

const q = ((qp as unknown as { default?: typeof qp }).default ?? qp) as typeof qp;

/**
 * The forms a string takes in stored bytes: as it is (UTF-8 and UTF-16), quoted-printable, and
 * base64 at each of the three alignments (the characters that depend on the string's bytes only).
 */
function forms(s: string): Buffer[] {
  const bytes = Buffer.from(s, 'utf8');
  const out = [bytes, Buffer.from(s, 'utf16le'), Buffer.from(q.encode(bytes), 'latin1')];
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.concat([Buffer.alloc(pad, 0x20), bytes]).toString('base64');
    out.push(Buffer.from(b64.slice(pad ? 4 : 0, -4), 'latin1'));
  }
  return out;
}

// Walks a folder and reports which files hold which needles. It runs in a child process: closing
// any descriptor of a file drops every POSIX lock this process holds on it, so reading the
// gateway's database files from here would break the locking of its own SQLite connections.
const WALK = `
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');
const [dir, skip, json] = process.argv.slice(1);
const needles = JSON.parse(json).map(([v, fs]) => [v, fs.map((f) => Buffer.from(f, 'base64'))]);
const hits = [];
const walk = (d) => {
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    if (p === skip) continue;
    if (statSync(p).isDirectory()) walk(p);
    else {
      const content = readFileSync(p);
      for (const [v, fs] of needles) if (fs.some((f) => content.includes(f))) hits.push(p + ': ' + v);
    }
  }
};
walk(dir);
process.stdout.write(JSON.stringify(hits));
`;

/** Every file under the test folder (but the config file, which names the allowed value) holding one of `values`. */
function filesHolding(values: string[]): string[] {
  const needles = values.map((v) => [v, forms(v).map((f) => f.toString('base64'))]);
  const out = execFileSync(process.execPath, [
    '-e',
    WALK,
    dir,
    pathsIn(dir).configFile,
    JSON.stringify(needles),
  ]);
  return JSON.parse(out.toString()) as string[];
}

function compose(opts: {
  id: string;
  subject?: string;
  text: string;
  attachments?: Array<{ filename: string; content: string | Buffer; contentType?: string }>;
}): Promise<Buffer> {
  return new MailComposer({
    from: 'Jane Customer <jane@customer.test>',
    to: 'support@localhost',
    subject: opts.subject ?? `Help ${opts.id}`,
    messageId: `<${opts.id}@customer.test>`,
    text: opts.text,
    attachments: opts.attachments ?? [],
  })
    .compile()
    .build()
    .then((b) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1'));
}

async function send(raw: Buffer, mailFrom = 'jane@customer.test'): Promise<string> {
  const c = await SmtpClient.connect(gateway!.smtpPort);
  await c.ehlo('mx.customer.test');
  const r = await c.sendMail(mailFrom, ['support@localhost'], raw);
  await c.quit();
  expect(r.final.code).toBe(250);
  return r.queueId!;
}

const isNotice = (m: SinkMessage) => /^X-Deskguard-Notice: 1/im.test(m.content);
const helpdeskCopy = (id: string) =>
  waitFor(() => sink.received.find((m) => !isNotice(m) && m.content.includes(`<${id}@customer.test>`)), {
    ...LONG,
    what: `the helpdesk copy of ${id}`,
  });
const noticeFor = (id: string) =>
  waitFor(() => sink.received.find((m) => isNotice(m) && m.content.includes(`<${id}@customer.test>`)), {
    ...LONG,
    what: `the notice for ${id}`,
  });
const cli = (...args: string[]) => runCli([...args, '--config', pathsIn(dir).configFile, '--actor', 'alice']);
// A read-write connection (used for reading only): a read-only one cannot always attach to the
// WAL index of a database another process writes to.
const row = (sql: string, ...params: unknown[]) => {
  const db = new Database(pathsIn(dir).db, { fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
};
const stateOf = (id: string) =>
  row('SELECT state, reason FROM messages WHERE id = ?', id)[0] as
    | { state: string; reason: string | null }
    | undefined;
// The machine running the suite may be busy: waits are bounded by steps, not by speed.
const LONG = { timeoutMs: 90_000 };
const TEST_MS = 240_000;

beforeAll(async () => {
  dir = makeTempDir('dg-at-rest-');
  sink = await startSink(0, () => (open ? undefined : { code: 451, text: '4.3.0 try later' }));
  const smtp = { host: '127.0.0.1', port: sink.port, timeoutSeconds: 5, maxConnections: 2 };
  const config = testConfig(dir, {
    log: { level: 'debug' },
    // Small: the copies of the large message rest in spool files, not inline.
    spool: { inlineMaxBytes: 4096 },
    delivery: { mode: 'smtp', smtp: { ...smtp, rcptTo: ['helpdesk@helpdesk.test'] } },
    notify: { mode: 'smtp', smtp: { host: '127.0.0.1', port: sink.port }, windowMinutes: 60 },
    detect: { allowValues: [ALLOWED] },
    policy: { types: { payment_card: 'hold' } },
  });
  const sinkLog = new Writable({
    write(chunk, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  gateway = await startGateway(config, { logDestination: sinkLog });
});

afterAll(async () => {
  await gateway?.stop();
  await sink?.close();
  removeDir(dir);
});

describe('what detection misses is never at rest in the clear', { timeout: TEST_MS }, () => {
  it('keeps the redacted copy and the notice encrypted in the database, its WAL and the spool files', async () => {
    const text = `Our AWS key id is ${AWS}; internal ref ${UNFOUND}.\npassword: ${ALLOWED}\n`;
    const small = await compose({
      id: 'rest-small',
      text,
      attachments: [{ filename: FILE_NAME, content: `notes ${UNFOUND}\n` }],
    });
    const filler = Array.from(
      { length: 400 },
      (_, i) => `line ${i} of the attached log, nothing secret`,
    ).join('\n');
    const large = await compose({
      id: 'rest-large',
      text: `${text}${filler}\n${UNFOUND}\n`,
      attachments: [
        { filename: FILE_NAME, content: `${filler}\n${UNFOUND}\n` },
        {
          filename: ZIP_NAME,
          content: zip({ [ENTRY_NAME]: `key ${AWS}\n` }),
          contentType: 'application/zip',
        },
      ],
    });
    // Two senders: a notice for each (one sender gets one per notify.windowMinutes).
    const ids = [await send(small, 'small@customer.test'), await send(large, 'large@customer.test')];
    // Both deliveries and both notices fail for now: their copies wait in the outbox.
    await waitFor(
      () => {
        const placeholders = ids.map(() => '?').join(', ');
        const mine = row(`SELECT attempts, state FROM outbox WHERE message_id IN (${placeholders})`, ...ids);
        return mine.length === 4 && mine.every((o) => (o.attempts as number) >= 1 && o.state === 'pending');
      },
      { ...LONG, what: 'deferred deliveries and notices' },
    );
    expect(readdirSync(pathsIn(dir).spool).some((f) => f.endsWith('.helpdesk.eml'))).toBe(true);
    const secrets = [ALLOWED, UNFOUND, FILE_NAME, ZIP_NAME, ENTRY_NAME, AWS];
    expect(filesHolding(secrets)).toEqual([]);

    // Delivered now: what they carry shows the test's values really passed redaction.
    open = true;
    const copy = await simpleParser(Buffer.from((await helpdeskCopy('rest-large')).content, 'latin1'));
    const delivered = [copy.text ?? '', ...copy.attachments.map((a) => `${a.filename} ${a.content}`)].join(
      '\n',
    );
    for (const v of [ALLOWED, UNFOUND, FILE_NAME]) expect(delivered).toContain(v);
    const notice = await simpleParser(Buffer.from((await noticeFor('rest-large')).content, 'latin1'));
    // The removed archive is named as the sender named it, with the way to send it instead.
    expect(notice.text).toMatch(/did not reach our support team[\s\S]*"logs-Hb3marker7Qp\.zip"/);
    // The notice points to its ticket's own upload page (the secure channel).
    expect(notice.text).toMatch(/\/upload\/[A-Za-z0-9_-]{43}/);
    await helpdeskCopy('rest-small');
    await waitFor(() => ids.every((id) => stateOf(id)?.state === 'delivered'), LONG);
    expect(filesHolding(secrets)).toEqual([]);
    expect(logs.filter((l) => secrets.some((s) => l.includes(s)))).toEqual([]);
  });

  it('stores a held message’s subject redacted, and lists it without the secret', async () => {
    const id = await send(
      await compose({ id: 'held-subject', subject: `card ${CARD} declined`, text: `my card is ${CARD}\n` }),
      'held@customer.test',
    );
    await waitFor(() => stateOf(id)?.state === 'held', LONG);
    const [item] = row('SELECT subject, reason FROM quarantine_items WHERE id = ?', id);
    expect(item!.subject).toBe('card [REDACTED:payment_card] declined');
    const [ticket] = row(
      'SELECT t.subject FROM tickets t JOIN ticket_messages m ON m.ticket_id = t.id WHERE m.queue_id = ?',
      id,
    );
    expect(ticket!.subject).toBe('card [REDACTED:payment_card] declined');
    const list = await cli('quarantine', 'list');
    expect(list.stdout).toContain('card [REDACTED:payment_card] declined');
    const digits = CARD.replace(/ /g, '');
    expect(list.stdout).not.toContain(digits);
    expect(filesHolding([CARD, digits])).toEqual([]);
  });

  it('names archive entries by position in reasons, the queue, the ticket and the logs', async () => {
    const zipName = 'cards-Pw5marker9Ly.zip';
    const entry = 'private/Ty8marker4Nb-card.txt';
    const id = await send(
      await compose({
        id: 'held-entry',
        text: 'see the attached export\n',
        attachments: [
          { filename: zipName, content: zip({ [entry]: `card ${CARD}\n` }), contentType: 'application/zip' },
        ],
      }),
      'entry@customer.test',
    );
    await waitFor(() => stateOf(id)?.state === 'held', LONG);
    const reason = stateOf(id)!.reason;
    expect(reason).toBe('held by policy: payment_card in attachment 1 (application/zip), entry 1');
    const show = await cli('queue', 'show', id);
    const item = await cli('quarantine', 'show', id);
    const findings = row('SELECT location FROM ticket_findings WHERE queue_id = ?', id);
    expect(findings).toEqual([{ location: 'attachment 1 (application/zip), entry 1' }]);
    for (const text of [show.stdout, item.stdout, JSON.stringify(findings), ...logs])
      for (const name of ['Pw5marker9Ly', 'Ty8marker4Nb']) expect(text).not.toContain(name);
    expect(filesHolding(['Pw5marker9Ly', 'Ty8marker4Nb'])).toEqual([]);
  });

  it('tells staff whether the sender was notified, and names a file whose name holds a secret by position', async () => {
    open = true;
    const leaky = `keys-${AWS}.zip`;
    const mail = (n: number) =>
      compose({
        id: `note-${n}`,
        text: `hello ${n}\n`,
        attachments: [
          { filename: leaky, content: zip({ 'a.env': `key=${AWS}\n` }), contentType: 'application/zip' },
        ],
      });
    await send(await mail(1), 'twice@customer.test');
    const first = await simpleParser(Buffer.from((await helpdeskCopy('note-1')).content, 'latin1'));
    expect(first.text).toContain('An automatic notice to the sender is queued with this message');
    const notice = await simpleParser(Buffer.from((await noticeFor('note-1')).content, 'latin1'));
    // The file is named as the sender knows it, with the secret in its name redacted (header
    // scanning redacts file names before the notice is written), or by its position.
    expect(notice.text).toMatch(/the attachment (number 1|"keys-\[REDACTED:aws_access_key\]\.zip")/);
    expect(notice.text).not.toContain(AWS);

    // Within notify.windowMinutes: no second notice, and the note says so.
    await send(await mail(2), 'twice@customer.test');
    const second = await simpleParser(Buffer.from((await helpdeskCopy('note-2')).content, 'latin1'));
    expect(second.text).toContain(
      'The sender has NOT been notified: the sender was sent a notice a short while ago',
    );
    expect(second.text).not.toContain('queued with this message');
    expect(sink.received.some((m) => isNotice(m) && m.content.includes('<note-2@customer.test>'))).toBe(
      false,
    );
  });
});
