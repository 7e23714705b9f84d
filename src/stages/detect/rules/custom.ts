import { z } from 'zod';
import { SECRET_TYPES } from '../../../domain/finding.js';
import { NAMED_VALIDATORS, type ValidatorName } from '../validators.js';
import type { Rule } from './rule.js';

// A group followed by an unbounded quantifier, e.g. (a+)+ or (\w*){2,}: if the group itself
// holds an unbounded quantifier, that is the shape behind catastrophic backtracking.
const QUANTIFIED_GROUP = /\(((?:[^()\\]|\\.){0,400})\)(?:[*+]|\{\d+,)/g;
const UNBOUNDED = /(?:^|[^\\])(?:[*+]|\{\d+,\})/;
const BACKREFERENCE = /\\[1-9]|\\k</;

/** Rejects patterns with the classic exponential-backtracking shapes. A heuristic, not a proof. */
export function isSafePattern(source: string): boolean {
  if (BACKREFERENCE.test(source)) return false;
  for (const m of source.matchAll(QUANTIFIED_GROUP)) if (UNBOUNDED.test(m[1] ?? '')) return false;
  return true;
}

function compiles(source: string, flags = ''): boolean {
  try {
    new RegExp(source, flags);
    return true;
  } catch {
    return false;
  }
}

const regexSource = z
  .string()
  .min(1)
  .max(2000)
  .refine((s) => compiles(s, 'u') || compiles(s), 'not a valid regular expression')
  .refine(isSafePattern, 'nested quantifiers or backreferences can make matching exponentially slow')
  .refine((s) => !compiles(s) || !new RegExp(s).test(''), 'the pattern must not match the empty string');

const validatorNames = Object.keys(NAMED_VALIDATORS) as [ValidatorName, ...ValidatorName[]];

export const customRuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'kebab-case id'),
  type: z.enum(SECRET_TYPES),
  pattern: regexSource,
  flags: z
    .string()
    .regex(/^[imsu]{0,4}$/, 'only the i, m, s and u flags')
    .optional(),
  group: z.number().int().min(0).max(20).optional(),
  keywords: z
    .array(
      z
        .string()
        .min(1)
        .transform((s) => s.toLowerCase()),
    )
    .optional(),
  validator: z.enum(validatorNames).optional(),
  confidence: z.number().min(0).max(1).optional(),
  rationale: z.string().min(1),
});

/** Detector options, as they appear under `detect:` in the configuration. */
export const detectorOptionsSchema = z.strictObject({
  disabledTypes: z.array(z.enum(SECRET_TYPES)).optional(),
  allowValues: z.array(z.string().min(1)).optional(),
  allowPatterns: z.array(regexSource).optional(),
  customRules: z.array(customRuleSchema).optional(),
});

export type CustomRuleSpec = z.input<typeof customRuleSchema>;
export type DetectorOptions = z.input<typeof detectorOptionsSchema>;

export function customRule(spec: z.output<typeof customRuleSchema>): Rule {
  const named = spec.validator ? NAMED_VALIDATORS[spec.validator] : undefined;
  return {
    id: spec.id,
    type: spec.type,
    rationale: spec.rationale,
    keywords: spec.keywords ?? [],
    pattern: new RegExp(spec.pattern, spec.flags ?? ''),
    ...(spec.group !== undefined ? { group: spec.group, needsIndices: true } : {}),
    ...(named ? { validate: (v: string) => named(v) } : {}),
    confidence: spec.confidence ?? 0.8,
    samples: { match: [], noMatch: [] },
  };
}
