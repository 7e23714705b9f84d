import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { checkKeyId, deriveKeyId, KeyringError, MasterKey, parseKeyMaterial } from './master-key.js';

/**
 * The key file, JSON, mode 0600:
 *   { "format": "deskguard-master-keys", "version": 1, "current": "<id>",
 *     "keys": [ { "id": "<id>", "createdAt": "<ISO 8601>", "key": "<base64 of 32 bytes>" }, … ] }
 * JSON rather than YAML: it is written by the program, read by the program, and JSON.parse has no
 * surprising types.
 */
export interface KeyFileContents {
  current: string;
  keys: MasterKey[];
}

const FORMAT = 'deskguard-master-keys';

export function newMasterKey(now: number): MasterKey {
  const bytes = randomBytes(32);
  const key = new MasterKey(deriveKeyId(bytes), bytes, now);
  bytes.fill(0);
  return key;
}

/** Reads and checks the key file; refuses one that group or others could read. */
export function readKeyFile(file: string): { contents: KeyFileContents; stamp: string } {
  const fd = openSync(file, 'r');
  let text: string;
  let stamp: string;
  try {
    // fstat of the open descriptor: the file checked is the file read, even if the path changes.
    const st = fstatSync(fd);
    if (!st.isFile()) throw new KeyringError(`key file ${file} is not a regular file`);
    if ((st.mode & 0o077) !== 0) {
      const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
      throw new KeyringError(
        `key file ${file} is accessible by group or others (mode ${mode}); run: chmod 600 ${file}`,
      );
    }
    stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
    text = readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
  return { contents: parseKeyFile(text, file), stamp };
}

function parseKeyFile(text: string, file: string): KeyFileContents {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new KeyringError(`key file ${file} is not valid JSON`);
  }
  const d = doc as { format?: unknown; version?: unknown; current?: unknown; keys?: unknown };
  if (d?.format !== FORMAT || d.version !== 1 || !Array.isArray(d.keys) || typeof d.current !== 'string') {
    throw new KeyringError(`key file ${file} is not a deskguard key file (format ${FORMAT}, version 1)`);
  }
  const keys = d.keys.map((k: { id?: unknown; createdAt?: unknown; key?: unknown }, i: number) => {
    const where = `key file ${file} key ${i + 1}`;
    if (typeof k?.id !== 'string' || typeof k.key !== 'string')
      throw new KeyringError(`${where}: id or key missing`);
    const createdAt = typeof k.createdAt === 'string' ? Date.parse(k.createdAt) : Number.NaN;
    if (Number.isNaN(createdAt)) throw new KeyringError(`${where}: createdAt is not an ISO date`);
    const bytes = parseKeyMaterial(k.key, where);
    const key = new MasterKey(checkKeyId(k.id, where), bytes, createdAt);
    bytes.fill(0);
    return key;
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length)
    throw new KeyringError(`key file ${file}: duplicate key ids`);
  if (!keys.some((k) => k.id === d.current)) {
    throw new KeyringError(`key file ${file}: current key ${d.current} is not in the file`);
  }
  return { current: d.current, keys };
}

function serialize(c: KeyFileContents): string {
  const keys = c.keys.map((k) => ({
    id: k.id,
    createdAt: new Date(k.createdAt).toISOString(),
    key: k.exportBytes().toString('base64'),
  }));
  return `${JSON.stringify({ format: FORMAT, version: 1, current: c.current, keys }, null, 2)}\n`;
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes to a temporary file (0600 from the first byte), fsyncs it and returns its name. */
function writeTemp(file: string, c: KeyFileContents): string {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    fchmodSync(fd, 0o600); // whatever the umask
    writeSync(fd, serialize(c));
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw err;
  }
  closeSync(fd);
  return tmp;
}

/** Replaces the key file atomically: readers see the old file or the new one, never a mix. */
export function replaceKeyFile(file: string, c: KeyFileContents): void {
  renameSync(writeTemp(file, c), file);
  fsyncDir(dirname(file));
}

/**
 * Creates the key file only if there is none (link fails on an existing name, rename would not):
 * two processes starting at once both end up with the same single key. Returns false if it existed.
 */
export function createKeyFile(file: string, c: KeyFileContents): boolean {
  const tmp = writeTemp(file, c);
  try {
    linkSync(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // File systems without hard links: rename, accepting the (first-start-only) race.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
    if (existsSync(file)) return false;
    renameSync(tmp, file);
    fsyncDir(dirname(file));
    return true;
  } finally {
    if (existsSync(tmp)) unlinkSync(tmp);
  }
  fsyncDir(dirname(file));
  return true;
}

/**
 * Runs `fn` holding `<file>.lock`, so two rotations (say two CLI runs) cannot each write a file that
 * lacks the other's new key — a lost key would make every item wrapped under it unreadable.
 */
export function withKeyFileLock<T>(file: string, fn: () => T): T {
  const lock = `${file}.lock`;
  let fd: number;
  try {
    fd = openSync(lock, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new KeyringError(`another key change holds ${lock}; remove it if none is running`);
    }
    throw err;
  }
  closeSync(fd);
  try {
    return fn();
  } finally {
    unlinkSync(lock);
  }
}
