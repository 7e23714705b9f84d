import type { Readable } from 'node:stream';
import { DataStore, ERRORS, Upload } from '@tus/server';
import { CHUNK_BYTES, type UploadChannel } from '../workflows/upload-channel.js';

/** Set by the upload routes on a creation request: the link the upload belongs to. */
export const LINK_KEY = 'deskguard-link';
export const TICKET_KEY = 'deskguard-ticket';

/**
 * The tus protocol's storage, sealing as bytes arrive: a PATCH's body is cut into chunks of
 * CHUNK_BYTES, each encrypted and appended (upload-files.ts), and the offset a client resumes from
 * is what was sealed and synced. An interrupted request keeps every whole chunk it delivered plus
 * the partial one it was filling, so a resume repeats nothing and loses nothing.
 */
export class SealedTusStore extends DataStore {
  constructor(private readonly channel: UploadChannel) {
    super();
    this.extensions = ['creation', 'termination'];
  }

  override async create(upload: Upload): Promise<Upload> {
    const link = upload.metadata?.[LINK_KEY];
    const ticket = upload.metadata?.[TICKET_KEY];
    const check =
      link && ticket
        ? { tokenHash: link, ticketId: ticket, createdAt: 0, expiresAt: 0, spentAt: null }
        : undefined;
    if (!check) throw ERRORS.INVALID_METADATA;
    const name = upload.metadata?.filename ?? upload.metadata?.name ?? '';
    const { dataKey } = await this.channel.begin(check, 'file', name ?? '', upload.size ?? null, upload.id);
    dataKey.fill(0);
    // The customer's file name is sealed; the protocol's metadata keeps none of it.
    return new Upload({ id: upload.id, size: upload.size, offset: 0, metadata: {} });
  }

  override async getUpload(id: string): Promise<Upload> {
    const row = this.channel.receiving(id);
    if (!row) throw ERRORS.FILE_NOT_FOUND;
    const { bytes } = await this.channel.files.received(id);
    return new Upload({ id, size: row.size ?? undefined, offset: bytes, metadata: {} });
  }

  override async write(stream: Readable, id: string, offset: number): Promise<number> {
    const row = this.channel.receiving(id);
    if (!row) throw ERRORS.FILE_NOT_FOUND;
    const files = this.channel.files;
    const { bytes, records } = await files.received(id);
    if (bytes !== offset) throw ERRORS.INVALID_OFFSET;
    const key = files.dataKey(id, row);
    const w = await files.appender(id, key, records);
    let total = offset;
    const pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      const chunk = Buffer.concat(pending, pendingBytes);
      pending.length = 0;
      pendingBytes = 0;
      await w.append(chunk);
      total += chunk.length;
    };
    try {
      for await (const data of stream) {
        let buf = data as Buffer;
        while (buf.length > 0) {
          const take = Math.min(buf.length, CHUNK_BYTES - pendingBytes);
          pending.push(buf.subarray(0, take));
          pendingBytes += take;
          buf = buf.subarray(take);
          if (pendingBytes === CHUNK_BYTES) await flush();
        }
      }
    } finally {
      // What arrived before a disconnect is kept: the client resumes after it.
      await flush().finally(() => w.close());
      key.fill(0);
    }
    if (row.size !== null && total === row.size) this.channel.markReceived(id);
    return total;
  }

  override async remove(id: string): Promise<void> {
    if (!this.channel.receiving(id)) throw ERRORS.FILE_NOT_FOUND;
    await this.channel.shred(id);
  }
}
