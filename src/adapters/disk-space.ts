import { statfs } from 'node:fs/promises';

/**
 * Free space of the data directory, cached for a second: asking the kernel on every MAIL FROM
 * would cost more than the answer is worth, and a second of staleness is far below the watermark.
 */
export class DiskSpace {
  private cached: { at: number; free: number } | undefined;

  constructor(
    private readonly dir: string,
    private readonly minFreeBytes: number,
  ) {}

  async freeBytes(): Promise<number> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < 1000) return this.cached.free;
    const s = await statfs(this.dir);
    const free = Number(s.bavail) * Number(s.bsize);
    this.cached = { at: now, free };
    return free;
  }

  async low(): Promise<boolean> {
    if (this.minFreeBytes <= 0) return false;
    return (await this.freeBytes()) < this.minFreeBytes;
  }
}
