import { domainToUnicode } from 'node:url';
import { parse } from 'tldts';
import { skeleton } from './confusables.js';

// The same public-suffix view as mailauth, so "registrable domain" means one thing everywhere.
const TLDTS_OPTS = { allowIcannDomains: true, allowPrivateDomains: true };

export interface DomainParts {
  /** The registrable domain (example.co.uk), or the name itself when it has no public suffix. */
  registrable: string;
  /** The registrable label without its public suffix (example). */
  label: string;
  suffix: string;
}

export function domainParts(domain: string): DomainParts {
  const d = domain.toLowerCase().replace(/\.$/, '');
  const p = parse(d, TLDTS_OPTS);
  const registrable = p.domain ?? d;
  const label = p.domainWithoutSuffix ?? registrable.split('.')[0] ?? registrable;
  return { registrable, label, suffix: p.publicSuffix ?? '' };
}

export const isSameOrSubdomain = (domain: string, parent: string): boolean => {
  const d = domain.toLowerCase().replace(/\.$/, '');
  const p = parent.toLowerCase().replace(/\.$/, '');
  return d === p || d.endsWith(`.${p}`);
};

/**
 * Edit distance with adjacent transpositions counted as one edit (optimal string alignment), as
 * typosquats swap letters as often as they drop or double them. Labels are short, so the full
 * table is cheap; anything above `max` is reported as max + 1.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return Math.min(d[a.length]![b.length]!, max + 1);
}

/**
 * Edits allowed for a label of this length: the configured maximum for long labels, one for the
 * common 4–7 letter names (two edits turn "example" into "sample"), none below four letters.
 */
export const allowedEdits = (labelLength: number, max: number): number =>
  labelLength >= 8 ? max : labelLength >= 4 ? Math.min(max, 1) : 0;

export type LookalikeReason = 'homoglyph' | 'edit_distance' | 'hyphenation' | 'other_tld' | 'embedded';

// Labels and the hyphens inside them, as a reader splits a host name into words.
const WORDS = /[.-]+/;

/**
 * The whole staff domain spelt out inside another name: staff.example.evil.example,
 * staff-example.evil.example, login.staff.examp1e.net. The name reads as the staff domain to anyone
 * who stops at the first familiar part.
 */
function embedsWholeDomain(candidate: string, staffDomain: string): boolean {
  const have = skeleton(candidate).split(WORDS);
  const want = skeleton(staffDomain).split(WORDS);
  for (let i = 0; i + want.length <= have.length; i++) {
    if (want.every((w, k) => have[i + k] === w)) return true;
  }
  return false;
}

/**
 * Is `domain` made to look like `staffDomain` without being it (or one of its subdomains)? Labels
 * are compared after punycode decoding and confusable folding; edit distance applies only to
 * labels long enough that two edits still leave them recognisable (4+ characters), so that short
 * unrelated names are not caught.
 */
export function lookalikeOf(
  domain: string,
  staffDomain: string,
  maxDistance = 2,
): LookalikeReason | undefined {
  if (isSameOrSubdomain(domain, staffDomain)) return undefined;
  const cand = domainParts(domainToUnicode(domain) || domain);
  const staff = domainParts(staffDomain);
  if (cand.registrable === staff.registrable) return undefined;
  const cl = cand.label;
  const sl = staff.label;
  if (cl === sl) return 'other_tld';
  if (skeleton(cl) === skeleton(sl)) return 'homoglyph';
  if (cl.replace(/-/g, '') === sl.replace(/-/g, '')) return 'hyphenation';
  const edits = allowedEdits(sl.length, maxDistance);
  if (edits > 0 && editDistance(skeleton(cl), skeleton(sl), edits) <= edits) return 'edit_distance';
  // The staff label inside a longer one: example-support.com, secure-example.net
  if (sl.length >= 5 && cl.replace(/-/g, '').includes(sl)) return 'embedded';
  if (embedsWholeDomain(domainToUnicode(domain) || domain, staffDomain)) return 'embedded';
  return undefined;
}
