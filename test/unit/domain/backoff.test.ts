import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../../src/domain/backoff.js';

const policy = { minDelaySeconds: 60, maxDelaySeconds: 3600 };

describe('backoffMs', () => {
  it('doubles from the minimum and stops at the maximum', () => {
    const top = (attempt: number) => backoffMs(policy, attempt, () => 1);
    expect([1, 2, 3, 4].map(top)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(top(7)).toBe(3_600_000);
    expect(top(50)).toBe(3_600_000);
  });

  it('jitters between half and the whole nominal delay', () => {
    expect(backoffMs(policy, 2, () => 0)).toBe(60_000);
    expect(backoffMs(policy, 2, () => 0.5)).toBe(90_000);
    for (let i = 0; i < 200; i++) {
      const d = backoffMs(policy, 3);
      expect(d).toBeGreaterThanOrEqual(120_000);
      expect(d).toBeLessThanOrEqual(240_000);
    }
  });

  it('allows sub-second delays (tests, fast local retries)', () => {
    expect(backoffMs({ minDelaySeconds: 0.05, maxDelaySeconds: 0.2 }, 1, () => 1)).toBe(50);
  });
});
