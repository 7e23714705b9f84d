import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { errorText } from '../../domain/error-text.js';
import type { Finding } from '../../domain/finding.js';
import type { SenderView } from '../../domain/sender-view.js';
import type { DetectorOptions } from './engine.js';
import { defaultExtractLimits, type ExtractLimits } from './extract/limits.js';
import { unscannableFinding } from './redact/findings.js';
import type { ScanJob, ScanReply, ScanWorkerInit } from './scan-worker.js';

export interface ScanPoolOptions {
  fingerprintKey: Buffer;
  /** Number of worker threads (fixed); default: 2, or 1 on a single core. */
  size?: number;
  limits?: Partial<ExtractLimits>;
  detectorOptions?: DetectorOptions;
  /** Hard limit per message, enforced from the main thread; default: limits.timeBudgetMs + 5 s. */
  timeoutMs?: number;
  /** V8 heap cap per worker: a message that needs more is unscannable, the gateway lives on. */
  maxHeapMb?: number;
  /**
   * A worker that scanned a message of at least this many bytes is replaced by a fresh one: its
   * heap grew to hold the message's decoded texts, and V8 keeps what it grew (and the last regular
   * expression subject) until the thread ends. Default: 4 MiB.
   */
  recycleAfterBytes?: number;
  /** The compiled worker; default: scan-worker.js next to this file, or under dist/ when running from src/. */
  workerUrl?: URL;
}

export interface PoolResult {
  findings: Finding[];
  redacted: Buffer | undefined;
  /** The findings' places and the removed files in the sender's terms (for the notice only). */
  sender: SenderView;
  /**
   * False when the message could not be scanned at all (time limit, worker crash): `findings` then
   * holds one `unscannable` finding for `message` and there is no redacted copy, so the message
   * must not be delivered as it is.
   */
  complete: boolean;
}

export interface ScanPool {
  scan(raw: Buffer): Promise<PoolResult>;
  close(): Promise<void>;
}

export interface WorkerPool extends ScanPool {
  /** Worker threads started so far (the pool's own, replacements and recycled ones). */
  workersStarted(): number;
}

/** Finds the compiled worker: next to this module in dist/, or dist/'s copy when this runs from src/ (vitest). */
export function defaultWorkerUrl(): URL {
  const here = new URL('./scan-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const at = here.pathname.lastIndexOf('/src/');
  const dist = new URL(`file://${here.pathname.slice(0, at)}/dist/${here.pathname.slice(at + 5)}`);
  if (at >= 0 && existsSync(fileURLToPath(dist))) return dist;
  throw new Error(`scan worker not found (${fileURLToPath(here)}); run "npm run build" first`);
}

interface Pending {
  job: ScanJob;
  resolve: (r: PoolResult) => void;
}

interface Slot {
  worker: Worker;
  busy?: { pending: Pending; timer: NodeJS.Timeout };
}

const RECYCLE_AFTER_BYTES = 4 * 1024 * 1024;

/**
 * A fixed pool of worker threads running scanAndRedact, so parsing a large message never blocks the
 * SMTP event loop. Messages travel as transferred ArrayBuffers. A worker that overruns the time
 * limit, crashes or runs out of heap is terminated and replaced; its message comes back unscannable.
 */
export function createScanPool(options: ScanPoolOptions): WorkerPool {
  const size = options.size ?? Math.min(2, availableParallelism());
  const limits = { ...defaultExtractLimits, ...options.limits };
  const timeoutMs = options.timeoutMs ?? limits.timeBudgetMs + 5000;
  const url = options.workerUrl ?? defaultWorkerUrl();
  const init: ScanWorkerInit = {
    fingerprintKey: new Uint8Array(options.fingerprintKey),
    limits,
    detectorOptions: options.detectorOptions,
  };
  const queue: Pending[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;
  let started = 0;

  const failed = (reason: string): PoolResult => ({
    findings: [
      unscannableFinding(
        { place: { steps: [], part: 'message' }, reason, encrypted: false },
        options.fingerprintKey,
      ),
    ],
    redacted: undefined,
    sender: { places: [{ in: 'message' }], removed: [] },
    complete: false,
  });

  const recycleAfter = options.recycleAfterBytes ?? RECYCLE_AFTER_BYTES;
  const finish = (slot: Slot, result: PoolResult, fresh = false): void => {
    if (!slot.busy) return;
    clearTimeout(slot.busy.timer);
    const { resolve, job } = slot.busy.pending;
    slot.busy = undefined;
    // The old worker ends with everything it held; the next message goes to its fresh successor.
    if (!fresh && job.length >= recycleAfter && !closed) {
      const old = slot.worker;
      slot.worker = spawn(slot);
      void old.terminate();
    }
    resolve(result);
    dispatch();
  };

  const replace = (slot: Slot, reason: string): void => {
    const old = slot.worker;
    slot.worker = spawn(slot);
    void old.terminate();
    finish(slot, failed(reason), true);
  };

  function spawn(slot: Slot): Worker {
    started++;
    const worker = new Worker(url, {
      workerData: init,
      resourceLimits: options.maxHeapMb ? { maxOldGenerationSizeMb: options.maxHeapMb } : undefined,
    });
    worker.on('message', (reply: ScanReply) => {
      if (slot.worker !== worker || slot.busy?.pending.job.id !== reply.id) return;
      if (!reply.ok) return finish(slot, failed(`scanner error (${reply.error})`));
      const redacted = reply.redacted ? Buffer.from(reply.redacted) : undefined;
      finish(slot, { findings: reply.findings, redacted, sender: reply.sender, complete: true });
    });
    worker.on('error', (err) => {
      if (slot.worker === worker && !closed) replace(slot, `scanner crashed (${errorText(err)})`);
    });
    worker.on('exit', () => {
      if (slot.worker === worker && !closed) replace(slot, 'scanner exited');
    });
    return worker;
  }

  function dispatch(): void {
    for (const slot of slots) {
      if (slot.busy || !queue.length) continue;
      const pending = queue.shift() as Pending;
      const timer = setTimeout(() => replace(slot, 'time budget exceeded'), timeoutMs);
      slot.busy = { pending, timer };
      const { raw } = pending.job;
      slot.worker.postMessage(pending.job, raw instanceof ArrayBuffer ? [raw] : []);
    }
  }

  for (let i = 0; i < size; i++) {
    const slot = {} as Slot;
    slot.worker = spawn(slot);
    slots.push(slot);
  }

  return {
    scan(raw: Buffer): Promise<PoolResult> {
      if (closed) return Promise.reject(new Error('scan pool is closed'));
      // A message in shared memory (the blob store reads big ones so) is read by the worker where
      // it is; any other is copied once, into a buffer the worker then owns.
      const job: ScanJob =
        raw.buffer instanceof SharedArrayBuffer
          ? { id: nextId++, raw: raw.buffer, offset: raw.byteOffset, length: raw.byteLength }
          : {
              id: nextId++,
              raw: raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer,
              offset: 0,
              length: raw.byteLength,
            };
      return new Promise((resolve) => {
        queue.push({ job, resolve });
        dispatch();
      });
    },
    workersStarted: () => started,
    async close(): Promise<void> {
      closed = true;
      for (const p of queue.splice(0)) p.resolve(failed('scan pool closed'));
      for (const slot of slots) finish(slot, failed('scan pool closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
