import { mkdirSync } from 'node:fs';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';

/**
 * fsync of a directory, coalesced: callers that arrive while one sync is running share the next
 * one (a sync already under way may have started before their rename or create, so it cannot count).
 */
export class DirSync {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(
    readonly dir: string,
    private readonly enabled = true,
  ) {}

  sync(): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    if (!this.running) {
      this.running = this.once().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    if (!this.next) {
      const after = this.running.catch(() => undefined);
      this.next = after.then(() => {
        this.next = undefined;
        return this.sync();
      });
    }
    return this.next;
  }

  private handle: Promise<FileHandle> | undefined;

  // One descriptor for the life of the process: fsync of any descriptor of the directory flushes it.
  private async once(): Promise<void> {
    this.handle ??= open(this.dir, 'r');
    await (await this.handle).sync();
  }
}

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o750 });
}

/**
 * Writes a whole file durably: temp name, fsync, rename into place, fsync of the directory. The
 * content may come in pieces, written in order (a big message is never joined just to be written).
 */
export async function writeFileDurably(
  dirSync: DirSync,
  name: string,
  data: Uint8Array | readonly Uint8Array[],
  fsync = true,
): Promise<void> {
  const final = `${dirSync.dir}/${name}`;
  const tmp = `${final}.tmp-${process.pid}`;
  let fh: FileHandle | undefined = await open(tmp, 'w', 0o640);
  try {
    for (const piece of data instanceof Uint8Array ? [data] : data) await fh.writeFile(piece);
    if (fsync) await fh.sync();
    await fh.close();
    fh = undefined;
    await rename(tmp, final);
  } catch (err) {
    await fh?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await dirSync.sync();
}

export async function unlinkIfExists(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
