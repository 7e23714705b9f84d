import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import { type AdminHttp, createAdminHttp } from './admin/http.js';
import { DiskSpace } from './adapters/disk-space.js';
import { ensureDir } from './adapters/durable-files.js';
import { createLogger, type Logger } from './adapters/log.js';
import { MaildirMailer } from './adapters/maildir.js';
import { createMetrics } from './adapters/metrics.js';
import { OutboxFiles } from './adapters/outbox-files.js';
import { createIntake } from './adapters/smtp-intake.js';
import { SmtpMailer } from './adapters/smtp-mailer.js';
import { Spool } from './adapters/spool.js';
import { openDatabase } from './adapters/sqlite/database.js';
import { GroupCommit } from './adapters/sqlite/group-commit.js';
import { MessageStore } from './adapters/sqlite/message-store.js';
import { OutboxStore } from './adapters/sqlite/outbox-store.js';
import type { Config } from './config.js';
import type { Mailer } from './ports.js';
import { buildStages } from './stages/index.js';
import { OutboxWorker } from './workflows/outbox.js';
import { Processor } from './workflows/process.js';
import { receiveMessage } from './workflows/receive.js';
import { sweepOrphans } from './workflows/recover.js';

export interface Gateway {
  smtpPort: number;
  httpPort: number | undefined;
  log: Logger;
  /** Graceful stop: intake drains, workers finish what they hold, the database closes. */
  stop(): Promise<void>;
}

export interface StartOptions {
  logDestination?: DestinationStream;
}

export function dataPaths(config: Config) {
  return {
    db: join(config.dataDir, 'deskguard.db'),
    spool: join(config.dataDir, 'spool'),
    outbox: join(config.dataDir, 'outbox'),
  };
}

function helpdeskMailer(config: Config, name: string): Mailer {
  const d = config.delivery;
  if (d.mode === 'maildir') return new MaildirMailer(d.maildir, config.spool.fsync);
  return new SmtpMailer({ ...d.smtp, name });
}

/** Builds every adapter from the config and starts intake, workers and admin HTTP. */
export async function startGateway(config: Config, opts: StartOptions = {}): Promise<Gateway> {
  const log = createLogger(config.log.level, opts.logDestination);
  const name = config.smtp.hostname || osHostname();
  const paths = dataPaths(config);
  ensureDir(config.dataDir);
  const db = openDatabase(paths.db, { synchronous: config.spool.fsync ? 'FULL' : 'OFF' });
  const commit = new GroupCommit(db);
  const messages = new MessageStore(db);
  const outbox = new OutboxStore(db);
  const spool = new Spool(paths.spool, config.spool.fsync);
  const outboxFiles = new OutboxFiles(paths.outbox, config.spool.fsync);
  const metrics = createMetrics(() => messages.counts());
  const retry = config.delivery.retry;

  await sweepOrphans({ spool, outboxFiles, messages, log });

  const outboxWorker = new OutboxWorker({
    outbox,
    messages,
    files: outboxFiles,
    spool,
    commit,
    mailers: { helpdesk: helpdeskMailer(config, name) },
    log,
    metrics,
    concurrency: config.delivery.concurrency,
    retry,
  });
  const processor = new Processor({
    messages,
    outbox,
    outboxFiles,
    spool,
    commit,
    stages: buildStages(config, name),
    log,
    metrics,
    concurrency: config.pipeline.concurrency,
    stageTimeoutMs: config.pipeline.stageTimeoutSeconds * 1000,
    maxAttempts: config.pipeline.maxAttempts,
    retry,
    helpdeskRcptTo: config.delivery.smtp.rcptTo,
    onQueued: () => outboxWorker.wake(),
  });

  const intake = createIntake({
    config,
    log,
    metrics,
    disk: new DiskSpace(config.dataDir, config.spool.minFreeBytes),
    receive: (envelope, stream) =>
      receiveMessage(
        {
          spool,
          messages,
          commit,
          log,
          maxMessageBytes: config.smtp.maxMessageBytes,
          onStored: () => processor.wake(),
        },
        envelope,
        stream as NodeJS.ReadableStream as import('node:stream').Readable,
      ),
  });

  let running = true;
  let http: AdminHttp | undefined;
  let httpPort: number | undefined;
  processor.start();
  outboxWorker.start();
  const { port: smtpPort } = await intake.listen();
  if (config.http.enabled) {
    http = createAdminHttp(metrics.registry, () => running);
    httpPort = await http.listen(config.http.host, config.http.port);
    log.info({ host: config.http.host, port: httpPort }, 'admin http listening');
  }

  return {
    smtpPort,
    httpPort,
    log,
    async stop() {
      if (!running) return;
      running = false;
      log.info('shutting down');
      await intake.close();
      await processor.stop();
      await outboxWorker.stop();
      await http?.close();
      // Let the last group commit run before the handle goes away.
      await commit.run(() => undefined);
      db.close();
      log.info('stopped');
      log.flush();
    },
  };
}
