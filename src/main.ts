import { hostname as osHostname } from 'node:os';
import type { Readable } from 'node:stream';
import pino, { type DestinationStream } from 'pino';
import { lockDataDir } from './adapters/data-dir-lock.js';
import { DiskSpace } from './adapters/disk-space.js';
import { createDnsResolver } from './adapters/dns-resolver.js';
import { ensureDir } from './adapters/durable-files.js';
import { listenOrExplain } from './adapters/listen-error.js';
import { createLogger, type Logger } from './adapters/log.js';
import { createMetrics } from './adapters/metrics.js';
import { createIntake } from './adapters/smtp-intake.js';
import { openDatabase } from './adapters/sqlite/database.js';
import { MessageStore } from './adapters/sqlite/message-store.js';
import { PortSqlWriter, SqlWriterThread } from './adapters/sqlite/sql-writer.js';
import { StorageHealth } from './adapters/sqlite/storage-health.js';
import { WebhookReplayStore } from './adapters/sqlite/webhook-replay.js';
import { startHeldAlerts } from './admin/held-alerts-timer.js';
import { type AdminHttp, createAdminHttp } from './admin/http.js';
import { publicBase, staffHttp } from './admin/staff-http-setup.js';
import { type Config, dataPaths, packageFile } from './config.js';
import { detectorOptionsFrom } from './stages/detect/detector-config.js';
import { arcSealKey } from './stages/index.js';
import { createSenderCheck } from './workflows/check-sender.js';
import { startPipelineThread } from './workflows/pipeline-host.js';
import {
  configuredBlobStore,
  configuredKeyring,
  quarantineServices,
} from './workflows/quarantine-services.js';
import { receiveMessage } from './workflows/receive.js';
import { sweepOrphans } from './workflows/recover.js';

export interface Gateway {
  smtpPort: number;
  httpPort: number | undefined;
  /** The one-time link to create the first administrator, while none exists. */
  setupLink?: string | undefined;
  log: Logger;
  /** Graceful stop: intake drains, the pipeline finishes what it holds, the database closes. */
  stop(): Promise<void>;
}

export interface StartOptions {
  logDestination?: DestinationStream;
  /** Called when part of the gateway failed beyond repair; the CLI exits (acknowledged mail is safe). */
  onFatal?: (reason: string) => void;
}

/**
 * The composition root. Three threads: this one speaks SMTP and admin HTTP, the writer thread
 * commits to SQLite, the pipeline thread processes and delivers. The data directory is locked for
 * the gateway's life: a second gateway on it stops with DataDirLocked instead of sharing the spool.
 */
export async function startGateway(config: Config, opts: StartOptions = {}): Promise<Gateway> {
  ensureDir(config.dataDir);
  const lock = lockDataDir(config.dataDir);
  try {
    const gateway = await startLocked(config, opts);
    return { ...gateway, stop: () => gateway.stop().finally(() => lock.release()) };
  } catch (err) {
    lock.release();
    throw err;
  }
}

