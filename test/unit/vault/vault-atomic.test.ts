import { existsSync, readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setup } from './helpers.js';

// Records the file operations the vault makes, to show a blob only ever appears under its final
// name complete and synced: written to a temp name, fsynced, renamed, then the directory fsynced.
const log: string[] = [];
let failRename = false;

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof real.open = async (path, flags, mode) => {
    const fh = await real.open(path, flags, mode);
    const name = basename(String(path));
    log.push(`open ${name} ${flags ?? 'r'}`);
    const sync = fh.sync.bind(fh);
    fh.sync = async () => {
      log.push(`sync ${name}`);
      return sync();
    };
    return fh;
  };
  const rename: typeof real.rename = async (from, to) => {
    if (failRename) throw Object.assign(new Error('ENOSPC: simulated'), { code: 'ENOSPC' });
    log.push(`rename ${basename(String(from))} ${basename(String(to))}`);
    return real.rename(from, to);
  };
  return { ...real, default: { ...real, open, rename }, open, rename };
});

describe('Vault atomic writes', () => {
  beforeEach(() => {
    log.length = 0;
    failRename = false;
  });

  it('writes a temp file, fsyncs it, renames it into place and fsyncs the directory', async () => {
    const { db, keyring, qdir } = setup();
    const { Vault } = await import('../../../src/adapters/vault/vault.js');
    const vault = new Vault({ db, dir: qdir, keyring, fsync: true }); // fsync on: that is what is checked
    log.length = 0;
    await vault.store('atom', Buffer.from('secret'), { messageId: 'm' });
    const tmp = `atom.dgq.tmp-${process.pid}`;
    expect(log).toEqual([
      `open ${tmp} w`,
      `sync ${tmp}`,
      `rename ${tmp} atom.dgq`,
      'open quarantine r',
      'sync quarantine',
    ]);
    expect(log.some((l) => l.startsWith('open atom.dgq '))).toBe(false); // never written in place
  });

  it('a write that fails before the rename leaves no blob and no temp file behind', async () => {
    const { db, keyring, qdir } = setup();
    const { Vault } = await import('../../../src/adapters/vault/vault.js');
    const vault = new Vault({ db, dir: qdir, keyring, fsync: false });
    failRename = true;
    await expect(vault.store('half', Buffer.from('secret'), { messageId: 'm' })).rejects.toThrow(/ENOSPC/);
    expect(existsSync(`${qdir}/half.dgq`)).toBe(false);
    expect(readdirSync(qdir)).toEqual(['master.keys']);
    expect(vault.has('half')).toBe(false);
  });
});
