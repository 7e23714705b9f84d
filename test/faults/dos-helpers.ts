import { connect, type Socket } from 'node:net';
import { ServeProcess } from '../helpers/cli.js';
import { makeTempDir, pathsIn, removeDir, type TestPaths, writeConfigFile } from '../helpers/gateway.js';

/**
 * A `deskguard serve` process of its own for a hostile-input test: its memory is measured alone
 * (not the test runner's) and its event loop is not shared with the hundreds of sockets the test
 * opens. Started with the environment the Dockerfile and the systemd unit give it.
 */
export interface Served {
  serve: ServeProcess;
  paths: TestPaths;
  port: number;
  stop(): Promise<void>;
}

/** What config/examples/deskguard.service and the Dockerfile set for the gateway's process. */
export const SHIPPED_ENV = { MALLOC_MMAP_THRESHOLD_: '131072' };

export async function serve(overrides: Record<string, unknown>, env: Record<string, string> = SHIPPED_ENV) {
  const dir = makeTempDir('deskguard-dos-');
  writeConfigFile(dir, { http: { enabled: false }, ...overrides });
  let p: ServeProcess;
  try {
    p = await ServeProcess.start(pathsIn(dir).configFile, { http: false, env });
  } catch (err) {
    removeDir(dir);
    throw err;
  }
  return {
    serve: p,
    paths: pathsIn(dir),
    port: p.smtpPort,
    async stop() {
      await p.stop();
      removeDir(dir);
    },
  } satisfies Served;
}

/** Samples the process's RSS every `everyMs`; `peak` and the last sample in MiB. */
export function sampleRss(p: ServeProcess, everyMs = 100) {
  const mb = (b: number) => Math.round(b / 1048576);
  const first = mb(p.memory().rss);
  let peak = first;
  let last = first;
  const timer = setInterval(() => {
    try {
      last = mb(p.memory().rss);
      peak = Math.max(peak, last);
    } catch {
      // the process is gone: the test will say so
    }
  }, everyMs);
  return {
    first,
    get peak() {
      return peak;
    },
    get last() {
      return last;
    },
    /** The kernel's own high-water mark, which no sampling interval can miss. */
    hwm: () => mb(p.memory().hwm),
    stop: () => clearInterval(timer),
  };
}

/** A raw socket to the gateway that resolves once connected. */
export function rawConnect(port: number, localAddress?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
    s.once('connect', () => {
      s.removeListener('error', reject);
      resolve(s);
    });
    s.once('error', reject);
  });
}
