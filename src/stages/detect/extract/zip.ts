import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { errorText } from '../../../domain/error-text.js';
import { type Budget, TIME_BUDGET_REASON } from './budget.js';

/**
 * An entry as the visitor sees it: its path (customer content, for the scan CLI and the sender's
 * notice only) and its 1-based position among the archive's files (directories not counted), the
 * name-free way to refer to it.
 */
export interface ZipEntryRef {
  name: string;
  position: number;
}

/** The rest of the archive, for a limit that stops reading it. */
export const REST: ZipEntryRef = { name: '*', position: 0 };

export interface ZipVisitor {
  /** A readable entry and its bytes (within the limits). */
  entry(ref: ZipEntryRef, bytes: Buffer): Promise<void>;
  /** An entry (or the rest of the archive, REST) that could not be read. */
  skip(ref: ZipEntryRef, reason: string, encrypted: boolean): void;
  /** Restricts which entries are read at all (office files need only a few). */
  wanted?(name: string): boolean;
}

function readEntry(zip: ZipFile, entry: Entry, max: number): Promise<Buffer | string> {
  return new Promise((resolve) => {
    zip.openReadStream(entry, (err, stream: Readable | undefined) => {
      if (err || !stream) return resolve(`unreadable entry (${err ? errorText(err) : 'no stream'})`);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        // Stop inflating as soon as the entry passes its cap, whatever its header claimed.
        if (size > max) {
          stream.destroy();
          resolve(`entry larger than ${max} bytes`);
        } else chunks.push(c);
      });
      stream.on('error', (e: Error) => resolve(`corrupt entry (${errorText(e)})`));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/** The reason an entry is not read, judged from its central-directory record before inflating. */
function refuse(entry: Entry, budget: Budget): string | undefined {
  const { limits } = budget;
  if (entry.uncompressedSize > limits.maxEntryBytes) return `entry larger than ${limits.maxEntryBytes} bytes`;
  if (budget.archiveBytes + entry.uncompressedSize > limits.maxTotalBytes)
    return `archives larger than ${limits.maxTotalBytes} bytes in total`;
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (entry.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maxRatio)
    return `compression ratio above ${limits.maxRatio} (zip bomb)`;
  return undefined;
}

/**
 * Reads a zip archive entry by entry (yauzl: central directory first, streaming inflate, declared
 * sizes checked against actual ones), enforcing the entry, size, ratio and time limits.
 * Throws when the archive itself is unreadable.
 */
export async function walkZip(buf: Buffer, budget: Budget, visit: ZipVisitor): Promise<void> {
  const zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true, strictFileNames: false });
  try {
    let count = 0;
    let files = 0;
    for (;;) {
      const entry = await new Promise<Entry | undefined>((resolve, reject) => {
        const onEntry = (e: Entry): void => done(e);
        const onEnd = (): void => done(undefined);
        const onError = (e: Error): void => {
          cleanup();
          reject(e);
        };
        const cleanup = (): void => {
          zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
        };
        const done = (e: Entry | undefined): void => {
          cleanup();
          resolve(e);
        };
        zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
        zip.readEntry();
      });
      if (!entry) return;
      if (++count > budget.limits.maxEntries)
        return visit.skip(REST, `more than ${budget.limits.maxEntries} entries`, false);
      if (budget.expired()) return visit.skip(REST, TIME_BUDGET_REASON, false);
      const name = entry.fileName;
      if (name.endsWith('/')) continue;
      const ref = { name, position: ++files };
      if (visit.wanted && !visit.wanted(name)) continue;
      if (entry.isEncrypted()) {
        visit.skip(ref, 'password-protected entry', true);
        continue;
      }
      const refusal = refuse(entry, budget);
      if (refusal) {
        visit.skip(ref, refusal, false);
        continue;
      }
      const bytes = await readEntry(zip, entry, budget.limits.maxEntryBytes);
      if (typeof bytes === 'string') {
        visit.skip(ref, bytes, false);
        continue;
      }
      budget.archiveBytes += bytes.length;
      await visit.entry(ref, bytes);
    }
  } finally {
    zip.close();
  }
}
