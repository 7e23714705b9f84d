import { parentPort, workerData } from 'node:worker_threads';
import { errorText } from '../../domain/error-text.js';
import type { Finding } from '../../domain/finding.js';
import type { SenderView } from '../../domain/sender-view.js';
import { createDetector, type DetectorOptions } from './engine.js';
import type { ExtractLimits } from './extract/limits.js';
import { scanAndRedact } from './scan-message.js';

/** What the pool gives each worker once, at start. */
export interface ScanWorkerInit {
  detectorOptions?: DetectorOptions;
  limits?: Partial<ExtractLimits>;
  fingerprintKey: Uint8Array;
}

export interface ScanJob {
  id: number;
  /** Transferred (ArrayBuffer) or shared with the pool (SharedArrayBuffer, read only here). */
  raw: ArrayBuffer | SharedArrayBuffer;
  offset: number;
  length: number;
}

/**
 * Only findings, the sender's view of their places and the redacted bytes cross back: match values
 * and the file names the detector did not clear stay inside the worker.
 */
export type ScanReply =
  | { id: number; ok: true; findings: Finding[]; sender: SenderView; redacted?: ArrayBuffer }
  | { id: number; ok: false; error: string };

const init = workerData as ScanWorkerInit;
const detector = createDetector(init.detectorOptions ?? {});
const fingerprintKey = Buffer.from(init.fingerprintKey);

parentPort?.on('message', async (job: ScanJob) => {
  try {
    const { findings, redacted, sender } = await scanAndRedact(Buffer.from(job.raw, job.offset, job.length), {
      detector,
      limits: init.limits,
      fingerprintKey,
    });
    // A fresh ArrayBuffer of exactly the message, so it can be transferred without copying again.
    const out = redacted
      ? (redacted.buffer.slice(redacted.byteOffset, redacted.byteOffset + redacted.byteLength) as ArrayBuffer)
      : undefined;
    const reply: ScanReply = { id: job.id, ok: true, findings, sender, ...(out ? { redacted: out } : {}) };
    parentPort?.postMessage(reply, out ? [out] : []);
  } catch (err) {
    // The message may quote the input (a file name): only plain words cross back.
    const reply: ScanReply = { id: job.id, ok: false, error: errorText(err) };
    parentPort?.postMessage(reply);
  }
});
