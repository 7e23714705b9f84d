import type { RawMatch } from '../../../domain/finding.js';
import { labelContentType, type Place } from '../extract/place.js';
import type { HeaderRef, TextUnit, UnscannableUnit } from '../extract/types.js';

/** A span of a unit's text to replace with `[REDACTED:<type>]`. */
export interface RedactionSpan {
  start: number;
  end: number;
  type: string;
}

/** Text edits of one MIME part (one text of its header block, or its body in place). */
export interface PartEdit {
  /** The `part` of a UnitOrigin (`3`, or `5/2` inside a forwarded message). */
  part: string;
  kind: 'header' | 'text' | 'html' | 'attachment';
  /** For kind `header`: which text; spans are offsets in the unit's text (context included). */
  header?: HeaderRef;
  spans: RedactionSpan[];
  /** Everything of the text from here on was not scanned and is dropped. */
  truncateAt?: number;
}

/** A part replaced by a short note: an archive, PDF, office or binary file with findings, or unscannable. */
export interface PartRemoval {
  part: string;
  /** The removed file's place (names inside: for the sender's notice, after the detector cleared them). */
  place: Place;
  /** How the note refers to it, e.g. `attachment 2 (application/zip)`. */
  label: string;
  reason: string;
}

/**
 * How the note that replaces a removed file refers to it, within the message that held it: by
 * position and known type, plus its file name when `showName` says the name may be shown.
 */
export function noteLabel(place: Place, showName: (name: string) => boolean = () => false): string {
  const last = place.steps.at(-1);
  if (!last) return 'the message body';
  const type = labelContentType(last.contentType);
  // Shown as one quoted line of bounded length: no controls or quotes of its own.
  const shown = last.name.replace(/[\u0000-\u001f\u007f-\u009f"]+/g, ' ').slice(0, 120);
  const name = showName(last.name) ? `"${shown}"` : '';
  const details = [name, type].filter(Boolean).join(', ');
  return `${last.kind} ${last.position}${details ? ` (${details})` : ''}`;
}

/** What to change in a message; plain data, so it can be built in one place and applied in another. */
export interface RedactionPlan {
  edits: PartEdit[];
  removals: PartRemoval[];
}

export interface UnitMatch {
  unit: TextUnit;
  match: RawMatch;
}

export const isEmptyPlan = (plan: RedactionPlan): boolean => !plan.edits.length && !plan.removals.length;

/**
 * Turns the matches and unscannable parts of one scan into a plan. `showName` decides whether a
 * removed file's name may appear in its note (the scan passes "the detector finds nothing in it").
 */
export function buildPlan(
  matches: UnitMatch[],
  unscannable: UnscannableUnit[],
  showName?: (name: string) => boolean,
): RedactionPlan {
  const edits = new Map<string, PartEdit>();
  const removals = new Map<string, { place: Place; reasons: Set<string>; types: Set<string> }>();
  const removal = (part: string, place: Place) => {
    const r = removals.get(part) ?? { place, reasons: new Set<string>(), types: new Set<string>() };
    removals.set(part, r);
    return r;
  };
  const edit = (part: string, kind: PartEdit['kind'], header?: HeaderRef): PartEdit => {
    const h = header ? `:${header.field}:${header.occurrence}:${header.param ?? ''}` : '';
    const key = `${part}:${kind}${h}`;
    const e = edits.get(key) ?? { part, kind, spans: [], ...(header ? { header } : {}) };
    edits.set(key, e);
    return e;
  };
  for (const { unit, match } of matches) {
    const { origin } = unit;
    if (origin.kind === 'container') removal(origin.part, origin.place).types.add(match.type);
    else
      edit(origin.part, origin.kind, origin.header).spans.push({
        start: match.start,
        end: match.end,
        type: match.type,
      });
  }
  for (const u of unscannable) {
    const { origin } = u;
    // A header text that could not be checked is blanked whole; its part stays.
    if (origin.kind === 'header') {
      edit(origin.part, 'header', origin.header).spans.push({
        start: 0,
        end: Number.MAX_SAFE_INTEGER,
        type: 'unscannable',
      });
      continue;
    }
    if ((origin.kind === 'text' || origin.kind === 'html') && u.truncatedAt !== undefined) {
      edit(origin.part, origin.kind).truncateAt = u.truncatedAt;
      continue;
    }
    removal(origin.part, origin.place).reasons.add(u.encrypted ? `${u.reason}, encrypted` : u.reason);
  }
  const removed = [...removals].map(([part, r]) => ({
    part,
    place: r.place,
    label: noteLabel(r.place, showName),
    reason: [
      ...(r.types.size ? [`it contained sensitive data (${[...r.types].sort().join(', ')})`] : []),
      ...r.reasons,
    ].join('; '),
  }));
  // A removed part needs no edits of its body; its header fields that stay (a forwarded
  // message's Subject, X- fields) still do.
  const gone = new Set(removed.map((r) => r.part));
  const kept = [...edits.values()].filter((e) => e.kind === 'header' || !gone.has(e.part));
  return { edits: kept, removals: removed };
}
