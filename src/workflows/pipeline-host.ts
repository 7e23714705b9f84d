import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DestinationStream } from 'pino';
import type { Logger } from '../adapters/log.js';
import { applyMetricEvent, type Metrics } from '../adapters/metrics.js';
import type { SqlWriterThread } from '../adapters/sqlite/sql-writer.js';
import type { Config } from '../config.js';
import type { FromPipeline, PipelineThreadData, ToPipeline } from './pipeline-thread.js';

/**
 * The thread's compiled file. From dist/ it sits beside this module; when this module runs from the
 * TypeScript sources (the test runner) the compiled copy in dist/ is used (`npm test` builds first).
 */
function threadFile(): string {
  const here = fileURLToPath(new URL('./pipeline-thread.js', import.meta.url));
  if (existsSync(here)) return here;
  const built = fileURLToPath(new URL('../../dist/workflows/pipeline-thread.js', import.meta.url));
  if (existsSync(built)) return built;
  throw new Error('dist/workflows/pipeline-thread.js is missing: run `npm run build` first');
}

export interface PipelineHost {
  wake(what: 'process' | 'outbox'): void;
  stop(): Promise<void>;
}

/** Starts the pipeline thread and relays its logs and metrics into this thread's. */
export async function startPipelineThread(opts: {
  config: Config;
  dbFile: string;
  spoolDir: string;
  writer: SqlWriterThread;
  log: Logger;
  logDestination: DestinationStream;
  metrics: Metrics;
  onFatal: (reason: string) => void;
}): Promise<PipelineHost> {
  const writerPort = opts.writer.connect();
  const data: PipelineThreadData = {
    config: opts.config,
    dbFile: opts.dbFile,
    spoolDir: opts.spoolDir,
    writerPort,
  };
  const worker = new Worker(threadFile(), { workerData: data, transferList: [writerPort] });
  let stopped: (() => void) | undefined;
  let stopping = false;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: FromPipeline) => {
      if ('log' in m) opts.logDestination.write(m.log);
      else if ('metrics' in m) for (const e of m.metrics) applyMetricEvent(opts.metrics, e);
      else if ('ready' in m) resolve();
      else if ('stopped' in m) stopped?.();
      else if ('fatal' in m) opts.onFatal(m.fatal);
    });
    worker.once('error', (err) => {
      reject(err);
      opts.onFatal(`pipeline thread failed: ${err.message}`);
    });
    worker.once('exit', (code) => {
      if (!stopping) opts.onFatal(`pipeline thread exited (${code})`);
      stopped?.();
    });
  });
  await ready;
  return {
    wake: (what) => worker.postMessage({ wake: what } satisfies ToPipeline),
    stop: async () => {
      stopping = true;
      await new Promise<void>((resolve) => {
        stopped = resolve;
        worker.postMessage({ stop: true } satisfies ToPipeline);
      });
      await worker.terminate();
    },
  };
}
