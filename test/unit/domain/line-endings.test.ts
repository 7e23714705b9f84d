import { describe, expect, it } from 'vitest';
import { LineEndingScanner } from '../../../src/domain/line-endings.js';

const scan = (...chunks: string[]) => {
  const s = new LineEndingScanner();
  for (const c of chunks) if (s.push(Buffer.from(c, 'latin1'))) break;
  return s.end();
};

describe('LineEndingScanner', () => {
  it('accepts CRLF text, also when a CRLF is split between chunks', () => {
    expect(scan('Subject: x\r\n\r\nbody\r\n')).toBeUndefined();
    expect(scan('line one\r', '\nline two\r\n')).toBeUndefined();
    expect(scan('')).toBeUndefined();
  });

  it.each([
    ['bare LF', 'a\nb\r\n', 'bare_lf'],
    ['LF at the very start', '\nabc\r\n', 'bare_lf'],
    ['bare CR', 'a\rb\r\n', 'bare_cr'],
    ['CR CR LF', 'a\r\r\n', 'bare_cr'],
    ['trailing CR', 'abc\r', 'bare_cr'],
    ['NUL', 'a\x00b\r\n', 'nul'],
  ])('flags %s', (_name, text, want) => {
    expect(scan(text)).toBe(want);
  });

  it('flags a CR that ends one chunk when the next does not start with LF', () => {
    expect(scan('abc\r', 'x\r\n')).toBe('bare_cr');
  });

  it('keeps reporting the first violation', () => {
    const s = new LineEndingScanner();
    s.push(Buffer.from('a\nb'));
    expect(s.push(Buffer.from('\x00'))).toBe('bare_lf');
    expect(s.end()).toBe('bare_lf');
  });
});
