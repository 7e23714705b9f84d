import { describe, expect, it } from 'vitest';
import { LINE_PATTERNS } from '../../../src/stages/notice/customer-words.js';
import { compilePattern, nativeSpans } from '../../helpers/regex-steps.js';

// The patterns that cut a customer's body into their own words run on whatever a sender writes,
// line by line, before any notice goes out (the word patterns only on tokens of a bounded length). Judged by work, not by a stopwatch (see
// test/helpers/regex-steps.ts): each pattern on inputs of n, 2n and 4n characters of a hostile
// shape; linear work doubles the added steps with each doubling, a backtracking blow-up does more.

/** Shapes aimed at the patterns: long runs of what they match, almost match, or skip. */
const UNITS = [
  'a',
  'A',
  'aB',
  ' ',
  '\t',
  '>',
  ' >',
  '-',
  '_',
  '--',
  '@',
  'a@',
  '.',
  'a.',
  "a'",
  '!',
  '«',
  ':',
  ' :',
  '0',
  'On ',
  'am 1 ',
  'wrote ',
  ' wrote',
  'schrieb Support ',
  'From',
  'From: x ',
  'De :',
  '[REDACTED:',
  '[REDACTED:password',
  'Deskguard ',
  '-----Original',
  'original message ',
  'é',
  'ł',
  '\u0301',
];
const fill = (unit: string, n: number, k: number) => unit.repeat(Math.ceil(n / unit.length) * k);
const MAX_STEPS_PER_CHAR = 64;
const MAX_GROWTH = 2.5;

describe('the customer-words patterns on hostile input', () => {
  const compiled = LINE_PATTERNS.map((re) => ({ re, pattern: compilePattern(re) }));

  it('the step-counting matcher finds what V8 finds', () => {
    const disagree: string[] = [];
    for (const { re, pattern } of compiled)
      for (const unit of UNITS) {
        const text = fill(unit, 200, 1);
        if (JSON.stringify(pattern.run(text).spans) !== JSON.stringify(nativeSpans(re, text)))
          disagree.push(`${re} on ${JSON.stringify(unit)}`);
      }
    expect(disagree).toEqual([]);
  });

  it('does linear work on every shape: doubling the input doubles the added steps', () => {
    const failures: string[] = [];
    for (const { re, pattern } of compiled) {
      const n = Math.max(1024, 2 * pattern.maxWindow);
      for (const unit of UNITS) {
        const texts = [fill(unit, n, 1), fill(unit, n, 2), fill(unit, n, 4)];
        const limit = MAX_STEPS_PER_CHAR * texts[2]!.length;
        const [s1, s2, s4] = texts.map((t) => pattern.run(t, { limit }));
        const first = s2!.steps - s1!.steps;
        const second = s4!.steps - s2!.steps;
        if (
          s4!.exceeded ||
          s4!.steps / texts[2]!.length > MAX_STEPS_PER_CHAR ||
          second > MAX_GROWTH * first + 64
        )
          failures.push(`${re} on ${JSON.stringify(unit)}: ${s1!.steps}, ${s2!.steps}, ${s4!.steps} steps`);
      }
    }
    expect(failures).toEqual([]);
  });
});
