import { describe, expect, it } from 'vitest';
import { isQueueId, newQueueId } from '../../../src/domain/queue-id.js';

describe('newQueueId', () => {
  it('is unique, well-formed and sorts by time', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 10_000; i++) ids.add(newQueueId(1_700_000_000_000));
    expect(ids.size).toBe(10_000);
    for (const id of ids) expect(isQueueId(id)).toBe(true);
    expect(newQueueId(1_700_000_000_000) < newQueueId(1_700_000_000_001)).toBe(true);
  });
});
