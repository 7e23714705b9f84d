import { createReadStream } from 'node:fs';
import { type FileHandle, open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DirSync, ensureDir, unlinkIfExists, writeFileDurably } from './durable-files.js';
import { HEADER_MAX_BYTES, isSealed, SEAL_TAG_BYTES, type SpoolCipher } from './spool-cipher.js';
import type { Db } from './sqlite/database.js';
import { op, type SqlOp, type SqlResult } from './sqlite/sql-op.js';

const READ_CHUNK_BYTES = 256 * 1024;

/** Reads exactly `length` bytes at `position` of the file into the start of `into` (short reads retried). */
async function readInto(fh: FileHandle, into: Buffer, position: number, length: number): Promise<void> {
  for (let done = 0; done < length; ) {
    const { bytesRead } = await fh.read(into, done, length - done, position + done);
    if (bytesRead === 0) throw new Error('blob file ended early');
    done += bytesRead;
  }
}

export type BlobKind = 'raw' | 'helpdesk' | 'notice' | 'release';

/** Where a blob's bytes are: inline in its database row, or in a file of the blob directory. */
export type BlobRef = { inline: Buffer } | { file: string };

/** A message being received: small ones stay in memory, big ones spill to disk as they arrive. */
export interface BlobWriter {
  write(chunk: Uint8Array): Promise<void>;
  /** Makes the bytes durable (a file is fsynced with its directory); the row still has to be committed. */
  seal(): Promise<BlobRef>;
  abort(): Promise<void>;
}

/** Composed copies: their kind is bound into the encryption, so one cannot pass for another. */
const COMPOSED: ReadonlySet<BlobKind> = new Set(['helpdesk', 'notice']);

/**
 * Message bytes (the raw message as received, the composed deliveries). Small blobs live inline
 * in SQLite, so storing one costs no extra file operations and commits with its row in one fsync;
 * big ones are files, streamed to disk so a 25 MB message is never held whole in memory. A file
 * without a row is garbage from an interrupted run (no 250 was sent for it) and is swept at start.
 * Every kind is encrypted at rest: a redacted copy still holds whatever detection missed.
 */
export class BlobStore {
  private readonly dirSync: DirSync;
  private readonly stmts;

  constructor(
    db: Db,
    readonly dir: string,
    private readonly inlineMaxBytes: number,
    private readonly fsync = true,
    /** Encrypts the raw messages at rest; absent only in tests of the store itself. */
    private readonly cipher?: SpoolCipher,
  ) {
    ensureDir(dir);
    this.dirSync = new DirSync(dir, fsync);
    this.stmts = {
      get: db.prepare('SELECT data, file FROM blobs WHERE message_id = ? AND kind = ?'),
      files: db.prepare('SELECT file FROM blobs WHERE file IS NOT NULL'),
      composed: db.prepare(
        "SELECT message_id, kind, data, file FROM blobs WHERE kind IN ('helpdesk', 'notice')",
      ),
    };
  }

  private fileName(id: string, kind: BlobKind): string {
    return `${id}.${kind}.eml`;
  }

  writer(id: string, kind: BlobKind): BlobWriter {
    const name = this.fileName(id, kind);
    const path = join(this.dir, name);
    const enc = this.cipher?.encryptor(id, this.purpose(kind));
    let chunks: Buffer[] | undefined = enc ? [enc.header] : [];
    let size = enc ? enc.header.length : 0;
    let fh: FileHandle | undefined;
    // Bytes as stored (ciphertext for sealed kinds): in memory while small, then spilled to a file.
    const put = async (data: Buffer) => {
      size += data.length;
      if (chunks) {
        chunks.push(data);
        if (size <= this.inlineMaxBytes) return;
        fh = await open(path, 'wx', 0o640);
        const buffered = Buffer.concat(chunks);
        chunks = undefined;
        await fh.write(buffered);
        return;
      }
      await fh!.write(data);
    };
    return {
      write: (chunk) => put(enc ? enc.update(chunk) : Buffer.from(chunk)),
      seal: async () => {
        if (enc) await put(enc.final());
        if (chunks) return { inline: Buffer.concat(chunks, size) };
        if (this.fsync) await fh!.sync();
        await fh!.close();
        fh = undefined;
        await this.dirSync.sync();
        return { file: name };
      },
      abort: async () => {
        chunks = undefined;
        if (fh) await fh.close().catch(() => undefined);
        fh = undefined;
        await unlinkIfExists(path);
      },
    };
  }

  /** What the encryption binds besides the message: the kind of a composed copy. */
  private purpose(kind: BlobKind): string | undefined {
    return COMPOSED.has(kind) ? kind : undefined;
  }

  private seal(id: string, kind: BlobKind, data: Buffer): Buffer {
    return this.cipher ? this.cipher.seal(id, data, this.purpose(kind)) : data;
  }

  private open(id: string, kind: BlobKind, stored: Buffer): Buffer {
    return this.cipher ? this.cipher.open(id, stored, this.purpose(kind)) : stored;
  }

  /**
   * Stores a whole message, encrypted: inline when small, else as a durable file first. A message
   * may come in pieces (our headers, then the body): they are encrypted and written one after the
   * other, never joined, so a big message is not copied once more just to be stored.
   */
  async prepare(id: string, kind: BlobKind, data: Buffer | readonly Buffer[]): Promise<BlobRef> {
    const pieces = Buffer.isBuffer(data) ? [data] : data;
    const enc = this.cipher?.encryptor(id, this.purpose(kind));
    const stored = enc ? [enc.header, ...pieces.map((p) => enc.update(p)), enc.final()] : pieces;
    const size = stored.reduce((n, p) => n + p.length, 0);
    if (size <= this.inlineMaxBytes) return { inline: Buffer.concat(stored, size) };
    const name = this.fileName(id, kind);
    await writeFileDurably(this.dirSync, name, stored, this.fsync);
    return { file: name };
  }

