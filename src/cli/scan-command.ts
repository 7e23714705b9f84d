import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Finding } from '../domain/finding.js';
import { createDetector, type DetectorOptions } from '../stages/detect/engine.js';
import type { ExtractLimits } from '../stages/detect/extract/limits.js';
import { namedWhere, type Place } from '../stages/detect/extract/place.js';
import type { LocatedMatch } from '../stages/detect/redact/findings.js';
import { scanAndRedact } from '../stages/detect/scan-message.js';
import { UsageError } from './usage-error.js';

export interface ScanCommandOptions {
  json: boolean;
  /** Print the matched values: for a dry run on one's own test mail, never in logs. */
  showSecrets: boolean;
  /** Write each message as it would be delivered (redacted, or unchanged when clean) to DIR/<basename>. */
  outDir?: string;
  limits?: Partial<ExtractLimits>;
  detectorOptions?: DetectorOptions;
}

interface Reported {
  type: string;
  where: string;
  ruleId: string;
  confidence: number;
  preview: string;
  value?: string;
}

function checkInputs(files: string[], outDir: string | undefined): void {
  if (!files.length)
    throw new UsageError('usage: deskguard scan [--json] [--show-secrets] [--out DIR] FILE.eml…');
  for (const file of files) {
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch {
      throw new UsageError(`${file}: no such file`);
    }
    if (!isFile) throw new UsageError(`${file}: not a file`);
  }
  if (outDir === undefined) return;
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (err) {
    throw new UsageError(`--out ${outDir}: ${(err as NodeJS.ErrnoException).code ?? 'cannot create'}`);
  }
  if (!statSync(outDir).isDirectory()) throw new UsageError(`--out ${outDir}: not a directory`);
  for (const file of files)
    if (resolve(outDir, basename(file)) === resolve(file))
      throw new UsageError(`--out ${outDir} would overwrite ${file}`);
}

/**
 * Findings in report form; the value of a secret finding comes from its match (same order). The
 * `where` of this local dry run names files (`attachment:<filename>`), as documented; the findings
 * a gateway stores carry the name-free label instead.
 */
function report(
  findings: Finding[],
  places: Place[],
  matches: LocatedMatch[],
  showSecrets: boolean,
): Reported[] {
  return findings.map((f, i) => {
    const place = places[i];
    const r: Reported = {
      type: f.type,
      where: place ? namedWhere(place) : f.where,
      ruleId: f.ruleId,
      confidence: f.confidence,
      preview: f.preview,
    };
    const match = matches[i];
    if (showSecrets && match && match.place === place && match.match.start === f.start)
      r.value = match.match.value;
    return r;
  });
}

function summary(file: string, found: Reported[]): string[] {
  if (!found.length) return [`${file}: clean`];
  const lines = [`${file}: sensitive (${found.length} finding${found.length === 1 ? '' : 's'})`];
  for (const f of found)
    lines.push(
      `  ${f.type} in ${f.where}${f.value !== undefined ? `: ${JSON.stringify(f.value)}` : ` (${f.preview})`}`,
    );
  return lines;
}

/**
 * `deskguard scan [--json] [--show-secrets] [--out DIR] FILE.eml…`: parse, detect and redact without
 * a gateway. Inputs are checked before any work: bad input is a UsageError (exit 2).
 */
export async function scanCommand(
  files: string[],
  opts: ScanCommandOptions,
  out: (line: string) => void,
): Promise<number> {
  checkInputs(files, opts.outDir);
  const detector = createDetector(opts.detectorOptions ?? {});
  // Fingerprints only matter across messages of one installation; a dry run gets a throwaway key.
  const fingerprintKey = randomBytes(32);
  for (const file of files) {
    const raw = readFileSync(file);
    const { findings, redacted, matches, places } = await scanAndRedact(raw, {
      detector,
      limits: opts.limits,
      fingerprintKey,
    });
    const found = report(findings, places, matches, opts.showSecrets);
    let written: string | undefined;
    if (opts.outDir !== undefined) {
      written = join(opts.outDir, basename(file));
      writeFileSync(written, redacted ?? raw);
    }
    if (opts.json) {
      const verdict = findings.length ? 'sensitive' : 'clean';
      out(
        JSON.stringify({
          file,
          verdict,
          findings: found,
          redacted: redacted !== undefined,
          ...(written ? { out: written } : {}),
        }),
      );
    } else for (const line of summary(file, found)) out(line);
  }
  return 0;
}
