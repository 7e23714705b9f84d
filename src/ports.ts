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
