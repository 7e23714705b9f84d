import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/stages/detect/rules/index.js';
import type { Rule } from '../../../src/stages/detect/rules/rule.js';
import { compilePattern, nativeSpans } from '../../helpers/regex-steps.js';

// Hostile input is judged by work, not by a stopwatch: the step-counting matcher of
// test/helpers/regex-steps.ts runs every rule's pattern as the engine does (a global exec loop over
// the whole text) on inputs of n, 2n and 4n characters. Linear work grows by the same amount per
// character; a backtracking blow-up grows by more and more. Timings of the real engine are in
// bench/ (detect-adversarial.mjs).

/**
 * `unit` repeated to about `n` characters, `k` times over: whole units only, so that the inputs of
 * k = 1, 2 and 4 are the same text repeated and differ in length alone.
 */
const fill = (unit: string, n: number, k: number) => unit.repeat(Math.ceil(n / unit.length) * k);

// Shapes aimed at the backtracking and prefilter weak spots of the rules.
const UNITS: string[] = [
  'a',
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  '1',
  '1 ',
  '1-',
  '4 ',
  '4111 ',
  'a:',
  '=',
  'password ',
  'Password: ',
  'my password is for the ',
  'login a / ',
  '-----BEGIN ',
  '-----BEGIN RSA PRIVATE KEY-----\n',
  'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n',
  'PuTTY-User-Key-File-3: ',
  'eyJ',
  'eyJhbGciOi.',
  'eyJhbGciOiJIUzI1NiJ9.',
  'https://a:b@',
  'postgres://a:',
  'jdbc:mysql://h;',
  'token: ',
  'api_key=abcdefghijklmno ',
  'xoxb-1-',
  'sk-proj-',
  'AKIA',
  'DE89 3704 ',
  '123-45-',
  '| user | password |\n',
  'Username  Password\n',
  'System\tPassword\tAPI key / token\n',
  'prod\t\t\tq8Zr2Lk5Vb7Nc1Xm4Pw9Ts3Gy6Hd0Fa2J+/\n',
  'key\ttoken\n',
  'x\t',
  '[REDACTED:password] ',
  '&sig=',
  'Xy1! (password ',
  '<input type="password" ',
  'mysql -u a -p ',
  'ssn ',
  'bsn ',
  'PESEL 1 ',
  'Passport: A1',
  '12 345 ',
  '1 85 2A ',
  'AB 12 34 ',
  '123456/',
  'AccountKey=',
  'ghp_',
  'SG.',
  'DB_PASSWORD=\n\n',
  'api_key:\n',
  "define('a', ",
  '<password a="',
  'name;password\n',
  '1234567890:AA',
  'a:1:b:c:',
  'PSW: a b c ',
];

// Runs of one character: a pattern that starts with a loop (`[ \t]*x`) retries the whole run from
// every position of it, which is quadratic.
const RUNS = [
  ' ',
  '\t',
  '\n',
  '\r\n',
  'a',
  'A',
  '1',
  '-',
  '.',
  '/',
  '=',
  ':',
  '_',
  '+',
  '@',
  '"',
  "'",
  '(',
  '|',
  'é',
  // Reply quoting: rules that skip a quote prefix must not let the next field take it too.
  '>',
];
const SEPARATORS = ['', ' ', ': ', '=', ' is ', ' / ', '\t', '\n', '(', ' - ', '"'];

interface Family {
  name: string;
  /** The input of about n characters, k times over. */
  text: (n: number, k: number) => string;
}

