import type { Finding, RawMatch } from '../../domain/finding.js';
import { extractMessage } from './extract/extract-message.js';
import { type ExtractLimits, resolveLimits } from './extract/limits.js';
import type { Extraction, TextUnit, UnscannableUnit } from './extract/types.js';
import { redactText } from './redact/apply-spans.js';
import { type LocatedMatch, messageFindings } from './redact/findings.js';
import { buildPlan, type UnitMatch } from './redact/plan.js';
import { redactMessage } from './redact/redact-message.js';

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
  unscannable: Array<{ where: string; reason: string; encrypted: boolean }>;
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
 * File names with their secrets replaced by markers, for `where` and notes: a name that carries
 * a secret must not carry it into the database, the staff note or the notice. The names are
 * scanned as header texts too, which is what redacts them in the delivered message.
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
  for (const unit of extraction.units) {
    // An unchecked header text is blanked; any other unchecked text goes with its part.
    const origin =
      unit.origin.kind === 'header' ? unit.origin : { ...unit.origin, kind: 'container' as const };
    if (Date.now() > deadline) {
      late.push({ where: unit.where, reason: 'time budget exceeded', encrypted: false, origin });
      continue;
    }
    try {
      for (const match of opts.detector.scan(unit.text))
        if (sane(match, unit)) unitMatches.push({ unit, match });
    } catch (err) {
      const reason = `detector failed (${(err as Error).message})`;
      late.push({ where: unit.where, reason, encrypted: false, origin });
    }
  }
  extraction.unscannable.push(...late);
  const matches = unitMatches.map(({ unit, match }) => ({ where: unit.where, match }));
  const unscannable = extraction.unscannable.map(({ where, reason, encrypted }) => ({
    where,
    reason,
    encrypted,
  }));
  const findings = messageFindings(matches, unscannable, opts.fingerprintKey);
  return {
    result: { findings, matches, units: extraction.units.length, unscannable },
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
}

/** Scans a message and, when anything was found or could not be checked, redacts it. */
export async function scanAndRedact(raw: Buffer, opts: ScanOptions): Promise<ScanAndRedactResult> {
  const { result, unitMatches, extraction } = await scanDetailed(raw, opts);
  const { findings, matches } = result;
  if (!findings.length) return { findings, redacted: undefined, matches };
  const plan = buildPlan(unitMatches, extraction.unscannable);
  return { findings, redacted: await redactMessage(raw, plan), matches };
}
