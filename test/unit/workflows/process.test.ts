import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { BlobStore } from '../../../src/adapters/blob-store.js';
import { MessageStore } from '../../../src/adapters/sqlite/message-store.js';
import { OutboxStore } from '../../../src/adapters/sqlite/outbox-store.js';
import { QuarantineIndex } from '../../../src/adapters/sqlite/quarantine-index.js';
import type { SqlOp, SqlResult, SqlWriter } from '../../../src/adapters/sqlite/sql-op.js';
import { DirectSqlWriter } from '../../../src/adapters/sqlite/sql-writer.js';
import { VaultNotFoundError } from '../../../src/adapters/vault/vault.js';
import type { Envelope, MessageContext } from '../../../src/domain/message.js';
import type { Stage } from '../../../src/pipeline/stage.js';
import { type QuarantinePort, quarantineStage } from '../../../src/stages/quarantine-stage.js';
import { Processor } from '../../../src/workflows/process.js';
import { waitFor } from '../../helpers/wait.js';
import { type Setup, setup } from '../vault/helpers.js';

const envelope = (): Envelope => ({
  mailFrom: 'customer@example.org',
  rcptTo: ['support@localhost'],
  remoteAddress: '127.0.0.1',
  clientHostname: 'localhost',
  helo: 'client.test',
  tls: false,
  receivedAt: Date.now(),
});

const RAW = Buffer.from('From: a@example.org\r\nSubject: hi\r\n\r\npassword: hunter2-canary\r\n');

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

