import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  VaultError,
  VaultIntegrityError,
  VaultKeyMissingError,
  VaultNotFoundError,
} from '../../../src/adapters/vault/vault.js';
import { HEADER_BYTES } from '../../../src/adapters/vault/vault-format.js';
import { setup } from './helpers.js';

const original = Buffer.from('Subject: hi\r\n\r\npassword: Hunter2-canary-7Q\r\n');
const blobPath = (qdir: string, id: string) => join(qdir, `${id}.dgq`);

function flip(path: string, offset: number): void {
  const b = readFileSync(path);
  b[offset]! ^= 0x01;
  writeFileSync(path, b);
}

describe('Vault', () => {
  it('round-trips; the file holds a header and ciphertext only; list shows metadata', async () => {
    const { vault, qdir, keyring } = setup();
    const ops = await vault.put('item1', original, { messageId: 'msg1', now: 1000 });
    expect(vault.has('item1')).toBe(false); // not stored until the caller commits the row
    expect(ops).toHaveLength(1);
    await vault.store('item2', Buffer.alloc(0), { messageId: 'msg1', now: 2000 });
    await vault.store('item3', randomBytes(300_000), { messageId: 'msg2', now: 3000 });
    // The uncommitted put above is an interrupted one: storing the item again replaces its file.
    await vault.store('item1', original, { messageId: 'msg1', now: 1000 });
    expect(await vault.get('item1')).toEqual(original);
    expect(await vault.get('item2')).toEqual(Buffer.alloc(0));
    const file = readFileSync(blobPath(qdir, 'item1'));
    expect(file.subarray(0, 5)).toEqual(Buffer.from('DGQV\x01', 'latin1'));
    expect(file.length).toBe(HEADER_BYTES + original.length);
    expect(file.includes(Buffer.from('Hunter2'))).toBe(false);
    expect(vault.list({ messageId: 'msg1' })).toEqual([
      {
        itemId: 'item1',
        messageId: 'msg1',
        keyId: keyring.current().id,
        size: original.length,
        createdAt: 1000,
      },
      { itemId: 'item2', messageId: 'msg1', keyId: keyring.current().id, size: 0, createdAt: 2000 },
    ]);
    expect(vault.list({ createdUntil: 2000 }).map((i) => i.itemId)).toEqual(['item1', 'item2']);
    expect(vault.keyUsage()).toEqual({ [keyring.current().id]: 3 });
  });

  it('refuses an existing item and ids that are not safe file names', async () => {
    const { vault } = setup();
    await vault.store('a', original, { messageId: 'm' });
    await expect(vault.put('a', original, { messageId: 'm' })).rejects.toThrow(VaultError);
    for (const bad of ['../x', 'a/b', '.hidden', '', 'x'.repeat(200)]) {
      await expect(vault.put(bad, original, { messageId: 'm' })).rejects.toThrow(
        /invalid quarantine item id/,
      );
    }
    await expect(vault.get('nope')).rejects.toThrow(VaultNotFoundError);
  });

  it('fails loudly on a flipped byte anywhere in the blob: magic, version, IV, tag, body', async () => {
    const { vault, qdir } = setup();
    await vault.store('t', original, { messageId: 'm' });
    for (const offset of [
      0,
      4,
      5,
      16,
      17,
      32,
      HEADER_BYTES,
      HEADER_BYTES + 10,
      HEADER_BYTES + original.length - 1,
    ]) {
      flip(blobPath(qdir, 't'), offset);
      await expect(vault.get('t'), `offset ${offset}`).rejects.toThrow(VaultIntegrityError);
      flip(blobPath(qdir, 't'), offset);
    }
    writeFileSync(blobPath(qdir, 't'), readFileSync(blobPath(qdir, 't')).subarray(0, HEADER_BYTES + 3));
    await expect(vault.get('t')).rejects.toThrow(/failed integrity check/);
  });

  it('fails loudly when the wrapped key row is changed: key, its IV or tag, ids, format, size', async () => {
    const { vault, db } = setup();
    await vault.store('w', original, { messageId: 'm' });
    const row = db.prepare('SELECT * FROM quarantine_keys WHERE item_id = ?').get('w') as Record<
      string,
      unknown
    >;
    const set = (col: string, value: unknown) =>
      db.prepare(`UPDATE quarantine_keys SET ${col} = ? WHERE item_id = 'w'`).run(value);
    const flipped = (b: Buffer, i = 0) => {
      const c = Buffer.from(b);
      c[i]! ^= 0x80;
      return c;
    };
    const cases: [string, unknown][] = [
      ['wrapped_key', flipped(row.wrapped_key as Buffer)],
      ['wrapped_key', flipped(row.wrapped_key as Buffer, 31)],
      ['wrap_iv', flipped(row.wrap_iv as Buffer)],
      ['wrap_tag', flipped(row.wrap_tag as Buffer)],
      ['wrap_tag', (row.wrap_tag as Buffer).subarray(0, 12)], // a truncated tag is not accepted
      ['message_id', 'other-message'],
      ['format', 2],
      ['size', original.length + 1],
    ];
    for (const [col, value] of cases) {
      set(col, value);
      await expect(vault.get('w'), col).rejects.toThrow(VaultIntegrityError);
      set(col, row[col]);
    }
    expect(await vault.get('w')).toEqual(original);
    set('key_id', 'unknown');
    await expect(vault.get('w')).rejects.toThrow(VaultKeyMissingError);
  });

  it('binds blobs and wrapped keys to their item: swapping files or rows between items fails', async () => {
    const { vault, db, qdir } = setup();
    await vault.store('a', original, { messageId: 'm' });
    await vault.store('b', Buffer.from('another message of other length'), { messageId: 'm' });
    // Swap the blob files.
    renameSync(blobPath(qdir, 'a'), join(qdir, 'tmp'));
    renameSync(blobPath(qdir, 'b'), blobPath(qdir, 'a'));
    renameSync(join(qdir, 'tmp'), blobPath(qdir, 'b'));
    await expect(vault.get('a')).rejects.toThrow(VaultIntegrityError);
    await expect(vault.get('b')).rejects.toThrow(VaultIntegrityError);
    // Swap back, then give item a the wrapped key (and its IV and tag) of item b.
    renameSync(blobPath(qdir, 'a'), join(qdir, 'tmp'));
    renameSync(blobPath(qdir, 'b'), blobPath(qdir, 'a'));
    renameSync(join(qdir, 'tmp'), blobPath(qdir, 'b'));
    expect(await vault.get('a')).toEqual(original);
    db.exec(`UPDATE quarantine_keys SET (wrap_iv, wrap_tag, wrapped_key) =
      (SELECT wrap_iv, wrap_tag, wrapped_key FROM quarantine_keys WHERE item_id = 'b') WHERE item_id = 'a'`);
    await expect(vault.get('a')).rejects.toThrow(/wrapped data key does not authenticate/);
  });

  it('a row without its blob file is an integrity error, not an empty result', async () => {
    const { vault, qdir } = setup();
    await vault.store('gone', original, { messageId: 'm' });
    renameSync(blobPath(qdir, 'gone'), join(qdir, 'elsewhere'));
    await expect(vault.get('gone')).rejects.toThrow(/blob file missing/);
  });

  it('crypto-shred removes the wrapped key (also from the WAL) and the file; idempotent', async () => {
    const { vault, db, qdir, dir } = setup();
    await vault.store('s', original, { messageId: 'm' });
    await vault.store('keep', original, { messageId: 'm' });
    const wrapped = (
      db.prepare("SELECT wrapped_key FROM quarantine_keys WHERE item_id = 's'").get() as {
        wrapped_key: Buffer;
      }
    ).wrapped_key;
    await vault.shred('s');
    await vault.shred('s');
    expect(existsSync(blobPath(qdir, 's'))).toBe(false);
    expect(vault.has('s')).toBe(false);
    await expect(vault.get('s')).rejects.toThrow(VaultNotFoundError);
    expect(await vault.get('keep')).toEqual(original);
    for (const name of readdirSync(dir).filter((n) => n.startsWith('test.db'))) {
      expect(readFileSync(join(dir, name)).includes(wrapped), name).toBe(false);
    }
  });

  it('sweep removes old orphan files and temp files, never a committed item or a fresh orphan', async () => {
    const { vault, qdir } = setup();
    await vault.store('live', original, { messageId: 'm' });
    await vault.put('orphan', original, { messageId: 'm' }); // row never committed
    writeFileSync(join(qdir, `x.dgq.tmp-${process.pid}`), 'partial'); // a put of ours under way
    expect(await vault.sweep({ now: Date.now() })).toEqual({ removed: 0 });
    expect(await vault.sweep({ now: Date.now() + 2 * 3_600_000 })).toEqual({ removed: 2 });
    expect(readdirSync(qdir).sort()).toEqual(['live.dgq', 'master.keys']);
    expect(await vault.get('live')).toEqual(original);
  });

  it('sweep removes at once the temp file of a process that is gone (killed mid-write)', async () => {
    const { vault, qdir } = setup();
    let gone = 4_000_000;
    while (gone > 2) {
      try {
        process.kill(gone, 0);
        gone--;
      } catch {
        break;
      }
    }
    writeFileSync(join(qdir, `y.dgq.tmp-${gone}`), 'partial');
    writeFileSync(join(qdir, `z.dgq.tmp-${process.pid}`), 'partial');
    expect(await vault.sweep({ now: Date.now() })).toEqual({ removed: 1 });
    expect(readdirSync(qdir).sort()).toEqual(['master.keys', `z.dgq.tmp-${process.pid}`]);
  });
});
