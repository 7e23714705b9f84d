import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/adapters/data-dir-lock.js';
import { runCli, ServeProcess } from '../helpers/cli.js';
import {
  makeTempDir,
  pathsIn,
  removeDir,
  startTestGateway,
  type TestPaths,
  writeConfigFile,
} from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

const EX_TEMPFAIL = 75;
const EX_CONFIG = 78;
// A gateway loads its whole module graph and starts two threads before it listens (or fails to):
// on a busy two-core runner that has taken longer than the helpers' default 20 s.
const SLOW_START = 90_000;

describe('an environment variable with a bad value', () => {
  it('names the variable, the value it got and the key', async () => {
    const r = await runCli(['serve'], { env: { DESKGUARD_SMTP__PORT: 'abc' }, timeoutMs: SLOW_START });
    expect(r.code).toBe(EX_CONFIG);
    expect(r.stderr).toBe('deskguard: DESKGUARD_SMTP__PORT=abc: smtp.port must be a number\n');
  });

  it('never prints the value of a secret', async () => {
    const canary = 'canary-Secret-5521';
    const r = await runCli(['config', 'print'], {
      env: { DESKGUARD_DELIVERY__SMTP: `{pass: ${canary}, port: many}` },
      timeoutMs: SLOW_START,
    });
    expect(r.code).toBe(EX_CONFIG);
    expect(r.stderr).toBe(
      'deskguard: DESKGUARD_DELIVERY__SMTP=********: delivery.smtp.port must be a number\n',
    );
  });
});

describe('paths below dataDir', () => {
  it('config print shows the maildirs under a dataDir set in the environment', async () => {
    const r = await runCli(['config', 'print'], {
      env: { DESKGUARD_DATA_DIR: '/srv/deskguard' },
      timeoutMs: SLOW_START,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('maildir: /srv/deskguard/mailbox\n');
    expect(r.stdout).toContain('maildir: /srv/deskguard/notices\n');
  });

  it('a gateway given only dataDir delivers into dataDir/mailbox', async () => {
    const t = await startTestGateway({ delivery: { maildir: '' }, notify: { maildir: '' } });
    try {
      const c = await SmtpClient.connect(t.port);
      await c.ehlo();
      expect(
        (await c.sendMail('customer@example.org', ['support@localhost'], testMessage('under-data'))).final
          .code,
      ).toBe(250);
      await c.quit();
      const mailbox = join(t.paths.dataDir, 'mailbox', 'new');
      await waitFor(() => existsSync(mailbox) && readdirSync(mailbox).length === 1, {
        what: 'delivery under dataDir',
      });
    } finally {
      await t.dispose();
    }
  });
});

describe('a port in use names the key to change', () => {
  let busy: Server;
  let port: number;
  let dir: string;
  let paths: TestPaths;

  beforeAll(async () => {
    busy = createServer();
    port = await new Promise<number>((resolve) =>
      busy.listen(0, '127.0.0.1', () => resolve((busy.address() as { port: number }).port)),
    );
    dir = makeTempDir();
    paths = pathsIn(dir);
    writeConfigFile(dir);
  });
  afterAll(async () => {
    await new Promise((r) => busy.close(r));
    removeDir(dir);
  });

  it.each(['smtp', 'http'])('%s.port', { timeout: 120_000 }, async (section) => {
    const variable = `DESKGUARD_${section.toUpperCase()}__PORT`;
    const r = await runCli(['serve', '--config', paths.configFile], {
      env: { [variable]: String(port) },
      timeoutMs: SLOW_START,
    });
    expect(r.code).toBe(EX_CONFIG);
    expect(r.stderr).toBe(
      `deskguard: ${section}.port ${port} is in use (EADDRINUSE): set ${section}.port or ${variable}\n`,
    );
    // A gateway that did not start holds nothing: the next one may take the directory at once.
    expect(existsSync(join(paths.dataDir, LOCK_FILE))).toBe(false);
  });
});

describe('one gateway per data directory', () => {
  let dir: string;
  let paths: TestPaths;
  let first: ServeProcess | undefined;

  beforeAll(() => {
    dir = makeTempDir();
    paths = pathsIn(dir);
    writeConfigFile(dir, { http: { enabled: false } });
  });
  afterAll(async () => {
    await first?.stop();
    removeDir(dir);
  });

  it('a second serve exits 75 naming the directory and the pid; readers work beside the gateway', {
    timeout: 240_000,
  }, async () => {
    first = await ServeProcess.start(paths.configFile, { http: false, startTimeoutMs: SLOW_START });
    const lock = join(paths.dataDir, LOCK_FILE);
    expect(readFileSync(lock, 'utf8').split('\n')[0]).toBe(String(first.pid));

    const second = await runCli(['serve', '--config', paths.configFile], { timeoutMs: SLOW_START });
    expect(second.code).toBe(EX_TEMPFAIL);
    expect(second.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(second.stderr).toContain(paths.dataDir);
    expect(second.stderr).toContain(`pid ${first.pid}`);

    const c = await SmtpClient.connect(first.smtpPort);
    await c.ehlo();
    const { queueId } = await c.sendMail(
      'customer@example.org',
      ['support@localhost'],
      testMessage('beside'),
    );
    await c.quit();
    const [queue, quarantine, show] = await Promise.all([
      runCli(['queue', 'list', '--config', paths.configFile], { timeoutMs: SLOW_START }),
      runCli(['quarantine', 'list', '--config', paths.configFile], { timeoutMs: SLOW_START }),
      runCli(['queue', 'show', queueId!, '--config', paths.configFile], { timeoutMs: SLOW_START }),
    ]);
    expect(queue.code).toBe(0);
    expect(queue.stdout).toContain(queueId);
    expect(quarantine).toMatchObject({ code: 0, stdout: 'no quarantined items\n' });
    expect(show.code).toBe(0);
  });

  it('a lock left by a killed gateway is stale: the next one starts, and a clean stop removes it', {
    timeout: 180_000,
  }, async () => {
    first!.kill('SIGKILL');
    await first!.exited;
    const lock = join(paths.dataDir, LOCK_FILE);
    expect(existsSync(lock)).toBe(true); // nobody removed it
    first = await ServeProcess.start(paths.configFile, { http: false, startTimeoutMs: SLOW_START });
    expect(readFileSync(lock, 'utf8').split('\n')[0]).toBe(String(first.pid));
    await first.stop(SLOW_START);
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(lock)).toBe(false);
  });
});