/** Fails the next `n` groups that `when` picks, with `error`; everything else goes to SQLite. */
class FlakyWriter implements SqlWriter {
  private left = 0;
  private when: (ops: SqlOp[]) => boolean = () => false;
  private error = new Error('x');
  constructor(private readonly inner: SqlWriter) {}
  failNext(n: number, when: (ops: SqlOp[]) => boolean, error: Error): void {
    this.left = n;
    this.when = when;
    this.error = error;
  }
  run(ops: SqlOp[]): Promise<SqlResult[]> {
    if (this.left > 0 && this.when(ops)) {
      this.left--;
      return Promise.reject(this.error);
    }
    return this.inner.run(ops);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

interface Harness extends Setup {
  messages: MessageStore;
  index: QuarantineIndex;
  blobs: BlobStore;
  writer: FlakyWriter;
  processor: Processor;
  /** Makes the vault fail with ENOSPC on its next `n` puts. */
  vaultFails: (n: number) => void;
  insert: (raw: Buffer, attempts?: number, state?: string) => Promise<string>;
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.processor.stop();
  h?.db.close();
  h = undefined;
});

/** A processor over real SQLite, a real spool and a real vault, running `stages` before quarantine. */
function harness(stages: Stage[], maxAttempts = 2): Harness {
  const s = setup();
  const writer = new FlakyWriter(new DirectSqlWriter(s.db));
  const messages = new MessageStore(s.db);
  const index = new QuarantineIndex(s.db);
  const blobs = new BlobStore(s.db, join(s.dir, 'spool'), 1 << 20, false);
  let vaultFailures = 0;
  const vault: QuarantinePort = {
    has: (id) => s.vault.has(id),
    put: async (id, plain, meta) => {
      if (vaultFailures > 0) {
        vaultFailures--;
        throw enospc();
      }
      return s.vault.put(id, plain, meta);
    },
  };
  const redact: Stage = {
    name: 'decide',
    run: (ctx: MessageContext) => {
      ctx.verdict = 'redact';
    },
  };
  const processor = new Processor({
    messages,
    outbox: new OutboxStore(s.db),
    blobs,
    original: (id) => s.vault.get(id),
    quarantine: index,
    keeper: { vault, quarantine: index, blobs },
    writer,
    stages: [...stages, redact, quarantineStage(vault)],
    log: pino({ level: 'silent' }),
    metrics: {
      processed: { inc: () => undefined },
      deliveries: { inc: () => undefined },
      stageSeconds: { observe: () => undefined },
    },
    concurrency: 2,
    stageTimeoutMs: 5_000,
    maxAttempts,
    retry: { minDelaySeconds: 0.01, maxDelaySeconds: 0.05, maxAgeHours: 1 },
    helpdeskRcptTo: [],
    onQueued: () => undefined,
  });
  let n = 0;
  const insert = async (raw: Buffer, attempts = 0, state = 'received') => {
    const id = `Q${String(++n).padStart(19, '0')}`;
    await writer.run([
      messages.insert(id, envelope(), raw.length, undefined),
      blobs.record(id, 'raw', { inline: raw }),
      { sql: 'UPDATE messages SET attempts = ?, state = ? WHERE id = ?', params: [attempts, state, id] },
    ]);
    return id;
  };
  h = {
    ...s,
    messages,
    index,
    blobs,
    writer,
    processor,
    vaultFails: (k) => {
      vaultFailures = k;
    },
    insert,
  };
  return h;
}

const settled = (t: Harness, id: string, state: string) =>
  waitFor(() => t.messages.get(id)?.state === state, {
    timeoutMs: 15_000,
    what: `${id} ${state} (now ${t.messages.get(id)?.state}, ${t.messages.get(id)?.reason})`,
  });

const spoolCopy = (t: Harness, id: string) =>
  t.blobs.read(id, 'raw').then(
    () => true,
    () => false,
  );

describe('Processor: nothing after 250 ends unreadable', () => {
  it('holds a message whose processing crashes every time, its original in the vault', async () => {
    const t = harness([
      {
        name: 'parse',
        run: () => {
          throw new RangeError('Maximum call stack size exceeded');
        },
      },
    ]);
    const id = await t.insert(RAW);
    await t.processor.start();
    await settled(t, id, 'held');
    const row = t.messages.get(id)!;
    expect(row.attempts).toBe(2);
    expect(row.reason).toMatch(/^processing crashed 2 times \(last: RangeError/);
    expect(await t.vault.get(id)).toEqual(RAW);
    expect(t.index.get(id)).toMatchObject({ verdict: 'hold', state: 'quarantined', subject: '' });
    expect(t.index.get(id)!.reason).toMatch(/crashed/);
    expect(await spoolCopy(t, id)).toBe(false);
    // Where `queue retry` looks before sending a message through again.
    expect(t.messages.hasOriginal(id)).toBe(true);
    await t.vault.shred(id);
    expect(t.messages.hasOriginal(id)).toBe(false);
  });

  it('holds a message whose earlier attempts all ended with the process gone (killed mid-run)', async () => {
    const t = harness([]);
    const id = await t.insert(RAW, 2, 'processing');
    await t.processor.start();
    await settled(t, id, 'held');
    expect(t.messages.get(id)!.reason).toMatch(/failed 2 times \(last: interrupted\)/);
    expect(await t.vault.get(id)).toEqual(RAW);
  });

  it('retries when the vault disk is full, without counting it against the message, then delivers', async () => {
    const t = harness([]);
    t.vaultFails(3);
    const id = await t.insert(RAW);
    await t.processor.start();
    await settled(t, id, 'delivering');
    const row = t.messages.get(id)!;
    // Three failures, none counted: the message itself is fine.
    expect(row.attempts).toBe(1);
    expect(await t.vault.get(id)).toEqual(RAW);
  });

  it('retries when the outcome cannot be committed (database full), and records it once', async () => {
    const t = harness([]);
    const isOutcome = (ops: SqlOp[]) => ops.some((o) => o.params.includes('delivering'));
    t.writer.failNext(2, isOutcome, new Error('SQLITE_FULL: database or disk is full'));
    const id = await t.insert(RAW);
    await t.processor.start();
    await settled(t, id, 'delivering');
    expect(t.messages.get(id)!.attempts).toBe(1);
    expect(await t.vault.get(id)).toEqual(RAW);
  });

  it('keeps a poison message in the queue, spool copy intact, while even holding it fails; holds it after', async () => {
    const t = harness([
      {
        name: 'parse',
        run: () => {
          throw new TypeError('boom');
        },
      },
    ]);
    // The vault fails for the first puts: the pipeline's own and the holds that follow.
    t.vaultFails(2);
    const id = await t.insert(RAW);
    await t.processor.start();
    await waitFor(() => /could not be held/.test(t.messages.get(id)?.reason ?? ''), {
      what: 'a failed hold',
    });
    expect(['received', 'processing']).toContain(t.messages.get(id)!.state);
    expect(await t.blobs.read(id, 'raw')).toEqual(RAW);
    await expect(t.vault.get(id)).rejects.toBeInstanceOf(VaultNotFoundError);
    await settled(t, id, 'held');
    expect(await t.vault.get(id)).toEqual(RAW);
    expect(await spoolCopy(t, id)).toBe(false);
  });

  it('puts a message back when even its failure cannot be recorded, instead of leaving it claimed', async () => {
    const t = harness([
      {
        name: 'parse',
        run: () => {
          throw new TypeError('boom');
        },
      },
    ]);
    const id = await t.insert(RAW);
    // Writes about this message fail for a while: the record of its crash, then putting it back.
    const notAClaim = (ops: SqlOp[]) =>
      ops[0]!.params.includes(id) && !ops[0]!.sql.includes("SET state = 'processing'");
    t.writer.failNext(2, notAClaim, new Error('SQLITE_IOERR: disk I/O error'));
    await t.processor.start();
    await settled(t, id, 'held');
    expect(await t.vault.get(id)).toEqual(RAW);
  });
});