async function startLocked(config: Config, opts: StartOptions): Promise<Gateway> {
  const logDestination = opts.logDestination ?? pino.destination({ fd: 2, sync: false });
  const log = createLogger(config.log.level, logDestination);
  // Settings read from other files are checked here, so a bad one stops start-up with its key named.
  arcSealKey(config);
  detectorOptionsFrom(config);
  const paths = dataPaths(config);
  // This connection migrates and reads; all writes go through the writer thread's own connection.
  const db = openDatabase(paths.db);
  const writerThread = new SqlWriterThread(paths.db, config.spool.fsync ? 'FULL' : 'OFF');
  const portWriter = new PortSqlWriter(writerThread.connect());
  const storage = new StorageHealth(portWriter);
  const writer = storage.watched;
  const messages = new MessageStore(db);
  const { keyring, warning } = configuredKeyring(config, true);
  if (warning) log.warn(warning);
  const blobs = configuredBlobStore(config, db, keyring);
  const metrics = createMetrics(() => messages.counts());
  const onFatal = opts.onFatal ?? ((reason: string) => log.fatal({ reason }, 'gateway component failed'));

  await sweepOrphans({ blobs, log, writer });
  const pipeline = await startPipelineThread({
    config,
    dbFile: paths.db,
    spoolDir: paths.spool,
    writer: writerThread,
    log,
    logDestination,
    metrics,
    onFatal,
  });

  const resolver = createDnsResolver({
    servers: [...config.dns.servers],
    timeoutMs: config.dns.timeoutMs,
    cacheTtlSeconds: config.dns.cacheTtlSeconds,
  });
  const checkSender = config.auth.enabled
    ? createSenderCheck({
        resolver,
        budgetMs: config.dns.budgetMs,
        authservId: config.auth.authservId || config.smtp.hostname || osHostname(),
        maxAddressFieldBytes: config.auth.maxAddressFieldBytes,
        staff: config.staff,
        actions: config.auth.actions,
        log,
      })
    : undefined;

  const disk = new DiskSpace(config.dataDir, config.spool.minFreeBytes);
  const intake = createIntake({
    config,
    log,
    metrics,
    disk,
    receive: (envelope, stream) =>
      receiveMessage(
        {
          blobs,
          messages,
          writer,
          log,
          maxMessageBytes: config.smtp.maxMessageBytes,
          headerLimits: { maxBytes: config.smtp.maxHeaderBytes, maxFields: config.smtp.maxHeaderFields },
          ...(checkSender ? { checkSender } : {}),
          onStored: () => pipeline.wake('process'),
        },
        envelope,
        stream as unknown as Readable,
      ),
  });

  let running = true;
  let http: AdminHttp | undefined;
  let httpPort: number | undefined;
  let setupLink: string | undefined;
  let staffClose: (() => Promise<void>) | undefined;
  const { port: smtpPort } = await listenOrExplain('smtp', config.smtp, () => intake.listen());
  if (config.http.enabled) {
    const services = quarantineServices(config, db, keyring, blobs, writer);
    const admin = config.http.webhookSecret ? services.admin : undefined;
    const staff = await staffHttp(config, db, keyring, services, log);
    staffClose = staff.close;
    const replays = new WebhookReplayStore(writer);
    http = createAdminHttp({
      registry: metrics.registry,
      staff,
      ...(config.upload.enabled
        ? {
            upload: {
              channel: services.uploads,
              maxBytes: config.upload.maxBytes,
              requestsPerMinute: config.upload.requestsPerMinute,
              secure: config.http.publicUrl.startsWith('https:'),
              pgp: config.notify.pgp.fingerprint ? config.notify.pgp : undefined,
              templateDirs: [config.notify.templateDir, packageFile('config/templates')].filter(Boolean),
              language: config.notify.language,
            },
          }
        : {}),
      ...(config.http.metricsToken ? { metricsToken: config.http.metricsToken } : {}),
      health: async () => {
        if (!running) return { status: 'stopping', reason: 'shutting down' };
        const database = await storage.problem();
        let queue: Record<string, number> | undefined;
        try {
          queue = messages.counts();
        } catch {
          queue = undefined;
        }
        const reasons = [
          database,
          (await disk.low().catch(() => true)) ? 'free disk space below spool.minFreeBytes' : undefined,
        ].filter((r): r is string => r !== undefined);
        const detail = { database: database ?? 'ok', ...(queue ? { queue } : {}) };
        return reasons.length
          ? { status: 'degraded', reason: reasons.join('; '), ...detail }
          : { status: 'ok', ...detail };
      },
      ...(admin
        ? {
            webhook: {
              secret: config.http.webhookSecret,
              toleranceSeconds: config.http.webhookToleranceSeconds,
              solveTicket: (ticket, actor, asOf) => admin.solveTicket(ticket, actor, asOf),
              claimSignature: (sig, expiresAt) => replays.claim(sig, expiresAt),
              releaseSignature: (sig) => replays.release(sig),
            },
          }
        : {}),
    });
    const server = http;
    httpPort = await listenOrExplain('http', config.http, () =>
      server.listen(config.http.host, config.http.port),
    );
    log.info({ host: config.http.host, port: httpPort }, 'admin http listening');
    if (staff.setup.token) {
      // The one way in before any administrator exists: the CLI prints it where only the admin who
      // started the gateway sees it; void once used.
      setupLink = `${publicBase(config, httpPort)}/setup/${staff.setup.token}`;
      log.warn('no administrator yet: open the setup link printed on standard error to create one');
    }
  }

  const alerts = startHeldAlerts(config, db, httpPort, log);

  return {
    smtpPort,
    httpPort,
    setupLink,
    log,
    async stop() {
      if (!running) return;
      running = false;
      log.info('shutting down');
      await alerts?.stop();
      await intake.close();
      resolver.cancel();
      await pipeline.stop();
      await http?.close();
      await staffClose?.();
      await writer.close();
      await writerThread.close();
      db.close();
      log.info('stopped');
      log.flush();
    },
  };
}
