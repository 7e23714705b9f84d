import { randomBytes } from 'node:crypto';
import { secretHash } from '../adapters/staff-secrets.js';
import type { UploadFiles } from '../adapters/vault/upload-files.js';
import type { UploadLink, UploadRecords } from '../ports.js';

export type LinkCheck = { ok: true; link: UploadLink } | { ok: false; why: 'unknown' | 'expired' | 'spent' };

export interface UploadChannelDeps {
  store: UploadRecords;
  files: UploadFiles;
  now: () => number;
  /** How long a link works (upload.linkDays, at most quarantine.retentionDays). */
  linkMs: number;
  /** Uploads are kept this long at most (quarantine.retentionDays), like originals. */
  retentionMs: number;
  audit: (entry: { actor: string; action: string; item: string | null; reason: string | null }) => void;
}

// Records of this many plaintext bytes: the most of an upload ever in memory at once.
export const CHUNK_BYTES = 1024 * 1024;
// A pasted text is a message, not a file: bounded like a form field.
export const MAX_TEXT_BYTES = 64 * 1024;

/** A new upload id: 20 random bytes, base64url (file names and URLs without escaping). */
export const newUploadId = (): string => randomBytes(20).toString('base64url');

/**
 * The secure channel the notice promises: a link per ticket, where the customer pastes a credential
 * or uploads files, sealed on arrival and shown only to reviewers on the ticket. The link works
 * until it expires or until a submission spends it; opening the page spends nothing, so a mail
 * scanner that follows every link leaves it working for the customer.
 */
export class UploadChannel {
  constructor(private readonly d: UploadChannelDeps) {}

  /** A link token for a ticket, stored at once (tests, the CLI); only its hash is kept. */
  createLink(ticketId: string, language = 'en'): string {
    const { token, link } = this.linkFor(ticketId, language, this.d.now());
    this.d.store.addLink(link);
    return token;
  }

  /** A link token and the write that stores it, to commit with the notice that carries it. */
  newLink(ticketId: string, language: string, now: number) {
    const { token, link } = this.linkFor(ticketId, language, now);
    return { token, write: this.d.store.linkWrite(link) };
  }

  private linkFor(ticketId: string, language: string, now: number) {
    const token = randomBytes(32).toString('base64url');
    return {
      token,
      link: {
        tokenHash: secretHash(token),
        ticketId,
        language,
        createdAt: now,
        expiresAt: now + this.d.linkMs,
      },
    };
  }

  check(token: string): LinkCheck {
    const link = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? this.d.store.link(secretHash(token)) : undefined;
    if (!link) return { ok: false, why: 'unknown' };
    if (link.spentAt !== null) return { ok: false, why: 'spent' };
    if (link.expiresAt <= this.d.now()) return { ok: false, why: 'expired' };
    return { ok: true, link };
  }

  /** The language of a link's notice, also when the link is spent or expired. */
  languageOf(token: string): string | undefined {
    return /^[A-Za-z0-9_-]{20,100}$/.test(token) ? this.d.store.link(secretHash(token))?.language : undefined;
  }

  /** Registers a new upload on a link: its sealed name and wrapped key; the bytes come after. */
  async begin(
    link: Pick<UploadLink, 'tokenHash' | 'ticketId'>,
    kind: 'text' | 'file',
    name: string,
    size: number | null,
    id = newUploadId(),
  ): Promise<{ id: string; dataKey: Buffer }> {
    const { dataKey, wrapped } = this.d.files.newKey(id);
    // The row first: a crash before the file leaves a row that retention removes, never a file
    // that nothing names.
    this.d.store.addUpload({
      id,
      ticketId: link.ticketId,
      linkHash: link.tokenHash,
      kind,
      size,
      createdAt: this.d.now(),
      ...wrapped,
      sealedName: name ? this.d.files.sealText(id, dataKey, name.slice(0, 255)) : null,
    });
    await this.d.files.create(id);
    return { id, dataKey };
  }

  /** The pasted text, sealed as an upload of its own. */
  async addText(link: UploadLink, text: string): Promise<string> {
    const bytes = Buffer.from(text, 'utf8');
    const { id, dataKey } = await this.begin(link, 'text', '', bytes.length);
    const w = await this.d.files.appender(id, dataKey, 0);
    try {
      await w.append(bytes);
    } finally {
      await w.close();
    }
    dataKey.fill(0);
    this.d.store.markReceived(id);
    return id;
  }

  /**
   * The customer's submission: the files they finished uploading and their text become the
   * ticket's, and the link is spent. False when it was spent or expired meanwhile.
   */
  async submit(token: string, fileIds: readonly string[], text: string): Promise<boolean> {
    const c = this.check(token);
    if (!c.ok) return false;
    const ids = [...fileIds];
    if (text.trim()) ids.push(await this.addText(c.link, text));
    const ok = this.d.store.submit(c.link.tokenHash, this.d.now(), ids);
    if (ok)
      this.d.audit({
        actor: 'customer',
        action: 'upload',
        item: c.link.ticketId,
        reason: `${ids.length} part(s) through the secure channel`,
      });
    return ok;
  }

  /** What a ticket received, with the names opened (for reviewers). */
  list(ticketId: string) {
    return this.d.store.submitted(ticketId).map((u) => {
      let name = u.kind === 'text' ? 'pasted text' : 'file';
      if (u.sealedName) {
        const key = this.d.files.dataKey(u.id, u);
        name = this.d.files.openText(u.id, key, u.sealedName);
        key.fill(0);
      }
      return { id: u.id, kind: u.kind, size: u.size, name, submittedAt: u.submittedAt };
    });
  }

  /** The bytes of a submitted upload, for a reviewer; the caller audits. */
  open(id: string):
    | {
        ticketId: string;
        name: string;
        kind: 'text' | 'file';
        size: number | null;
        chunks: AsyncGenerator<Buffer>;
      }
    | undefined {
    const u = this.d.store.upload(id);
    if (u?.state !== 'submitted') return undefined;
    const key = this.d.files.dataKey(u.id, u);
    const name = u.sealedName
      ? this.d.files.openText(u.id, key, u.sealedName)
      : u.kind === 'text'
        ? 'pasted-text.txt'
        : 'file';
    return { ticketId: u.ticketId, name, kind: u.kind, size: u.size, chunks: this.d.files.read(u.id, key) };
  }

  /** An upload still being received through a link (for the resumable-upload protocol). */
  receiving(id: string) {
    const u = this.d.store.upload(id);
    return u && u.state !== 'submitted' ? u : undefined;
  }

  get files(): UploadFiles {
    return this.d.files;
  }

  markReceived(id: string): void {
    this.d.store.markReceived(id);
  }

  /** Crypto-shreds an upload: its wrapped key row and its sealed file. */
  async shred(id: string): Promise<void> {
    this.d.store.remove(id);
    await this.d.files.remove(id);
  }

  /** A solved ticket: its uploads are shredded and its links stop working. */
  async shredTicket(ticketId: string): Promise<number> {
    this.d.store.endLinks(ticketId, this.d.now());
    const ids = this.d.store.ofTicket(ticketId);
    for (const id of ids) await this.shred(id);
    return ids.length;
  }

  /** Retention: uploads older than the retention period, and unfinished ones of dead links. */
  async purge(): Promise<number> {
    const now = this.d.now();
    const ids = this.d.store.stale(now, now - this.d.retentionMs);
    for (const id of ids) await this.shred(id);
    return ids.length;
  }
}
