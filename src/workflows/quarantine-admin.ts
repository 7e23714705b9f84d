import type { BlobStore } from '../adapters/blob-store.js';
import { append as auditAppend } from '../adapters/sqlite/audit-log.js';
import type { Db } from '../adapters/sqlite/database.js';
import type { MessageStore } from '../adapters/sqlite/message-store.js';
import type { OutboxStore } from '../adapters/sqlite/outbox-store.js';
import type { QuarantineIndex, QuarantineItem } from '../adapters/sqlite/quarantine-index.js';
import type { SqlWriter } from '../adapters/sqlite/sql-op.js';
import { solved, type TicketStore } from '../adapters/sqlite/ticket-store.js';
import type { Vault } from '../adapters/vault/vault.js';
import { withoutForeignClaims } from '../domain/auth/foreign-headers.js';
import { authHeaderValue } from '../domain/auth/verdict.js';
import { purgeExpired } from './retention.js';
import type { UploadChannel } from './upload-channel.js';

export interface QuarantineAdminDeps {
  db: Db;
  vault: Vault;
  index: QuarantineIndex;
  tickets: TicketStore;
  messages: MessageStore;
  outbox: OutboxStore;
  blobs: BlobStore;
  writer: SqlWriter;
  helpdeskRcptTo: readonly string[];
  /** What customers sent through the secure channel: shredded with the ticket and by retention. */
  uploads?: UploadChannel;
  retentionDays: number;
  /** Our authserv-id: results claiming it are removed from a released original, as on delivery. */
  authservId: string;
  now?: () => number;
}

export class NotFound extends Error {
  override name = 'NotFound';
}

/**
 * What staff and admins do with quarantined mail, each action audited before it takes effect:
 * the CLI, the helpdesk webhook and the retention timer all go through here.
 */
