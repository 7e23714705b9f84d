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

  it('leaves deliveries (already redacted) in the clear', async () => {
    const { db, blobs } = setup();
    const ref = await blobs.prepare('Q', 'helpdesk', Buffer.from('redacted copy'));
    await new DirectSqlWriter(db).run([blobs.record('Q', 'helpdesk', ref)]);
    expect((db.prepare('SELECT data FROM blobs').get() as { data: Buffer }).data.toString()).toBe(
      'redacted copy',
    );
  });
});
