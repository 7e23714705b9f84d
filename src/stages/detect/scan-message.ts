import { errorText } from '../../domain/error-text.js';
import type { Finding, RawMatch } from '../../domain/finding.js';
import type { SenderView } from '../../domain/sender-view.js';
import { echoesAcross } from './echo-across.js';
import { MIN_ECHO_LENGTH } from './echo-parts.js';
import { extractMessage } from './extract/extract-message.js';
import { type ExtractLimits, resolveLimits } from './extract/limits.js';
import type { Place } from './extract/place.js';
import type { Extraction, TextUnit, UnscannableUnit } from './extract/types.js';
import { namedFileMatches } from './named-file.js';
import { redactText } from './redact/apply-spans.js';
import { type LocatedMatch, messageFindings } from './redact/findings.js';
import { buildPlan, type UnitMatch } from './redact/plan.js';
import { redactMessage } from './redact/redact-message.js';
import { type NameCheck, senderView } from './sender-view.js';

/** What scanning needs of a detector (engine.ts's `createDetector()` returns one). */
export interface TextDetector {
  scan(text: string): RawMatch[];
}

export interface ScanOptions {
  detector: TextDetector;
  limits?: Partial<ExtractLimits>;
  /** The installation's HMAC key for finding fingerprints. */
  fingerprintKey: Buffer;
}

export interface ScanResult {
  findings: Finding[];
  /** The matches with their secret values: memory only, never logged. */
  matches: LocatedMatch[];
  /** How many texts were scanned. */
  units: number;
  unscannable: Array<{ where: string; place: Place; reason: string; encrypted: boolean }>;
  /** The place of each finding, in the same order (file names inside: memory only). */
  places: Place[];
}

interface Detailed {
  result: ScanResult;
  unitMatches: UnitMatch[];
  extraction: Extraction;
}

/** Matches inside the unit's text only; a detector bug must not make redaction cut elsewhere. */
const sane = (m: RawMatch, unit: Pick<TextUnit, 'text'>): boolean =>
  Number.isInteger(m.start) &&
  Number.isInteger(m.end) &&
  m.start >= 0 &&
  m.end > m.start &&
  m.end <= unit.text.length;

/**
 * File names with their secrets replaced by markers, for the scan CLI's `where`, the note that
 * replaces a removed file and the sender's notice (what is stored names files by position only).
 * The names are scanned as header texts too, which is what redacts them in the delivered message.
 */
function nameCleaner(detector: TextDetector): (name: string) => string {
  const seen = new Map<string, string>();
  return (name) => {
    let clean = seen.get(name);
    if (clean === undefined) {
      try {
        const spans = detector.scan(name).filter((m) => sane(m, { text: name }));
        clean = spans.length ? redactText(name, spans) : name;
      } catch {
        // A name that could not be checked is not shown; its header text is blanked as unscannable.
        clean = '[REDACTED:unscannable]';
      }
      seen.set(name, clean);
    }
    return clean;
  };
}

async function scanDetailed(raw: Buffer, opts: ScanOptions): Promise<Detailed> {
  const limits = resolveLimits(opts.limits);
  const deadline = Date.now() + limits.timeBudgetMs;
  const extraction = await extractMessage(raw, limits, { cleanName: nameCleaner(opts.detector) });
  const unitMatches: UnitMatch[] = [];
  const late: UnscannableUnit[] = [];
  // A text may be read twice (a file name as written and as a person reads it, same offsets):
  // a match both readings hold is one finding.
  const seen = new Set<string>();
  const isNew = (unit: TextUnit, m: RawMatch): boolean => {
    const h = unit.origin.header;
    const key = `${unit.origin.part}|${unit.where}|${h ? `${h.field}|${h.occurrence}|${h.param ?? ''}` : ''}|${m.type}|${m.start}|${m.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  for (const unit of extraction.units) {
    // An unchecked header text is blanked; any other unchecked text goes with its part.
    const origin =
      unit.origin.kind === 'header' ? unit.origin : { ...unit.origin, kind: 'container' as const };
    const { where, place } = unit;
    if (Date.now() > deadline) {
      late.push({ where, place, reason: 'time budget exceeded', encrypted: false, origin });
      continue;
    }
    try {
      const found = opts.detector.scan(unit.text);
      for (const match of found.length ? found : namedFileMatches(opts.detector, unit))
        if (sane(match, unit) && isNew(unit, match)) unitMatches.push({ unit, match });
    } catch (err) {
      const reason = `detector failed (${errorText(err)})`;
      late.push({ where, place, reason, encrypted: false, origin });
    }
  }
  unitMatches.push(...echoesAcross(extraction.units, unitMatches).filter((m) => isNew(m.unit, m.match)));
  extraction.unscannable.push(...late);
  const matches = unitMatches.map(({ unit, match }) => ({ where: unit.where, place: unit.place, match }));
  const unscannable = extraction.unscannable.map(({ where, place, reason, encrypted }) => ({
    where,
    place,
    reason,
    encrypted,
  }));
  const findings = messageFindings(matches, unscannable, opts.fingerprintKey);
  const places = [...matches, ...unscannable].map((m) => m.place);
  return {
    result: { findings, matches, units: extraction.units.length, unscannable, places },
    unitMatches,
    extraction,
  };
}

/** Scans every text of a message (subject, bodies, attachments, archives, PDFs, forwards). */
export async function scanMessage(raw: Buffer, opts: ScanOptions): Promise<ScanResult> {
  return (await scanDetailed(raw, opts)).result;
}

export interface ScanAndRedactResult {
  findings: Finding[];
  /** The message to deliver instead of `raw`; undefined when there was nothing to remove. */
  redacted: Buffer | undefined;
  /** The matches with their values (memory only; the worker pool does not pass them on). */
  matches: LocatedMatch[];
  /** The place of each finding, file names included (memory only: the scan CLI's `where`). */
  places: Place[];
  /** Places and removed files in the sender's terms, for the notice (names only where clean). */
  sender: SenderView;
}

/** Scans a message and, when anything was found or could not be checked, redacts it. */
export async function scanAndRedact(raw: Buffer, opts: ScanOptions): Promise<ScanAndRedactResult> {
  const { result, unitMatches, extraction } = await scanDetailed(raw, opts);
  const { findings, matches, places } = result;
  // A file name is the sender's text too: shown (in the note, in their notice) only when clean —
  // by itself, and free of every value found elsewhere in the message ("passport_<number>.pdf"
  // holding the number its content was flagged for).
  const foundValues = [...new Set(unitMatches.map((m) => m.match.value))].filter(
    (v) => v.length >= MIN_ECHO_LENGTH,
  );
  const showName: NameCheck = (name) => {
    try {
      return !foundValues.some((v) => name.includes(v)) && opts.detector.scan(name).length === 0;
    } catch {
      return false;
    }
  };
  if (!findings.length)
    return { findings, redacted: undefined, matches, places, sender: senderView(places, [], showName) };
  const plan = buildPlan(unitMatches, extraction.unscannable, showName);
  const removed = plan.removals.map((r) => r.place);
  const redacted = await redactMessage(raw, plan);
  return { findings, redacted, matches, places, sender: senderView(places, removed, showName) };
}
