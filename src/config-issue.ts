import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of keys',
};

const quantity = (origin: string, n: number | bigint, inclusive: boolean | undefined, more: boolean) => {
  if (origin === 'array' || origin === 'set')
    return `must have ${more ? 'at least' : 'at most'} ${n} entr${n === 1 ? 'y' : 'ies'}`;
  if (origin === 'string') {
    if (more && Number(n) === 1) return 'must not be empty';
    return `must be ${more ? 'at least' : 'at most'} ${n} characters long`;
  }
  if (inclusive === false) return `must be ${more ? 'greater' : 'less'} than ${n}`;
  return `must be ${more ? 'at least' : 'at most'} ${n}`;
};

/**
 * What is wrong with a value, phrased to follow its key ("smtp.port must be a number"); zod's own
 * wording ("Invalid input: expected number, received string") is written for developers.
 */
export function describeIssue(issue: Issue): string {
  // A message the schema wrote itself ("at least one recipient must be accepted") says it best.
  if (!/^(Invalid|Too (small|big)|Unrecognized)/.test(issue.message)) return `: ${issue.message}`;
  switch (issue.code) {
    case 'invalid_type':
      if ((issue as { input?: unknown }).input === undefined && issue.expected !== 'undefined')
        return 'is missing';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return quantity(issue.origin, issue.minimum, issue.inclusive, true);
    case 'too_big':
      return quantity(issue.origin, issue.maximum, issue.inclusive, false);
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${String(issue.values[0])}`
        : `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_key':
      return `has a key that is not allowed: ${describeIssue(issue.issues[0]!)}`;
    case 'invalid_format':
      return `must be a valid ${issue.format === 'url' ? 'URL' : issue.format === 'email' ? 'email address' : issue.format}`;
    case 'invalid_union':
      return 'is not a valid value';
    default:
      return `: ${issue.message}`;
  }
}

/** `key phrase`, or `key: sentence` when the phrase is a sentence of its own. */
export const keyWithProblem = (key: string, issue: Issue): string => {
  const phrase = describeIssue(issue);
  return phrase.startsWith(':') ? `${key}${phrase}` : `${key} ${phrase}`;
};
