import { describe, expect, it } from 'vitest';
import { createDetector, createRuleDetector } from '../../../src/stages/detect/engine.js';
import { RULES } from '../../../src/stages/detect/rules/index.js';

describe('rule samples', () => {
  it('every rule carries a rationale, lower-case keywords and samples of both kinds', () => {
    const ids = new Set<string>();
    for (const rule of RULES) {
      expect(ids.has(rule.id), rule.id).toBe(false);
      ids.add(rule.id);
      expect(rule.rationale.length, rule.id).toBeGreaterThan(10);
      for (const k of rule.keywords) expect(k, rule.id).toBe(k.toLowerCase());
      expect(rule.samples.match.length, rule.id).toBeGreaterThan(0);
      expect(rule.samples.noMatch.length, rule.id).toBeGreaterThan(0);
    }
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      const alone = createRuleDetector([rule]);
      it.each(rule.samples.match.map((s) => [s.text, s]))('finds the secret in %j', (_t, sample) => {
        const found = alone.scan(sample.text);
        expect(found.map((f) => f.type)).toEqual([rule.type]);
        const at = sample.text.indexOf(sample.secret);
        expect(at).toBeGreaterThanOrEqual(0);
        const f = found[0]!;
        expect(f.start).toBeLessThanOrEqual(at);
        expect(f.end).toBeGreaterThanOrEqual(at + sample.secret.length);
        // No wider than the secret plus what overlap resolution may add: the rule reports the secret itself.
        expect(f.value).toBe(sample.secret);
      });
      it.each(rule.samples.noMatch.map((t) => [t]))('ignores %j', (text) => {
        expect(alone.scan(text)).toEqual([]);
      });
      it('the full detector still covers every match sample', () => {
        const all = createDetector();
        for (const s of rule.samples.match) {
          const at = s.text.indexOf(s.secret);
          const found = all.scan(s.text);
          for (let i = at; i < at + s.secret.length; i++) {
            expect(
              found.some((f) => f.start <= i && i < f.end),
              `${rule.id}: ${s.text}`,
            ).toBe(true);
          }
        }
      });
    });
  }
});
