import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';

const detector = createDetector();

/** Every code of the block is covered by a recovery_codes finding, and nothing else is reported. */
function coversCodes(text: string, codes: readonly string[]): void {
  const found = detector.scan(text);
  expect(
    found.every((f) => f.type === 'recovery_codes'),
    JSON.stringify(found),
  ).toBe(true);
  for (const code of codes) {
    const at = text.indexOf(code);
    expect(
      found.some((f) => f.start <= at && at + code.length <= f.end),
      code,
    ).toBe(true);
  }
}

describe('recovery code blocks in the layouts people paste them in', () => {
  it('reads numbered rows, table row numbers and separators between codes', () => {
    coversCodes('Backup codes\n1\t4821 9034\n2\t7733 1209\n3\t5590 2281\n', [
      '4821 9034',
      '7733 1209',
      '5590 2281',
    ]);
    coversCodes('Recovery codes:\n#1 482 903 417\n#2 773 120 995\n#3 559 022 811\n', [
      '482 903 417',
      '773 120 995',
      '559 022 811',
    ]);
    coversCodes('kody zapasowe: k7m2q9x · p3v8n1z · r5t9w2b', ['k7m2q9x', 'p3v8n1z', 'r5t9w2b']);
  });

  it('reads the block above the line that names it, and two codes per line', () => {
    coversCodes('8821 0034\n1733 5209\n9590 7281\n\nThese are the Google backup codes.', [
      '8821 0034',
      '1733 5209',
      '9590 7281',
    ]);
    coversCodes('Wiederherstellungscodes:\n8821 0034 1733 5209\n9590 7281 4412 0098\n', [
      '8821 0034 1733 5209',
      '9590 7281 4412 0098',
    ]);
  });

  it('leaves numbers that no heading names alone', () => {
    expect(detector.scan('Order list\n4821 9034\n7733 1209\n5590 2281\n6612 0948\nTotal')).toEqual([]);
    expect(detector.scan('Tickets:\n#1 482 903 417\n#2 773 120 995\n#3 559 022 811\n')).toEqual([]);
  });
});
