import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/domain/rate-limit.js';

describe('RateLimiter', () => {
  it('allows a burst of the per-minute allowance, then refills over time', () => {
    let t = 0;
    const rl = new RateLimiter(3, () => t);
    expect([rl.take('a'), rl.take('a'), rl.take('a'), rl.take('a')]).toEqual([true, true, true, false]);
    expect(rl.take('b')).toBe(true); // keys are independent
    t += 20_000; // one token per 20 s at 3/min
    expect(rl.take('a')).toBe(true);
    expect(rl.take('a')).toBe(false);
  });

  it('is off at 0', () => {
    const rl = new RateLimiter(0);
    for (let i = 0; i < 100; i++) expect(rl.take('x')).toBe(true);
  });
});
