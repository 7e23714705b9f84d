import { createHmac } from 'node:crypto';
import type { Finding, RawMatch } from '../../../domain/finding.js';
import { type Place, placeLabel } from '../extract/place.js';
import type { UnscannableUnit } from '../extract/types.js';
import { toFinding } from '../mask.js';

/**
 * A detector match with the place of the text it was made in; `where` is the scan CLI's named
 * form. Memory only, like the match's value.
 */
export interface LocatedMatch {
  where: string;
  place: Place;
  match: RawMatch;
}

/**
 * The findings of the secrets: masked previews and keyed fingerprints, never the values, and the
 * name-free label of their place (file names are customer content too).
 */
export function secretFindings(matches: LocatedMatch[], fingerprintKey: Buffer): Finding[] {
  return matches.map(({ place, match }) => toFinding(match, placeLabel(place), fingerprintKey));
}

/** A part that could not be checked, as a finding; its preview is the reason (no content). */
export function unscannableFinding(
  u: Pick<UnscannableUnit, 'place' | 'reason' | 'encrypted'>,
  fingerprintKey: Buffer,
): Finding {
  const where = placeLabel(u.place);
  return {
    type: u.encrypted ? 'unscannable_encrypted' : 'unscannable',
    ruleId: u.encrypted ? 'extract.encrypted' : 'extract.unscannable',
    where,
    start: 0,
    end: 0,
    confidence: 1,
    preview: u.reason,
    fingerprint: createHmac('sha256', fingerprintKey).update(`${where}\0${u.reason}`).digest('hex'),
  };
}

/** All findings of one message: secrets first, in text order, then unscannable parts. */
export function messageFindings(
  matches: LocatedMatch[],
  unscannable: Array<Pick<UnscannableUnit, 'place' | 'reason' | 'encrypted'>>,
  fingerprintKey: Buffer,
): Finding[] {
  return [
    ...secretFindings(matches, fingerprintKey),
    ...unscannable.map((u) => unscannableFinding(u, fingerprintKey)),
  ];
}
