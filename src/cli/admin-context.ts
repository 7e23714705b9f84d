import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { BlobStore } from '../adapters/blob-store.js';
import { SpoolCipher } from '../adapters/spool-cipher.js';
import { openDatabase } from '../adapters/sqlite/database.js';
import { MessageStore } from '../adapters/sqlite/message-store.js';
import { OutboxStore } from '../adapters/sqlite/outbox-store.js';
import { QuarantineIndex } from '../adapters/sqlite/quarantine-index.js';
import { DirectSqlWriter } from '../adapters/sqlite/sql-writer.js';
import { TicketStore } from '../adapters/sqlite/ticket-store.js';
import { loadKeyring } from '../adapters/vault/keyring.js';
import { Vault } from '../adapters/vault/vault.js';
import type { Config } from '../config.js';
import { dataPaths } from '../main.js';
import { QuarantineAdmin } from '../workflows/quarantine-admin.js';
import { UsageError } from './usage-error.js';

/** The actor named in the audit log: --actor, else the operating-system user running the command. */
export const actorOf = (given: string | undefined): string => given?.trim() || userInfo().username;

/** Everything an admin command needs, on the gateway's own files (the gateway may be running). */
export function openAdmin(config: Config) {
  const paths = dataPaths(config);
  if (!existsSync(paths.db))
    throw new UsageError(`no database at ${paths.db} (has the gateway run with this config?)`);
  const db = openDatabase(paths.db);
  const { keyring } = loadKeyring({
    quarantineDir: config.quarantine.dir,
    ...(config.quarantine.keyFile ? { keyFile: config.quarantine.keyFile } : {}),
    allowGenerate: false,
  });
  const writer = new DirectSqlWriter(db);
  const vault = new Vault({ db, dir: config.quarantine.dir, keyring, fsync: config.spool.fsync });
  const index = new QuarantineIndex(db);
  const tickets = new TicketStore(db);
  const messages = new MessageStore(db);
  const outbox = new OutboxStore(db);
  const blobs = new BlobStore(
    db,
    paths.spool,
    config.spool.inlineMaxBytes,
    config.spool.fsync,
    new SpoolCipher(keyring),
  );
  const admin = new QuarantineAdmin({
    db,
    vault,
    index,
    tickets,
    messages,
    outbox,
    blobs,
    writer,
    helpdeskRcptTo: config.delivery.smtp.rcptTo,
    retentionDays: config.quarantine.retentionDays,
  });
  return { db, keyring, vault, index, tickets, admin, close: () => db.close() };
}
