import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawMatch } from '../../src/domain/finding.js';
import { extractMessage } from '../../src/stages/detect/extract/extract-message.js';
import type { UnitOrigin } from '../../src/stages/detect/extract/types.js';
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

/**
 * A match on the first characters of every unit's value: forces an edit or removal of every part.
 * A header unit's text starts with its field name, which no redaction may touch: its value starts
 * at `textStart`.
 */
const firstChars = (text: string, from = 0): RawMatch[] => {
  const end = Math.min(from + 4, text.length);
  return end > from
    ? [{ type: 'password', ruleId: 'test', start: from, end, confidence: 1, value: text.slice(from, end) }]
    : [];
};

/**
 * The same text of the same part, found again after redaction: by MIME position and header field,
 * not by `where`, which names attachments by their file names — themselves redacted.
 */
const sameText = (a: UnitOrigin, b: UnitOrigin): boolean =>
  a.part === b.part &&
  a.kind === b.kind &&
  a.header?.field === b.header?.field &&
  a.header?.occurrence === b.header?.occurrence &&
  a.header?.param === b.header?.param;

describe('MIME conformance corpus', () => {
  const corpus = files(ROOT);
  it('has the corpus', () => expect(corpus.length).toBeGreaterThan(100));

  it.each(corpus.map((f) => [f.slice(ROOT.length + 1), f]))(
    '%s: extracts and round-trips',
    async (_name, file) => {
      const raw = readFileSync(file);
      // A budget no parse of these files comes near: the suite checks what is extracted, not how fast.
      const extraction = await extractMessage(raw, { timeBudgetMs: 600_000 });
      const matches: UnitMatch[] = extraction.units.flatMap((unit) =>
        firstChars(unit.text, unit.origin.header?.textStart).map((match) => ({ unit, match })),
      );
      const plan = buildPlan(matches, extraction.unscannable);
      const redacted = await redactMessage(raw, plan);
      const mail = await parseMail(redacted);
      const visible = [redacted.toString('latin1'), mail.subject, mail.text, mail.html].join('\n');
      if (matches.length) expect(visible).toContain('[REDACTED:password]');
      // The output is itself well-formed MIME: read again, it is no less parseable than the input,
      // and every text edited in place is still there, at the same place, carrying its marker.
      const again = await extractMessage(redacted, { timeBudgetMs: 600_000 });
      const unparseable = (e: typeof extraction) =>
        e.unscannable.filter((u) => u.reason.startsWith('unparseable')).map((u) => u.where);
      expect(unparseable(again)).toEqual(unparseable(extraction));
      const removed = new Set(plan.removals.map((r) => r.part));
      const isRemoved = (part: string) => [...removed].some((r) => part === r || part.startsWith(`${r}/`));
      const lost = matches
        .filter(({ unit }) => unit.origin.kind !== 'container' && !isRemoved(unit.origin.part))
        .filter(({ unit }) => {
          const after = again.units.filter((u) => sameText(u.origin, unit.origin));
          // A rewritten body gets a Content-Type of its own: its old parameters (format, delsp) go with
          // the old encoding. Any other text must still be there, marked.
          if (!after.length)
            return !(unit.origin.header?.field === 'content-type' && unit.origin.header.param);
          return !after.some((u) => u.text.includes('[REDACTED:password]'));
        })
        .map(({ unit }) => `${unit.where} (${unit.origin.kind})`);
      expect(lost).toEqual([]);
    },
  );
});
