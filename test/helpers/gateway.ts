import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { Database } from '../../src/adapters/sqlite/driver.js';
import { type Config, deepMerge, loadConfig } from '../../src/config.js';
import { type Gateway, startGateway } from '../../src/main.js';

type Tree = Record<string, unknown>;

/** A fresh temporary folder; remove it with `removeDir`. */
export function makeTempDir(prefix = 'deskguard-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface TestPaths {
  dir: string;
  dataDir: string;
  maildir: string;
  spool: string;
  outbox: string;
  db: string;
  configFile: string;
}

export function pathsIn(dir: string): TestPaths {
  const dataDir = join(dir, 'data');
  return {
    dir,
    dataDir,
    maildir: join(dir, 'mailbox'),
    spool: join(dataDir, 'spool'),
    outbox: join(dataDir, 'outbox'),
    db: join(dataDir, 'deskguard.db'),
    configFile: join(dir, 'deskguard.yaml'),
  };
}

/**
 * The settings every test starts from: free ports, everything under `dir`, quiet logs, no disk
 * watermark (a CI runner's /tmp may be small) and no rate limit unless a test sets them.
 */
export function baseSettings(dir: string): Tree {
  const p = pathsIn(dir);
  return {
    smtp: {
      port: 0,
      hostname: 'deskguard.test',
      recipients: ['support@localhost'],
      messagesPerMinutePerIp: 0,
      maxConnectionsPerIp: 50,
    },
    http: { port: 0 },
    dataDir: p.dataDir,
    spool: { minFreeBytes: 0 },
    quarantine: { dir: join(dir, 'quarantine') },
    delivery: { maildir: p.maildir, retry: { minDelaySeconds: 0.05, maxDelaySeconds: 0.2 } },
    notify: { maildir: join(dir, 'notices') },
    // Tests talk to 127.0.0.1 only: DNS questions (SPF, DKIM, DMARC) go to a closed local port and
    // fail at once instead of leaving the machine.
    dns: { servers: ['127.0.0.1:9'], timeoutMs: 500 },
    log: { level: 'silent' },
  };
}

/** Writes the merged settings as the YAML config file of the test and returns them. */
export function writeConfigFile(dir: string, overrides: Tree = {}): Tree {
  const settings = deepMerge(baseSettings(dir), overrides);
  writeFileSync(pathsIn(dir).configFile, stringify(settings));
  return settings;
}

/** The validated config for a test folder, as the gateway would load it (no environment). */
export function testConfig(dir: string, overrides: Tree = {}): Config {
  writeConfigFile(dir, overrides);
  return loadConfig({ file: pathsIn(dir).configFile, env: {} });
}

export interface TestGateway {
  gateway: Gateway;
  config: Config;
  paths: TestPaths;
  port: number;
  /** Stops the gateway (once) and removes the folder. */
  dispose(): Promise<void>;
}

/** Starts an in-process gateway in a fresh temp folder. */
export async function startTestGateway(overrides: Tree = {}, dir = makeTempDir()): Promise<TestGateway> {
  let gateway: Gateway;
  let config: Config;
  try {
    config = testConfig(dir, overrides);
    gateway = await startGateway(config);
  } catch (err) {
    removeDir(dir);
    throw err;
  }
  let disposed = false;
  return {
    gateway,
    config,
    paths: pathsIn(dir),
    port: gateway.smtpPort,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await gateway.stop();
      removeDir(dir);
    },
  };
}

export interface MaildirMessage {
  file: string;
  content: string;
}

/** Every message in the maildir's new/ and cur/, empty when the maildir does not exist yet. */
export function maildirMessages(maildir: string): MaildirMessage[] {
  const out: MaildirMessage[] = [];
  for (const sub of ['new', 'cur']) {
    let names: string[];
    try {
      names = readdirSync(join(maildir, sub));
    } catch {
      continue;
    }
    for (const n of names) out.push({ file: n, content: readFileSync(join(maildir, sub, n), 'latin1') });
  }
  return out;
}

/** Files in a folder; empty when it does not exist. */
export function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** How often each `TOKEN:<x>` occurs over all the messages. */
export function tokenCounts(messages: MaildirMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) {
    for (const match of m.content.matchAll(/TOKEN:([A-Za-z0-9_-]+)/g)) {
      counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + 1);
    }
  }
  return counts;
}

export interface MessageDbRow {
  id: string;
  state: string;
  rcpt_to: string;
  remote_address: string;
  tls: number;
  attempts: number;
  reason: string | null;
  /** Epoch ms of the 250. */
  received_at: number;
}

export interface OutboxDbRow {
  id: number;
  message_id: string;
  kind: string;
  state: string;
  attempts: number;
  last_error: string | null;
}

/** Reads the gateway's database (read-only, so it can be open while the gateway runs). */
export function readDb(dbFile: string): { messages: MessageDbRow[]; outbox: OutboxDbRow[]; blobs: number } {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const hasBlobs = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'blobs'").get();
    return {
      messages: db.prepare('SELECT * FROM messages ORDER BY id').all() as MessageDbRow[],
      outbox: db.prepare('SELECT * FROM outbox ORDER BY id').all() as OutboxDbRow[],
      /** Stored message bytes still kept (raw or composed copies), where the schema has them. */
      blobs: hasBlobs ? (db.prepare('SELECT COUNT(*) AS n FROM blobs').get() as { n: number }).n : 0,
    };
  } finally {
    db.close();
  }
}
