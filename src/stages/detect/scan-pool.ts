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

/**
 * A fixed pool of worker threads running scanAndRedact, so parsing a large message never blocks the
 * SMTP event loop. Messages travel as transferred ArrayBuffers. A worker that overruns the time
 * limit, crashes or runs out of heap is terminated and replaced; its message comes back unscannable.
 */
export function createScanPool(options: ScanPoolOptions): ScanPool {
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

  const finish = (slot: Slot, result: PoolResult): void => {
    if (!slot.busy) return;
    clearTimeout(slot.busy.timer);
    const { resolve } = slot.busy.pending;
    slot.busy = undefined;
    resolve(result);
    dispatch();
  };

  const replace = (slot: Slot, reason: string): void => {
    const old = slot.worker;
    slot.worker = spawn(slot);
    void old.terminate();
    finish(slot, failed(reason));
  };

  function spawn(slot: Slot): Worker {
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
      slot.worker.postMessage(pending.job, [pending.job.raw]);
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
      const copy = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer;
      return new Promise((resolve) => {
        queue.push({ job: { id: nextId++, raw: copy }, resolve });
        dispatch();
      });
    },
    async close(): Promise<void> {
      closed = true;
      for (const p of queue.splice(0)) p.resolve(failed('scan pool closed'));
      for (const slot of slots) finish(slot, failed('scan pool closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