  /** The row that makes a blob exist; call inside the transaction that commits its message state. */
  record(id: string, kind: BlobKind, ref: BlobRef): SqlOp {
    return op(
      'INSERT OR REPLACE INTO blobs (message_id, kind, data, file) VALUES (?, ?, ?, ?)',
      id,
      kind,
      'inline' in ref ? ref.inline : null,
      'file' in ref ? ref.file : null,
    );
  }

  /** The plaintext behind a ref sealed by a writer of message `id`: a buffer, or a stream of a big file. */
  async input(id: string, kind: BlobKind, ref: BlobRef): Promise<Buffer | Readable> {
    if ('inline' in ref) return this.open(id, kind, ref.inline);
    const path = join(this.dir, ref.file);
    return this.cipher ? Readable.from(this.decryptFile(id, kind, path)) : createReadStream(path);
  }

  private row(id: string, kind: BlobKind): BlobRef {
    const row = this.stmts.get.get(id, kind) as { data: Buffer | null; file: string | null } | undefined;
    if (!row) throw new Error(`no ${kind} blob for ${id}`);
    return row.data ? { inline: row.data } : { file: row.file! };
  }

  /**
   * A stored blob whole. A big one is read in chunks into one buffer of its plaintext size (never
   * file, ciphertext and plaintext at once), backed by a SharedArrayBuffer so the scan workers can
   * read it where it is instead of receiving a copy.
   */
  async read(id: string, kind: BlobKind): Promise<Buffer> {
    const ref = this.row(id, kind);
    if ('inline' in ref) return this.open(id, kind, ref.inline);
    const path = join(this.dir, ref.file);
    const fh = await open(path, 'r');
    let out: Buffer;
    try {
      const { size } = await fh.stat();
      out = Buffer.from(new SharedArrayBuffer(size));
      if (!this.cipher) {
        await readInto(fh, out, 0, size);
        return out;
      }
    } finally {
      await fh.close();
    }
    let at = 0;
    for await (const chunk of this.decryptFile(id, kind, path)) {
      chunk.copy(out, at);
      at += chunk.length;
    }
    return out.subarray(0, at);
  }

  /** A stored blob as a stream (the outbox delivers a big message without holding it whole). */
  async stream(id: string, kind: BlobKind): Promise<Buffer | Readable> {
    return this.input(id, kind, this.row(id, kind));
  }

  /** Decrypts a sealed file chunk by chunk; the last chunk is only yielded once the tag checks. */
  private async *decryptFile(id: string, kind: BlobKind, path: string): AsyncGenerator<Buffer> {
    const fh = await open(path, 'r');
    try {
      const { size } = await fh.stat();
      const head = Buffer.alloc(Math.min(size, HEADER_MAX_BYTES));
      await readInto(fh, head, 0, head.length);
      const tag = Buffer.alloc(Math.min(size, SEAL_TAG_BYTES));
      await readInto(fh, tag, size - tag.length, tag.length);
      const d = this.cipher!.decryptor(id, head, tag, size, this.purpose(kind));
      const end = size - SEAL_TAG_BYTES;
      const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      for (let pos = d.headerBytes; pos < end; ) {
        const n = Math.min(chunk.length, end - pos);
        await readInto(fh, chunk, pos, n);
        pos += n;
        yield d.update(chunk.subarray(0, n));
      }
      yield d.final();
    } finally {
      await fh.close();
    }
  }

  /**
   * Encrypts composed copies that an earlier version stored in the clear (it encrypted only the
   * raw message): files are rewritten in place, inline rows come back as updates to commit. Run
   * at start, before anything reads or writes blobs.
   */
  async sealLegacy(): Promise<{ ops: SqlOp[]; files: number }> {
    const ops: SqlOp[] = [];
    let files = 0;
    if (!this.cipher) return { ops, files };
    const rows = this.stmts.composed.all() as Array<{
      message_id: string;
      kind: BlobKind;
      data: Buffer | null;
      file: string | null;
    }>;
    for (const r of rows) {
      if (r.data) {
        if (isSealed(r.data)) continue;
        const sealed = this.seal(r.message_id, r.kind, r.data);
        ops.push(
          op('UPDATE blobs SET data = ? WHERE message_id = ? AND kind = ?', sealed, r.message_id, r.kind),
        );
      } else if (r.file) {
        const plain = await readFile(join(this.dir, r.file)).catch(() => undefined);
        if (!plain || isSealed(plain)) continue;
        const sealed = this.seal(r.message_id, r.kind, plain);
        await writeFileDurably(this.dirSync, r.file, sealed, this.fsync);
        files++;
      }
    }
    return { ops, files };
  }

  /** Deletes the row; its result rows name the file to remove once the deletion is committed. */
  forget(id: string, kind: BlobKind): SqlOp {
    return op('DELETE FROM blobs WHERE message_id = ? AND kind = ? RETURNING file', id, kind);
  }

  /** Removes the files of committed `forget` results. */
  async removeFiles(results: SqlResult[]): Promise<void> {
    for (const r of results)
      for (const row of r.rows as Array<{ file?: string | null }>)
        if (row.file) await unlinkIfExists(join(this.dir, row.file));
  }

  /** Removes files no row refers to: left by a crash between writing a file and committing its row. */
  async sweep(): Promise<number> {
    const known = new Set((this.stmts.files.all() as Array<{ file: string }>).map((r) => r.file));
    let removed = 0;
    for (const name of await readdir(this.dir)) {
      if (known.has(name)) continue;
      await unlinkIfExists(join(this.dir, name));
      removed++;
    }
    return removed;
  }
}
