import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admit } from '../../../src/domain/memory-budget.js';

const MB = 1024 * 1024;
const rows = fc.array(
  fc.record({
    id: fc.uuid(),
    size: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: MB, max: 40 * MB })),
  }),
  { maxLength: 12 },
);

describe('memory budget of the pipeline', () => {
  it('admits a prefix of the queue that fits the budget, and never stalls an idle pipeline', () => {
    fc.assert(
      fc.property(
        rows,
        fc.integer({ min: 0, max: 80 * MB }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: MB, max: 100 * MB }),
        (queue, activeBytes, activeCount, budget) => {
          const active = activeCount === 0 ? 0 : activeBytes;
          const got = admit(queue, active, activeCount, budget);
          // Queue order: what goes is a prefix (a big message is not overtaken).
          expect(got).toEqual(queue.slice(0, got.length));
          const sum = active + got.reduce((n, r) => n + r.size, 0);
          if (activeCount === 0 && queue.length > 0) {
            // Nothing in processing: the first message goes, however big.
            expect(got.length).toBeGreaterThanOrEqual(1);
            if (got.length > 1) expect(sum).toBeLessThanOrEqual(budget);
          } else {
            expect(sum).toBeLessThanOrEqual(Math.max(budget, active));
          }
          // And no more could have gone.
          const next = queue[got.length];
          if (next && (activeCount > 0 || got.length > 0)) expect(sum + next.size).toBeGreaterThan(budget);
        },
      ),
    );
  });

  it('takes eight 25 MB messages two at a time under a 64 MB budget', () => {
    const queue = Array.from({ length: 8 }, (_, i) => ({ id: String(i), size: 25 * MB }));
    expect(admit(queue, 0, 0, 64 * MB)).toHaveLength(2);
    expect(admit(queue.slice(2), 25 * MB, 1, 64 * MB)).toHaveLength(1);
    expect(admit(queue.slice(2), 50 * MB, 2, 64 * MB)).toHaveLength(0);
  });
});
