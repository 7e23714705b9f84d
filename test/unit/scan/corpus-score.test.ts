import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';
import { htmlToTextWithMap } from '../../../src/stages/detect/extract/html-text.js';
import { scanAndRedact } from '../../../src/stages/detect/scan-message.js';
import { Scoreboard } from '../../helpers/corpus-score.js';
import { decodedTexts } from '../redact/helpers.js';

interface Label {
  type: string;
  value: string;
  core: string[];
}

// Recall and precision floors per split, for the split in all and for each of its types. The .eml
// corpus is generated with the rules it scores, so all of it is `dev`; an entry of labels.json written
// as `{ "split": "heldOut", "secrets": [...] }` instead of a bare list puts its file in another split.
const FLOORS: Record<string, number> = { dev: 0.97 };

const DIR = join(import.meta.dirname, '../../fixtures/corpus');
const entries = JSON.parse(readFileSync(join(DIR, 'labels.json'), 'utf8')) as Record<
  string,
  Label[] | { split: string; secrets: Label[] }
>;
const labels = Object.entries(entries).map(([file, e]) =>
  Array.isArray(e) ? { file, split: 'dev', secrets: e } : { file, ...e },
);
const KEY = Buffer.alloc(32, 7);
const norm = (s: string): string => s.replace(/\r/g, '');
// Line breaks, blanks and reply quoting (`> `) inside a multi-line value are not part of the secret.
const squash = (s: string): string => s.replace(/[\s>]+/g, '');
/** Same secret: one value contains the other, ignoring layout. */
const overlaps = (a: string, b: string): boolean =>
  squash(a).includes(squash(b)) || squash(b).includes(squash(a));

describe('labelled corpus', () => {
  it('reaches the floor of each split in all and for every type, and no secret survives redaction', async () => {
    const detector = createDetector();
    const board = new Scoreboard();
    const missed: string[] = [];
    const falsePositives: string[] = [];
    const survived: string[] = [];
    for (const { file, split, secrets: expected } of labels) {
      const raw = readFileSync(join(DIR, file));
      const { matches, redacted } = await scanAndRedact(raw, { detector, fingerprintKey: KEY });
      const values = matches.map((m) => ({ type: m.match.type, value: norm(m.match.value), where: m.where }));
      for (const l of expected) {
        const v = norm(l.value);
        const found = values.some((m) => m.type === l.type && overlaps(m.value, v));
        board.label(split, l.type, found);
        if (!found)
          missed.push(
            `${file} ${l.type} ${JSON.stringify(l.value.slice(0, 60))} (got: ${values.map((m) => m.type).join(',') || 'nothing'})`,
          );
      }
      for (const m of values) {
        const correct = expected.some((l) => overlaps(m.value, norm(l.value)));
        board.finding(split, m.type, correct);
        if (!correct)
          falsePositives.push(`${file} ${m.type} @${m.where} ${JSON.stringify(m.value.slice(0, 60))}`);
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
    console.log(
      [
        'Corpus score',
        board.report(),
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
    expect(board.splits()).toEqual(Object.keys(FLOORS).sort());
    expect(board.belowFloors(FLOORS)).toEqual([]);
  }, 180_000);
});
