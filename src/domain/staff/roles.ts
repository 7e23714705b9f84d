/**
 * Staff roles and what each may do. Each role includes the one before it: a reviewer can do what a
 * viewer can, an admin what a reviewer can. Routes and commands ask `may(role, permission)`, never
 * compare role names, so the table here is the one place the policy lives.
 */
export const ROLES = ['viewer', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  /** Lists, metadata, redacted views, tickets. */
  | 'read'
  /** Reveal (with a reason), release, delete, solve, the audit log, customer uploads. */
  | 'act'
  /** Users and tokens. */
  | 'manage';

const LEAST_ROLE: Readonly<Record<Permission, Role>> = { read: 'viewer', act: 'reviewer', manage: 'admin' };

export const isRole = (s: unknown): s is Role =>
  typeof s === 'string' && (ROLES as readonly string[]).includes(s);

export function may(role: Role, permission: Permission): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(LEAST_ROLE[permission]);
}

// A user or token name: what the audit log shows as the actor, so printable and short.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
export const isStaffName = (s: string): boolean => NAME.test(s);
