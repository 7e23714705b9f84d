import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../src/adapters/sqlite/database.js';
import { SqliteStaffStore } from '../../../src/adapters/sqlite/staff-store.js';
import { hashPassword, secretHash, verifyPassword } from '../../../src/adapters/staff-secrets.js';
import { StaffAuth } from '../../../src/admin/staff-auth.js';
import { makeTempDir, removeDir } from '../../helpers/gateway.js';

const MIN = 60_000;
const policy = { maxFailures: 3, lockMs: 15 * MIN, sessionMs: 8 * 60 * MIN, idleMs: 60 * MIN };

describe('password hashes', () => {
  it('verify the password they were made from and nothing else; carry their parameters', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('correct horse batterY', h)).toBe(false);
    expect(await verifyPassword('correct horse battery', await hashPassword('correct horse battery'))).toBe(
      true,
    );
    expect(h).not.toBe(await hashPassword('correct horse battery'));
  });

  it('a malformed or hostile stored hash matches nothing and does not throw', async () => {
    for (const bad of [
      '',
      'plain',
      'scrypt$3$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ])
      expect(await verifyPassword('x', bad)).toBe(false);
  });
});

describe('StaffAuth on SQLite', () => {
  let dir: string;
  let db: Db;
  let now: number;
  let auth: StaffAuth;
  let store: SqliteStaffStore;
  beforeEach(async () => {
    dir = makeTempDir();
    db = openDatabase(`${dir}/deskguard.db`);
    store = new SqliteStaffStore(db);
    now = 1_000_000;
    auth = new StaffAuth(store, policy, { now: () => now });
    await auth.addUser('rita', 'reviewer', 'correct horse battery');
  });
  afterEach(() => {
    db.close();
    removeDir(dir);
  });

  it('signs in with a fresh session id each time; the store keeps only its hash', async () => {
    const a = await auth.signIn('rita', 'correct horse battery');
    const b = await auth.signIn('rita', 'correct horse battery');
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.sessionId).not.toBe(b.sessionId);
    expect(await store.getSession(a.sessionId)).toBeUndefined();
    expect(await store.getSession(secretHash(a.sessionId))).toMatchObject({ user: 'rita' });
    expect(await auth.session(a.sessionId)).toMatchObject({ name: 'rita', role: 'reviewer', actor: 'rita' });
  });

  it('locks after maxFailures wrong passwords, refusing the right one until the lock ends', async () => {
    for (let i = 0; i < policy.maxFailures; i++) expect((await auth.signIn('rita', 'wrong')).ok).toBe(false);
    expect(await auth.signIn('rita', 'correct horse battery')).toEqual({ ok: false, locked: true });
    now += policy.lockMs + 1;
    expect((await auth.signIn('rita', 'correct horse battery')).ok).toBe(true);
    expect((await store.getUser('rita'))?.failures).toBe(0);
  });

  it('an unknown name fails like a wrong password, without locking anything', async () => {
    expect(await auth.signIn('nobody', 'correct horse battery')).toEqual({ ok: false, locked: false });
  });

  it('sessions end when idle, when old, at sign-out and when the user is removed', async () => {
    const open = async () => {
      const r = await auth.signIn('rita', 'correct horse battery');
      if (!r.ok) throw new Error('sign-in failed');
      return r.sessionId;
    };
    let sid = await open();
    now += policy.idleMs - 1;
    expect(await auth.session(sid)).toBeDefined();
    now += policy.idleMs;
    expect(await auth.session(sid)).toBeUndefined();
    sid = await open();
    for (let t = 0; t < policy.sessionMs; t += policy.idleMs / 2) {
      now += policy.idleMs / 2;
      await auth.session(sid);
    }
    expect(await auth.session(sid)).toBeUndefined();
    sid = await open();
    await auth.signOut(sid);
    expect(await auth.session(sid)).toBeUndefined();
    sid = await open();
    await store.removeUser('rita');
    expect(await auth.session(sid)).toBeUndefined();
  });

  it('tokens: shown once, stored hashed, role carried, revocable; random strings are no token', async () => {
    const token = (await auth.createToken('bot', 'viewer'))!;
    expect(token).toMatch(/^dgt_[A-Za-z0-9_-]{43}$/);
    expect(await auth.createToken('bot', 'admin')).toBeUndefined();
    expect((await store.listTokens())[0]?.hash).toBe(secretHash(token));
    expect(await auth.token(token)).toMatchObject({ role: 'viewer', actor: 'token:bot', via: 'token' });
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (s) => {
        expect(await auth.token(s)).toBeUndefined();
      }),
      { numRuns: 50 },
    );
    await store.revokeToken('bot');
    expect(await auth.token(token)).toBeUndefined();
  });
});
