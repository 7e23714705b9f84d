import type { StoredAuth } from './auth/stored-auth.js';
import type { Finding } from './finding.js';
import type { SenderView } from './sender-view.js';

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
 * worker; `delivering` sits in the outbox; the last three are final until an admin acts. `held`
 * keeps the original in the quarantine (a verdict, or a message that cannot be processed); `dead`
 * is a delivery the helpdesk refused or never took, whose original is kept in the quarantine too.
 * Processing itself never ends in `dead`: nothing after 250 ends with the original unreadable.
 */
export const MESSAGE_STATES = ['received', 'processing', 'delivering', 'delivered', 'held', 'dead'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

const TRANSITIONS: Record<MessageState, readonly MessageState[]> = {
  // claimed by the pipeline
  received: ['processing'],
  // back to wait (temporary failure, crash), queued for delivery, held, or a copy of a message
  // delivered before (delivered at once)
  processing: ['received', 'delivering', 'held', 'delivered'],
  delivering: ['delivered', 'dead'],
  delivered: [],
  // an admin's retry (received) or a staff release of the original (delivered)
  held: ['received', 'delivered'],
  // an admin's retry (received, or delivering again) or a staff release (delivered)
  dead: ['received', 'delivering', 'delivered'],
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
  /** Why the message could not be parsed at all (held as `unparseable`); the headers are then empty. */
  unparseable?: string;
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
  /** What detection found (metadata only: masked previews, fingerprints, name-free places). */
  findings?: Finding[];
  /** The findings' places and removed files in the sender's terms: for the notice only, never stored. */
  senderView?: SenderView;
  /**
   * The decoded Subject as detection left it (redacted), for every verdict: a held message's
   * subject is customer text too. Absent only when detection is off.
   */
  checkedSubject?: string;
  /** The message with every finding redacted, when there was anything to redact. */
  redacted?: Buffer | undefined;
  /** Writes to commit with the message's next state (quarantine key, ticket, findings). */
  writes: PendingWrite[];
  /** The quarantine item holding the original, when the message has one. */
  quarantineItem?: string;
  ticketId?: string;
  /**
   * The queue id of an earlier copy of this message (same Message-ID and same content, already
   * filed): nothing new to deliver. A different message that reuses a Message-ID is not a copy.
   */
  duplicate?: string;
  /** The auto-reply to the sender, when one is due, or why none is sent. */
  notice?: { raw: Buffer; to: string };
  noticeSkipped?: string;
  /** The decoded Subject as checked (redacted): the only subject that may be stored or shown. */
  deliveredSubject?: string;
  verdict?: Verdict;
  /** Headers the gateway adds to what it delivers, in order, already folded. */
  addHeaders: Array<[string, string]>;
  /** The ARC chain received was removed (it carried a claim in our name): our seal starts anew. */
  arcChainRemoved?: boolean;
  /** The message to deliver; stages that rewrite the message (redact) set it. */
  output?: Buffer;
  /** Header lines composed on top of `output` by the last stage (trace, ARC seal), kept apart from it. */
  head?: Buffer;
  /** Why a message is held or dead, for staff and admins. */
  reason?: string;
}
