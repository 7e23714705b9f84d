import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KeyringError, loadKeyring, parseEnvKeys } from '../../../src/adapters/vault/keyring.js';
import { tempDir } from './helpers.js';

const hexKey = 'a1'.repeat(32);

describe('DESKGUARD_MASTER_KEY', () => {
  it('accepts 64 hex digits and base64 of 32 bytes, with a derived or an explicit id', () => {
    const b64 = randomBytes(32).toString('base64');
    const [hex] = parseEnvKeys(hexKey);
    expect(hex!.id).toMatch(/^k[0-9a-f]{8}$/);
    expect(parseEnvKeys(hexKey)[0]!.id).toBe(hex!.id); // stable
    expect(parseEnvKeys(Buffer.from(hexKey, 'hex').toString('base64'))[0]!.id).toBe(hex!.id);
    expect(parseEnvKeys(`prod-2026:${b64}`)[0]!.id).toBe('prod-2026');
    const url = randomBytes(32).toString('base64url');
    expect(parseEnvKeys(url)).toHaveLength(1);
  });

  it('takes several comma-separated keys, the first one current', () => {
    const { keyring } = loadKeyring({
      quarantineDir: tempDir(),
      env: { DESKGUARD_MASTER_KEY: `new:${'b2'.repeat(32)},old:${hexKey}` },
    });
    expect(keyring.source).toBe('env');
    expect(keyring.current().id).toBe('new');
    expect(keyring.get('old')?.id).toBe('old');
    expect(keyring.list().map((k) => [k.id, k.current])).toEqual([
      ['new', true],
      ['old', false],
    ]);
    expect(() => keyring.rotate()).toThrow(/DESKGUARD_MASTER_KEY/);
  });

  it('rejects bad lengths and junk with a clear one-line error that never echoes the value', () => {
    const short = randomBytes(16).toString('base64');
    for (const [value, msg] of [
      [short, /expected 32 bytes .* got 16 bytes/],
      ['ab'.repeat(31), /expected 32 bytes as 64 hex digits or base64/],
      ['not a key!', /expected 32 bytes/],
      ['', /set but empty/],
      [`x:${hexKey},x:${hexKey}`, /duplicate key id x/],
      [`bad id:${hexKey}`, /key id/],
    ] as const) {
      let err: unknown;
      try {
        parseEnvKeys(value);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(KeyringError);
      const m = (err as Error).message;
      expect(m).toMatch(msg);
      expect(m).not.toContain('\n');
      if (value.length > 8) expect(m).not.toContain(value);
    }
  });

  it('never prints key bytes: JSON, String and inspect are redacted', () => {
    const key = parseEnvKeys(hexKey)[0]!;
    const { keyring } = loadKeyring({ quarantineDir: tempDir(), env: { DESKGUARD_MASTER_KEY: hexKey } });
    const b64 = Buffer.from(hexKey, 'hex').toString('base64');
    for (const s of [
      JSON.stringify(key),
      String(key),
      inspect(key),
      JSON.stringify(keyring),
      inspect(keyring, { depth: 9 }),
    ]) {
      expect(s).not.toContain(hexKey);
      expect(s).not.toContain(b64);
    }
    expect(JSON.stringify(key)).toContain('[redacted]');
  });
});

describe('key file', () => {
  it('generates a 0600 development key file with a warning when there is no key', () => {
    const q = join(tempDir(), 'quarantine');
    const { keyring, warning } = loadKeyring({ quarantineDir: q, env: {} });
    const file = join(q, 'master.keys');
    expect(warning).toMatch(/DEVELOPMENT master key/);
    expect(keyring.source).toBe('file');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc).toMatchObject({ format: 'deskguard-master-keys', version: 1, current: keyring.current().id });
    // The second start loads the same key, with no warning.
    const again = loadKeyring({ quarantineDir: q, env: {} });
    expect(again.warning).toBeUndefined();
    expect(again.keyring.current().id).toBe(keyring.current().id);
    expect(readdirSync(q).sort()).toEqual(['master.keys']); // no temp or lock files left
  });

  it('refuses a key file readable by group or others, naming the file and the fix', () => {
    const q = tempDir();
    loadKeyring({ quarantineDir: q, env: {} });
    const file = join(q, 'master.keys');
    for (const mode of [0o644, 0o640, 0o604]) {
      chmodSync(file, mode);
      expect(() => loadKeyring({ quarantineDir: q, env: {} })).toThrow(
        `key file ${file} is accessible by group or others (mode 0${mode.toString(8)}); run: chmod 600 ${file}`,
      );
    }
  });

  it('uses DESKGUARD_MASTER_KEY_FILE and never generates it', () => {
    const dir = tempDir();
    const file = join(dir, 'keys.json');
    expect(() => loadKeyring({ quarantineDir: dir, env: { DESKGUARD_MASTER_KEY_FILE: file } })).toThrow(
      /DESKGUARD_MASTER_KEY_FILE .* does not exist/,
    );
    expect(existsSync(file)).toBe(false);
    loadKeyring({ quarantineDir: dir, keyFile: file, env: {} }); // a configured path may be generated
    expect(loadKeyring({ quarantineDir: dir, env: { DESKGUARD_MASTER_KEY_FILE: file } }).keyring.file).toBe(
      file,
    );
  });

  it('reports a malformed key file clearly', () => {
    const dir = tempDir();
    const file = join(dir, 'master.keys');
    writeFileSync(file, '{"format":"deskguard-master-keys","version":1,"current":"a","keys":[]}', {
      mode: 0o600,
    });
    expect(() => loadKeyring({ quarantineDir: dir, env: {} })).toThrow(/current key a is not in the file/);
    writeFileSync(file, 'nope');
    expect(() => loadKeyring({ quarantineDir: dir, env: {} })).toThrow(/not valid JSON/);
  });

  it('rotate adds a current key, keeps the old one, writes 0600 atomically; refresh sees it elsewhere', () => {
    const q = tempDir();
    const a = loadKeyring({ quarantineDir: q, env: {} }).keyring;
    const other = loadKeyring({ quarantineDir: q, env: {} }).keyring; // another process
    const oldId = a.current().id;
    const b = a.rotate(Date.parse('2026-11-22T10:00:00Z'));
    expect(a.current().id).toBe(b.id);
    expect(a.get(oldId)?.id).toBe(oldId);
    expect(statSync(join(q, 'master.keys')).mode & 0o777).toBe(0o600);
    expect(readdirSync(q)).toEqual(['master.keys']);
    expect(a.list().map((k) => k.current)).toEqual([false, true]);
    expect(other.refresh()).toBe(true);
    expect(other.current().id).toBe(b.id);
    expect(other.refresh()).toBe(false);
  });

  it('rotation refuses to run while another holds the lock', () => {
    const q = tempDir();
    const { keyring } = loadKeyring({ quarantineDir: q, env: {} });
    writeFileSync(join(q, 'master.keys.lock'), '', { mode: 0o600 });
    expect(() => keyring.rotate()).toThrow(/another key change holds/);
  });

  it('retire removes an old key but never the current one', () => {
    const q = tempDir();
    const { keyring } = loadKeyring({ quarantineDir: q, env: {} });
    const a = keyring.current().id;
    const b = keyring.rotate().id;
    expect(() => keyring.retire(b)).toThrow(/current key/);
    keyring.retire(a);
    expect(keyring.get(a)).toBeUndefined();
    expect(
      loadKeyring({ quarantineDir: q, env: {} })
        .keyring.list()
        .map((k) => k.id),
    ).toEqual([b]);
  });
});
