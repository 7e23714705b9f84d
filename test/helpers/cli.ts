import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withTimeout } from './wait.js';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** The parent's environment without DESKGUARD_* variables, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('DESKGUARD_')) env[k] = v;
  return { ...env, ...extra };
}

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion. */
export function runCli(
  args: string[],
  opts: { env?: Record<string, string>; cwd?: string; timeoutMs?: number; input?: string } = {},
): Promise<CliResult> {
  assertBuilt();
  // With `input`, standard input is a pipe holding it (not a terminal: `users add` reads the password).
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? REPO,
    env: cleanEnv(opts.env),
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (opts.input !== undefined) child.stdin!.end(opts.input);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return withTimeout(done, opts.timeoutMs ?? 20_000, `deskguard ${args.join(' ')}`).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
}

/** A `deskguard serve` child process, with its pino log lines parsed. */
export class ServeProcess {
  readonly logs: Array<Record<string, unknown>> = [];
  stderrText = '';
  smtpPort = 0;
  httpPort = 0;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private buf = '';
  private logWaiters: Array<{ msg: string; resolve: (l: Record<string, unknown>) => void }> = [];

  private constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => this.onStderr(d));
    child.stdout!.resume();
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Spawns `deskguard serve --config FILE` and waits until SMTP (and HTTP, if on) listen. */
  static async start(
    configFile: string,
    opts: { env?: Record<string, string>; http?: boolean; startTimeoutMs?: number } = {},
  ) {
    assertBuilt();
    const child = spawn(process.execPath, [CLI, 'serve', '--config', configFile], {
      cwd: REPO,
      env: cleanEnv({ DESKGUARD_LOG__LEVEL: 'info', ...opts.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const p = new ServeProcess(child);
    const startTimeoutMs = opts.startTimeoutMs ?? 90_000;
    const smtp = p.waitForLog('smtp intake listening', startTimeoutMs);
    const early = p.exited.then(({ code, signal }) => {
      throw new Error(`deskguard serve exited early (code ${code}, signal ${signal}): ${p.stderrText}`);
    });
    early.catch(() => undefined);
    try {
      const line = await Promise.race([smtp, early]);
      p.smtpPort = Number(line['port']);
      if (opts.http !== false) {
        const http = await Promise.race([p.waitForLog('admin http listening', startTimeoutMs), early]);
        p.httpPort = Number(http['port']);
      }
    } catch (err) {
      p.kill('SIGKILL'); // never leave a half-started gateway behind
      throw err;
    }
    return p;
  }

  private onStderr(d: string): void {
    this.stderrText += d;
    this.buf += d;
    for (;;) {
      const nl = this.buf.indexOf('\n');
      if (nl < 0) break;
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      this.logs.push(entry);
      for (const w of this.logWaiters.filter((x) => x.msg === entry['msg'])) {
        w.resolve(entry);
        this.logWaiters = this.logWaiters.filter((x) => x !== w);
      }
    }
  }

  /** The first log line with this `msg` (one already logged counts). */
  waitForLog(msg: string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const seen = this.logs.find((l) => l['msg'] === msg);
    if (seen) return Promise.resolve(seen);
    return withTimeout(
      new Promise((resolve) => this.logWaiters.push({ msg, resolve })),
      timeoutMs,
      `log line "${msg}"`,
    );
  }

  /** VmRSS and VmHWM of the process in bytes, from /proc. */
  memory(): { rss: number; hwm: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  /** Ends the process if it still runs: SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    try {
      await withTimeout(this.exited, graceMs, 'deskguard serve to exit');
    } catch {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}
