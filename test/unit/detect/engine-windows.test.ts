import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRuleDetector, WINDOW_FROM } from '../../../src/stages/detect/engine.js';
import { RULES } from '../../../src/stages/detect/rules/index.js';
import type { Rule } from '../../../src/stages/detect/rules/rule.js';

// The labelled snippets (secrets of every type, and hard negatives), laid out in one long text.
const snippets = readFileSync(new URL('../../fixtures/detect/corpus.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { text: string }).text);
const filler = [
  'Hello team, the export stops at 80 % again and the page keeps spinning.\n',
  '2026-11-20T10:15:02Z INFO worker-3 job=export-7781 rows=120000 status=timeout\n',
  'Order 2026-4471, invoice INV-88213, tracking 1Z999AA10123456784.\n',
  'Thanks for your help, kind regards, Maria\n\n',
];

const windowed = createRuleDetector(RULES);
const whole = createRuleDetector(RULES, {}, { windowFrom: Number.POSITIVE_INFINITY });

describe('long texts: pattern rules read only around their keywords', () => {
  it('find exactly what a whole-text read finds, wherever snippets sit in the text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(snippets.length - 1), fc.nat(400), fc.nat(3)), {
          minLength: 30,
          maxLength: 60,
        }),
        (layout) => {
          const parts: string[] = [];
          for (const [s, gap, f] of layout)
            parts.push(filler[f % filler.length]?.repeat(gap) ?? '', snippets[s] ?? '', '\n');
          let text = parts.join('');
          while (text.length < WINDOW_FROM) text = filler[0] + text;
          const a = windowed.scan(text).map((m) => [m.ruleId, m.start, m.end]);
          const b = whole.scan(text).map((m) => [m.ruleId, m.start, m.end]);
          expect(a).toEqual(b);
          return b.length > 0;
        },
      ),
      { numRuns: 12 },
    );
  });

  it('reads long texts in windows: a value far from every keyword of its rule is not looked at', () => {
    const rule: Rule = {
      id: 'test-far',
      type: 'password',
      rationale: 'a value after a made-up label',
      keywords: ['zqxlabel'],
      pattern: /\bZQX-\d{6}\b/,
      confidence: 0.9,
      samples: { match: [], noMatch: [] },
    };
    const text = `zqxlabel ZQX-111111\n${filler[0]?.repeat(2000)}ZQX-222222\n`;
    expect(text.length).toBeGreaterThan(WINDOW_FROM);
    const values = (d: ReturnType<typeof createRuleDetector>) => d.scan(text).map((m) => m.value);
    expect(values(createRuleDetector([rule]))).toEqual(['ZQX-111111']);
    expect(values(createRuleDetector([rule], {}, { windowFrom: Number.POSITIVE_INFINITY }))).toEqual([
      'ZQX-111111',
      'ZQX-222222',
    ]);
    // A short text is read whole, as before.
    expect(values(createRuleDetector([rule]))).toHaveLength(1);
    expect(createRuleDetector([rule]).scan(`zqxlabel\n${filler[0]?.repeat(100)}ZQX-333333`)).toHaveLength(1);
  });
});
