import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RawMatch, SecretType } from '../../../src/domain/finding.js';
import { createDetector } from '../../../src/stages/detect/engine.js';

interface CorpusCase {
  id: string;
  lang: string;
  text: string;
  secrets: Array<{ type: SecretType; value: string }>;
}

const path = fileURLToPath(new URL('../../fixtures/detect/corpus.jsonl', import.meta.url));

function loadCorpus(): CorpusCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusCase);
}

/** Offsets of each labelled secret: the k-th label with a value is its k-th occurrence. */
function locate(c: CorpusCase): Array<{ type: SecretType; value: string; start: number; end: number }> {
  const next = new Map<string, number>();
  return c.secrets.map((s) => {
    const at = c.text.indexOf(s.value, next.get(s.value) ?? 0);
    if (at < 0) throw new Error(`${c.id}: labelled value not in text`);
    next.set(s.value, at + s.value.length);
    return { ...s, start: at, end: at + s.value.length };
  });
}

const MIN = 0.97;
const MIN_CASES_PER_TYPE = 5;

interface Tally {
  tp: number;
  fn: number;
  fp: number;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

function score(cases: CorpusCase[]) {
  const detector = createDetector();
  const tally = new Map<string, Tally>();
  const t = (type: string) => {
    const x = tally.get(type) ?? { tp: 0, fn: 0, fp: 0 };
    tally.set(type, x);
    return x;
  };
  const uncovered: string[] = [];
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  for (const c of cases) {
    const found: RawMatch[] = detector.scan(c.text);
    const labels = locate(c);
    for (const l of labels) {
      const hit = found.find((f) => f.type === l.type && overlaps(f, l));
      if (hit) t(l.type).tp++;
      else {
        t(l.type).fn++;
        misses.push(`${c.id} ${l.type} ${JSON.stringify(l.value.slice(0, 60))}`);
      }
      // Coverage is type-agnostic: whatever found it, the union of spans must hide all of it.
      for (let i = l.start; i < l.end; i++) {
        if (!found.some((f) => f.start <= i && i < f.end)) {
          uncovered.push(`${c.id} ${l.type} ${JSON.stringify(l.value.slice(0, 60))}`);
          break;
        }
      }
    }
    for (const f of found) {
      if (!labels.some((l) => l.type === f.type && overlaps(f, l))) {
        t(f.type).fp++;
        falseAlarms.push(`${c.id} ${f.type}/${f.ruleId} ${JSON.stringify(f.value.slice(0, 60))}`);
      }
    }
  }
  return { tally, uncovered, misses, falseAlarms };
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

describe('labelled corpus', () => {
  const cases = loadCorpus();
  const { tally, uncovered, misses, falseAlarms } = score(cases);

  it('has enough realistic positives and hard negatives', () => {
    expect(cases.filter((c) => c.secrets.length > 0).length).toBeGreaterThanOrEqual(200);
    expect(cases.filter((c) => c.secrets.length === 0).length).toBeGreaterThanOrEqual(150);
  });

  it('reaches the recall and precision floor overall and per type', () => {
    const rows = [...tally.entries()].sort(([a], [b]) => a.localeCompare(b));
    const total = rows.reduce((s, [, x]) => ({ tp: s.tp + x.tp, fn: s.fn + x.fn, fp: s.fp + x.fp }), {
      tp: 0,
      fn: 0,
      fp: 0,
    });
    const table = [...rows, ['ALL', total] as const].map(([type, x]) => ({
      type,
      labelled: x.tp + x.fn,
      tp: x.tp,
      fn: x.fn,
      fp: x.fp,
      recall: ratio(x.tp, x.tp + x.fn).toFixed(3),
      precision: ratio(x.tp, x.tp + x.fp).toFixed(3),
    }));
    console.log(`corpus: ${cases.length} cases`);
    console.table(table);
    if (misses.length) console.log(`missed:\n  ${misses.join('\n  ')}`);
    if (falseAlarms.length) console.log(`false alarms:\n  ${falseAlarms.join('\n  ')}`);
    expect(ratio(total.tp, total.tp + total.fn)).toBeGreaterThanOrEqual(MIN);
    expect(ratio(total.tp, total.tp + total.fp)).toBeGreaterThanOrEqual(MIN);
    for (const [type, x] of rows) {
      if (x.tp + x.fn < MIN_CASES_PER_TYPE) continue;
      expect({ type, recall: ratio(x.tp, x.tp + x.fn) >= MIN }).toEqual({ type, recall: true });
      expect({ type, precision: ratio(x.tp, x.tp + x.fp) >= MIN }).toEqual({ type, precision: true });
    }
  });

  it('covers every labelled secret completely', () => {
    expect(uncovered).toEqual([]);
  });
});
