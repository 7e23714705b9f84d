import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DirSync, ensureDir, unlinkIfExists, writeFileDurably } from './durable-files.js';

/** The composed messages waiting in the outbox, one file per delivery, written durably. */
export class OutboxFiles {
  private readonly dirSync: DirSync;

  constructor(
    readonly dir: string,
    private readonly fsync = true,
  ) {
    ensureDir(dir);
    this.dirSync = new DirSync(dir, fsync);
  }

  private name(messageId: string, kind: string): string {
    return `${messageId}.${kind}.eml`;
  }

  write(messageId: string, kind: string, data: Buffer): Promise<void> {
    return writeFileDurably(this.dirSync, this.name(messageId, kind), data, this.fsync);
  }

  read(messageId: string, kind: string): Promise<Buffer> {
    return readFile(join(this.dir, this.name(messageId, kind)));
  }

  remove(messageId: string, kind: string): Promise<void> {
    return unlinkIfExists(join(this.dir, this.name(messageId, kind)));
  }

  /** Every file as [messageId, kind], temp files of interrupted writes included as kind 'tmp'. */
  async list(): Promise<Array<{ messageId: string; kind: string; file: string }>> {
    return (await readdir(this.dir)).map((file) => {
      const [messageId = '', kind = 'tmp'] = file.split('.');
      return { messageId, kind: file.includes('.tmp-') ? 'tmp' : kind, file };
    });
  }
}
