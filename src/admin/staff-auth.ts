import {
  decoyHash,
  hashPassword,
  newApiToken,
  newSessionId,
  secretHash,
  verifyPassword,
} from '../adapters/staff-secrets.js';
import type { Role } from '../domain/staff/roles.js';
import type { Clock, StaffStore } from '../ports.js';

/** Who is asking: a signed-in user or an API token, with the name the audit log records. */
export interface Principal {
  name: string;
  role: Role;
  via: 'session' | 'token';
  /** The audit log's actor: the user's name, or `token:<name>`. */
  actor: string;
  /** The session's stored hash (binds CSRF tokens to the session). */
  sessionHash?: string;
}

export interface SignInPolicy {
  /** Failed sign-ins in a row before the account is locked. */
  maxFailures: number;
  lockMs: number;
  /** A session ends this long after sign-in, whatever its use. */
  sessionMs: number;
  /** ... or after this long unused. */
  idleMs: number;
}

export type SignIn = { ok: true; sessionId: string; principal: Principal } | { ok: false; locked: boolean };

// Last-seen times are written at most this often: a page with several requests writes once.
const TOUCH_EVERY_MS = 60_000;

/** Sign-in, sessions and tokens over a StaffStore. */
export class StaffAuth {
  constructor(
    private readonly store: StaffStore,
    private readonly policy: SignInPolicy,
    private readonly clock: Clock,
  ) {}

  /**
   * Checks a name and password and opens a new session: always a new id, so an id planted in the
   * browser before sign-in (session fixation) never becomes a signed-in session. A locked account
   * is refused even with the right password, and every failure costs the same scrypt time.
   */
  async signIn(name: string, password: string): Promise<SignIn> {
    const now = this.clock.now();
    const user = await this.store.getUser(name);
    const good = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user) return { ok: false, locked: false };
    if (user.lockedUntil > now) return { ok: false, locked: true };
    if (!good) {
      const failures = user.failures + 1;
      const locked = failures >= this.policy.maxFailures;
      await this.store.recordFailure(name, locked ? now + this.policy.lockMs : 0);
      return { ok: false, locked };
    }
    if (user.failures > 0) await this.store.clearFailures(name);
    const sessionId = newSessionId();
    const idHash = secretHash(sessionId);
    await this.store.addSession({
      idHash,
      user: user.name,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.policy.sessionMs,
    });
    return {
      ok: true,
      sessionId,
      principal: { name: user.name, role: user.role, via: 'session', actor: user.name, sessionHash: idHash },
    };
  }

  /** The principal of a session cookie's id, or undefined when it is unknown, expired or idle. */
  async session(sessionId: string): Promise<Principal | undefined> {
    const now = this.clock.now();
    const idHash = secretHash(sessionId);
    const s = await this.store.getSession(idHash);
    if (!s) return undefined;
    if (s.expiresAt <= now || s.lastSeenAt + this.policy.idleMs <= now) {
      await this.store.removeSession(idHash);
      return undefined;
    }
    // The role is read each time: a user removed or demoted loses access at the next request.
    const user = await this.store.getUser(s.user);
    if (!user) return undefined;
    if (now - s.lastSeenAt >= TOUCH_EVERY_MS) await this.store.touchSession(idHash, now);
    return { name: user.name, role: user.role, via: 'session', actor: user.name, sessionHash: idHash };
  }

  async signOut(sessionId: string): Promise<void> {
    await this.store.removeSession(secretHash(sessionId));
  }

  /** The principal of a bearer token, or undefined. */
  async token(token: string): Promise<Principal | undefined> {
    const t = await this.store.tokenByHash(secretHash(token));
    if (!t) return undefined;
    const now = this.clock.now();
    if (t.lastUsedAt === null || now - t.lastUsedAt >= TOUCH_EVERY_MS)
      await this.store.touchToken(t.name, now);
    return { name: t.name, role: t.role, via: 'token', actor: `token:${t.name}` };
  }

  /** Adds a user; false when the name is taken. */
  async addUser(name: string, role: Role, password: string): Promise<boolean> {
    const passwordHash = await hashPassword(password);
    return this.store.addUser({ name, role, passwordHash, createdAt: this.clock.now() });
  }

  /** Creates a token and returns it: the only time it exists outside the caller's hands. */
  async createToken(name: string, role: Role): Promise<string | undefined> {
    const token = newApiToken();
    const added = await this.store.addToken({
      name,
      role,
      hash: secretHash(token),
      createdAt: this.clock.now(),
    });
    return added ? token : undefined;
  }

  hasAdmin(): Promise<boolean> {
    return this.store.countUsers('admin').then((n) => n > 0);
  }
}
