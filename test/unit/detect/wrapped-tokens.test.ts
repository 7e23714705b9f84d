import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';
import { RULES } from '../../../src/stages/detect/rules/index.js';
import { wrappedTokenRules } from '../../../src/stages/detect/rules/wrapped-tokens.js';

// Every self-identifying token the tables know, as its rule's own sample shows it.
const TOKENS = wrappedTokenRules.map((w) => {
  const base = RULES.find((r) => `${r.id}-wrapped` === w.id);
  const sample = base?.samples.match[0];
  if (sample === undefined) throw new Error(`no base sample for ${w.id}`);
  // The keyword pass finds a rule's prefix only whole: a break inside the prefix itself
  // ("gh" / "p_…") is out of reach (a known limit, see wrapped-tokens.ts), so cuts start after it.
  const prefix = Math.max(
    ...w.keywords.filter((k) => sample.secret.toLowerCase().startsWith(k)).map((k) => k.length),
  );
  return { id: w.id, type: w.type, secret: sample.secret, prefix };
});

// A piece of a torn token that is a plain word reads as prose after the token (see WORD in
// wrapped-tokens.ts); the writers' wrapping does not choose such cuts on purpose, and neither do we.
const plainWord = (s: string) => /^(?:[A-Z]?[a-z]+|[A-Z]+)$/.test(s);
const TOKEN_CHAR = /[A-Za-z0-9_\-+/=.:~$]/;

/** The token cut at `cuts` (sorted offsets) with line breaks, or undefined when a cut is not a tear. */
function tear(secret: string, cuts: number[], eol: string): string | undefined {
  const pieces: string[] = [];
  let from = 0;
  for (const c of [...cuts, secret.length]) {
    pieces.push(secret.slice(from, c));
    from = c;
  }
  if (pieces.some((p) => p.length === 0 || !TOKEN_CHAR.test(p[0] as string))) return undefined;
  if (pieces.slice(1).some((p) => plainWord(p.match(/^[A-Za-z0-9_\-+/=.:~$]*/)?.[0] ?? ''))) return undefined;
  return pieces.join(eol);
}

describe('tokens torn across lines', () => {
  const detector = createDetector();

  it('finds every prefixed token whole, wherever after its prefix wrapping cut it (1-3 breaks, LF or CRLF)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TOKENS),
        fc.array(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom('Here is the token: ', 'token\n', 'Tem permissões: '),
        fc.constantFrom('\nThanks, Ana', '\n\nTem permissões de leitura.', ' — valid until May.'),
        (token, fractions, eol, before, after) => {
          const cuts = [...new Set(fractions.map((f) => Math.floor(f * token.secret.length)))]
            .filter((c) => c >= token.prefix && c < token.secret.length)
            .sort((a, b) => a - b);
          const torn = cuts.length > 0 ? tear(token.secret, cuts, eol) : undefined;
          fc.pre(torn !== undefined);
          const text = `${before}${torn}${after}`;
          const at = text.indexOf(torn as string);
          const found = detector.scan(text);
          // Every character of the token lies inside some finding: nothing of it is delivered.
          for (let i = at; i < at + (torn as string).length; i++) {
            if (/\s/.test(text[i] as string)) continue;
            expect(
              found.some((f) => f.start <= i && i < f.end),
              `${token.id}: ${JSON.stringify(text)}`,
            ).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('does not join a token with the word that opens the next line', () => {
    const found = createDetector().scan('token: glpat-Xk9mQ2vR7tY4wZ1aB3cD\nnext steps follow');
    expect(found.map((f) => f.value)).toEqual(['glpat-Xk9mQ2vR7tY4wZ1aB3cD']);
  });

  it('leaves a half token with a blank line after it alone', () => {
    for (const t of TOKENS.slice(0, 40)) {
      const half = t.secret.slice(0, Math.floor(t.secret.length / 2));
      const found = detector.scan(`token: ${half}\n\nThanks`).filter((f) => f.ruleId === t.id);
      expect(found, t.id).toEqual([]);
    }
  });

  it('invents no token from hostile input of many prefixes and line breaks', () => {
    // 20,000 lines that each start a GitHub prefix and break: every keyword hit is examined once,
    // the runs joined stay short, and no token is invented from the fragments.
    const hostile = 'ghp_A1\nxoxb-1-\ngithub_pat_1\n'.repeat(7000);
    const found = detector.scan(hostile).filter((f) => f.ruleId.endsWith('-wrapped'));
    expect(found).toEqual([]);
  });
});
