import type { Finding } from '../../domain/finding.js';

/**
 * Tickets, their messages and their findings' metadata. Appended by the lead as one migration.
 * Nothing here may ever hold a secret: subjects are the redacted ones, findings carry the masked
 * preview and keyed fingerprint only. `root_message_id` is the Message-ID a ticket's id was
 * derived from (see ticket-threading), so the original of a thread whose reply came first finds it.
 */
export const TICKETS_SCHEMA_SQL = `
CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  root_message_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  requester TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'solved')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  solved_at INTEGER
);
CREATE INDEX tickets_root ON tickets (root_message_id);
CREATE INDEX tickets_status ON tickets (status, updated_at);
CREATE TABLE ticket_messages (
  message_id TEXT NOT NULL UNIQUE,
  queue_id TEXT NOT NULL,
  ticket_id TEXT NOT NULL REFERENCES tickets (id),
  quarantine_item TEXT,
  received_at INTEGER NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, received_at);
CREATE INDEX ticket_messages_queue ON ticket_messages (queue_id);
CREATE TABLE ticket_findings (
  ticket_id TEXT NOT NULL REFERENCES tickets (id),
  queue_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  location TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  preview TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (queue_id, seq)
);
CREATE INDEX ticket_findings_ticket ON ticket_findings (ticket_id);
`;

/**
 * A Message-ID no longer names one message: a second, different message may carry an id an earlier
 * one had, and both are filed. Each filed message is keyed by its queue id and keeps a keyed digest
 * of its content (never the content), by which a true second copy is recognised. SQLite cannot drop
 * a UNIQUE constraint, so the table is rebuilt; rows filed before have no digest (NULL).
 */
export const TICKET_MESSAGES_REUSE_SQL = `
CREATE TABLE ticket_messages_next (
  message_id TEXT NOT NULL,
  queue_id TEXT NOT NULL UNIQUE,
  ticket_id TEXT NOT NULL REFERENCES tickets (id),
  quarantine_item TEXT,
  received_at INTEGER NOT NULL,
  content_digest TEXT
);
INSERT OR IGNORE INTO ticket_messages_next (message_id, queue_id, ticket_id, quarantine_item, received_at)
  SELECT message_id, queue_id, ticket_id, quarantine_item, received_at FROM ticket_messages ORDER BY rowid;
DROP TABLE ticket_messages;
ALTER TABLE ticket_messages_next RENAME TO ticket_messages;
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, received_at);
CREATE INDEX ticket_messages_message ON ticket_messages (message_id, content_digest);
`;

export const TICKET_STATUSES = ['open', 'solved'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export interface TicketRow {
  id: string;
  rootMessageId: string;
  subject: string;
  requester: string;
  status: TicketStatus;
  createdAt: number;
  updatedAt: number;
  solvedAt: number | null;
}

export interface TicketMessageRow {
  messageId: string;
  queueId: string;
  ticketId: string;
  quarantineItem: string | null;
  receivedAt: number;
}

export interface TicketFindingRow {
  queueId: string;
  type: string;
  location: string;
  ruleId: string;
  fingerprint: string;
  preview: string;
  createdAt: number;
}

/** What solving a ticket leaves to shred: every message's queue id and quarantine item. */
export interface ShredTargets {
  queueIds: string[];
  quarantineItems: string[];
}

export interface NewTicket {
  id: string;
  rootMessageId: string;
  /** Redacted. */
  subject: string;
  requester: string;
  now?: number;
}

export interface AttachedMessage {
  ticketId: string;
  /** The normalised Message-ID (ThreadingDecision.messageKey). */
  messageId: string;
  queueId: string;
  quarantineItem?: string | undefined;
  receivedAt: number;
  /** Keyed digest of the content (see message-digest.ts). */
  digest: string;
  now?: number;
}

/** The fields of a Finding that are stored; a value field does not exist to be passed. */
export type StoredFinding = Pick<Finding, 'type' | 'where' | 'ruleId' | 'fingerprint' | 'preview'>;

export interface FileInput {
  queueId: string;
  /** Redacted: never the subject as received. */
  subject: string;
  requester: string;
  quarantineItem?: string | undefined;
  receivedAt: number;
  /** Keyed digest of the content (see message-digest.ts). */
  digest: string;
  findings: readonly StoredFinding[];
  now?: number;
}

export const toTicket = (r: Record<string, unknown>): TicketRow => ({
  id: r.id as string,
  rootMessageId: r.root_message_id as string,
  subject: r.subject as string,
  requester: r.requester as string,
  status: r.status as TicketStatus,
  createdAt: r.created_at as number,
  updatedAt: r.updated_at as number,
  solvedAt: (r.solved_at as number | null) ?? null,
});

/** Distinct queue ids and quarantine items from rows of the shred query. */
export function collectTargets(rows: unknown[]): ShredTargets {
  const queueIds = new Set<string>();
  const items = new Set<string>();
  for (const r of rows as Array<{ queue_id: string; quarantine_item: string | null }>) {
    queueIds.add(r.queue_id);
    if (r.quarantine_item) items.add(r.quarantine_item);
  }
  return { queueIds: [...queueIds].sort(), quarantineItems: [...items].sort() };
}
