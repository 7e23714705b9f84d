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
 * typosquats swap letters as often as they drop or double them. Three rolling rows, and anything
 * above `max` is reported as max + 1 as soon as a whole row exceeds it.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      row[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return Math.min(prev[b.length]!, max + 1);
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

/** What a staff domain is compared by, computed once per staff domain. */
interface StaffForms {
  parts: DomainParts;
  labelSkeleton: string;
  labelPlain: string;
  words: string[];
}

// Staff domains come from the configuration: a handful, prepared once each.
const staffForms = new Map<string, StaffForms>();
function formsOf(staffDomain: string): StaffForms {
  let f = staffForms.get(staffDomain);
  if (!f) {
    const parts = domainParts(staffDomain);
    f = {
      parts,
      labelSkeleton: skeleton(parts.label),
      labelPlain: parts.label.replace(/-/g, ''),
      words: skeleton(staffDomain).split(WORDS),
    };
    if (staffForms.size > 256) staffForms.clear();
    staffForms.set(staffDomain, f);
  }
  return f;
}

/**
 * The whole staff domain spelt out inside another name: staff.example.evil.example,
 * staff-example.evil.example, login.staff.examp1e.net. The name reads as the staff domain to anyone
 * who stops at the first familiar part.
 */
function embedsWholeDomain(candidate: string, want: readonly string[]): boolean {
  const have = skeleton(candidate).split(WORDS);
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
  const unicode = domainToUnicode(domain) || domain;
  const cand = domainParts(unicode);
  const staff = formsOf(staffDomain);
  if (cand.registrable === staff.parts.registrable) return undefined;
  const cl = cand.label;
  const sl = staff.parts.label;
  if (cl === sl) return 'other_tld';
  const cs = skeleton(cl);
  if (cs === staff.labelSkeleton) return 'homoglyph';
  if (cl.replace(/-/g, '') === staff.labelPlain) return 'hyphenation';
  const edits = allowedEdits(sl.length, maxDistance);
  if (edits > 0 && editDistance(cs, staff.labelSkeleton, edits) <= edits) return 'edit_distance';
  // The staff label inside a longer one: example-support.com, secure-example.net
  if (sl.length >= 5 && cl.replace(/-/g, '').includes(sl)) return 'embedded';
  if (embedsWholeDomain(unicode, staff.words)) return 'embedded';
  return undefined;
}