export class QuarantineAdmin {
  constructor(private readonly deps: QuarantineAdminDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  private audit(actor: string, action: string, item: string | null, reason: string | null): void {
    auditAppend(this.deps.db, { actor, action, item, reason }, this.now());
  }

  private item(id: string): QuarantineItem {
    const item = this.deps.index.get(id);
    if (!item) throw new NotFound(`no quarantine item ${id}`);
    return item;
  }

  list(state: QuarantineItem['state'] | null = 'quarantined', limit = 100): QuarantineItem[] {
    return this.deps.index.list(state, limit);
  }

  /** The metadata of an item; viewing it is audited too. */
  show(
    id: string,
    actor: string,
  ): QuarantineItem & { findings: Array<{ type: string; location: string; preview: string }> } {
    const item = this.item(id);
    this.audit(actor, 'view', id, null);
    const findings = item.ticket
      ? this.deps.tickets
          .findings(item.ticket)
          .filter((f) => f.queueId === id)
          .map((f) => ({ type: f.type, location: f.location, preview: f.preview }))
      : [];
    return { ...item, findings };
  }

  /** The original message as received. Needs a reason, which the audit log keeps with the actor. */
  async reveal(id: string, actor: string, reason: string): Promise<Buffer> {
    if (!reason.trim()) throw new TypeError('a reason is required to reveal a quarantined message');
    const item = this.item(id);
    if (item.state !== 'quarantined' && item.state !== 'released')
      throw new NotFound(`item ${id} is ${item.state}`);
    this.audit(actor, 'reveal', id, reason);
    return this.deps.vault.get(id);
  }

  /**
   * Delivers the original, unredacted, to the helpdesk (a false positive, or a held message staff
   * cleared). It goes through the outbox like any delivery, so it survives a helpdesk outage.
   */
  async release(id: string, actor: string, reason: string | null): Promise<void> {
    const item = this.item(id);
    if (item.state !== 'quarantined') throw new NotFound(`item ${id} is ${item.state}`);
    const message = this.deps.messages.get(id);
    if (!message) throw new NotFound(`message ${id} is no longer in the queue`);
    this.audit(actor, 'release', id, reason);
    // The original as received, but never with fields that speak in our name from outside:
    // ours (the verdict reached at SMTP time) replace them, as on every delivery.
    const original = withoutForeignClaims(await this.deps.vault.get(id), this.deps.authservId).raw;
    const auth = message.auth
      ? `Authentication-Results: ${message.auth.authResults}\r\nX-Deskguard-Auth: ${authHeaderValue(message.auth.verdict)}\r\n`
      : '';
    const header = Buffer.from(
      `X-Deskguard-Released: by ${actor.replace(/[\r\n]/g, ' ')}; ${new Date(this.now()).toUTCString()}\r\n${auth}`,
    );
    const rcptTo = this.deps.helpdeskRcptTo.length ? [...this.deps.helpdeskRcptTo] : message.envelope.rcptTo;
    const w = this.deps.blobs.writer(id, 'release');
    await w.write(Buffer.concat([header, original]));
    const ref = await w.seal();
    await this.deps.writer.run([
      this.deps.index.setState(id, 'released', this.now()),
      this.deps.blobs.record(id, 'release', ref),
      this.deps.outbox.add(id, 'release', message.envelope.mailFrom, rcptTo),
    ]);
  }

  /** Crypto-shreds the original: its wrapped key and blob are deleted; the metadata stays, marked. */
  async delete(
    id: string,
    actor: string,
    reason: string | null,
    action: 'delete' | 'solve' = 'delete',
  ): Promise<void> {
    const item = this.item(id);
    if (item.state === 'deleted' || item.state === 'purged') return;
    this.audit(actor, action, id, reason);
    await this.deps.vault.shred(id);
    await this.deps.writer.run([this.deps.index.setState(id, 'deleted', this.now())]);
  }

  /**
   * Marks a ticket solved and shreds every quarantined original of it. With `asOf` (epoch ms: when
   * the helpdesk signed its request) only what the ticket held then: originals received later stay,
   * and a ticket with such a message stays open (`kept-open`).
   */
  async solveTicket(
    ticketId: string,
    actor: string,
    asOf?: number,
  ): Promise<'solved' | 'already' | 'unknown' | 'kept-open'> {
    const ticket = this.deps.tickets.get(ticketId);
    if (!ticket) return 'unknown';
    const outcome = solved(await this.deps.writer.run(this.deps.tickets.solve(ticketId, this.now(), asOf)));
    const keptOpen = !outcome.changed && this.deps.tickets.get(ticketId)?.status === 'open';
    const note = outcome.changed
      ? 'ticket solved'
      : keptOpen
        ? 'newer messages arrived since the request: ticket kept open, older originals deleted'
        : 'ticket already solved';
    this.audit(actor, 'solve', ticketId, note);
    for (const id of new Set([...outcome.quarantineItems, ...outcome.queueIds])) {
      if (this.deps.index.get(id)) await this.delete(id, actor, `ticket ${ticketId} solved`, 'solve');
    }
    if (outcome.changed && this.deps.uploads) {
      const shredded = await this.deps.uploads.shredTicket(ticketId);
      if (shredded)
        this.audit(actor, 'upload_shred', ticketId, `ticket solved: ${shredded} upload(s) deleted`);
    }
    return outcome.changed ? 'solved' : keptOpen ? 'kept-open' : 'already';
  }

  /** The retention policy: originals older than the retention period are shredded. */
  async purge(): Promise<{ purged: number; swept: number }> {
    const result = await purgeExpired({
      vault: this.deps.vault,
      now: this.now(),
      retentionDays: this.deps.retentionDays,
      audit: (entry) => {
        auditAppend(this.deps.db, entry, this.now());
        if (entry.item)
          void this.deps.writer.run([this.deps.index.setState(entry.item, 'purged', this.now())]);
      },
    });
    const uploads = (await this.deps.uploads?.purge()) ?? 0;
    if (uploads)
      this.audit('retention', 'upload_purge', null, `${uploads} upload(s) past retention or never sent`);
    return result;
  }
}
