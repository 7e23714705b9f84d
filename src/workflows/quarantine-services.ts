import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import { BlobStore } from '../adapters/blob-store.js';
import { SpoolCipher } from '../adapters/spool-cipher.js';
import { append as auditAppend } from '../adapters/sqlite/audit-log.js';
import type { Db } from '../adapters/sqlite/database.js';
import { MessageStore } from '../adapters/sqlite/message-store.js';
import { OutboxStore } from '../adapters/sqlite/outbox-store.js';
import { QuarantineIndex } from '../adapters/sqlite/quarantine-index.js';
import type { SqlWriter } from '../adapters/sqlite/sql-op.js';
import { TicketStore } from '../adapters/sqlite/ticket-store.js';
import { UploadStore } from '../adapters/sqlite/upload-store.js';
import { type Keyring, type LoadedKeyring, loadKeyring } from '../adapters/vault/keyring.js';
import { UploadFiles } from '../adapters/vault/upload-files.js';
import { Vault } from '../adapters/vault/vault.js';
import { type Config, dataPaths } from '../config.js';
import { QuarantineAdmin } from './quarantine-admin.js';
import { UploadChannel } from './upload-channel.js';

const DAY = 86_400_000;

/** The secure channel's links and sealed uploads (`<quarantine.dir>/uploads`). */
export function uploadChannel(config: Config, db: Db, keyring: Keyring): UploadChannel {
  return new UploadChannel({
    store: new UploadStore(db),
    files: new UploadFiles(join(config.quarantine.dir, 'uploads'), keyring, config.spool.fsync),
    now: () => Date.now(),
    linkMs: Math.min(config.upload.linkDays, config.quarantine.retentionDays) * DAY,
    retentionMs: config.quarantine.retentionDays * DAY,
    audit: (entry) => auditAppend(db, entry),
  });
}

/** The master keys as the configuration places them; only the gateway's first start may generate one. */
export function configuredKeyring(config: Config, allowGenerate: boolean): LoadedKeyring {
  return loadKeyring({
    quarantineDir: config.quarantine.dir,
    ...(config.quarantine.keyFile ? { keyFile: config.quarantine.keyFile } : {}),
    allowGenerate,
  });
}

/** The message bytes of the spool, the raw messages encrypted under the configured keys. */
export function configuredBlobStore(config: Config, db: Db, keyring: Keyring): BlobStore {
  return new BlobStore(
    db,
    dataPaths(config).spool,
    config.spool.inlineMaxBytes,
    config.spool.fsync,
    new SpoolCipher(keyring),
  );
}

/** The vault, the stores around it and the admin actions, on one connection and one writer. */
export function quarantineServices(
  config: Config,
  db: Db,
  keyring: Keyring,
  blobs: BlobStore,
  writer: SqlWriter,
) {
  const vault = new Vault({
    db,
    dir: config.quarantine.dir,
    keyring,
    exec: (ops) => writer.run(ops),
    fsync: config.spool.fsync,
  });
  const index = new QuarantineIndex(db);
  const tickets = new TicketStore(db);
  const messages = new MessageStore(db);
  const outbox = new OutboxStore(db);
  const uploads = uploadChannel(config, db, keyring);
  const admin = new QuarantineAdmin({
    uploads,
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
    authservId: config.auth.authservId || config.smtp.hostname || osHostname(),
  });
  return { vault, index, tickets, messages, outbox, admin, uploads };
}
