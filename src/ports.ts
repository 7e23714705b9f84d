import type { Readable } from 'node:stream';
import type { AlertState, HeldItem } from './domain/held-alerts.js';
import type { Role } from './domain/staff/roles.js';

/** A message handed to a transport: the bytes and the envelope to send them with. */
export interface OutboundMessage {
  /** Stable per delivery (queue id, plus the kind for anything but the helpdesk copy): used to deduplicate. */
  deliveryId: string;
  receivedAt: number;
  mailFrom: string;
  rcptTo: string[];
  /** The bytes, whole or (a big message) streamed from the store; a stream is read at most once. */
  raw: Buffer | Readable;
  /** True when an earlier attempt may have got as far as delivering (a retry, or a restart). */
  mayBeDelivered: boolean;
}

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    /** 5xx: the destination refused the message itself; retrying cannot help. */
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** Where processed mail goes: the helpdesk (maildir or SMTP), later also senders' notices. */
export interface Mailer {
  deliver(msg: OutboundMessage): Promise<void>;
  close(): Promise<void>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A staff member who signs in to the web UI. `passwordHash` is a self-describing scrypt string. */
export interface StaffUser {
  name: string;
  role: Role;
  passwordHash: string;
  createdAt: number;
  /** Failed sign-ins since the last good one. */
  failures: number;
  /** Epoch ms until which sign-in is refused (too many failures), or 0. */
  lockedUntil: number;
}

/** A signed-in browser: the cookie holds the id, the store only its hash. */
export interface StaffSession {
  idHash: string;
  user: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

/** A bearer token for the API; the store holds only the token's hash. */
export interface ApiToken {
  name: string;
  role: Role;
  hash: string;
  createdAt: number;
  lastUsedAt: number | null;
}

/**
 * Staff identities: users, their sessions and API tokens. Asynchronous, so that the same contract
 * fits a database reached over the network (several gateways on one PostgreSQL).
 */
export interface StaffStore {
  addUser(user: Omit<StaffUser, 'failures' | 'lockedUntil'>): Promise<boolean>;
  getUser(name: string): Promise<StaffUser | undefined>;
  listUsers(): Promise<StaffUser[]>;
  /** Removes the user and every session of theirs. */
  removeUser(name: string): Promise<boolean>;
  countUsers(role?: Role): Promise<number>;
  recordFailure(name: string, lockedUntil: number): Promise<void>;
  clearFailures(name: string): Promise<void>;

  addSession(session: StaffSession): Promise<void>;
  getSession(idHash: string): Promise<StaffSession | undefined>;
  touchSession(idHash: string, at: number): Promise<void>;
  removeSession(idHash: string): Promise<void>;
  removeExpiredSessions(now: number): Promise<number>;

  addToken(token: Omit<ApiToken, 'lastUsedAt'>): Promise<boolean>;
  tokenByHash(hash: string): Promise<ApiToken | undefined>;
  listTokens(): Promise<ApiToken[]>;
  touchToken(name: string, at: number): Promise<void>;
  revokeToken(name: string): Promise<boolean>;
}

/** What the held-mail alerts read and remember. */
export interface AlertStore {
  /** Items held for staff and still quarantined, oldest first. */
  held(limit: number): Promise<HeldItem[]>;
  state(): Promise<AlertState>;
  /** An alert naming `items` went out at `at`. */
  recordSent(items: readonly string[], at: number): Promise<void>;
}

/** A per-ticket upload link of the secure channel; only the token's hash is kept. */
export interface UploadLink {
  tokenHash: string;
  ticketId: string;
  /** The language of the notice that carried it: the page answers in it. */
  language: string;
  createdAt: number;
  expiresAt: number;
  spentAt: number | null;
}

/** What a customer sent (or is sending) through a link: sizes, states and the wrapped key only. */
export interface UploadRecord {
  id: string;
  ticketId: string;
  linkHash: string;
  kind: 'text' | 'file';
  size: number | null;
  state: 'receiving' | 'received' | 'submitted';
  createdAt: number;
  submittedAt: number | null;
  keyId: string;
  wrapIv: Buffer;
  wrapTag: Buffer;
  wrappedKey: Buffer;
  /** The file's name, sealed under the upload's key. */
  sealedName: Buffer | null;
}

/** The secure channel's records (links and uploads); the bytes live sealed beside them. */
export interface UploadRecords {
  addLink(link: Omit<UploadLink, 'spentAt'>): void;
  /** The same as a write, to commit with other writes (the notice carrying the link). */
  linkWrite(link: Omit<UploadLink, 'spentAt'>): { sql: string; params: unknown[] };
  link(tokenHash: string): UploadLink | undefined;
  addUpload(u: Omit<UploadRecord, 'state' | 'submittedAt'>): void;
  upload(id: string): UploadRecord | undefined;
  markReceived(id: string): void;
  /** Spends the link and makes its received uploads the ticket's; false when already spent. */
  submit(tokenHash: string, now: number, ids: readonly string[]): boolean;
  submitted(ticketId: string): UploadRecord[];
  ofTicket(ticketId: string): string[];
  stale(now: number, before: number): string[];
  remove(id: string): void;
  endLinks(ticketId: string, now: number): void;
}
