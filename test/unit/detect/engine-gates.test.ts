import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRuleDetector } from '../../../src/stages/detect/engine.js';
import { RULES } from '../../../src/stages/detect/rules/index.js';
import type { Rule } from '../../../src/stages/detect/rules/rule.js';

// The engine skips a rule when the text cannot hold one of its values: too few digits for
// `minDigits`, or none of its keywords. These tests hold each gate to the rule it gates.

const digitRules = RULES.filter((r) => (r.minDigits ?? 0) > 0);
const digits = (s: string) => s.replace(/[^0-9]/g, '').length;

// Characters the digit rules' patterns are made of: digits, their separators, the letters of
// NIE/NINO/HETU/RUT/IBAN shapes.
const piece = fc.constantFrom(
  ...'0123456789012345678901234567890123456789'.split(''),
  ' ',
  '.',
  '-',
  '+',
  '/',
  'A',
  'B',
  'X',
  'K',
  'k',
  'Z',
  'DE',
  'NL',
  '\n',
);

describe('digit gates', () => {
  it('gate the rules that hold national ids, cards and IBANs', () => {
    expect(digitRules.map((r) => r.id)).toEqual(
      expect.arrayContaining(['payment-card', 'iban', 'us-ssn', 'br-cpf', 'fr-nir', 'uk-nino']),
    );
  });

  it.each(digitRules.map((r) => [r.id, r] as const))(
    '%s: every match of its pattern holds minDigits digits',
    (_, rule) => {
      const global = new RegExp(
        rule.pattern.source,
        rule.pattern.flags.includes('g') ? rule.pattern.flags : `${rule.pattern.flags}g`,
      );
      const check = (text: string) => {
        for (const m of text.matchAll(global))
          expect(digits(m[0])).toBeGreaterThanOrEqual(rule.minDigits ?? 0);
      };
      for (const s of rule.samples.match) check(s.text);
      fc.assert(
        fc.property(fc.array(piece, { minLength: 1, maxLength: 60 }), (parts) => check(parts.join(''))),
        { numRuns: 3000 },
      );
    },
  );

  it('change no finding: the gated detector finds what an ungated one finds', () => {
    const ungated: Rule[] = RULES.map(({ minDigits: _drop, ...r }) => r);
    const gated = createRuleDetector(RULES);
    const plain = createRuleDetector(ungated);
    const snippets = readFileSync(new URL('../../fixtures/detect/corpus.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text);
    for (const text of snippets) expect(gated.scan(text)).toEqual(plain.scan(text));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 80 }), (parts) => {
        const text = `IBAN, SSN, CPF, NIR: ${parts.join('')}`;
        expect(gated.scan(text)).toEqual(plain.scan(text));
      }),
      { numRuns: 500 },
    );
  });
});
