import { join } from 'node:path';
import { openAdmin } from '../../src/cli/admin-context.js';
import { loadConfig } from '../../src/config.js';
import type { ServeProcess } from '../helpers/cli.js';
import { maildirMessages, makeTempDir, pathsIn, readDb, writeConfigFile } from '../helpers/gateway.js';
import { type Reply, SmtpClient } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';
import { serve, settled } from './support.js';

/**
 * What the hostile-input tests share: one spawned gateway per file (its RSS is its own), messages
 * sent over one SMTP session, their end states, what was delivered and noticed, and the original
 * read back from the quarantine the way staff read it.
 */

export interface HostileGateway {
  dir: string;
  gw: ServeProcess;
  paths: ReturnType<typeof pathsIn> & { notices: string };
}

export async function startHostileGateway(overrides: Record<string, unknown> = {}): Promise<HostileGateway> {
  const dir = makeTempDir('dg-hostile-');
  writeConfigFile(dir, overrides);
  const gw = await serve(pathsIn(dir).configFile, { http: false });
  return { dir, gw, paths: { ...pathsIn(dir), notices: join(dir, 'notices') } };
}

export interface Sent {
  raw: Buffer;
  reply: Reply;
  queueId: string | undefined;
}

/**
 * An SMTP session that sends message after message; a session the server ends (after a 421 or a
 * 5xx it may) is replaced by a new one, so one refusal does not take the rest of the batch with it.
 */
export class Sender {
  private client: SmtpClient | undefined;
  constructor(
    private readonly port: number,
    private readonly from = 'customer@example.org',
  ) {}

  /** `from`: the envelope sender of this message (notices to one sender are rate-limited). */
  async send(raw: Buffer, from = this.from): Promise<Sent> {
    if (!this.client || this.client.isClosed) {
      this.client = await SmtpClient.connect(this.port);
      await this.client.ehlo('mx.example.org');
    }
    const r = await this.client.sendMail(from, ['support@localhost'], raw);
    if (r.final.code !== 250 && !this.client.isClosed) await this.client.send('RSET').catch(() => undefined);
    return { raw, reply: r.final, queueId: r.queueId };
  }

  async close(): Promise<void> {
    await this.client?.quit();
  }
}

/** Waits until every stored message is delivered, held or dead; returns queue id → row. */
export async function settle(h: HostileGateway, timeoutMs = 45_000) {
  await waitFor(() => settled(h.paths.db), { timeoutMs, what: 'every message to reach its end state' });
  return new Map(readDb(h.paths.db).messages.map((m) => [m.id, m]));
}

/** The delivered copy of a message, by the queue id its maildir file name carries. */
export function deliveredCopy(h: HostileGateway, queueId: string): Buffer | undefined {
  const m = maildirMessages(h.paths.maildir).find((f) => f.file.split('.')[1] === queueId);
  return m ? Buffer.from(m.content, 'latin1') : undefined;
}

/** Every notice the gateway wrote, as bytes. */
export function noticeCopies(h: HostileGateway): Buffer[] {
  return maildirMessages(h.paths.notices).map((m) => Buffer.from(m.content, 'latin1'));
}

/**
 * The originals of `ids` as staff read them (`quarantine reveal`), through the same services the
 * CLI uses, in this process (one CLI start per message costs seconds on a loaded runner). An id
 * without a readable original maps to an Error.
 */
export async function originals(h: HostileGateway, ids: string[]): Promise<Map<string, Buffer | Error>> {
  const config = loadConfig({ file: h.paths.configFile, env: {} });
  const admin = openAdmin(config);
  const out = new Map<string, Buffer | Error>();
  try {
    for (const id of ids) {
      try {
        out.set(id, await admin.admin.reveal(id, 'fault-suite', 'hostile-input test reads the original'));
      } catch (err) {
        out.set(id, err instanceof Error ? err : new Error(String(err)));
      }
    }
  } finally {
    admin.close();
  }
  return out;
}
