import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/** The lock file in the data directory: one gateway per database, spool and maildir. */
export const LOCK_FILE = 'deskguard.lock';

interface Holder {
  pid: number;
  host: string;
  boot: string;
  start: string;
  text: string;
}

/** Another live gateway holds the data directory. */
export class DataDirLocked extends Error {
  override name = 'DataDirLocked';
  constructor(
    readonly dir: string,
    readonly pid: number,
    host: string | undefined,
  ) {
    super(
      `data directory ${resolve(dir)} is in use by deskguard pid ${pid}${host ? ` on ${host}` : ''} ` +
        `(lock ${LOCK_FILE}): stop that gateway, or give this one another dataDir`,
    );
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

const MISSING = '\0missing';

const readOr = (file: string, fallback: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
};

// Linux only; elsewhere empty, and the checks that use them are skipped.
const bootId = () => readOr('/proc/sys/kernel/random/boot_id', '').trim();
/** Field 22 of /proc/PID/stat (start time since boot): with the pid it names one process for good. */
const startTime = (pid: number) => readOr(`/proc/${pid}/stat`, '').split(') ').pop()?.split(' ')[19] ?? '';

function describeSelf(): Holder {
  const h = { pid: process.pid, host: hostname(), boot: bootId(), start: startTime(process.pid) };
  return { ...h, text: `${h.pid}\nhost=${h.host}\nboot=${h.boot}\nstart=${h.start}\n` };
}

function parse(text: string): Holder | undefined {
  const [first, ...rest] = text.split('\n');
  const pid = Number(first);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const field = (k: string) => rest.find((l) => l.startsWith(`${k}=`))?.slice(k.length + 1) ?? '';
  return { pid, host: field('host'), boot: field('boot'), start: field('start'), text };
}

/** Locks this process holds, by file: its own pid in a lock file is only alive if listed here. */
const heldHere = new Set<string>();

function alive(h: Holder, file: string, self: Holder): boolean {
  // Another machine's pid cannot be checked from here (a data directory on shared storage).
  if (h.host && h.host !== self.host) return true;
  if (h.boot && self.boot && h.boot !== self.boot) return false; // rebooted since
  // Our own pid: a container restarted with the same pid 1, unless a gateway here holds it.
  if (h.pid === self.pid) return heldHere.has(file);
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  // The pid runs, but if it started at another time it is a different process with a reused pid.
  const now = startTime(h.pid);
  return !(h.start && now && now !== h.start);
}

/** Creates the lock file whole or not at all: written aside, then linked into place (fails if present). */
function create(file: string, self: Holder): boolean {
  const tmp = `${file}.${self.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, self.text, { mode: 0o644 });
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

/** Moves a dead holder's lock aside; puts it back if a live one replaced it in the meantime. */
function removeStale(file: string, seen: string): void {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // another starter took care of it
    throw err;
  }
  if (readOr(aside, '') !== seen) {
    try {
      linkSync(aside, file);
    } catch {
      // A third starter created a lock meanwhile: it holds the directory now.
    }
  }
  unlinkSync(aside);
}

/**
 * Takes the data directory for this gateway: an exclusive lock file with our pid. A lock whose pid
 * is dead (a crash, a kill -9, a reboot) is stale and taken over; a live one is a DataDirLocked.
 * Commands that only read or nudge the database (queue list, quarantine list, retry) take no lock:
 * SQLite in WAL mode lets them work next to the gateway.
 */
export function lockDataDir(dir: string): DataDirLock {
  const file = resolve(join(dir, LOCK_FILE));
  const self = describeSelf();
  for (let attempt = 0; attempt < 5; attempt++) {
    if (create(file, self)) {
      heldHere.add(file);
      return {
        file,
        release() {
          if (!heldHere.delete(file)) return;
          if (readOr(file, '') === self.text) unlinkSync(file);
        },
      };
    }
    const text = readOr(file, MISSING);
    if (text === MISSING) continue; // released between our attempt and the read
    // A lock without a pid (truncated, edited by hand) names no holder that could be alive.
    const holder = parse(text);
    if (holder && alive(holder, file, self))
      throw new DataDirLocked(dir, holder.pid, holder.host !== self.host ? holder.host : undefined);
    removeStale(file, text);
  }
  throw new Error(`cannot take ${file}: other gateways keep starting on ${resolve(dir)}`);
}
