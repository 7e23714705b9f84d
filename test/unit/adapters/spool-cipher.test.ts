import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobStore } from '../../../src/adapters/blob-store.js';
import { SpoolCipher, SpoolIntegrityError } from '../../../src/adapters/spool-cipher.js';
import { openDatabase } from '../../../src/adapters/sqlite/database.js';
import { DirectSqlWriter } from '../../../src/adapters/sqlite/sql-writer.js';
import { loadKeyring } from '../../../src/adapters/vault/keyring.js';

const CANARY = 'canary-hunter2-Zq9!xW';

function setup(inlineMaxBytes = 1024) {
  const dir = mkdtempSync(join(tmpdir(), 'dg-spool-'));
  const { keyring } = loadKeyring({ quarantineDir: join(dir, 'q'), env: {} });
  const cipher = new SpoolCipher(keyring);
  const db = openDatabase(join(dir, 'd.db'));
  const blobs = new BlobStore(db, join(dir, 'spool'), inlineMaxBytes, true, cipher);
  return { dir, db, blobs, cipher, keyring };
}

describe('SpoolCipher', () => {
  it('round-trips and refuses tampering, another queue id, and junk', () => {
    const { cipher } = setup();
    const sealed = cipher.seal('Q1', Buffer.from(`Subject: x\r\n\r\n${CANARY}\r\n`));
    expect(sealed.includes(CANARY)).toBe(false);
    expect(cipher.open('Q1', sealed).toString()).toContain(CANARY);
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 20]! ^= 1;
    expect(() => cipher.open('Q1', flipped)).toThrow(SpoolIntegrityError);
    expect(() => cipher.open('Q2', sealed)).toThrow(SpoolIntegrityError);
    expect(() => cipher.open('Q1', Buffer.from('plain text'))).toThrow(SpoolIntegrityError);
  });

  it('keeps blobs sealed under an older key readable after rotation', () => {
    const { cipher, keyring } = setup();
    const sealed = cipher.seal('Q1', Buffer.from('old'));
    keyring.rotate();
    expect(new SpoolCipher(keyring).open('Q1', sealed).toString()).toBe('old');
  });
});

describe('BlobStore with a cipher', () => {
  it('stores raw messages encrypted, inline and spilled to files alike', async () => {
    const { dir, db, blobs } = setup(256);
    const writer = new DirectSqlWriter(db);
    const small = Buffer.from(`Subject: s\r\n\r\n${CANARY}\r\n`);
    const big = Buffer.from(`Subject: b\r\n\r\n${`${CANARY} `.repeat(200)}\r\n`);
    for (const [id, data] of [
      ['SMALL', small],
      ['BIG', big],
    ] as const) {
      const w = blobs.writer(id, 'raw');
      for (let i = 0; i < data.length; i += 100) await w.write(data.subarray(i, i + 100));
      const ref = await w.seal();
      await writer.run([blobs.record(id, 'raw', ref)]);
      expect(await blobs.read(id, 'raw')).toEqual(data);
    }
    expect(readdirSync(join(dir, 'spool'))).toEqual(['BIG.raw.eml']);
    expect(readFileSync(join(dir, 'spool', 'BIG.raw.eml')).includes(CANARY)).toBe(false);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(dir, 'd.db')).includes(CANARY)).toBe(false);
  });

  it('stores every kind encrypted, inline and as a file, and reads each back', async () => {
    const { dir, db, blobs } = setup(256);
    const writer = new DirectSqlWriter(db);
    const kinds = ['raw', 'helpdesk', 'notice', 'release'] as const;
    for (const kind of kinds)
      for (const [id, data] of [
        [`S-${kind}`, Buffer.from(`Subject: s\r\n\r\n${CANARY}\r\n`)],
        [`B-${kind}`, Buffer.from(`Subject: b\r\n\r\n${`${CANARY} `.repeat(100)}\r\n`)],
      ] as const) {
        const ref = await blobs.prepare(id, kind, data);
        await writer.run([blobs.record(id, kind, ref)]);
        expect(await blobs.read(id, kind)).toEqual(data);
        // A file comes back as a stream, decrypted as it is read.
        const input = await blobs.input(id, kind, ref);
        expect(Buffer.isBuffer(input) ? input : Buffer.concat(await input.toArray())).toEqual(data);
      }
    expect(readdirSync(join(dir, 'spool')).sort()).toEqual(kinds.map((k) => `B-${k}.${k}.eml`).sort());
    for (const f of readdirSync(join(dir, 'spool')))
      expect(readFileSync(join(dir, 'spool', f)).includes(CANARY)).toBe(false);
    for (const row of db.prepare('SELECT data FROM blobs WHERE data IS NOT NULL').all() as Array<{
      data: Buffer;
    }>)
      expect(row.data.includes(CANARY)).toBe(false);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(dir, 'd.db')).includes(CANARY)).toBe(false);
  });

  it('binds a composed copy to its kind: a notice cannot be read as the helpdesk copy', async () => {
    const { db, blobs } = setup();
    const writer = new DirectSqlWriter(db);
    const ref = await blobs.prepare('Q', 'notice', Buffer.from('the notice'));
    await writer.run([blobs.record('Q', 'helpdesk', ref)]);
    await expect(blobs.read('Q', 'helpdesk')).rejects.toThrow(SpoolIntegrityError);
  });

  it('encrypts composed copies an older version left in the clear, inline and in files', async () => {
    const { dir, db, blobs } = setup(256);
    const writer = new DirectSqlWriter(db);
    // What the older version wrote: plaintext rows and files.
    const plain = new BlobStore(db, join(dir, 'spool'), 256, true);
    const small = Buffer.from(`Subject: s\r\n\r\n${CANARY}\r\n`);
    const big = Buffer.from(`${CANARY} `.repeat(100));
    await writer.run([
      plain.record('A', 'helpdesk', await plain.prepare('A', 'helpdesk', small)),
      plain.record('B', 'notice', await plain.prepare('B', 'notice', big)),
    ]);
    const sealedRaw = await blobs.prepare('C', 'raw', small);
    await writer.run([blobs.record('C', 'raw', sealedRaw)]);
    const legacy = await blobs.sealLegacy();
    expect([legacy.ops.length, legacy.files]).toEqual([1, 1]);
    await writer.run(legacy.ops);
    expect(await blobs.read('A', 'helpdesk')).toEqual(small);
    expect(await blobs.read('B', 'notice')).toEqual(big);
    expect(await blobs.read('C', 'raw')).toEqual(small);
    expect(readFileSync(join(dir, 'spool', 'B.notice.eml')).includes(CANARY)).toBe(false);
    const again = await blobs.sealLegacy();
    expect([again.ops.length, again.files]).toEqual([0, 0]);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(dir, 'd.db')).includes(CANARY)).toBe(false);
  });
});
