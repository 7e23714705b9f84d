import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';
import { htmlToTextWithMap } from '../../../src/stages/detect/extract/html-text.js';
import { scanAndRedact } from '../../../src/stages/detect/scan-message.js';
import { decodedTexts } from '../redact/helpers.js';

interface Label {
  type: string;
  value: string;
  core: string[];
}

const DIR = join(import.meta.dirname, '../../fixtures/corpus');
const labels = JSON.parse(readFileSync(join(DIR, 'labels.json'), 'utf8')) as Record<string, Label[]>;
const KEY = Buffer.alloc(32, 7);
const norm = (s: string): string => s.replace(/\r/g, '');
// Line breaks, blanks and reply quoting (`> `) inside a multi-line value are not part of the secret.
const squash = (s: string): string => s.replace(/[\s>]+/g, '');
/** Same secret: one value contains the other, ignoring layout. */
const overlaps = (a: string, b: string): boolean =>
  squash(a).includes(squash(b)) || squash(b).includes(squash(a));

interface Tally {
  labels: number;
  found: number;
  matches: number;
  correct: number;
}

describe('labelled corpus', () => {
  it('reaches 0.97 recall and precision, and no secret survives redaction', async () => {
    const detector = createDetector();
    const tally = new Map<string, Tally>();
    const t = (type: string): Tally => {
      const v = tally.get(type) ?? { labels: 0, found: 0, matches: 0, correct: 0 };
      tally.set(type, v);
      return v;
    };
    const missed: string[] = [];
    const falsePositives: string[] = [];
    const survived: string[] = [];
    const started = Date.now();
    for (const [file, expected] of Object.entries(labels)) {
      const raw = readFileSync(join(DIR, file));
      const { matches, redacted } = await scanAndRedact(raw, { detector, fingerprintKey: KEY });
      const values = matches.map((m) => ({ type: m.match.type, value: norm(m.match.value), where: m.where }));
      for (const l of expected) {
        const v = norm(l.value);
        t(l.type).labels++;
        if (values.some((m) => m.type === l.type && overlaps(m.value, v))) t(l.type).found++;
        else
          missed.push(
            `${file} ${l.type} ${JSON.stringify(l.value.slice(0, 60))} (got: ${values.map((m) => m.type).join(',') || 'nothing'})`,
          );
      }
      for (const m of values) {
        t(m.type).matches++;
        if (expected.some((l) => overlaps(m.value, norm(l.value)))) t(m.type).correct++;
        else falsePositives.push(`${file} ${m.type} @${m.where} ${JSON.stringify(m.value.slice(0, 60))}`);
      }
      const pieces = [
        ...expected.flatMap((l) => l.core.map(norm)),
        ...values.map((m) => m.value).filter((v) => v.length >= 8),
      ];
      if (!pieces.length) continue;
      const out = redacted ?? raw;
      const texts = [out.toString('latin1'), ...(await decodedTexts(out))];
      texts.push(...texts.filter((x) => x.includes('<')).map((x) => htmlToTextWithMap(x, 10_000_000).text));
      const flat = texts.map(norm);
      for (const p of pieces)
        if (flat.some((x) => x.includes(p))) survived.push(`${file}: ${JSON.stringify(p.slice(0, 40))}`);
    }
    const rows = [...tally].sort(([a], [b]) => a.localeCompare(b));
    const sum = rows.reduce(
      (s, [, v]) => ({
        labels: s.labels + v.labels,
        found: s.found + v.found,
        matches: s.matches + v.matches,
        correct: s.correct + v.correct,
      }),
      { labels: 0, found: 0, matches: 0, correct: 0 },
    );
    const ratio = (a: number, b: number) => (b ? (a / b).toFixed(3) : '  -  ');
    const lines = rows.map(
      ([type, v]) =>
        `${type.padEnd(18)} recall ${ratio(v.found, v.labels)} (${v.found}/${v.labels})  precision ${ratio(v.correct, v.matches)} (${v.correct}/${v.matches})`,
    );
    lines.push(
      `${'ALL'.padEnd(18)} recall ${ratio(sum.found, sum.labels)} (${sum.found}/${sum.labels})  precision ${ratio(sum.correct, sum.matches)} (${sum.correct}/${sum.matches})  in ${Date.now() - started} ms`,
    );
    console.log(
      [
        'Corpus score',
        ...lines,
        '',
        'Missed:',
        ...missed,
        '',
        'False positives:',
        ...falsePositives,
        '',
        'Survived redaction:',
        ...survived,
      ].join('\n'),
    );
    expect(survived).toEqual([]);
    expect(sum.found / sum.labels).toBeGreaterThanOrEqual(0.97);
    expect(sum.correct / sum.matches).toBeGreaterThanOrEqual(0.97);
  }, 180_000);
});
