import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanMailboxDomain, isCleanMailbox } from '../../../src/domain/mailbox-syntax.js';

describe('clean mailboxes', () => {
  it.each([
    ['jane@example.com', 'example.com'],
    ['first.last+tag@Mail.Example.COM', 'mail.example.com'],
    ["o'brien@example.ie", 'example.ie'],
    ['jürgen@bücher.de', 'xn--bcher-kva.de'],
    ['user@localhost', 'localhost'],
  ])('%s is clean (domain %s)', (address, domain) => {
    expect(cleanMailboxDomain(address)).toBe(domain);
  });

  it.each([
    ['', 'empty'],
    ['jane', 'no domain'],
    ['@example.com', 'no local part'],
    ['"jane doe"@example.com', 'quoted local part'],
    ['jane..doe@example.com', 'doubled dot'],
    ['.jane@example.com', 'leading dot'],
    ['jane%other.test@example.com', 'percent hack'],
    ['other.test!jane@example.com', 'bang path'],
    [':jane@example.com', 'left of a stripped source route'],
    ['jane@[192.0.2.1]', 'address literal'],
    ['jane@example..com', 'empty label'],
    ['jane@-example.com', 'label starting with a hyphen'],
    ['jane@exa_mple.com', 'underscore in a host name'],
    [`${'a'.repeat(65)}@example.com`, 'local part over 64 octets'],
    [`jane@${'a'.repeat(64)}.com`, 'label over 63 octets'],
  ])('%j is not clean (%s)', (address) => {
    expect(isCleanMailbox(address)).toBe(false);
  });

  it('no control, format or separator character is ever clean, wherever it is (property)', () => {
    // Cc, Cf (bidi controls, zero-width characters, soft hyphen), Zs/Zl/Zp and the other invisibles.
    const hidden = fc.constantFrom(
      '\u0000',
      '\t',
      '\r',
      '\n',
      '\u007f',
      '\u0085',
      '\u00ad',
      '\u061c',
      '\u180e',
      '\u200b',
      '\u200c',
      '\u200d',
      '\u200e',
      '\u200f',
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2060',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\ufeff',
      ' ',
      '\u00a0',
      '\u2028',
      '\u3000',
      '\u{e0041}',
    );
    fc.assert(
      fc.property(hidden, fc.nat(), (c, at) => {
        const base = 'jane.doe@mail.example.com';
        const i = at % (base.length + 1);
        expect(isCleanMailbox(base.slice(0, i) + c + base.slice(i))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
