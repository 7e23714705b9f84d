import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureDir } from '../durable-files.js';
import {
  createKeyFile,
  type KeyFileContents,
  newMasterKey,
  readKeyFile,
  replaceKeyFile,
  withKeyFileLock,
} from './key-file.js';
import { KeyringError, type MasterKey, parseEnvKeys } from './master-key.js';

export { KeyringError, MasterKey, parseEnvKeys } from './master-key.js';

export type KeySource = 'env' | 'file' | 'generated';

export interface KeyringOptions {
  /** `quarantine.dir`: the default key file is `<dir>/master.keys`. */
  quarantineDir: string;
  /** A configured key file path (used when DESKGUARD_MASTER_KEY_FILE is not set). */
  keyFile?: string;
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Generate a development key file when there is no key at all (default true). */
  allowGenerate?: boolean;
  now?: () => number;
}

export interface LoadedKeyring {
  keyring: Keyring;
  /** Set when a development key was just generated: the caller logs it loudly. */
  warning?: string;
}

/**
 * Master keys, by id. Sources in order: DESKGUARD_MASTER_KEY (see parseEnvKeys), else a key file —
 * DESKGUARD_MASTER_KEY_FILE, else the configured path, else `<quarantine.dir>/master.keys` — which
 * must be mode 0600 (see key-file.ts for its format). With neither, a development key file is
 * generated (0600) and a warning returned; a file named by DESKGUARD_MASTER_KEY_FILE is never
 * generated, since a missing one means a broken deployment, not a first start.
 */
export function loadKeyring(opts: KeyringOptions): LoadedKeyring {
  const env = opts.env ?? process.env;
  const now = opts.now ?? Date.now;
  const envKeys = env['DESKGUARD_MASTER_KEY'];
  if (envKeys !== undefined) {
    const keys = parseEnvKeys(envKeys);
    return { keyring: new Keyring('env', { current: keys[0]!.id, keys }) };
  }
  const explicit = env['DESKGUARD_MASTER_KEY_FILE'];
  const file = resolve(explicit || opts.keyFile || join(opts.quarantineDir, 'master.keys'));
  if (!exists(file)) {
    if (explicit) throw new KeyringError(`DESKGUARD_MASTER_KEY_FILE ${file} does not exist`);
    if (opts.allowGenerate === false)
      throw new KeyringError(`no master key: set DESKGUARD_MASTER_KEY or create ${file}`);
    ensureDir(resolve(file, '..'));
    const key = newMasterKey(now());
    if (createKeyFile(file, { current: key.id, keys: [key] })) {
      const warning =
        `generated a DEVELOPMENT master key in ${file}; back it up (losing it loses the quarantine) ` +
        'or set DESKGUARD_MASTER_KEY / DESKGUARD_MASTER_KEY_FILE in production';
      return { keyring: Keyring.fromFile(file), warning };
    }
  }
  return { keyring: Keyring.fromFile(file) };
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

export class Keyring {
  private contents: KeyFileContents;
  private stamp = '';

  constructor(
    readonly source: KeySource,
    contents: KeyFileContents,
    /** The key file, for source 'file'. */
    readonly file?: string,
  ) {
    this.contents = contents;
  }

  static fromFile(file: string): Keyring {
    const { contents, stamp } = readKeyFile(file);
    const ring = new Keyring('file', contents, file);
    ring.stamp = stamp;
    return ring;
  }

  /** The key new items are wrapped with. */
  current(): MasterKey {
    return this.get(this.contents.current)!;
  }

  get(id: string): MasterKey | undefined {
    return this.contents.keys.find((k) => k.id === id);
  }

  list(): { id: string; createdAt: number; current: boolean }[] {
    return this.contents.keys.map((k) => ({
      id: k.id,
      createdAt: k.createdAt,
      current: k.id === this.contents.current,
    }));
  }

  /**
   * Rereads the key file if another process (`deskguard keys rotate`) changed it, so a running
   * gateway wraps new items under the new key. One stat: cheap enough to call before every put.
   */
  refresh(): boolean {
    if (!this.file) return false;
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(this.file);
    } catch {
      return false; // a vanished file is not a reason to forget keys already loaded
    }
    if (`${st.ino}:${st.size}:${st.mtimeMs}` === this.stamp) return false;
    const { contents, stamp } = readKeyFile(this.file);
    this.contents = contents;
    this.stamp = stamp;
    return true;
  }

  /** Adds a new key and makes it current; older keys stay for unwrapping until retired. */
  rotate(now = Date.now()): MasterKey {
    const file = this.writableFile('rotate');
    return withKeyFileLock(file, () => {
      const { contents } = readKeyFile(file); // another process may have rotated since we loaded
      const key = newMasterKey(now);
      const next = { current: key.id, keys: [...contents.keys, key] };
      replaceKeyFile(file, next);
      this.reloadFrom(file);
      return key;
    });
  }

  /**
   * Removes an old key from the file. Callers must first check no item is still wrapped under it
   * (Vault.keyUsage()); items under a retired key cannot be read any more.
   */
  retire(id: string): void {
    const file = this.writableFile('retire');
    withKeyFileLock(file, () => {
      const { contents } = readKeyFile(file);
      if (contents.current === id) throw new KeyringError(`key ${id} is the current key; rotate first`);
      if (!contents.keys.some((k) => k.id === id)) throw new KeyringError(`no key ${id} in ${file}`);
      replaceKeyFile(file, { current: contents.current, keys: contents.keys.filter((k) => k.id !== id) });
      this.reloadFrom(file);
    });
  }

  toJSON(): {
    source: KeySource;
    file?: string;
    keys: { id: string; createdAt: number; current: boolean }[];
  } {
    return { source: this.source, file: this.file, keys: this.list() };
  }

  private reloadFrom(file: string): void {
    const { contents, stamp } = readKeyFile(file);
    this.contents = contents;
    this.stamp = stamp;
  }

  private writableFile(what: string): string {
    if (this.source === 'env' || !this.file) {
      throw new KeyringError(
        `cannot ${what}: keys come from DESKGUARD_MASTER_KEY; put a new key first in it (old ones after, comma-separated), restart, then rewrap`,
      );
    }
    return this.file;
  }
}
