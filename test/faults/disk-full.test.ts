import { execFileSync } from 'node:child_process';
import {
  closeSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServeProcess } from '../helpers/cli.js';
import { maildirMessages, makeTempDir, removeDir, tokenCounts, writeConfigFile } from '../helpers/gateway.js';
import { testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';
import { recordReliability } from './record.js';
import {
  healthz,
  peakRssMb,
  queueState,
  SECRET_LINE,
  sendOne,
  serve,
  settled,
  storeProblems,
} from './support.js';

const HOOK = fileURLToPath(new URL('./fixtures/enospc-hook.mjs', import.meta.url));
const VOLUME_MB = 32;
// Bigger than what is left in phase A and than spool.inlineMaxBytes: it streams to a spool file.
const BIG_BODY = `${'x'.repeat(78)}\r\n`.repeat(13_000);

/**
 * A disk that can be filled and emptied: a small tmpfs when we are root (the real thing: SQLite,
 * the spool, the vault and the maildirs all hit ENOSPC), else the fault-injection hook, which fails
 * the gateway's file writes and its free-space reading but cannot reach SQLite's.
 */
interface Disk {
  kind: 'tmpfs' | 'injected';
  root: string;
  env: Record<string, string>;
  /** Leaves about `bytes` free (0: full). */
  fill(bytes: number): void;
  /** Gives all the space back. */
  empty(): void;
  dispose(): void;
}

function tmpfsDisk(root: string): Disk | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${VOLUME_MB}m,mode=0755`, 'tmpfs', root], {
      stdio: 'ignore',
    });
  } catch {
    return undefined;
  }
  const filler = join(root, 'filler');
  return {
    kind: 'tmpfs',
    root,
    env: {},
    fill(bytes) {
      const fd = openSync(filler, 'a');
      try {
        const chunk = Buffer.alloc(1 << 20, 7);
        for (let size = chunk.length; size >= 4096; ) {
          try {
            writeSync(fd, chunk, 0, size);
          } catch {
            size >>= 1;
          }
        }
        if (bytes > 0) ftruncateSync(fd, Math.max(0, fstatSync(fd).size - bytes));
      } finally {
        closeSync(fd);
      }
    },
    empty: () => rmSync(filler, { force: true }),
    dispose: () => {
      try {
        execFileSync('umount', ['-l', root], { stdio: 'ignore' });
      } catch {
        // already gone: nothing to clean up
      }
    },
  };
}

function injectedDisk(root: string, flags: string): Disk {
  mkdirSync(flags, { recursive: true });
  return {
    kind: 'injected',
    root,
    env: { NODE_OPTIONS: `--import=${HOOK}`, DG_FAULT_DIR: flags },
    fill(bytes) {
      writeFileSync(join(flags, 'enospc'), '');
      if (bytes === 0) writeFileSync(join(flags, 'no-space'), '');
    },
    empty() {
      rmSync(join(flags, 'enospc'), { force: true });
      rmSync(join(flags, 'no-space'), { force: true });
    },
    dispose: () => undefined,
  };
}

describe('disk full', () => {
  let dir: string | undefined;
  let disk: Disk | undefined;
  let proc: ServeProcess | undefined;

  afterEach(async () => {
    await proc?.stop();
    disk?.dispose();
    if (dir) removeDir(dir);
    proc = undefined;
    disk = undefined;
    dir = undefined;
  });

  it('answers 452 4.3.1, never 250 for what it could not store, and recovers by itself', async () => {
    dir = makeTempDir('dg-faults-disk-');
    const root = join(dir, 'volume');
    mkdirSync(root);
    disk =
      (process.env.FAULT_DISK !== 'injected' && tmpfsDisk(root)) || injectedDisk(root, join(dir, 'flags'));
    const maildir = join(root, 'mailbox');
    const notices = join(root, 'notices');
    writeConfigFile(dir, {
      dataDir: join(root, 'data'),
      quarantine: { dir: join(root, 'quarantine') },
      delivery: { maildir },
      notify: { maildir: notices, windowMinutes: 0 },
      // A small watermark, so the last bytes are refused at MAIL FROM, and writes that do not fit
      // in what is left above it meet a real ENOSPC.
      spool: { minFreeBytes: 128 * 1024 },
    });
    proc = await serve(join(dir, 'deskguard.yaml'), { env: disk.env });

    const acked = new Map<string, string>();
    const replies = new Map<string, { code: number; text: string }>();
    const send = async (token: string, body?: string) => {
      const r = await sendOne(proc!.smtpPort, token, { message: testMessage(token, body ? { body } : {}) });
      replies.set(token, r);
      if (r.code === 250 && r.queueId) acked.set(token, r.queueId);
      return r;
    };
    const secret = `${SECRET_LINE}\r\n`;

    // Before: mail flows, some of it with a password (quarantine, notice).
    for (let i = 0; i < 10; i++) expect((await send(`pre-${i}`, i % 2 ? secret : undefined)).code).toBe(250);

    // Nothing left, while a burst just acknowledged is still being processed (quarantine,
    // maildir, notices): the pipeline meets the full disk and must wait for space, not give up.
    const burst = await Promise.all(
      Array.from({ length: 8 }, (_, i) => send(`burst-${i}`, i % 2 ? undefined : secret)),
    );
    disk.fill(0);
    expect(burst.map((r) => r.code)).toEqual(Array(8).fill(250));
    // Long enough for several retries of whatever met the full disk (each waits about 2 s).
    await new Promise((r) => setTimeout(r, 6000));
    for (let i = 0; i < 4; i++) {
      const r = await send(`full-${i}`, i % 2 ? secret : undefined);
      expect(r.code).toBe(452);
    }
    const health = await healthz(proc.httpPort);
    expect(health.status).toBe(503);
    expect(String(health.body['reason'])).toMatch(/disk/);
    expect(proc.child.exitCode).toBeNull();

    // Then a little space left, above the watermark. What fits is stored; a big message does not
    // fit and must not be acknowledged.
    disk.fill(300 * 1024);
    const big = await Promise.all([0, 1].map((i) => send(`big-${i}`, BIG_BODY)));
    for (const r of big) {
      expect(r.code).toBe(452);
      expect(r.text).toMatch(/^4\.3\.1/);
    }
    for (let i = 0; i < 6; i++) {
      const r = await send(`tight-${i}`, i % 2 ? secret : undefined);
      expect([250, 451, 452]).toContain(r.code);
    }

    // Space comes back: no restart, mail flows again and everything acknowledged gets delivered.
    disk.empty();
    await waitFor(
      async () => {
        const h = await healthz(proc!.httpPort);
        if (h.status !== 200) throw new Error(JSON.stringify(h.body));
        return true;
      },
      {
        timeoutMs: 20_000,
        intervalMs: 250,
        what: '/healthz to recover',
      },
    );
    for (let i = 0; i < 10; i++) expect((await send(`post-${i}`, i % 2 ? secret : undefined)).code).toBe(250);
    const db = join(root, 'data', 'deskguard.db');
    await waitFor(() => settled(db), { timeoutMs: 30_000, intervalMs: 200, what: 'the queue to settle' });
    const peak = peakRssMb(proc);
    await proc.stop();
    const logged = (msg: string) => proc!.logs.filter((l) => l['msg'] === msg).length;

    const q = queueState(db);
    const states = [...acked.values()].map((id) => q.states.get(id));
    expect(states.filter((s) => s !== 'delivered')).toEqual([]);
    const copies = tokenCounts(maildirMessages(maildir));
    expect([...acked.keys()].filter((t) => copies.get(t) !== 1)).toEqual([]);
    // Nothing refused was delivered: a 4xx means the client keeps the message and tries again.
    const refused = [...replies].filter(([, r]) => r.code !== 250).map(([t]) => t);
    expect(refused.filter((t) => copies.has(t))).toEqual([]);
    expect(
      storeProblems({
        db,
        spool: join(root, 'data', 'spool'),
        vault: join(root, 'quarantine'),
        maildirs: [maildir, notices],
      }),
    ).toEqual([]);

    recordReliability({
      test: 'Disk full',
      fault:
        disk.kind === 'tmpfs'
          ? `data, spool, vault and maildirs on a ${VOLUME_MB} MB tmpfs, filled to 300 KB free, then to 0`
          : 'file writes fail with injected ENOSPC and free space reads 0 (not root: no tmpfs)',
      sent: replies.size,
      acknowledged: acked.size,
      delivered: states.length,
      held: 0,
      dead: 0,
      refused: refused.length,
      lost: 0,
      duplicates: 0,
      peakRssMb: peak,
      notes:
        `452 4.3.1 to big messages that did not fit and to all mail at MAIL FROM once full; ` +
        `/healthz 503 "${String(health.body['reason'])}"; the pipeline waited: ` +
        `${logged('processing deferred')} processing and ${logged('delivery deferred')} delivery retries, ` +
        `${logged('message back in the queue')} message(s) put back after a refused commit; ` +
        'recovered without a restart',
    });
  });
});
