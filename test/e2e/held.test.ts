import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { list as auditList } from '../../src/adapters/sqlite/audit-log.js';
import { openDatabase } from '../../src/adapters/sqlite/database.js';
import { type Gateway, startGateway } from '../../src/main.js';
import { leaf, markZipEncrypted, message, multipart, zip } from '../fixtures/mail/builders.mjs';
import { runCli } from '../helpers/cli.js';
import {
  maildirMessages,
  makeTempDir,
  pathsIn,
  readDb,
  removeDir,
  startTestGateway,
  type TestGateway,
  testConfig,
} from '../helpers/gateway.js';
import { secretsIn } from '../helpers/secret-search.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

const CARD = '4556 7301 8842 0006';

async function send(port: number, raw: string | Buffer): Promise<string> {
  const c = await SmtpClient.connect(port);
  try {
    await c.ehlo('mx.customer.test');
    const r = await c.sendMail('jane@customer.test', ['support@localhost'], raw);
    expect(r.final.code).toBe(250);
    return r.queueId!;
  } finally {
    await c.quit();
  }
}

const stateOf = (db: string, id: string) => readDb(db).messages.find((m) => m.id === id);
const outboxOf = (db: string, id: string) => readDb(db).outbox.filter((o) => o.message_id === id);
const auditOf = (db: string, item: string) => {
  const d = openDatabase(db);
  try {
    return auditList(d, { limit: 100 })
      .filter((r) => r.item === item)
      .map((r) => [r.actor, r.action]);
  } finally {
    d.close();
  }
};

