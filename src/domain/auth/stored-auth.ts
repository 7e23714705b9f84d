import type { AuthVerdict } from './verdict.js';

/** Sender authentication as judged at SMTP time, kept with the message for the pipeline. */
export interface StoredAuth {
  verdict: AuthVerdict;
  /** The Authentication-Results value (authserv-id first), as delivered to the helpdesk. */
  authResults: string;
  receivedSpf?: string | undefined;
  /**
   * False when the envelope sender is shown to be forged (SPF fail and no DKIM signature of its
   * domain): an auto-reply there would be backscatter to an innocent address.
   */
  senderVerified?: boolean | undefined;
  /**
   * Whether the envelope sender can receive a notice: false when it is not a clean mailbox or its
   * domain takes no mail by DNS; absent when DNS did not answer (see sender-reachable.ts).
   */
  senderReachable?: boolean | undefined;
  /** ARC chain validation result, the `cv=` of a seal we add. */
  arc?: string | undefined;
}
