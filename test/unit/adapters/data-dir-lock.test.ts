import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLocked, LOCK_FILE, lockDataDir } from '../../../src/adapters/data-dir-lock.js';

let dir: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dg-lock-'));
});
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const lockFile = () => join(dir, LOCK_FILE);
const writeLock = (lines: string[]) => writeFileSync(lockFile(), `${lines.join('\n')}\n`);

/** A process that runs until the test ends. */
function liveProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  return new Promise((resolve) => child.once('spawn', () => resolve(child.pid!)));
}

/** The pid of a process that has exited. */
function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  return new Promise((resolve) => child.once('exit', () => resolve(child.pid!)));
}

const refusal = (): DataDirLocked => {
  try {
    lockDataDir(dir).release();
  } catch (err) {
    expect(err).toBeInstanceOf(DataDirLocked);
    return err as DataDirLocked;
  }
  throw new Error('expected the data directory to be refused');
};

describe('the data directory lock', () => {
  it('holds the pid while taken, refuses a second holder, and is gone after release', () => {
    const lock = lockDataDir(dir);
    expect(readFileSync(lockFile(), 'utf8').split('\n')[0]).toBe(String(process.pid));
    const err = refusal();
    expect(err.pid).toBe(process.pid);
    expect(err.message).toContain(dir);
    expect(err.message).toContain(`pid ${process.pid}`);
    expect(err.message).not.toContain('\n');
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
    lockDataDir(dir).release(); // free again
    expect(readdirSync(dir)).toEqual([]); // no temporary files left behind
  });

  it('refuses while another live process holds it, naming that pid', async () => {
    const pid = await liveProcess();
    writeLock([String(pid), `host=${hostname()}`]);
    expect(refusal().pid).toBe(pid);
    expect(readFileSync(lockFile(), 'utf8').startsWith(`${pid}\n`)).toBe(true); // left alone
  });

  it('takes over a stale lock: a dead pid, a previous boot, a garbled file, our own pid from an earlier life', async () => {
    const stale = [
      [String(await deadPid()), `host=${hostname()}`],
      [String(await liveProcess()), `host=${hostname()}`, 'boot=an-earlier-boot-id'],
      ['not a pid'],
      [],
      [String(process.pid), `host=${hostname()}`], // a container restarted with the same pid
    ];
    const bootKnown = existsSync('/proc/sys/kernel/random/boot_id');
    for (const lines of stale) {
      if (lines[2]?.startsWith('boot=') && !bootKnown) continue; // boot ids exist on Linux only
      writeLock(lines);
      const lock = lockDataDir(dir);
      expect(readFileSync(lockFile(), 'utf8').split('\n')[0]).toBe(String(process.pid));
      lock.release();
    }
  });

  it('a live pid that started at another time is a reused pid, hence stale (Linux)', async () => {
    const pid = await liveProcess();
    writeLock([String(pid), `host=${hostname()}`, '', 'start=1']);
    if (existsSync(`/proc/${pid}/stat`)) lockDataDir(dir).release();
    else expect(refusal().pid).toBe(pid);
  });

  it('refuses a lock held from another host: its pid cannot be checked from here', () => {
    writeLock(['4242', 'host=some-other-host']);
    const err = refusal();
    expect(err.message).toContain('pid 4242 on some-other-host');
  });

  it('release leaves a lock alone that is no longer ours', () => {
    const lock = lockDataDir(dir);
    writeLock(['4242', 'host=some-other-host']);
    lock.release();
    expect(readFileSync(lockFile(), 'utf8')).toContain('4242');
  });
});
