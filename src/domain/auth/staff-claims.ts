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
// A run of host-name characters in shown text; runs with a dot inside are domain-like tokens
// ("staff.example", "ＳＴＡＦＦ．example" once normalised). One flat class: linear on any input.
const HOST_CHARS = /[\p{L}\p{N}_.-]+/gu;

const trimDots = (d: string) => d.replace(/^\.+|\.+$/g, '');

type Match = { staffDomain: string; how?: LookalikeReason } | undefined;

/** The staff domain `domain` is, is under, or imitates; `how` is set for imitations. */
function staffMatch(domain: string, policy: StaffPolicy): Match {
  const ascii = asciiDomain(trimDots(domain)) || trimDots(domain).toLowerCase();
  if (!ascii) return undefined;
  for (const staffDomain of policy.domains) if (isSameOrSubdomain(ascii, staffDomain)) return { staffDomain };
  for (const staffDomain of policy.domains) {
    const how = lookalikeOf(ascii, staffDomain, policy.lookalikeDistance);
    if (how) return { staffDomain, how };
  }
  return undefined;
}

/** What one message's texts are compared with, prepared once per message. */
interface Matcher {
  domain(domain: string): Match;
  names: Array<{ name: string; words: string }>;
}

function textClaim(text: string, where: ShownWhere, quoted: boolean, m: Matcher): StaffClaim | undefined {
  for (const form of readings(text)) {
    for (const a of form.matchAll(ADDRESS_IN_TEXT)) {
      const hit = m.domain(a[1]!);
      if (hit) return { kind: 'address_in_name', staffDomain: hit.staffDomain, where };
    }
    // A local part is a name only when quoted ("Support Team"@evil.example reads like a name).
    if (where === 'local part' && !quoted) continue;
    for (const run of form.matchAll(HOST_CHARS)) {
      const token = trimDots(run[0].replace(/^-+|-+$/g, ''));
      const hit = token.includes('.') ? m.domain(token) : undefined;
      if (hit) return { kind: 'address_in_name', staffDomain: hit.staffDomain, where };
    }
    const name = words(form);
    if (!name) continue;
    for (const wanted of m.names) {
      if (name === wanted.words || ` ${name} `.includes(` ${wanted.words} `))
        return { kind: 'display_name', name: wanted.name, where };
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
  // A name that comes back within one message is judged once.
  const seen = new Map<string, Match>();
  const match: Matcher = {
    domain(domain) {
      if (!seen.has(domain)) seen.set(domain, staffMatch(domain, policy));
      return seen.get(domain);
    },
    names: policy.displayNames.map((name) => ({ name, words: words(name) })).filter((n) => n.words),
  };
  const others: StaffClaim[] = [];
  let author: StaffClaims['author'];
  if (id.author.kind === 'one') {
    const hit = match.domain(id.author.domain);
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
    const hit = o.domain ? match.domain(o.domain) : undefined;
    if (hit) others.push({ kind: 'other_identity', where: o.where, domain: o.domain, ...hit });
  }
  for (const t of id.texts) {
    const claim = textClaim(t.text, t.where, t.quoted ?? true, match);
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
