import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DirSync, ensureDir, unlinkIfExists } from '../durable-files.js';
import { gcmOpen, gcmSeal } from './key-wrap.js';
import type { Keyring } from './keyring.js';

/**
 * What customers send through the secure channel, sealed as it arrives: `<dir>/<uploadId>.dgu`, a
 * list of records, each a chunk of the upload encrypted (AES-256-GCM) under the upload's own data
 * key, which is wrapped by the current master key and kept in the database. Plaintext is never
 * written, and only one chunk is ever in memory. Record layout:
 *
 *   4 bytes  ciphertext length n (big-endian)
 *   16 bytes GCM tag
 *   n bytes  ciphertext
 *
 * Record i's IV is 4 zero bytes and i as 8 bytes big-endian (a key per upload: no IV repeats), and
 * its AAD names the upload and i, so records cannot be moved between uploads or reordered. A torn
 * last record (a crash mid-write) is cut off when the upload is next looked at.
 */
export const RECORD_HEAD = 4 + 16;
const MAGIC = 'deskguard upload v1';

export interface WrappedKey {
  keyId: string;
  wrapIv: Buffer;
  wrapTag: Buffer;
  wrappedKey: Buffer;
}

const ivOf = (index: number) => {
  const iv = Buffer.alloc(12);
  iv.writeBigUInt64BE(BigInt(index), 4);
  return iv;
};
const aadOf = (id: string, index: number) => Buffer.from(`${MAGIC}\0${id}\0${index}`, 'utf8');

export class UploadIntegrityError extends Error {
  override name = 'UploadIntegrityError';
}

export class UploadFiles {
  private readonly dirSync: DirSync;

  constructor(
    private readonly dir: string,
    private readonly keyring: Keyring,
    private readonly fsync = true,
  ) {
    ensureDir(dir);
    this.dirSync = new DirSync(dir, fsync);
  }

