import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';
import { foldLetters } from '../../../src/stages/detect/rules/fold-letters.js';

const detector = createDetector();
const found = (text: string) => detector.scan(text).map((m) => `${m.type}:${m.value}`);

describe('keywords typed without their accents', () => {
  it('folding keeps every offset: one character for one, of the same length (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const f = foldLetters(s);
        expect(f.length).toBe(s.length);
        expect(foldLetters(f)).toBe(f);
      }),
    );
    expect(foldLetters('Contraseña hasło şifre lösenord código')).toBe(
      'Contrasena haslo sifre losenord codigo',
    );
  });

  it.each([
    ['de', 'WLAN-Schlussel lautet Vx7#kq29Lm'],
    ['es', 'mi contrasena: Vx7#kq29Lm'],
    ['pl', 'moje haslo: Vx7#kq29Lm'],
    ['tr', 'yeni sifre: Vx7#kq29Lm'],
    ['sv', 'losenord: Vx7#kq29Lm'],
    ['da', 'adgangskoden er: Vx7#kq29Lm'],
  ])('finds the password after an unaccented keyword (%s)', (_lang, text) => {
    expect(found(text)).toContain('password:Vx7#kq29Lm');
  });

  it('finds recovery codes under an unaccented heading', () => {
    const text = 'mis codigos de recuperacion:\n\n4k2x9-7qpz3  8m4t2-x9k7q\nr7p2k-3mx9z  9q4t7-k2x8m\n';
    expect(detector.scan(text).some((m) => m.type === 'recovery_codes')).toBe(true);
  });

  it('still leaves the word after an unaccented keyword in a sentence alone', () => {
    expect(found('olvide la contrasena de la cuenta del cliente')).toEqual([]);
    expect(found('nie pamietam hasla do poczty')).toEqual([]);
  });
});
