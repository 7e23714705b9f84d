import { append as auditAppend, list as auditList } from '../adapters/sqlite/audit-log.js';
import type { Db } from '../adapters/sqlite/database.js';
import type {
  QuarantineFilter,
  QuarantineIndex,
  QuarantineItem,
} from '../adapters/sqlite/quarantine-index.js';
import type { TicketStatus, TicketStore } from '../adapters/sqlite/ticket-store.js';
import { may, type Permission } from '../domain/staff/roles.js';
import { NotFound, type QuarantineAdmin } from '../workflows/quarantine-admin.js';
import type { UploadChannel } from '../workflows/upload-channel.js';
import type { RedactedView } from './redacted-view.js';
import type { Principal } from './staff-auth.js';

export class Forbidden extends Error {
  override name = 'Forbidden';
}

export class BadRequest extends Error {
  override name = 'BadRequest';
}

export interface StaffServiceDeps {
  db: Db;
  admin: QuarantineAdmin;
  index: QuarantineIndex;
  tickets: TicketStore;
  /** The redacted copy of an item, rendered from its original. */
  view: (original: Buffer) => Promise<RedactedView>;
  /** The original of an item, without an audit row (the caller audits what it shows). */
  original: (id: string) => Promise<Buffer>;
  /** What customers sent through the secure channel. */
  uploads?: UploadChannel;
}

const MAX_REASON = 500;

/** A reason as the audit log keeps it: required where asked, one line, bounded. */
function reasonOf(reason: unknown, required: boolean): string | null {
  const r = typeof reason === 'string' ? reason.replace(/[\r\n\t]+/g, ' ').trim() : '';
  if (!r && required) throw new BadRequest('a reason is required');
  if (r.length > MAX_REASON) throw new BadRequest(`the reason is longer than ${MAX_REASON} characters`);
  return r || null;
}

/**
 * What the web UI and the API let staff do, each call checked against the caller's role and
 * audited with them as the actor. Routes translate; this is where the policy is applied.
 */
export class StaffService {
  constructor(private readonly d: StaffServiceDeps) {}

  private need(p: Principal, permission: Permission): void {
    if (!may(p.role, permission)) throw new Forbidden(`the ${p.role} role may not do this`);
  }

  list(p: Principal, filter: QuarantineFilter): QuarantineItem[] {
    this.need(p, 'read');
    return this.d.index.search(filter);
  }

  counts(p: Principal) {
    this.need(p, 'read');
    return this.d.index.counts();
  }

  /** An item's metadata, findings and redacted view (audited as a view). */
  async show(p: Principal, id: string) {
    this.need(p, 'read');
    const item = this.d.admin.show(id, p.actor);
    const readable = item.state === 'quarantined' || item.state === 'released';
    const view = readable ? await this.d.view(await this.d.original(id)) : undefined;
    return { ...item, view };
  }

  async reveal(p: Principal, id: string, reason: unknown): Promise<Buffer> {
    this.need(p, 'act');
    return this.d.admin.reveal(id, p.actor, reasonOf(reason, true)!);
  }

  async release(p: Principal, id: string, reason: unknown): Promise<void> {
    this.need(p, 'act');
    await this.d.admin.release(id, p.actor, reasonOf(reason, true));
  }

  async delete(p: Principal, id: string, reason: unknown): Promise<void> {
    this.need(p, 'act');
    await this.d.admin.delete(id, p.actor, reasonOf(reason, false));
  }

  tickets(p: Principal, status: TicketStatus | undefined, limit: number) {
    this.need(p, 'read');
    return this.d.tickets.list({ ...(status ? { status } : {}), limit });
  }

  ticket(p: Principal, id: string) {
    this.need(p, 'read');
    const t = this.d.tickets.get(id);
    if (!t) return undefined;
    const items = this.d.index.search({ ticket: id, limit: 500 });
    return {
      ...t,
      messages: this.d.tickets.messages(id),
      findings: this.d.tickets
        .findings(id)
        .map((f) => ({ queueId: f.queueId, type: f.type, location: f.location, preview: f.preview })),
      items,
      uploads: this.uploads(p, id),
    };
  }

  /** What the customer sent through the secure channel: reviewers only, names included. */
  uploads(p: Principal, ticketId: string) {
    if (!may(p.role, 'act') || !this.d.uploads) return undefined;
    return this.d.uploads.list(ticketId);
  }

  /** An upload's bytes, for a reviewer; audited before anything is read. */
  openUpload(p: Principal, ticketId: string, uploadId: string) {
    this.need(p, 'act');
    const u = this.d.uploads?.open(uploadId);
    if (!u || u.ticketId !== ticketId) throw new NotFound(`no upload ${uploadId} on ticket ${ticketId}`);
    auditAppend(this.d.db, {
      actor: p.actor,
      action: 'upload_view',
      item: uploadId,
      reason: `ticket ${ticketId}`,
    });
    return u;
  }

  solve(p: Principal, id: string) {
    this.need(p, 'act');
    return this.d.admin.solveTicket(id, p.actor);
  }

  audit(p: Principal, limit: number) {
    this.need(p, 'act');
    return auditList(this.d.db, { limit }).reverse();
  }
}
