import type { StoredAuth } from './auth/stored-auth.js';
import type { Finding } from './finding.js';

/** What the SMTP session told us about a message, fixed when DATA starts. */
export interface Envelope {
  mailFrom: string; // '' for the null sender
  rcptTo: string[];
  remoteAddress: string;
  clientHostname: string;
  helo: string;
  tls: boolean;
  receivedAt: number; // ms since epoch
}

/**
 * Message states. `received` is durable and waiting for the pipeline; `processing` is claimed by a
 * worker; `delivering` sits in the outbox; the last three are final until an admin acts.
 */
export const MESSAGE_STATES = ['received', 'processing', 'delivering', 'delivered', 'held', 'dead'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

const TRANSITIONS: Record<MessageState, readonly MessageState[]> = {
  received: ['processing', 'dead'],
  processing: ['received', 'delivering', 'held', 'dead'],
  delivering: ['delivered', 'dead', 'delivering'],
  delivered: [],
  held: ['received', 'delivering', 'dead'],
  dead: ['received'],
};

export const canTransition = (from: MessageState, to: MessageState): boolean =>
  TRANSITIONS[from].includes(to);

/** The headers threading and notices work from (decoded; the Subject as received, so never stored). */
export interface ParsedHeaders {
  messageId: string | undefined;
  subject: string;
  from: string;
  fromAddresses: string[];
  inReplyTo: string | undefined;
  references: string[];
  autoSubmitted: string | undefined;
  precedence: string | undefined;
  listId: string | undefined;
  listUnsubscribe: string | undefined;
  deskguardNotice: string | undefined;
  autoResponseSuppress: string | undefined;
}

export interface ParsedMessage {
  headers: ParsedHeaders;
  /** Limits the structure ran into (parts, depth): such a message cannot be checked and is held. */
  overLimits: string[];
}

/** A database write a stage wants committed together with the message's next state. */
export interface PendingWrite {
  sql: string;
  params: unknown[];
}

/** The verdict the decide stage reaches; the SMTP reply and delivery follow from it at the edges. */
export type Verdict = 'deliver' | 'redact' | 'hold' | 'reject';

/** The typed context that stages read and extend. */
export interface MessageContext {
  queueId: string;
  envelope: Envelope;
  raw: Buffer;
  attempt: number;
  /** Sender authentication as judged at SMTP time (absent when authentication is off). */
  auth?: StoredAuth | undefined;
  parsed?: ParsedMessage;
  /** What detection found (metadata only: masked previews, fingerprints). */
  findings?: Finding[];
  /** The message with every finding redacted, when there was anything to redact. */
  redacted?: Buffer | undefined;
  /** Writes to commit with the message's next state (quarantine key, ticket, findings). */
  writes: PendingWrite[];
  /** The quarantine item holding the original, when the message has one. */
  quarantineItem?: string;
  ticketId?: string;
  /** The message was received before (same Message-ID, already ticketed): nothing new to deliver. */
  duplicate?: boolean;
  /** The auto-reply to the sender, when one is due, or why none is sent. */
  notice?: { raw: Buffer; to: string };
  noticeSkipped?: string;
  /** The decoded Subject as delivered (redacted): the only subject that may be stored or shown. */
  deliveredSubject?: string;
  verdict?: Verdict;
  /** Headers the gateway adds to what it delivers, in order, already folded. */
  addHeaders: Array<[string, string]>;
  /** The message to deliver; stages that rewrite the message (redact) set it. */
  output?: Buffer;
  /** Why a message is held or dead, for staff and admins. */
  reason?: string;
}
