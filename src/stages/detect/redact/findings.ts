import { createHmac } from 'node:crypto';
import type { Finding, RawMatch } from '../../../domain/finding.js';
import type { UnscannableUnit } from '../extract/types.js';
import { toFinding } from '../mask.js';

/** A detector match with the place (`where`) of the text it was made in. */
export interface LocatedMatch {
  where: string;
  match: RawMatch;
}

/** The findings of the secrets: masked previews and keyed fingerprints, never the values. */
export function secretFindings(matches: LocatedMatch[], fingerprintKey: Buffer): Finding[] {
  return matches.map(({ where, match }) => toFinding(match, where, fingerprintKey));
}

/** A part that could not be checked, as a finding; its preview is the reason (no content). */
export function unscannableFinding(
  u: Pick<UnscannableUnit, 'where' | 'reason' | 'encrypted'>,
  fingerprintKey: Buffer,
): Finding {
  return {
    type: u.encrypted ? 'unscannable_encrypted' : 'unscannable',
    ruleId: u.encrypted ? 'extract.encrypted' : 'extract.unscannable',
    where: u.where,
    start: 0,
    end: 0,
    confidence: 1,
    preview: u.reason,
    fingerprint: createHmac('sha256', fingerprintKey).update(`${u.where}\0${u.reason}`).digest('hex'),
  };
}

/** All findings of one message: secrets first, in text order, then unscannable parts. */
export function messageFindings(
  matches: LocatedMatch[],
  unscannable: Array<Pick<UnscannableUnit, 'where' | 'reason' | 'encrypted'>>,
  fingerprintKey: Buffer,
): Finding[] {
  return [
    ...secretFindings(matches, fingerprintKey),
    ...unscannable.map((u) => unscannableFinding(u, fingerprintKey)),
  ];
}
