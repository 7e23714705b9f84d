import { availableParallelism, hostname as osHostname } from 'node:os';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { REDACT_PATHS } from '../adapters/log.js';
import { MaildirMailer } from '../adapters/maildir.js';
import { type MetricEvent, relayedMetrics } from '../adapters/metrics.js';
import { noticeMailer } from '../adapters/notice-mailer.js';
import { SmtpMailer } from '../adapters/smtp-mailer.js';
import { openDatabase } from '../adapters/sqlite/database.js';
import { PortSqlWriter } from '../adapters/sqlite/sql-writer.js';
import { fingerprintKey, messageDigestKey } from '../adapters/vault/derived-keys.js';
import type { Config } from '../config.js';
import { packageFile } from '../config.js';
import { publicBase } from '../config-public-url.js';
import { contentDigest } from '../domain/message-digest.js';
import type { Mailer } from '../ports.js';
import { systemClock } from '../ports.js';
import { detectorOptionsFrom } from '../stages/detect/detector-config.js';
import { createScanPool } from '../stages/detect/scan-pool.js';
import { buildStages } from '../stages/index.js';
import { composeNotice } from '../stages/notice/compose-notice.js';
import { OutboxWorker } from './outbox.js';
import { Processor } from './process.js';
import { configuredBlobStore, configuredKeyring, quarantineServices } from './quarantine-services.js';

/** What the main thread hands the pipeline thread. */
export interface PipelineThreadData {
  config: Config;
  dbFile: string;
  spoolDir: string;
  writerPort: MessagePort;
}

export type ToPipeline = { wake: 'process' | 'outbox' } | { stop: true };
export type FromPipeline =
  | { log: string }
  | { metrics: MetricEvent[] }
  | { ready: true }
  | { stopped: true }
  | { fatal: string };

// Everything after SMTP intake runs here: parsing, the stages, delivery. The main thread's event
// loop then only speaks SMTP, so a big or slow message never delays another client's reply.
const port = parentPort!;
const data = workerData as PipelineThreadData;
const { config } = data;
const post = (m: FromPipeline) => port.postMessage(m);

const log = pino(
  {
    level: config.log.level,
    base: { svc: 'deskguard' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  },
  { write: (line: string) => post({ log: line }) },
);
const name = config.smtp.hostname || osHostname();
const db = openDatabase(data.dbFile);
const writer = new PortSqlWriter(data.writerPort);
// The main thread has loaded (or generated) the keys already: here they must exist.
const { keyring } = configuredKeyring(config, false);
const blobs = configuredBlobStore(config, db, keyring);
const {
  vault,
  index: quarantineIndex,
  tickets,
  messages,
  outbox,
  admin,
  uploads,
} = quarantineServices(config, db, keyring, blobs, writer);
// Nested worker threads with a hard per-message limit: a hostile attachment cannot stall this thread.
const scanPool = config.detect.enabled
  ? createScanPool({
      fingerprintKey: fingerprintKey(keyring),
      size: config.detect.workers || Math.max(1, availableParallelism() - 1),
      limits: config.detect.limits,
      detectorOptions: detectorOptionsFrom(config),
    })
  : undefined;
const metrics = relayedMetrics((events) => post({ metrics: events }));
const retry = config.delivery.retry;

const helpdesk: Mailer =
  config.delivery.mode === 'maildir'
    ? new MaildirMailer(config.delivery.maildir, config.spool.fsync)
    : new SmtpMailer({ ...config.delivery.smtp, name });

const notices: Mailer = noticeMailer(config, config.notify.maildir, name);
const templateDir = config.notify.templateDir || packageFile('config/templates');
const clock = systemClock;
const digestKey = messageDigestKey(keyring);
const vaultPort = {
  has: (itemId: string) => vault.has(itemId),
  put: (itemId: string, plaintext: Buffer, meta: { messageId: string }) => vault.put(itemId, plaintext, meta),
};
// Where the original of a message that cannot be processed or delivered is kept for staff.
const keeper = { vault: vaultPort, quarantine: quarantineIndex, blobs };

const outboxWorker = new OutboxWorker({
  outbox,
  messages,
  blobs,
  writer,
  mailers: { helpdesk, release: helpdesk, notice: notices },
  keeper,
  quarantine: quarantineIndex,
  log,
  metrics,
  concurrency: config.delivery.concurrency,
  retry,
});
const processor = new Processor({
  messages,
  outbox,
  blobs,
  // Once quarantined, the original lives in the vault only (a held message sent through again).
  original: (id) => vault.get(id),
  quarantine: quarantineIndex,
  keeper,
  writer,
  stages: buildStages(config, name, {
    scanPool,
    vault: vaultPort,
    tickets: {
      lookups: () => tickets.lookups(),
      file: (d, m) => tickets.file(d, m),
      digest: (raw) => contentDigest(digestKey, raw),
    },
    notices: {
      lastNoticeAt: (sender) => quarantineIndex.lastNoticeAt(sender),
      recordNotice: (sender, at) => quarantineIndex.recordNotice(sender, at),
      ...(config.upload.enabled && config.http.enabled
        ? {
            uploadLink: (ticketId: string, language: string, now: number) => {
              const { token, write } = uploads.newLink(ticketId, language, now);
              return { url: `${publicBase(config)}/upload/${token}`, write };
            },
          }
        : {}),
      compose: (input) =>
        composeNotice({
          ...input,
          from: config.notify.from,
          secureChannelUrl: input.secureChannelUrl ?? config.notify.secureChannelUrl,
          pgpKey: config.notify.pgp.fingerprint
            ? { fingerprint: config.notify.pgp.fingerprint, url: config.notify.pgp.url || undefined }
            : undefined,
          fallbackLanguage: config.notify.language,
          templateDir,
        }),
    },
    clock,
  }),
  log,
  metrics,
  concurrency: config.pipeline.concurrency,
  memoryBudgetBytes: config.pipeline.memoryBudgetBytes,
  stageTimeoutMs: config.pipeline.stageTimeoutSeconds * 1000,
  maxAttempts: config.pipeline.maxAttempts,
  retry,
  helpdeskRcptTo: config.delivery.smtp.rcptTo,
  onQueued: () => outboxWorker.wake(),
  yieldToIntake: config.pipeline.yieldToIntake.quietMs
    ? {
        quietMs: config.pipeline.yieldToIntake.quietMs,
        maxYieldMs: config.pipeline.yieldToIntake.maxSeconds * 1000,
      }
    : undefined,
});

port.on('message', (m: ToPipeline) => {
  if ('wake' in m) {
    if (m.wake === 'process') processor.wake();
    else outboxWorker.wake();
    return;
  }
  void (async () => {
    clearInterval(retentionTimer);
    await processor.stop();
    await outboxWorker.stop();
    await scanPool?.close();
    await writer.close();
    db.close();
    post({ stopped: true });
  })();
});

process.on('uncaughtException', (err) => post({ fatal: `${err.name}: ${err.message}` }));

// Retention: at start and every purgeIntervalSeconds (an hour); a purge interrupted by a stop simply
// runs again.
const purge = () =>
  admin.purge().then(
    (r) => (r.purged || r.swept) && log.info(r, 'retention purge'),
    (err: unknown) => log.error({ err }, 'retention purge failed'),
  );
const retentionTimer = setInterval(purge, config.quarantine.purgeIntervalSeconds * 1000);
retentionTimer.unref();

await processor.start();
outboxWorker.start();
void purge();
post({ ready: true });
