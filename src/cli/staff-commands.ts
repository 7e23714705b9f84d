import { ensureDir } from '../adapters/durable-files.js';
import { append as auditAppend } from '../adapters/sqlite/audit-log.js';
import { openDatabase } from '../adapters/sqlite/database.js';
import { SqliteStaffStore } from '../adapters/sqlite/staff-store.js';
import { newPassword } from '../adapters/staff-secrets.js';
import { type StaffAuth, staffAuthFor } from '../admin/staff-auth-config.js';
import { type Config, dataPaths } from '../config.js';
import { isRole, isStaffName, ROLES } from '../domain/staff/roles.js';
import { actorOf } from './admin-context.js';
import type { RunOptions } from './command-line.js';
import { iso, printable, printList } from './list-output.js';
import { UsageError } from './usage-error.js';

type Out = (s: string) => void;

/** What a staff password must have: long enough that the scrypt cost means something. */
export const MIN_PASSWORD_LENGTH = 12;

export interface StaffIo {
  /** Whether standard input is a terminal: then a password is generated instead of read. */
  stdinIsTerminal: boolean;
  readStdin: () => Promise<string>;
}

function checked(name: string | undefined, role: string | undefined, needsRole: boolean) {
  if (!name || !isStaffName(name))
    throw new UsageError(
      `a name is letters, digits and . _ @ -, starting with a letter or digit, at most 64 (got ${JSON.stringify(name ?? '')})`,
    );
  if (needsRole && !isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return { name, role: role as (typeof ROLES)[number] };
}

/** The password for `users add`: the first line of standard input, or a generated one at a terminal. */
async function passwordFor(io: StaffIo): Promise<{ password: string; generated: boolean }> {
  if (io.stdinIsTerminal) return { password: newPassword(), generated: true };
  const password = (await io.readStdin()).split(/\r?\n/)[0] ?? '';
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new UsageError(
      `the password on standard input must have at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  return { password, generated: false };
}

/** `deskguard users add|list|remove`, `deskguard tokens create|list|revoke` */
export async function staffCommand(
  config: Config,
  path: readonly string[],
  arg: string | undefined,
  o: RunOptions & { role?: string },
  out: Out,
  io: StaffIo,
): Promise<number> {
  ensureDir(config.dataDir);
  const db = openDatabase(dataPaths(config).db);
  const store = new SqliteStaffStore(db);
  const auth: StaffAuth = staffAuthFor(config, store);
  const audit = (action: string, item: string) =>
    auditAppend(db, { actor: actorOf(o.actor), action, item, reason: o.reason ?? null });
  try {
    switch (path.join(' ')) {
      case 'users add': {
        const { name, role } = checked(arg, o.role, true);
        const { password, generated } = await passwordFor(io);
        if (!(await auth.addUser(name, role, password))) {
          out(`a user named ${name} exists already`);
          return 1;
        }
        audit('user_add', `${name} (${role})`);
        out(`added ${role} ${name}`);
        if (generated) out(`password (shown once): ${password}`);
        return 0;
      }
      case 'users list':
        printList(
          await store.listUsers(),
          {
            json: o.json,
            toJson: (u) => ({
              name: u.name,
              role: u.role,
              createdAt: iso(u.createdAt),
              locked: u.lockedUntil > Date.now(),
            }),
            line: (u) =>
              `${printable(u.name)} ${u.role} ${iso(u.createdAt)}${u.lockedUntil > Date.now() ? ' (locked)' : ''}`,
            empty: 'no users',
          },
          out,
        );
        return 0;
      case 'users remove': {
        const { name } = checked(arg, undefined, false);
        if (!(await store.removeUser(name))) {
          out(`no user named ${name}`);
          return 1;
        }
        audit('user_remove', name);
        out(`removed ${name} and signed out their sessions`);
        return 0;
      }
      case 'tokens create': {
        const { name, role } = checked(arg, o.role, true);
        const token = await auth.createToken(name, role);
        if (!token) {
          out(`a token named ${name} exists already`);
          return 1;
        }
        audit('token_create', `${name} (${role})`);
        // The token is the last word, so `| awk '{print $NF}'` takes it.
        out(`created ${role} token ${name}; it is shown once, store it now: ${token}`);
        return 0;
      }
      case 'tokens list':
        printList(
          await store.listTokens(),
          {
            json: o.json,
            toJson: (t) => ({
              name: t.name,
              role: t.role,
              createdAt: iso(t.createdAt),
              lastUsedAt: t.lastUsedAt === null ? null : iso(t.lastUsedAt),
            }),
            line: (t) =>
              `${printable(t.name)} ${t.role} created ${iso(t.createdAt)} last used ${t.lastUsedAt === null ? 'never' : iso(t.lastUsedAt)}`,
            empty: 'no tokens',
          },
          out,
        );
        return 0;
      case 'tokens revoke': {
        const { name } = checked(arg, undefined, false);
        if (!(await store.revokeToken(name))) {
          out(`no token named ${name}`);
          return 1;
        }
        audit('token_revoke', name);
        out(`revoked token ${name}`);
        return 0;
      }
      default:
        throw new Error(`${path.join(' ')}: not in the command table`);
    }
  } finally {
    db.close();
  }
}
