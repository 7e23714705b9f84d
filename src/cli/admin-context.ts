import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { openDatabase } from '../adapters/sqlite/database.js';
import { DirectSqlWriter } from '../adapters/sqlite/sql-writer.js';
import { type Config, dataPaths } from '../config.js';
import {
  configuredBlobStore,
  configuredKeyring,
  quarantineServices,
} from '../workflows/quarantine-services.js';
import { UsageError } from './usage-error.js';

/** The actor named in the audit log: --actor, else the operating-system user running the command. */
export const actorOf = (given: string | undefined): string => given?.trim() || userInfo().username;

/** Everything an admin command needs, on the gateway's own files (the gateway may be running). */
export function openAdmin(config: Config) {
  const paths = dataPaths(config);
  if (!existsSync(paths.db))
    throw new UsageError(`no database at ${paths.db} (has the gateway run with this config?)`);
  const db = openDatabase(paths.db);
  const { keyring } = configuredKeyring(config, false);
  const writer = new DirectSqlWriter(db);
  const blobs = configuredBlobStore(config, db, keyring);
  const { vault, index, tickets, admin } = quarantineServices(config, db, keyring, blobs, writer);
  return { db, keyring, vault, index, tickets, admin, close: () => db.close() };
}
