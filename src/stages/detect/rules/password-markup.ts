import { passwordCommandRules } from './password-commands.js';
import { plausiblePassword } from './password-values.js';
import { type Rule, type Span, trimTrailingPunctuation } from './rule.js';

// The password type attribute of an input; the rest of the tag is examined in a bounded slice.
const PASSWORD_INPUT = /type=["']?password\b/gi;
const VALUE_ATTR = /\svalue=(?:"([^"\r\n]{1,128})"|'([^'\r\n]{1,128})')/i;
const SEGMENT = 200;

/**
 * The match of `inner` in a bounded segment after each `outer` hit, as a span of `text`. The next
 * search starts after the segment, so overlapping hits never rescan the same characters.
 */
function* findInSegments(
  text: string,
  outer: RegExp,
  inner: RegExp,
  cut: RegExp,
  accept: (v: string) => boolean,
): Generator<Span> {
  outer.lastIndex = 0;
  for (let m = outer.exec(text); m !== null; m = outer.exec(text)) {
    const from = m.index + m[0].length;
    let segment = text.slice(from, from + SEGMENT);
    const stop = segment.search(cut);
    if (stop >= 0) segment = segment.slice(0, stop);
    outer.lastIndex = from + Math.max(segment.length, 1);
    const v = inner.exec(segment);
    const value = v?.slice(1).find((g) => g !== undefined);
    if (!v || value === undefined) continue;
    const start = from + v.index + v[0].lastIndexOf(value);
    const keep = trimTrailingPunctuation(value);
    if (accept(value.slice(0, keep))) yield { start, end: start + keep };
  }
}

const findHtmlPasswords = (text: string) =>
  findInSegments(text, PASSWORD_INPUT, VALUE_ATTR, />/, plausiblePassword);

export const passwordMarkupRules: Rule[] = [
  // Command lines: their own table of tools and options (password-commands.ts).
  ...passwordCommandRules,
  {
    id: 'password-html-input',
    type: 'password',
    rationale: 'A pre-filled HTML password field: <input type="password" … value="X">.',
    keywords: ['type="password"', "type='password'", 'type=password'],
    pattern: PASSWORD_INPUT,
    find: findHtmlPasswords,
    confidence: 0.8,
    samples: {
      match: [{ text: '<input type="password" name="pwd" value="F0rmVal!ue">', secret: 'F0rmVal!ue' }],
      noMatch: [
        '<input type="password" name="pwd" value="">',
        '<input type="password" placeholder="Password">',
      ],
    },
  },
];
