import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlobStore } from '../../../src/adapters/blob-store.js';
import { SpoolCipher, SpoolIntegrityError } from '../../../src/adapters/spool-cipher.js';
import { openDatabase } from '../../../src/adapters/sqlite/database.js';
import { DirectSqlWriter } from '../../../src/adapters/sqlite/sql-writer.js';
import { loadKeyring } from '../../../src/adapters/vault/keyring.js';

// Big messages are read in chunks (256 KiB) and decrypted as they are read, never whole file plus
// ciphertext plus plaintext at once. These tests hold that reading to the bytes that were stored,
// for sizes on both sides of the inline limit and of the chunk size, however the writes were cut.

function setup(inlineMaxBytes = 4096) {
  const dir = mkdtempSync(join(tmpdir(), 'dg-blobstream-'));
  const { keyring } = loadKeyring({ quarantineDir: join(dir, 'q'), env: {} });
  const db = openDatabase(join(dir, 'd.db'));
  const blobs = new BlobStore(db, join(dir, 'spool'), inlineMaxBytes, false, new SpoolCipher(keyring));
  return { dir, db, blobs, writer: new DirectSqlWriter(db) };
}

async function collect(input: Buffer | Readable): Promise<Buffer> {
  if (Buffer.isBuffer(input)) return input;
  const chunks: Buffer[] = [];
  for await (const c of input as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

/** Deterministic bytes of any length (fast-check would spend its time generating megabytes). */
function bytes(length: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = seed | 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('BlobStore reads big sealed messages in chunks', () => {
  it('read, stream and input give back exactly what was written, whatever the size and cuts', async () => {
    const { blobs, writer } = setup();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 200_000, max: 700_000 })),
        fc.integer(),
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 8 }),
        async (size, seed, cuts) => {
          const data = bytes(size, seed);
          const id = `Q${n++}`;
          const w = blobs.writer(id, 'raw');
          for (let at = 0, i = 0; at < data.length; i++) {
            const step = cuts[i % cuts.length]!;
            await w.write(data.subarray(at, at + step));
            at += step;
          }
          const ref = await w.seal();
          await writer.run([blobs.record(id, 'raw', ref)]);
          const read = await blobs.read(id, 'raw');
          expect(read.equals(data)).toBe(true);
          // A message stored as a file comes back in shared memory, for the scan workers to read in place.
          if ('file' in ref) expect(read.buffer).toBeInstanceOf(SharedArrayBuffer);
          expect((await collect(await blobs.stream(id, 'raw'))).equals(data)).toBe(true);
          expect((await collect(await blobs.input(id, 'raw', ref))).equals(data)).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refuses a tampered file however it is read: nothing passes as the message', async () => {
    const { dir, blobs, writer } = setup();
    const data = bytes(600_000, 7);
    const w = blobs.writer('T', 'raw');
    await w.write(data);
    const ref = await w.seal();
    await writer.run([blobs.record('T', 'raw', ref)]);
    const file = join(dir, 'spool', 'T.raw.eml');
    const sealed = readFileSync(file);
    sealed[300_000]! ^= 1; // a byte in the second chunk: earlier chunks decrypt before the tag is checked
    writeFileSync(file, sealed);
    await expect(blobs.read('T', 'raw')).rejects.toThrow(SpoolIntegrityError);
    await expect(collect(await blobs.stream('T', 'raw'))).rejects.toThrow(SpoolIntegrityError);
  });

  it('writes a message given in pieces as their concatenation, inline or as a file', async () => {
    const { blobs, writer } = setup(1000);
    for (const size of [10, 50_000]) {
      const head = Buffer.from('Received: from x\r\n');
      const body = bytes(size, size);
      const id = `P${size}`;
      const ref = await blobs.prepare(id, 'helpdesk', [head, body]);
      expect('file' in ref).toBe(size > 1000);
      await writer.run([blobs.record(id, 'helpdesk', ref)]);
      expect((await blobs.read(id, 'helpdesk')).equals(Buffer.concat([head, body]))).toBe(true);
    }
  });
});
