import { describe, expect, it } from 'vitest';
import {
  defaultExtractLimits,
  extractLimitsSchema,
  resolveLimits,
} from '../../../src/stages/detect/extract/limits.js';

describe('extract limits', () => {
  it('fills every key with its default', () => {
    expect(extractLimitsSchema.parse({})).toEqual(defaultExtractLimits);
    expect(resolveLimits({ maxDepth: 2 })).toEqual({ ...defaultExtractLimits, maxDepth: 2 });
  });

  it('rejects unknown keys and non-positive values, naming the key', () => {
    expect(() => extractLimitsSchema.parse({ maxDeph: 3 })).toThrow(/maxDeph/);
    const bad = extractLimitsSchema.safeParse({ maxEntries: 0 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['maxEntries']);
  });
});
