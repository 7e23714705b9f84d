import { type AuthorIdentity, asciiDomain, type ShownWhere } from './author.js';
import { skeleton } from './confusables.js';
import { readings } from './header-text.js';
import { isSameOrSubdomain, type LookalikeReason, lookalikeOf } from './lookalike.js';

export interface StaffPolicy {
  domains: readonly string[];
  displayNames: readonly string[];
  lookalikeDistance: number;
}

/** Why a message counts as claiming to come from staff. */
export type StaffClaim =
  | { kind: 'staff_domain'; domain: string; staffDomain: string }
  | { kind: 'display_name'; name: string; where: ShownWhere }
  | { kind: 'address_in_name'; staffDomain: string; where: ShownWhere }
  | { kind: 'lookalike'; domain: string; staffDomain: string; how: LookalikeReason }
  /** The Sender or a source-route domain is a staff domain (how undefined) or a look-alike of one. */
  | {
      kind: 'other_identity';
      where: 'Sender' | 'source route';
      domain: string;
      staffDomain: string;
      how?: LookalikeReason;
    };

export interface StaffClaims {
  /** The author's domain is a staff domain: DMARC can confirm it. */
  author?: Extract<StaffClaim, { kind: 'staff_domain' }>;
  /** Every other claim, the strongest first: none of them can be confirmed by the author's DMARC. */
  others: StaffClaim[];
}

// Display names are compared as skeletons of their words: case, spacing, punctuation and
// look-alike letters do not matter ("Ѕupport  TEAM" claims "Support Team").
const words = (s: string): string =>
  skeleton(s)
    .replace(/[^\p{L}\p{N}@.]+/gu, ' ')
    .trim();

// An address-like token in shown text: "support@staff.example" <x@elsewhere>. The local part may
// be empty (a source route "@staff.example:" or a bare "@staff.example").
const ADDRESS_IN_TEXT = /@\s*([^\s<>()"'@,;:[\]\\]+)/g;
// A host-name-like token in shown text (two labels or more): "staff.example", "ＳＴＡＦＦ．example".
const DOMAIN_IN_TEXT =
  /[\p{L}\p{N}_](?:[\p{L}\p{N}_-]*[\p{L}\p{N}_])?(?:\.[\p{L}\p{N}_](?:[\p{L}\p{N}_-]*[\p{L}\p{N}_])?)+/gu;

const trimDots = (d: string) => d.replace(/^\.+|\.+$/g, '');

/** The staff domain `domain` is, is under, or imitates; `how` is set for imitations. */
function staffMatch(
  domain: string,
  policy: StaffPolicy,
): { staffDomain: string; how?: LookalikeReason } | undefined {
  const ascii = asciiDomain(trimDots(domain)) || trimDots(domain).toLowerCase();
  if (!ascii) return undefined;
  for (const staffDomain of policy.domains) if (isSameOrSubdomain(ascii, staffDomain)) return { staffDomain };
  for (const staffDomain of policy.domains) {
    const how = lookalikeOf(ascii, staffDomain, policy.lookalikeDistance);
    if (how) return { staffDomain, how };
  }
  return undefined;
}

function textClaim(
  text: string,
  where: ShownWhere,
  quoted: boolean,
  policy: StaffPolicy,
): StaffClaim | undefined {
  for (const form of readings(text)) {
    for (const m of form.matchAll(ADDRESS_IN_TEXT)) {
      const hit = staffMatch(m[1]!, policy);
      if (hit) return { kind: 'address_in_name', staffDomain: hit.staffDomain, where };
    }
    // A local part is a name only when quoted ("Support Team"@evil.example reads like a name).
    if (where === 'local part' && !quoted) continue;
    for (const m of form.matchAll(DOMAIN_IN_TEXT)) {
      const hit = staffMatch(m[0], policy);
      if (hit) return { kind: 'address_in_name', staffDomain: hit.staffDomain, where };
    }
    const name = words(form);
    if (!name) continue;
    for (const wanted of policy.displayNames) {
      const w = words(wanted);
      if (w && (name === w || ` ${name} `.includes(` ${w} `)))
        return { kind: 'display_name', name: wanted, where };
    }
  }
  return undefined;
}

/**
 * Every way the From and Sender fields claim to be staff. A staff author domain is kept apart,
 * since authentication can confirm it; the rest (a name, an address or domain shown in text, a
 * look-alike author domain, a staff or look-alike Sender or source route) come in a fixed order,
 * the strongest first.
 */
export function findStaffClaims(id: AuthorIdentity, policy: StaffPolicy): StaffClaims {
  const others: StaffClaim[] = [];
  let author: StaffClaims['author'];
  if (id.author.kind === 'one') {
    const hit = staffMatch(id.author.domain, policy);
    if (hit && !hit.how)
      author = { kind: 'staff_domain', domain: id.author.domain, staffDomain: hit.staffDomain };
    else if (hit?.how)
      others.push({
        kind: 'lookalike',
        domain: id.author.domain,
        staffDomain: hit.staffDomain,
        how: hit.how,
      });
  }
  for (const o of id.others) {
    const hit = o.domain ? staffMatch(o.domain, policy) : undefined;
    if (hit) others.push({ kind: 'other_identity', where: o.where, domain: o.domain, ...hit });
  }
  for (const t of id.texts) {
    const claim = textClaim(t.text, t.where, t.quoted ?? true, policy);
    if (claim) others.push(claim);
  }
  return { ...(author ? { author } : {}), others };
}

export function describeClaim(c: StaffClaim): string {
  switch (c.kind) {
    case 'staff_domain':
      return `From domain ${c.domain} is a staff domain`;
    case 'display_name':
      return `${c.where} claims to be "${c.name}"`;
    case 'address_in_name':
      return `${c.where} shows an address at ${c.staffDomain}`;
    case 'lookalike':
      return `From domain ${c.domain} looks like ${c.staffDomain} (${c.how.replace('_', ' ')})`;
    case 'other_identity':
      return c.how
        ? `${c.where} domain ${c.domain} looks like ${c.staffDomain} (${c.how.replace('_', ' ')})`
        : `${c.where} domain ${c.domain} is a staff domain`;
  }
}
