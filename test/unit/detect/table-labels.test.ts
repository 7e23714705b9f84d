import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnKind } from '../../../src/stages/detect/rules/tables.js';

// Header cells name a secret column in a few words; a sentence that mentions a password is no header.
describe('table header labels', () => {
  it('names password and key columns, qualified and compounded, in our languages', () => {
    for (const label of [
      'Password',
      'admin password',
      'Datenbankpasswort',
      'Mot de passe',
      'Contraseña BIOS',
      'WPA2-nyckel',
    ])
      expect(columnKind(label), label).toBe('password');
    for (const label of ['API key', 'client secret', 'Zugriffsschlüssel', 'access token'])
      expect(columnKind(label), label).toBe('key');
  });

  it('the longest labels the header patterns accept are still judged (the length cut-off sits above them)', () => {
    const longest = [
      'abcdefghijklmnopqrst abcdefghijklmnopqrstpassword',
      'abcdefghijklmnopqrst abcdefghijklmnopqrstlösenord',
    ];
    for (const label of longest) {
      expect(label.length).toBeLessThanOrEqual(64);
      expect(columnKind(label), label).toBe('password');
    }
    expect(columnKind('abcdefghijklmnopqrst abcdefghijklmnopqrs-schlüssel')).toBe('key');
  });

  it('a sentence mentioning a password or a key is never a label, however it is cut', () => {
    const words = fc.constantFrom(
      'the',
      'password',
      'is',
      'in',
      'my',
      'api',
      'key',
      'Kennwort',
      'token',
      'vergessen',
      'please',
      'reset',
      'it',
    );
    fc.assert(
      fc.property(fc.array(words, { minLength: 12, maxLength: 30 }), (ws) => {
        const sentence = ws.join(' ');
        if (sentence.length > 64) expect(columnKind(sentence)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