describe('held messages over SMTP', () => {
  let t: TestGateway;
  const cli = (...args: string[]) => runCli([...args, '--config', t.paths.configFile, '--actor', 'alice']);
  let heldId: string;

  beforeAll(async () => {
    t = await startTestGateway({ policy: { types: { payment_card: 'hold' } }, notify: { windowMinutes: 0 } });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('a type configured "hold" holds the whole message: nothing delivered, no notice, original quarantined', async () => {
    heldId = await send(t.port, testMessage('hold1', { body: `Please charge my card ${CARD}, thanks.` }));
    const row = await waitFor(
      () => (stateOf(t.paths.db, heldId)?.state === 'held' ? stateOf(t.paths.db, heldId) : undefined),
      {
        what: 'the message to be held',
      },
    );
    expect(row.reason).toBe('held by policy: payment_card in body');
    // Held means nothing goes out: no helpdesk copy, no notice, queued or sent.
    expect(outboxOf(t.paths.db, heldId)).toEqual([]);
    expect(maildirMessages(t.paths.maildir)).toEqual([]);
    expect(maildirMessages(join(t.paths.dir, 'notices'))).toEqual([]);
    // The original waits, encrypted, for staff.
    expect(existsSync(join(t.paths.dir, 'quarantine', `${heldId}.dgq`))).toBe(true);
    const list = await cli('quarantine', 'list', '--json');
    expect(list.code).toBe(0);
    const items = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(items).toEqual([
      expect.objectContaining({ id: heldId, verdict: 'hold', types: ['payment_card'], state: 'quarantined' }),
    ]);
  });

  it('released by staff, the held original is delivered exactly once, audited; a second release is refused', async () => {
    const release = await cli('quarantine', 'release', heldId, '--reason', 'customer asked');
    expect(release.code).toBe(0);
    await waitFor(() => stateOf(t.paths.db, heldId)?.state === 'delivered', {
      what: 'the released message delivered',
    });
    expect(stateOf(t.paths.db, heldId)?.reason).toBe('released');
    const again = await cli('quarantine', 'release', heldId, '--reason', 'twice');
    expect(again.code).not.toBe(0);
    expect(outboxOf(t.paths.db, heldId).map((o) => [o.kind, o.state, o.attempts])).toEqual([
      ['release', 'sent', 1],
    ]);
    const copies = maildirMessages(t.paths.maildir).filter((m) => m.content.includes('TOKEN:hold1'));
    expect(copies).toHaveLength(1);
    // The original, unredacted, marked as released by whom.
    expect(copies[0]!.content).toMatch(/^X-Deskguard-Released: by alice; /);
    expect(secretsIn(Buffer.from(copies[0]!.content, 'latin1'), [CARD])).toEqual([`${CARD} (as is)`]);
    expect(auditOf(t.paths.db, heldId)).toContainEqual(['alice', 'release']);
  });

  it('an encrypted archive (unscannable_encrypted, held by default) is held end to end', async () => {
    const raw = message(
      {
        From: 'Jane <jane@customer.test>',
        To: 'support@localhost',
        Subject: 'the logs, zipped with a password',
        'Message-ID': '<enc1@customer.test>',
      },
      multipart('mixed', [
        leaf('Password for the zip comes by phone. TOKEN:enc1'),
        leaf(markZipEncrypted(zip({ 'app.log': 'line\n'.repeat(50) })), {
          type: 'application/zip',
          filename: 'logs.zip',
        }),
      ]),
    );
    const id = await send(t.port, raw);
    await waitFor(() => stateOf(t.paths.db, id)?.state === 'held', { what: 'the message to be held' });
    // The reason names the part by position and type: file names are customer content (they may
    // carry a secret) and never go into reasons, logs or `queue show`.
    expect(stateOf(t.paths.db, id)?.reason).toBe(
      'held by policy: unscannable_encrypted in attachment 1 (application/zip), entry 1',
    );
    expect(stateOf(t.paths.db, id)?.reason).not.toMatch(/logs\.zip|app\.log/);
    expect(outboxOf(t.paths.db, id)).toEqual([]);
    expect(maildirMessages(t.paths.maildir).some((m) => m.content.includes('TOKEN:enc1'))).toBe(false);
    expect(existsSync(join(t.paths.dir, 'quarantine', `${id}.dgq`))).toBe(true);
  });
});

describe('retention purge by the running gateway', () => {
  const DAY_S = 86_400;
  let dir: string;
  let gateway: Gateway | undefined;
  const start = async (quarantine: Record<string, number>) => {
    gateway = await startGateway(testConfig(dir, { quarantine }));
    return gateway.smtpPort;
  };
  const secretMail = (token: string) => testMessage(token, { body: 'password: Winter-Sun-8812!' });
  const vaultFile = (id: string) => join(dir, 'quarantine', `${id}.dgq`);
  const purged = async (id: string) => {
    const r = await runCli([
      'quarantine',
      'list',
      '--state',
      'purged',
      '--json',
      '--config',
      pathsIn(dir).configFile,
    ]);
    return r.stdout.includes(`"id":"${id}"`);
  };

  beforeAll(() => {
    dir = makeTempDir('dg-retention-');
  });
  afterAll(async () => {
    await gateway?.stop();
    removeDir(dir);
  });

  it('runs at start: an item past retention when the gateway starts is purged then, not an hour later', async () => {
    let port = await start({ retentionDays: 7, purgeIntervalSeconds: 3600 });
    const id = await send(port, secretMail('ret-start'));
    await waitFor(() => stateOf(pathsIn(dir).db, id)?.state === 'delivered', { what: 'delivery' });
    expect(existsSync(vaultFile(id))).toBe(true);
    await gateway!.stop();
    // Restarted with a retention the item is long past (0.1 s) and the next periodic run an hour
    // away: only the purge at start can remove it.
    port = await start({ retentionDays: 0.1 / DAY_S, purgeIntervalSeconds: 3600 });
    await waitFor(() => !existsSync(vaultFile(id)), { what: 'the purge at start' });
    expect(auditOf(pathsIn(dir).db, id)).toEqual([['retention', 'purge']]);
    await waitFor(() => purged(id), { what: 'the item marked purged' });
    await gateway!.stop();
    gateway = undefined;
  });

  it('runs every purgeIntervalSeconds: an item that expires while the gateway runs is purged by the timer', async () => {
    // Nothing is expired at start (the next message does not exist yet); it expires 2 s after it is
    // stored, and only a later periodic run can purge it.
    const port = await start({ retentionDays: 2 / DAY_S, purgeIntervalSeconds: 0.2 });
    const id = await send(port, secretMail('ret-timer'));
    await waitFor(() => auditOf(pathsIn(dir).db, id).length > 0, { what: 'a periodic purge of the item' });
    expect(auditOf(pathsIn(dir).db, id)).toEqual([['retention', 'purge']]);
    await waitFor(() => !existsSync(vaultFile(id)), { what: 'the vault file shredded' });
    await waitFor(() => purged(id), { what: 'the item marked purged' });
    // The redacted copy was delivered all the same: retention only removes the original.
    const delivered = maildirMessages(pathsIn(dir).maildir).filter((m) =>
      m.content.includes('TOKEN:ret-timer'),
    );
    expect(delivered).toHaveLength(1);
  });
});
