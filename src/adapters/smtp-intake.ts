import { readFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import type { Config } from '../config.js';
import type { Envelope } from '../domain/message.js';
import { RateLimiter } from '../domain/rate-limit.js';
import { recipientMatcher } from '../domain/recipients.js';
import { acceptedReply, type SmtpError, smtpError } from '../domain/smtp-reply.js';
import type { ReceiveOutcome } from '../workflows/receive.js';
import type { DiskSpace } from './disk-space.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import { progressLimits, SessionGuard } from './smtp-session-guard.js';

export interface IntakeDeps {
  config: Config;
  log: Logger;
  disk: DiskSpace;
  metrics: Metrics;
  receive: (
    envelope: Envelope,
    stream: NodeJS.ReadableStream & { sizeExceeded?: boolean },
  ) => Promise<ReceiveOutcome>;
}

export interface Intake {
  listen(): Promise<{ host: string; port: number }>;
  /** Graceful stop: new sessions get 421, transactions in progress finish, then sessions close. */
  close(): Promise<void>;
}

const reply = (cb: (err?: Error | null) => void, err: SmtpError) => cb(err);

export function createIntake(deps: IntakeDeps): Intake {
  const { config, log, metrics } = deps;
  const smtp = config.smtp;
  const name = smtp.hostname || osHostname();
  const accepts = recipientMatcher(smtp.recipients);
  const rate = new RateLimiter(smtp.messagesPerMinutePerIp);
  const trusted = new Set(smtp.trustedRelays);
  const perIp = new Map<string, number>();
  const counted = new Map<string, string>(); // session id -> address counted against its limit
  let draining = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  const guard = sessionGuard(deps, () => server.connections);
  const tls = smtp.tls.cert && smtp.tls.key;
  const trust = smtp.trustedRelays.length ? [...smtp.trustedRelays] : false;

  const options: SMTPServerOptions = {
    name,
    banner: 'Deskguard',
    size: smtp.maxMessageBytes,
    authOptional: true,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    hideSTARTTLS: !tls,
    ...(tls ? { key: readFileSync(smtp.tls.key), cert: readFileSync(smtp.tls.cert) } : {}),
    // A hard ceiling on sockets only: the guard admits smtp.maxClients sessions and, at that
    // number, sheds a stalled one for a newcomer. The headroom covers connections being greeted or
    // refused: were this ceiling reached first, smtp-server would refuse a newcomer before the guard
    // could give it a flooding address's slot (seen with 200 drippers reconnecting at once).
    maxClients: smtp.maxClients * 4,
    socketTimeout: smtp.timeouts.idleSeconds * 1000,
    closeTimeout: smtp.timeouts.shutdownGraceSeconds * 1000,
    useXClient: trust,
    useXForward: trust,
    useProxy: smtp.proxyProtocol ? trust : false,
    disableReverseLookup: true,
    logger: guard.logger(),

    onConnect(session, cb) {
      if (draining) return reply(cb, smtpError('shuttingDown'));
      const ip = session.remoteAddress;
      if (!trusted.has(ip)) {
        const n = (perIp.get(ip) ?? 0) + 1;
        if (n > smtp.maxConnectionsPerIp) {
          metrics.rejected.inc({ reason: 'connections_per_ip' });
          return reply(cb, smtpError('tooManyConnections'));
        }
        perIp.set(ip, n);
        counted.set(session.id, ip);
      }
      const busy = guard.admit(session);
      if (busy) {
        metrics.rejected.inc({ reason: 'capacity' });
        return reply(cb, smtpError(busy));
      }
      cb();
    },

    onClose(session) {
      guard.closed(session.id);
      const ip = counted.get(session.id);
      if (ip === undefined) return;
      counted.delete(session.id);
      const n = (perIp.get(ip) ?? 1) - 1;
      if (n <= 0) perIp.delete(ip);
      else perIp.set(ip, n);
    },

    onMailFrom(_address, session, cb) {
      if (draining) return reply(cb, smtpError('shuttingDown'));
      if (!rate.take(session.remoteAddress)) {
        metrics.rejected.inc({ reason: 'rate_limit' });
        return reply(cb, smtpError('rateLimited'));
      }
      guard.busy(session.id, true);
      deps.disk.low().then(
        (low) => {
          guard.busy(session.id, false);
          if (low) {
            metrics.rejected.inc({ reason: 'disk_full' });
            log.warn({ dataDir: config.dataDir }, 'free disk space below spool.minFreeBytes: refusing mail');
            return reply(cb, smtpError('diskFull'));
          }
          cb();
        },
        (err: unknown) => {
          guard.busy(session.id, false);
          log.error({ err }, 'cannot read free disk space');
          reply(cb, smtpError('internalError'));
        },
      );
    },

    onRcptTo(address, session, cb) {
      if (!accepts(address.address)) {
        metrics.rejected.inc({ reason: 'unknown_recipient' });
        return reply(cb, smtpError('unknownRecipient'));
      }
      if (session.envelope.rcptTo.length >= smtp.maxRecipients) {
        metrics.rejected.inc({ reason: 'too_many_recipients' });
        return reply(cb, smtpError('tooManyRecipients'));
      }
      cb();
    },

    onData(stream, session, cb) {
      inFlight++;
      guard.dataStarted(session.id, stream);
      deps
        .receive(envelopeOf(session), stream)
        .then(
          (outcome) => {
            if (outcome.ok) {
              metrics.received.inc();
              cb(null, acceptedReply(outcome.queueId));
            } else {
              metrics.rejected.inc({ reason: outcome.error.responseCode === 451 ? 'internal' : 'data' });
              cb(outcome.error);
            }
          },
          (err: unknown) => {
            log.error({ err }, 'receive failed');
            cb(smtpError('internalError'));
          },
        )
        .finally(() => {
          inFlight--;
          if (inFlight === 0) idle?.();
        });
    },
  };

  const server = new SMTPServer(options);
  server.on('error', (err) => log.warn({ err }, 'smtp session error'));

  return {
    listen: () =>
      new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(smtp.port, smtp.host, () => {
          server.server.removeListener('error', reject);
          guard.start();
          const addr = server.server.address();
          const port = typeof addr === 'object' && addr ? addr.port : smtp.port;
          log.info({ host: smtp.host, port, tls: Boolean(tls) }, 'smtp intake listening');
          resolve({ host: smtp.host, port });
        });
      }),
    close: async () => {
      draining = true;
      const graceMs = smtp.timeouts.shutdownGraceSeconds * 1000;
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          idle = resolve;
          setTimeout(resolve, graceMs).unref();
        });
      }
      guard.stop();
      await new Promise<void>((resolve) => {
        // smtp-server answers 421 to any further command on open sessions from here on.
        server.close(() => resolve());
        for (const conn of server.connections) {
          conn.send(421, '4.3.2 Service shutting down, try again later');
          conn.close();
        }
      });
    },
  };
}