/** Inputs for one rule: the shapes above, its keywords and its own samples, made long. */
function families(rule: Rule): Family[] {
  const key = rule.keywords[0] ?? '';
  const repeated = (unit: string, name = JSON.stringify(unit)): Family => ({
    name,
    text: (n, k) => fill(unit, n, k),
  });
  // The engine runs a rule only when one of its keywords occurs: long shapes carry one at each end.
  const withKey = (f: Family): Family[] => [
    f,
    { name: `${key} + ${f.name}`, text: (n, k) => `${key} ${f.text(n, k)}` },
    { name: `${f.name} + ${key}`, text: (n, k) => `${f.text(n, k)} ${key}` },
  ];
  const out: Family[] = [];
  for (const u of UNITS) out.push(...withKey(repeated(u)));
  for (const c of RUNS) out.push(...withKey(repeated(c, `run of ${JSON.stringify(c)}`)));
  for (const k of rule.keywords.slice(0, 4)) for (const sep of SEPARATORS) out.push(repeated(k + sep));
  for (const s of rule.samples.match) {
    out.push(repeated(`${s.text}\n`, `sample ${JSON.stringify(s.text.slice(0, 30))}`));
    // The secret itself stretched: a token-shaped run as long as the input.
    const last = s.secret.slice(-1);
    out.push({
      name: `sample with its secret stretched ${JSON.stringify(s.secret.slice(0, 20))}`,
      text: (n, k) => s.text.replace(s.secret, s.secret + fill(last, n, k)),
    });
  }
  for (const t of rule.samples.noMatch)
    out.push(repeated(`${t}\n`, `near miss ${JSON.stringify(t.slice(0, 30))}`));
  return out;
}

/** Whether the engine's keyword prefilter lets this rule run on `text` at all. */
const runsOn = (rule: Rule, text: string) => {
  if (rule.keywords.length === 0) return true;
  const lower = text.toLowerCase();
  return rule.keywords.some((k) => lower.includes(k));
};

// Work per input character, at most. The worst built-in rule needs about 40 (password-prose on
// "pw is " repeated, when this bound was set); a rule that rescans a long window at every position
// lands far above.
const MAX_STEPS_PER_CHAR = 64;
// Linear work: doubling the input doubles the work it adds (quadratic work quadruples it).
const MAX_GROWTH = 2.5;

describe('every rule pattern on hostile input', () => {
  const compiled = RULES.map((rule) => ({ rule, pattern: compilePattern(rule.pattern) }));

  it('the step-counting matcher finds what V8 finds (samples and hostile input)', () => {
    const disagree: string[] = [];
    for (const { rule, pattern } of compiled) {
      const texts = [
        ...rule.samples.match.map((s) => s.text),
        ...rule.samples.noMatch,
        ...families(rule).map((f) => f.text(300, 2)),
      ];
      for (const text of texts) {
        const ours = pattern.run(text).spans;
        const v8 = nativeSpans(rule.pattern, text);
        if (JSON.stringify(ours) !== JSON.stringify(v8))
          disagree.push(`${rule.id} on ${JSON.stringify(text.slice(0, 40))}: ${ours.length} vs ${v8.length}`);
      }
    }
    expect(disagree).toEqual([]);
  });

  it('does linear work: each doubling of the input adds twice the steps of the last, and few per character', () => {
    const failures: string[] = [];
    let worstPerChar = 0;
    let worstGrowth = 0;
    for (const { rule, pattern } of compiled) {
      // Longer than the widest bounded repetition, so the growth rate shows and not the window.
      const n = Math.max(1024, 2 * pattern.maxWindow);
      for (const f of families(rule)) {
        const texts = [f.text(n, 1), f.text(n, 2), f.text(n, 4)];
        if (!runsOn(rule, texts[2]!)) continue;
        const limit = MAX_STEPS_PER_CHAR * texts[2]!.length;
        const [s1, s2, s4] = texts.map((t) => pattern.run(t, { limit }));
        // Marginal costs: what the second n characters added, and what the next 2n added. Linear
        // work doubles it (the ends of the input cost the same in every run and cancel out);
        // quadratic work quadruples it.
        const first = s2!.steps - s1!.steps;
        const second = s4!.steps - s2!.steps;
        const perChar = s4!.steps / texts[2]!.length;
        worstPerChar = Math.max(worstPerChar, perChar);
        if (first > n) worstGrowth = Math.max(worstGrowth, second / first);
        if (s4!.exceeded || perChar > MAX_STEPS_PER_CHAR || second > MAX_GROWTH * first + 64)
          failures.push(
            `${rule.id} on ${f.name}: ${[s1, s2, s4].map((s, i) => `${s!.exceeded ? 'over ' : ''}${s!.steps} steps for ${texts[i]!.length}`).join(', ')}`,
          );
      }
    }
    console.log(
      `hostile input: at most ${worstPerChar.toFixed(1)} steps per character; doubling the input multiplied the added work by at most ${worstGrowth.toFixed(2)}`,
    );
    expect(failures).toEqual([]);
  });
});
