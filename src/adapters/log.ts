import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Every redaction path in one place. Deskguard never logs bodies or header values that can carry
 * secrets (Subject included: "my password is ..." is a subject line too); these paths are the net
 * under that rule, for a value that reaches a log object by mistake.
 */
export const REDACT_PATHS = [
  'raw',
  'body',
  'text',
  'html',
  'subject',
  'headers',
  'password',
  'pass',
  'secret',
  'token',
  'masterKey',
  'auth',
  '*.raw',
  '*.body',
  '*.text',
  '*.html',
  '*.subject',
  '*.headers',
  '*.password',
  '*.pass',
  '*.secret',
  '*.token',
  '*.masterKey',
  '*.auth',
  'config.delivery.smtp.pass',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { svc: 'deskguard' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ fd: 2, sync: false }),
  );
}
