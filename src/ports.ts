import type { Readable } from 'node:stream';

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
