import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/sqlite/database.js';
import { loadConfig } from '../../src/config.js';
import { configuredBlobStore, configuredKeyring } from '../../src/workflows/quarantine-services.js';
import { runCli, type ServeProcess } from '../helpers/cli.js';
import {
  maildirMessages,
  makeTempDir,
  pathsIn,
  removeDir,
  tokenCounts,
  writeConfigFile,
} from '../helpers/gateway.js';
import { testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';
import { recordReliability } from './record.js';
import {
  newLedger,
  peakRssMb,
  queueState,
  SECRET_LINE,
  sendOne,
  serve,
  settled,
  startSenders,
  storeProblems,
} from './support.js';

const HOOK = fileURLToPath(new URL('./fixtures/poison-hook.mjs', import.meta.url));
const OTHERS = 100;
const MAX_ATTEMPTS = 3;

describe('a poison message', () => {
  let dir: string | undefined;
  let proc: ServeProcess | undefined;

  afterEach(async () => {
    await proc?.stop();
    if (dir) removeDir(dir);
    proc = undefined;
    dir = undefined;
  });

  it('is retried, then set aside with its original readable by staff, while 100 others flow', async () => {
    dir = makeTempDir('dg-faults-poison-');
    const paths = pathsIn(dir);
    writeConfigFile(dir, { pipeline: { maxAttempts: MAX_ATTEMPTS }, notify: { windowMinutes: 0 } });
    proc = await serve(paths.configFile, {
      http: false,
      env: { NODE_OPTIONS: `--import=${HOOK}` },
    });

    // The poison: processing it crashes every time (the hook stands for a bug in a stage). With it,
    // a message from O'Brien with a password: that one crashed every time for real, before the
    // notice composer and the notice policy agreed on what an address is.
    const poison = testMessage('POISON-PILL');
    const poisoned = await sendOne(proc.smtpPort, 'POISON-PILL', { message: poison });
    expect(poisoned.code).toBe(250);
    const obrien = await sendOne(proc.smtpPort, 'obrien', {
      from: "o'brien@example.org",
      message: testMessage('obrien', { from: "Pat O'Brien <o'brien@example.org>", body: SECRET_LINE }),
    });
    expect(obrien.code).toBe(250);

    const ledger = newLedger();
    const load = startSenders(proc.smtpPort, {
      senders: 4,
      prefix: 'flow',
      ledger,
      body: (_c, i) => (i % 5 === 0 ? `${SECRET_LINE}\r\nThanks.` : undefined),
    });
    await waitFor(() => load.acks() >= OTHERS, { timeoutMs: 40_000, what: `${OTHERS} other messages` });
    load.stop();
    await load.done;
    await waitFor(() => settled(paths.db), {
      timeoutMs: 40_000,
      intervalMs: 200,
      what: 'the queue to settle',
    });
    const peak = peakRssMb(proc);
    await proc.stop();

    // The others all went through, once each, the poison notwithstanding.
    const q = queueState(paths.db);
    const copies = tokenCounts(maildirMessages(paths.maildir));
    const others = [...ledger.acked];
    expect(others.filter(([, id]) => q.states.get(id) !== 'delivered')).toEqual([]);
    expect(others.filter(([token]) => copies.get(token) !== 1)).toEqual([]);
    // O'Brien's message is redacted, delivered, and O'Brien is told.
    expect(q.states.get(obrien.queueId!)).toBe('delivered');
    expect(copies.get('obrien')).toBe(1);
    const notices = maildirMessages(join(dir, 'notices'));
    expect(notices.some((n) => /^To: o'brien@example\.org\r$/m.test(n.content))).toBe(true);

    // The poison was tried maxAttempts times, then set aside: held (in the quarantine) or dead.
    const db = openDatabase(paths.db);
    const row = db
      .prepare('SELECT state, attempts, reason FROM messages WHERE id = ?')
      .get(poisoned.queueId) as {
      state: string;
      attempts: number;
      reason: string;
    };
    db.close();
    // Delivered would mean the hook no longer bites (does the ticket stage still hash the root?).
    expect(['held', 'dead'], 'the poison must not pass processing').toContain(row.state);
    expect(row.attempts).toBe(MAX_ATTEMPTS);
    expect(row.reason).toMatch(/poison pill|crash/i);
    expect(copies.has('POISON-PILL')).toBe(false);

    // Staff can still read the original exactly as it arrived.
    const sent = Buffer.from(poison.endsWith('\r\n') ? poison : `${poison}\r\n`, 'latin1');
    let original: Buffer;
    let how: string;
    if (row.state === 'held') {
      const reveal = await runCli(
        [
          'quarantine',
          'reveal',
          poisoned.queueId!,
          '--reason',
          'poison message',
          '--config',
          paths.configFile,
        ],
        { timeoutMs: 30_000 },
      );
      expect(reveal.code).toBe(0);
      original = Buffer.from(reveal.stdout, 'latin1');
      how = 'quarantine reveal';
    } else {
      const show = await runCli(['queue', 'show', poisoned.queueId!, '--json', '--config', paths.configFile]);
      expect(show.code).toBe(0);
      expect(JSON.parse(show.stdout)).toMatchObject({ id: poisoned.queueId, state: 'dead' });
      // queue show names it; its bytes wait in the encrypted spool for `queue retry`.
      const config = loadConfig({ file: paths.configFile, env: {} });
      const spoolDb = openDatabase(paths.db);
      try {
        original = await configuredBlobStore(config, spoolDb, configuredKeyring(config, false).keyring).read(
          poisoned.queueId!,
          'raw',
        );
      } finally {
        spoolDb.close();
      }
      how = 'queue show + the encrypted spool';
    }
    expect(original.toString('latin1')).toContain(sent.toString('latin1'));
    expect(
      storeProblems({
        db: paths.db,
        spool: paths.spool,
        vault: join(dir, 'quarantine'),
        maildirs: [paths.maildir],
      }),
    ).toEqual([]);

    recordReliability({
      test: 'Poison message',
      fault: "one message crashes a stage on every attempt (injected), among 100 others and O'Brien's",
      sent: ledger.attempted.size + 2,
      acknowledged: ledger.acked.size + 2,
      delivered: others.length + 1,
      held: row.state === 'held' ? 1 : 0,
      dead: row.state === 'dead' ? 1 : 0,
      refused: 0,
      lost: 0,
      duplicates: 0,
      peakRssMb: peak,
      notes:
        `the poison was tried ${row.attempts} times, then ${row.state}; its original readable via ${how}; ` +
        "a password from o'brien@example.org (which crashed every attempt before the fix) is redacted, delivered and noticed",
    });
  });
});
