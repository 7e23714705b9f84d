import { echoParts } from './echo-parts.js';
import { MAX_ECHO_VALUES } from './engine.js';
import type { TextUnit } from './extract/types.js';
import type { UnitMatch } from './redact/plan.js';

// Within a name, `_`, `-` and `.` separate words ("router_wifi_<key>.png"): only a letter or digit
// on either side makes the value part of a longer token.
const glued = (ch: string | undefined): boolean => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/**
 * A value found as a secret in one text of a message (a password after "Passwort:", a passport
 * number beside its label in a PDF) is the same secret wherever else the message repeats it without
 * what made it recognisable: in a file name, the Subject, the quoted copy in another part. The
 * engine finds label-found repeats within one text; this finds repeats of every type across the
 * message's texts (values of MIN_ECHO_LENGTH or more, standing alone). At most MAX_ECHO_VALUES
 * values, each searched with indexOf: linear.
 */
export function echoesAcross(units: readonly TextUnit[], found: readonly UnitMatch[]): UnitMatch[] {
  const values = new Map<string, UnitMatch['match']>();
  for (const { match } of found)
    for (const part of echoParts(match.type, match.value))
      if (values.size < MAX_ECHO_VALUES && !values.has(part)) values.set(part, match);
  if (!values.size) return [];
  const taken = new Map<TextUnit, UnitMatch['match'][]>();
  for (const { unit, match } of found) taken.set(unit, [...(taken.get(unit) ?? []), match]);
  const out: UnitMatch[] = [];
  for (const unit of units) {
    const spans = taken.get(unit) ?? [];
    for (const [value, match] of values) {
      for (let at = unit.text.indexOf(value); at !== -1; at = unit.text.indexOf(value, at + 1)) {
        const end = at + value.length;
        if (glued(unit.text[at - 1]) || glued(unit.text[end])) continue;
        if (spans.some((s) => s.start < end && at < s.end)) continue;
        const echo = { ...match, start: at, end, value, confidence: match.confidence * 0.9 };
        spans.push(echo);
        out.push({ unit, match: echo });
      }
    }
  }
  return out;
}
