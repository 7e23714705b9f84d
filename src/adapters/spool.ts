import { readdir, readFile } from 'node:fs/promises';
import { type FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import { DirSync, ensureDir, unlinkIfExists } from './durable-files.js';

/** A message being received: bytes go straight to disk, never held whole in memory. */
export interface SpoolWriter {
  write(chunk: Uint8Array): Promise<void>;
  /** fsyncs the file and its directory entry; after this the bytes survive a crash. */
  seal(): Promise<number>;
  abort(): Promise<void>;
}

/**
 * Raw messages as received, one file per queue id. A file alone means nothing: the message exists
 * once its database row is committed, which happens only after the file is durable. Files without
 * a row (a crash before the commit, before any 250) are removed at start.
 */
export class Spool {
  private readonly dirSync: DirSync;

  constructor(
    readonly dir: string,
    private readonly fsync = true,
  ) {
    ensureDir(dir);
    this.dirSync = new DirSync(dir, fsync);
  }

  path(id: string): string {
    return join(this.dir, `${id}.eml`);
  }

  async create(id: string): Promise<SpoolWriter> {
    const path = this.path(id);
    const fh: FileHandle = await open(path, 'wx', 0o640);
    let size = 0;
    let closed = false;
    const close = async () => {
      if (!closed) {
        closed = true;
        await fh.close();
      }
    };
    return {
      write: async (chunk) => {
        size += chunk.length;
        await fh.write(chunk);
      },
      seal: async () => {
        if (this.fsync) await fh.sync();
        await close();
        await this.dirSync.sync();
        return size;
      },
      abort: async () => {
        await close().catch(() => undefined);
        await unlinkIfExists(path);
      },
    };
  }

  read(id: string): Promise<Buffer> {
    return readFile(this.path(id));
  }

  remove(id: string): Promise<void> {
    return unlinkIfExists(this.path(id));
  }

  async ids(): Promise<string[]> {
    const names = await readdir(this.dir);
    return names.filter((n) => n.endsWith('.eml')).map((n) => n.slice(0, -4));
  }
}
