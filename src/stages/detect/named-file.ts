import type { RawMatch } from '../../domain/finding.js';
import type { TextUnit } from './extract/types.js';

/**
 * A file that holds one value and nothing else names it by its file name: `master.key` (a Rails
 * master key), `openai_api_key.txt`, `db-password.txt`. The text alone is an unlabelled string;
 * read as `MASTER_KEY=<value>` it is the configuration pair the rules judge like any other (key
 * name, value shape, placeholders, the installation's disabled types and allow-list).
 */

// Extensions that say nothing about what a one-value file holds: what is left of the name labels it.
const PLAIN_EXTENSION = /\.(?:txt|text|dat|conf|cfg|secret)$/i;
// One value: a single run of non-blank characters, blanks and one trailing newline around it.
const ONE_VALUE = /^\s{0,8}(\S{8,300})\s{0,8}$/;
const MAX_TEXT = 400;

interface Detector {
  scan(text: string): RawMatch[];
}

/** Findings in a one-value file read under its name; [] for any other text. */
export function namedFileMatches(detector: Detector, unit: Pick<TextUnit, 'text' | 'place'>): RawMatch[] {
  const step = unit.place.steps[unit.place.steps.length - 1];
  if (unit.place.part !== 'file' || step === undefined || unit.text.length > MAX_TEXT) return [];
  const value = ONE_VALUE.exec(unit.text)?.[1];
  if (value === undefined) return [];
  const base = step.name.slice(step.name.lastIndexOf('/') + 1).replace(PLAIN_EXTENSION, '');
  const label = base
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  if (!/^[A-Z][A-Z0-9_]{0,63}$/.test(label)) return [];
  const prefix = `${label}=`;
  const at = unit.text.indexOf(value);
  return detector
    .scan(prefix + value)
    .filter((m) => m.start >= prefix.length)
    .map((m) => ({
      ...m,
      ruleId: `${m.ruleId}-by-file-name`,
      start: m.start - prefix.length + at,
      end: m.end - prefix.length + at,
    }));
}