  private path(id: string): string {
    // Upload ids are ours (random, base32): never a path of the customer's.
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(id)) throw new UploadIntegrityError(`bad upload id ${id}`);
    return join(this.dir, `${id}.dgu`);
  }

  /** A new data key for an upload, and its wrapped form for the database. */
  newKey(id: string): { dataKey: Buffer; wrapped: WrappedKey } {
    const master = this.keyring.current();
    const dataKey = randomBytes(32);
    const s = gcmSeal(master.keyObject, dataKey, Buffer.from(`${MAGIC}\0key\0${id}\0${master.id}`, 'utf8'));
    return { dataKey, wrapped: { keyId: master.id, wrapIv: s.iv, wrapTag: s.tag, wrappedKey: s.ciphertext } };
  }

  dataKey(id: string, w: WrappedKey): Buffer {
    let master = this.keyring.get(w.keyId);
    if (!master && this.keyring.refresh()) master = this.keyring.get(w.keyId);
    if (!master) throw new UploadIntegrityError(`upload ${id}: master key ${w.keyId} is missing`);
    const key = gcmOpen(
      master.keyObject,
      { iv: w.wrapIv, tag: w.wrapTag, ciphertext: w.wrappedKey },
      Buffer.from(`${MAGIC}\0key\0${id}\0${w.keyId}`, 'utf8'),
    );
    if (key?.length !== 32) throw new UploadIntegrityError(`upload ${id}: its key does not authenticate`);
    return key;
  }

  /** A short text (a file's name) sealed under the upload's key, for the database. */
  sealText(id: string, dataKey: Buffer, text: string): Buffer {
    const s = gcmSeal(dataKey, Buffer.from(text, 'utf8'), Buffer.from(`${MAGIC}\0name\0${id}`, 'utf8'));
    return Buffer.concat([s.iv, s.tag, s.ciphertext]);
  }

  openText(id: string, dataKey: Buffer, sealed: Buffer): string {
    const t = gcmOpen(
      dataKey,
      { iv: sealed.subarray(0, 12), tag: sealed.subarray(12, 28), ciphertext: sealed.subarray(28) },
      Buffer.from(`${MAGIC}\0name\0${id}`, 'utf8'),
    );
    if (!t) throw new UploadIntegrityError(`upload ${id}: its name does not authenticate`);
    return t.toString('utf8');
  }

  async create(id: string): Promise<void> {
    const h = await open(this.path(id), 'wx', 0o600);
    await h.close();
    await this.dirSync.sync();
  }

  /**
   * How much of the upload is stored: plaintext bytes and records. A torn last record is cut off,
   * so what is counted is exactly what can be read back.
   */
  async received(id: string): Promise<{ bytes: number; records: number }> {
    const path = this.path(id);
    const size = (await stat(path)).size;
    const h = await open(path, 'r+');
    try {
      let at = 0;
      let bytes = 0;
      let records = 0;
      const head = Buffer.alloc(4);
      while (at + RECORD_HEAD <= size) {
        await h.read(head, 0, 4, at);
        const n = head.readUInt32BE(0);
        if (at + RECORD_HEAD + n > size) break;
        at += RECORD_HEAD + n;
        bytes += n;
        records++;
      }
      if (at < size) {
        await h.truncate(at);
        if (this.fsync) await h.sync();
      }
      return { bytes, records };
    } finally {
      await h.close();
    }
  }

  /** An appender for the next records; `close` makes them durable. */
  async appender(id: string, dataKey: Buffer, firstIndex: number) {
    const h: FileHandle = await open(this.path(id), 'a');
    let index = firstIndex;
    const fsync = this.fsync;
    return {
      async append(chunk: Buffer): Promise<void> {
        const c = createCipheriv('aes-256-gcm', dataKey, ivOf(index), { authTagLength: 16 });
        c.setAAD(aadOf(id, index));
        const body = Buffer.concat([c.update(chunk), c.final()]);
        const head = Buffer.alloc(RECORD_HEAD);
        head.writeUInt32BE(body.length, 0);
        c.getAuthTag().copy(head, 4);
        await h.writev([head, body]);
        index++;
      },
      async close(): Promise<void> {
        try {
          if (fsync) await h.sync();
        } finally {
          await h.close();
        }
      },
    };
  }

  /** The upload's plaintext, record by record, each authenticated before it is handed out. */
  async *read(id: string, dataKey: Buffer): AsyncGenerator<Buffer> {
    const h = await open(this.path(id), 'r');
    try {
      const size = (await h.stat()).size;
      let at = 0;
      for (let index = 0; at + RECORD_HEAD <= size; index++) {
        const head = Buffer.alloc(RECORD_HEAD);
        await h.read(head, 0, RECORD_HEAD, at);
        const n = head.readUInt32BE(0);
        const body = Buffer.alloc(n);
        await h.read(body, 0, n, at + RECORD_HEAD);
        const d = createDecipheriv('aes-256-gcm', dataKey, ivOf(index), { authTagLength: 16 });
        d.setAAD(aadOf(id, index));
        d.setAuthTag(head.subarray(4));
        let plain: Buffer;
        try {
          plain = Buffer.concat([d.update(body), d.final()]);
        } catch {
          throw new UploadIntegrityError(`upload ${id}: record ${index} does not authenticate`);
        }
        yield plain;
        at += RECORD_HEAD + n;
      }
    } finally {
      await h.close();
    }
  }

  /** A small upload (pasted text) in one go. */
  async readAll(id: string, dataKey: Buffer): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const p of this.read(id, dataKey)) parts.push(p);
    return Buffer.concat(parts);
  }

  async remove(id: string): Promise<void> {
    await unlinkIfExists(this.path(id));
    await this.dirSync.sync();
  }

  /** For tests: the raw bytes at rest. */
  rawBytes(id: string): Promise<Buffer> {
    return readFile(this.path(id));
  }
}
