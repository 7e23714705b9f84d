import { access, open, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { DeliveryError, type Mailer, type OutboundMessage } from '../ports.js';
import { DirSync, ensureDir, unlinkIfExists } from './durable-files.js';

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

/**
 * Delivery into a standard maildir (tmp/ → new/). The file name is derived from the delivery id
 * alone, so delivering the same message again after a crash finds the earlier copy instead of
 * making a second one, also when a mail client has since moved it to cur/ and added flags.
 */
export class MaildirMailer implements Mailer {
  private readonly newSync: DirSync;

  constructor(
    readonly dir: string,
    private readonly fsync = true,
  ) {
    for (const sub of ['tmp', 'new', 'cur']) ensureDir(join(dir, sub));
    this.newSync = new DirSync(join(dir, 'new'), fsync);
  }

  static fileName(msg: Pick<OutboundMessage, 'deliveryId' | 'receivedAt'>): string {
    return `${Math.floor(msg.receivedAt / 1000)}.${msg.deliveryId}.deskguard`;
  }

  private async alreadyThere(name: string): Promise<boolean> {
    if (await exists(join(this.dir, 'new', name))) return true;
    const cur = await readdir(join(this.dir, 'cur'));
    return cur.some((n) => n === name || n.startsWith(`${name}:`));
  }

  async deliver(msg: OutboundMessage): Promise<void> {
    const name = MaildirMailer.fileName(msg);
    try {
      // A first attempt in this run cannot find an earlier copy: the name is unique to the message.
      if (msg.mayBeDelivered && (await this.alreadyThere(name))) return;
      const tmp = join(this.dir, 'tmp', name);
      const fh = await open(tmp, 'w', 0o640);
      try {
        if (Buffer.isBuffer(msg.raw)) await fh.writeFile(msg.raw);
        else for await (const chunk of msg.raw as AsyncIterable<Buffer>) await fh.write(chunk);
        if (this.fsync) await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, join(this.dir, 'new', name));
      await this.newSync.sync();
    } catch (err) {
      await unlinkIfExists(join(this.dir, 'tmp', name)).catch(() => undefined);
      // A full or read-only disk is temporary from the queue's point of view: an admin fixes it.
      throw new DeliveryError(`maildir: ${(err as Error).message}`, false);
    }
  }

  async close(): Promise<void> {}
}
