import type { Role } from '../../domain/staff/roles.js';
import type { ApiToken, StaffSession, StaffStore, StaffUser } from '../../ports.js';
import type { Db } from './database.js';

/**
 * Staff users, sessions and API tokens. Passwords are stored as scrypt hashes, session ids and
 * tokens as SHA-256 hashes: a copy of the database signs nobody in.
 */
export const STAFF_SCHEMA_SQL = `
CREATE TABLE staff_users (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'reviewer', 'admin')),
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE staff_sessions (
  id_hash TEXT PRIMARY KEY,
  user TEXT NOT NULL REFERENCES staff_users (name) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX staff_sessions_expiry ON staff_sessions (expires_at);
CREATE TABLE api_tokens (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'reviewer', 'admin')),
  hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);`;

type Row = Record<string, unknown>;

const toUser = (r: Row): StaffUser => ({
  name: r.name as string,
  role: r.role as Role,
  passwordHash: r.password_hash as string,
  createdAt: r.created_at as number,
  failures: r.failures as number,
  lockedUntil: r.locked_until as number,
});

const toSession = (r: Row): StaffSession => ({
  idHash: r.id_hash as string,
  user: r.user as string,
  createdAt: r.created_at as number,
  lastSeenAt: r.last_seen_at as number,
  expiresAt: r.expires_at as number,
});

const toToken = (r: Row): ApiToken => ({
  name: r.name as string,
  role: r.role as Role,
  hash: r.hash as string,
  createdAt: r.created_at as number,
  lastUsedAt: (r.last_used_at as number | null) ?? null,
});

/** The SQLite StaffStore: small writes straight on the connection (WAL; the busy timeout waits). */
export class SqliteStaffStore implements StaffStore {
  private readonly s;

  constructor(db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      addUser: p(
        'INSERT INTO staff_users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING',
      ),
      getUser: p('SELECT * FROM staff_users WHERE name = ?'),
      listUsers: p('SELECT * FROM staff_users ORDER BY name'),
      removeUser: p('DELETE FROM staff_users WHERE name = ?'),
      countAll: p('SELECT COUNT(*) AS n FROM staff_users'),
      countRole: p('SELECT COUNT(*) AS n FROM staff_users WHERE role = ?'),
      fail: p('UPDATE staff_users SET failures = failures + 1, locked_until = ? WHERE name = ?'),
      clear: p('UPDATE staff_users SET failures = 0, locked_until = 0 WHERE name = ?'),
      addSession: p(
        'INSERT INTO staff_sessions (id_hash, user, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      ),
      getSession: p('SELECT * FROM staff_sessions WHERE id_hash = ?'),
      touchSession: p('UPDATE staff_sessions SET last_seen_at = ? WHERE id_hash = ?'),
      removeSession: p('DELETE FROM staff_sessions WHERE id_hash = ?'),
      removeUserSessions: p('DELETE FROM staff_sessions WHERE user = ?'),
      expire: p('DELETE FROM staff_sessions WHERE expires_at <= ?'),
      addToken: p(
        'INSERT INTO api_tokens (name, role, hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING',
      ),
      tokenByHash: p('SELECT * FROM api_tokens WHERE hash = ?'),
      listTokens: p('SELECT * FROM api_tokens ORDER BY name'),
      touchToken: p('UPDATE api_tokens SET last_used_at = ? WHERE name = ?'),
      revokeToken: p('DELETE FROM api_tokens WHERE name = ?'),
    };
    this.removeUserTx = db.transaction((name: string) => {
      this.s.removeUserSessions.run(name);
      return this.s.removeUser.run(name).changes > 0;
    });
  }

  private readonly removeUserTx: (name: string) => boolean;

  async addUser(u: Omit<StaffUser, 'failures' | 'lockedUntil'>): Promise<boolean> {
    return this.s.addUser.run(u.name, u.role, u.passwordHash, u.createdAt).changes > 0;
  }
  async getUser(name: string) {
    const r = this.s.getUser.get(name) as Row | undefined;
    return r && toUser(r);
  }
  async listUsers() {
    return (this.s.listUsers.all() as Row[]).map(toUser);
  }
  async removeUser(name: string) {
    return this.removeUserTx(name);
  }
  async countUsers(role?: Role) {
    const r = (role ? this.s.countRole.get(role) : this.s.countAll.get()) as { n: number };
    return r.n;
  }
  async recordFailure(name: string, lockedUntil: number) {
    this.s.fail.run(lockedUntil, name);
  }
  async clearFailures(name: string) {
    this.s.clear.run(name);
  }
  async addSession(x: StaffSession) {
    this.s.addSession.run(x.idHash, x.user, x.createdAt, x.lastSeenAt, x.expiresAt);
  }
  async getSession(idHash: string) {
    const r = this.s.getSession.get(idHash) as Row | undefined;
    return r && toSession(r);
  }
  async touchSession(idHash: string, at: number) {
    this.s.touchSession.run(at, idHash);
  }
  async removeSession(idHash: string) {
    this.s.removeSession.run(idHash);
  }
  async removeExpiredSessions(now: number) {
    return this.s.expire.run(now).changes;
  }
  async addToken(t: Omit<ApiToken, 'lastUsedAt'>) {
    return this.s.addToken.run(t.name, t.role, t.hash, t.createdAt).changes > 0;
  }
  async tokenByHash(hash: string) {
    const r = this.s.tokenByHash.get(hash) as Row | undefined;
    return r && toToken(r);
  }
  async listTokens() {
    return (this.s.listTokens.all() as Row[]).map(toToken);
  }
  async touchToken(name: string, at: number) {
    this.s.touchToken.run(at, name);
  }
  async revokeToken(name: string) {
    return this.s.revokeToken.run(name).changes > 0;
  }
}