/** The session guard of the intake, its cuts counted and logged. */
function sessionGuard(
  deps: IntakeDeps,
  connections: ConstructorParameters<typeof SessionGuard>[0],
): SessionGuard {
  const { smtp } = deps.config;
  return new SessionGuard(connections, progressLimits(smtp), smtp.maxClients, (why, ip) => {
    deps.metrics.rejected.inc({ reason: CUT_METRIC[why] });
    deps.log.info(
      { client: ip, why },
      why === 'shed' ? 'session shed for a new client' : 'session cut: no progress',
    );
  });
}

const CUT_METRIC = {
  session: 'session_timeout',
  line: 'command_timeout',
  slowCommand: 'slow_command',
  slowData: 'slow_data',
  noTransaction: 'no_transaction',
  commands: 'too_many_commands',
  idleCommands: 'idle_commands',
  shed: 'shed',
} as const;

function envelopeOf(session: SMTPServerSession): Envelope {
  const mailFrom = session.envelope.mailFrom;
  return {
    mailFrom: mailFrom ? mailFrom.address : '',
    rcptTo: session.envelope.rcptTo.map((r) => r.address),
    remoteAddress: session.remoteAddress,
    clientHostname: session.clientHostname,
    helo: session.hostNameAppearsAs,
    tls: Boolean(session.secure),
    receivedAt: Date.now(),
  };
}
