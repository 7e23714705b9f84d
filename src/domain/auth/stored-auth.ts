import type { AuthVerdict } from './verdict.js';

/** Sender authentication as judged at SMTP time, kept with the message for the pipeline. */
export interface StoredAuth {
  verdict: AuthVerdict;
  /** The Authentication-Results value (authserv-id first), as delivered to the helpdesk. */
  authResults: string;
  receivedSpf?: string | undefined;
  /** ARC chain validation result, the `cv=` of a seal we add. */
  arc?: string | undefined;
}
