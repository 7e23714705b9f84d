import { randomBytes } from 'node:crypto';
import type { Logger } from '../adapters/log.js';
import type { Db } from '../adapters/sqlite/database.js';
import { SqliteStaffStore } from '../adapters/sqlite/staff-store.js';
import { fingerprintKey, webCookieKey } from '../adapters/vault/derived-keys.js';
import type { Keyring } from '../adapters/vault/keyring.js';
import type { Config } from '../config.js';

export { publicBase } from '../config-public-url.js';

import { detectorOptionsFrom } from '../stages/detect/detector-config.js';
import { createScanPool, type WorkerPool } from '../stages/detect/scan-pool.js';
import type { quarantineServices } from '../workflows/quarantine-services.js';
import { redactedView } from './redacted-view.js';
import { staffAuthFor } from './staff-auth-config.js';
import type { StaffHttpDeps } from './staff-routes.js';
import { StaffService } from './staff-service.js';

// The redacted view renders in the HTTP thread: bounded so one large message cannot stall it.
const VIEW_MAX_BYTES = 5 * 1024 * 1024;
const VIEW_MAX_CHARS = 200_000;

/** The staff web UI and API's parts, on the gateway's database and keys. */
export async function staffHttp(
  config: Config,
  db: Db,
  keyring: Keyring,
  services: ReturnType<typeof quarantineServices>,
  _log: Logger,
): Promise<StaffHttpDeps> {
  const store = new SqliteStaffStore(db);
  const auth = staffAuthFor(config, store);
  // One scan worker, started at the first view: the admin thread also speaks SMTP, so detection
  // (the costly part of rebuilding a redacted copy) must not run on it.
  let pool: WorkerPool | undefined;
  const redact = async (original: Buffer) => {
    pool ??= createScanPool({
      fingerprintKey: fingerprintKey(keyring),
      size: 1,
      limits: config.detect.limits,
      detectorOptions: detectorOptionsFrom(config),
    });
    const r = await pool.scan(original);
    return r.complete ? (r.redacted ?? original) : undefined;
  };
  const service = new StaffService({
    db,
    admin: services.admin,
    index: services.index,
    tickets: services.tickets,
    original: (id) => services.vault.get(id),
    ...(config.upload.enabled ? { uploads: services.uploads } : {}),
    view: (original) =>
      redactedView(original, { redact, maxBytes: VIEW_MAX_BYTES, maxChars: VIEW_MAX_CHARS }),
  });
  await store.removeExpiredSessions(Date.now());
  return {
    service,
    auth,
    cookieKey: webCookieKey(keyring),
    secureCookies: config.http.publicUrl.startsWith('https:'),
    attemptsPerMinute: config.http.signIn.attemptsPerMinute,
    requestsPerMinute: config.http.requestsPerMinute,
    setup: { token: (await auth.hasAdmin()) ? undefined : randomBytes(24).toString('base64url') },
    close: async () => {
      await pool?.close();
    },
  };
}
