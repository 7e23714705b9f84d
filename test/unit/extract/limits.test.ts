import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import {
  defaultExtractLimits,
  extractLimitsSchema,
  resolveLimits,
} from '../../../src/stages/detect/extract/limits.js';

describe('extract limits', () => {
  it('default to what config/default.yaml documents under detect.limits', () => {
    // Two sources of the same defaults: the library's (scan CLI, tests) and the config reference
    // an admin reads. They must not drift apart.
    const documented = loadConfig({ env: {} }).detect.limits;
    expect({ ...defaultExtractLimits }).toEqual({ ...documented });
    expect(extractLimitsSchema.parse({})).toEqual({ ...documented });
  });

  it('fills every key not given with its default, and keeps the given ones', () => {
    const given = { maxDepth: 2, timeBudgetMs: 1234 };
    const resolved = resolveLimits(given);
    expect(resolved).toMatchObject(given);
    for (const [key, value] of Object.entries(defaultExtractLimits))
      if (!(key in given)) expect(resolved[key as keyof typeof resolved], key).toBe(value);
    expect(extractLimitsSchema.parse(given)).toEqual(resolved);
  });

  it('rejects unknown keys and non-positive values, naming the key', () => {
    expect(() => extractLimitsSchema.parse({ maxDeph: 3 })).toThrow(/maxDeph/);
    const bad = extractLimitsSchema.safeParse({ maxEntries: 0 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['maxEntries']);
  });
});
