import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { BlobStore } from '../../../src/adapters/blob-store.js';
import { MessageStore } from '../../../src/adapters/sqlite/message-store.js';
import { OutboxStore } from '../../../src/adapters/sqlite/outbox-store.js';
import { QuarantineIndex } from '../../../src/adapters/sqlite/quarantine-index.js';
import type { SqlOp, SqlResult, SqlWriter } from '../../../src/adapters/sqlite/sql-op.js';
import { DirectSqlWriter } from '../../../src/adapters/sqlite/sql-writer.js';
import { DeliveryError, type Mailer, type OutboundMessage } from '../../../src/ports.js';
import { OutboxWorker } from '../../../src/workflows/outbox.js';
import { waitFor } from '../../helpers/wait.js';
import { type Setup, setup } from '../vault/helpers.js';

const RAW = Buffer.from('From: a@example.org\r\nSubject: hi\r\n\r\nthe original\r\n');
const COPY = Buffer.from(
  'X-Deskguard-Verdict: deliver\r\nFrom: a@example.org\r\nSubject: hi\r\n\r\nthe original\r\n',
);

/** Fails the next `n` groups `when` picks; everything else goes to SQLite. */
class FlakyWriter implements SqlWriter {
  left = 0;
  when: (ops: SqlOp[]) => boolean = () => false;
  constructor(private readonly inner: SqlWriter) {}
  run(ops: SqlOp[]): Promise<SqlResult[]> {
    if (this.left > 0 && this.when(ops)) {
      this.left--;
      return Promise.reject(new Error('SQLITE_IOERR: disk I/O error'));
    }
    return this.inner.run(ops);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A helpdesk that answers what `answer` says and records every attempt. */
class Helpdesk implements Mailer {
  readonly attempts: Array<OutboundMessage & { raw: Buffer }> = [];
  constructor(public answer: () => DeliveryError | undefined) {}
  async deliver(msg: OutboundMessage): Promise<void> {
    // A big copy comes as a stream: read it, as a transport does.
    const raw = Buffer.isBuffer(msg.raw) ? msg.raw : Buffer.concat(await msg.raw.toArray());
    this.attempts.push({ ...msg, raw });
    const e = this.answer();
    if (e) throw e;
  }
  async close(): Promise<void> {}
}

interface Harness extends Setup {
  messages: MessageStore;
  outbox: OutboxStore;
  index: QuarantineIndex;
  blobs: BlobStore;
  writer: FlakyWriter;
  helpdesk: Helpdesk;
  worker: OutboxWorker;
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.worker.stop();
  h?.db.close();
  h = undefined;
});

async function harness(
  answer: () => DeliveryError | undefined,
  faults: { vaultFailures?: number; failSentCommits?: number } = {},
): Promise<Harness & { id: string }> {
  const s = setup();
  const writer = new FlakyWriter(new DirectSqlWriter(s.db));
  writer.left = faults.failSentCommits ?? 0;
  writer.when = (ops) => ops[0]!.sql.includes("state = 'sent'");
  const messages = new MessageStore(s.db);
  const outbox = new OutboxStore(s.db);
  const index = new QuarantineIndex(s.db);
  const blobs = new BlobStore(s.db, join(s.dir, 'spool'), 1 << 20, false);
  const helpdesk = new Helpdesk(answer);
  let vaultFailures = faults.vaultFailures ?? 0;
  const vault = {
    has: (id: string) => s.vault.has(id),
    put: async (id: string, plain: Buffer, meta: { messageId: string }) => {
      if (vaultFailures-- > 0)
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return s.vault.put(id, plain, meta);
    },
  };
  const worker = new OutboxWorker({
    outbox,
    messages,
    blobs,
    writer,
    mailers: { helpdesk, release: helpdesk },
    keeper: { vault, quarantine: index, blobs },
    quarantine: index,
    log: pino({ level: 'silent' }),
    metrics: {
      processed: { inc: () => undefined },
      deliveries: { inc: () => undefined },
      stageSeconds: { observe: () => undefined },
    },
    concurrency: 1,
    retry: { minDelaySeconds: 0.01, maxDelaySeconds: 0.05, maxAgeHours: 1 },
  });
  // Started before anything is queued: nothing is inherited from an earlier run.
  worker.start();
  // A clean message, processed: its raw spool copy and the copy for the helpdesk, queued.
  const id = 'Q0000000000000000001';
  const env = {
    mailFrom: 'a@example.org',
    rcptTo: ['support@localhost'],
    remoteAddress: '127.0.0.1',
    clientHostname: '',
    helo: 'x',
    tls: false,
    receivedAt: Date.now(),
  };
  await writer.run([
    messages.insert(id, env, RAW.length, undefined),
    blobs.record(id, 'raw', { inline: RAW }),
    messages.claim(id),
    messages.transition(id, 'processing', 'delivering'),
    blobs.record(id, 'helpdesk', { inline: COPY }),
    outbox.add(id, 'helpdesk', env.mailFrom, ['helpdesk@example.org']),
  ]);
  h = {
    ...s,
    messages,
    outbox,
    index,
    blobs,
    writer,
    helpdesk,
    worker,
  };
  return { ...h, id };
}

const has = (blobs: BlobStore, id: string, kind: 'raw' | 'helpdesk') =>
  blobs.read(id, kind).then(
    () => true,
    () => false,
  );

describe('OutboxWorker: a delivery never ends with the original unreadable', () => {
  it('keeps the original of a delivery the helpdesk refuses (5xx) in the quarantine', async () => {
    const t = await harness(() => new DeliveryError('550 5.7.1 Rejected by policy', true));
    await waitFor(() => t.messages.get(t.id)?.state === 'dead', { what: 'dead' });
    expect(await t.vault.get(t.id)).toEqual(RAW);
    expect(t.index.get(t.id)).toMatchObject({ verdict: 'hold', state: 'quarantined' });
    expect(t.index.get(t.id)!.reason).toContain('550 5.7.1');
    expect(await has(t.blobs, t.id, 'raw')).toBe(false);
    // The prepared copy stays for `queue retry`.
    expect(await has(t.blobs, t.id, 'helpdesk')).toBe(true);
  });

  it('does not give a refused delivery up while the vault cannot take its original', async () => {
    const t = await harness(() => new DeliveryError('554 5.6.0 refused', true), { vaultFailures: 2 });
    await waitFor(() => /original not yet kept/.test(t.outbox.forMessage(t.id)[0]?.lastError ?? ''), {
      what: 'a deferral',
    });
    expect(t.messages.get(t.id)!.state).toBe('delivering');
    expect(await has(t.blobs, t.id, 'raw')).toBe(true);
    await waitFor(() => t.messages.get(t.id)?.state === 'dead', { what: 'dead once the vault works' });
    expect(await t.vault.get(t.id)).toEqual(RAW);
  });

  it('retries a delivery whose success could not be recorded, marked as possibly delivered', async () => {
    const t = await harness(() => undefined, { failSentCommits: 1 });
    await waitFor(() => t.messages.get(t.id)?.state === 'delivered', { what: 'delivered' });
    expect(t.helpdesk.attempts.map((a) => a.mayBeDelivered)).toEqual([false, true]);
    expect(t.helpdesk.attempts.every((a) => a.raw.equals(COPY))).toBe(true);
    expect(await has(t.blobs, t.id, 'raw')).toBe(false);
  });
});
