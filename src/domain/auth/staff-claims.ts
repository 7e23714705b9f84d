import { domainToASCII } from 'node:url';
import { skeleton } from './confusables.js';
import { isSameOrSubdomain, type LookalikeReason, lookalikeOf } from './lookalike.js';

export interface FromAddress {
  address: string;
  name: string;
}

export interface StaffPolicy {
  domains: readonly string[];
  displayNames: readonly string[];
  lookalikeDistance: number;
}

/** Why a message counts as claiming to come from staff. */
export type StaffClaim =
  | { kind: 'staff_domain'; domain: string; staffDomain: string }
  | { kind: 'display_name'; name: string }
  | { kind: 'address_in_name'; staffDomain: string }
  | { kind: 'lookalike'; domain: string; staffDomain: string; how: LookalikeReason };

const domainOf = (address: string): string => {
  const at = address.lastIndexOf('@');
  const d =
    at >= 0
      ? address
          .slice(at + 1)
          .trim()
          .toLowerCase()
      : '';
  return domainToASCII(d) || d;
};

// Display names are compared as skeletons of their words: case, spacing, punctuation and
// look-alike letters do not matter ("Ѕupport  TEAM" claims "Support Team").
const words = (s: string): string =>
  skeleton(s)
    .replace(/[^\p{L}\p{N}@.]+/gu, ' ')
    .trim();

// An address-like token inside a display name: "support@staff.example" <x@elsewhere>
const ADDRESS_IN_NAME = /[^\s<>"'@]+@([^\s<>"'@]+)/g;

/**
 * Every way a From line can claim to be staff. The first that applies is returned, the strongest
 * first: a real staff domain (which authentication can then confirm) before the claims that can
 * never be authentic (a name, an address hidden in the name, a look-alike domain).
 */
export function findStaffClaim(from: FromAddress, policy: StaffPolicy): StaffClaim | undefined {
  const domain = domainOf(from.address);
  for (const staffDomain of policy.domains) {
    if (domain && isSameOrSubdomain(domain, staffDomain))
      return { kind: 'staff_domain', domain, staffDomain };
  }
  for (const m of from.name.matchAll(ADDRESS_IN_NAME)) {
    const hidden = domainOf(`x@${m[1]!.replace(/[.,;:]+$/, '')}`);
    for (const staffDomain of policy.domains) {
      if (
        isSameOrSubdomain(hidden, staffDomain) ||
        lookalikeOf(hidden, staffDomain, policy.lookalikeDistance)
      )
        return { kind: 'address_in_name', staffDomain };
    }
  }
  const name = words(from.name);
  if (name) {
    for (const wanted of policy.displayNames) {
      const w = words(wanted);
      if (w && (name === w || ` ${name} `.includes(` ${w} `))) return { kind: 'display_name', name: wanted };
    }
  }
  for (const staffDomain of policy.domains) {
    const how = domain ? lookalikeOf(domain, staffDomain, policy.lookalikeDistance) : undefined;
    if (how) return { kind: 'lookalike', domain, staffDomain, how };
  }
  return undefined;
}

export function describeClaim(c: StaffClaim): string {
  switch (c.kind) {
    case 'staff_domain':
      return `From domain ${c.domain} is a staff domain`;
    case 'display_name':
      return `display name claims to be "${c.name}"`;
    case 'address_in_name':
      return `display name shows an address at ${c.staffDomain}`;
    case 'lookalike':
      return `From domain ${c.domain} looks like ${c.staffDomain} (${c.how.replace('_', ' ')})`;
  }
}
