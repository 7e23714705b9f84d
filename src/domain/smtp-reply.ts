/**
 * Every reply Deskguard itself gives, in one place, so codes and enhanced status codes stay
 * consistent: permanent (5xx) only for the client's fault, temporary (4xx) for ours.
 */
export const SMTP_REPLIES = {
  unknownRecipient: { code: 550, text: '5.1.1 Recipient address rejected: not a mailbox served here' },
  tooManyRecipients: { code: 452, text: '4.5.3 Too many recipients, send the rest in another transaction' },
  tooManyConnections: { code: 421, text: '4.7.0 Too many connections from your address, try again later' },
  rateLimited: { code: 450, text: '4.7.1 Too many messages from your address, try again later' },
  shuttingDown: { code: 421, text: '4.3.2 Service shutting down, try again later' },
  diskFull: { code: 452, text: '4.3.1 Insufficient system storage, try again later' },
  internalError: { code: 451, text: '4.3.0 Local error in processing, try again later' },
  messageTooBig: { code: 552, text: '5.3.4 Message size exceeds fixed maximum message size' },
  bareLineEnding: {
    code: 550,
    text: '5.6.0 Message contains bare CR or LF; lines must end with CRLF (RFC 5321 2.3.8)',
  },
  nulInData: { code: 550, text: '5.6.0 Message contains NUL characters' },
  staffSpoof: {
    code: 550,
    text: '5.7.1 Message claims to come from our staff but is not authenticated (DMARC)',
  },
  multipleFrom: {
    code: 550,
    text: '5.7.1 Messages with more than one From (or Sender) are not accepted (RFC 7489 6.6.1)',
  },
  invalidFrom: {
    code: 550,
    text: '5.7.1 Message not accepted: its From or Sender field is not one valid address (RFC 5322 3.6)',
  },
  authTempfail: {
    code: 451,
    text: '4.4.3 Sender authentication could not be completed (DNS), try again later',
  },
  sessionTimeout: { code: 421, text: '4.4.2 Session time limit exceeded, closing connection' },
  commandTimeout: { code: 421, text: '4.4.2 Command not completed in time, closing connection' },
  // Sessions that hold a slot without getting anywhere (smtp.progress).
  noProgress: { code: 421, text: '4.4.2 No message completed in time, closing connection' },
  tooManyCommands: { code: 421, text: '4.7.0 Too many commands without a message, closing connection' },
  tooSlow: { code: 421, text: '4.4.2 Data arriving too slowly, closing connection' },
  shedIdle: { code: 421, text: '4.4.2 Idle session closed to serve another client, try again later' },
  serverBusy: { code: 421, text: '4.3.2 Too many connections, try again later' },
} as const;

export type SmtpReplyName = keyof typeof SMTP_REPLIES;

export interface SmtpError extends Error {
  responseCode: number;
}

/** The error object smtp-server turns into a reply line. */
export function smtpError(name: SmtpReplyName): SmtpError {
  const reply = SMTP_REPLIES[name];
  return Object.assign(new Error(reply.text), { responseCode: reply.code });
}

export const acceptedReply = (queueId: string): string => `2.0.0 Ok: queued as ${queueId}`;
