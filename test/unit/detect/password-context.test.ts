import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldLetters } from '../../../src/stages/detect/rules/fold-letters.js';
import { keywordPass, MAX_STARTS } from '../../../src/stages/detect/rules/keywords.js';
import { ALL_ANCHORS, keywordHits, tokenHits } from '../../../src/stages/detect/rules/password-context.js';

const words = (text: string) => keywordHits(text).map((h) => [text.slice(h.start, h.end), h.kind]);

// A pass like the engine's: other rules' keywords beside every anchor; and one missing anchors.
const enginePass = keywordPass(['token', 'key', 'iban', 'passport', ...ALL_ANCHORS], { fold: foldLetters });
const partialPass = keywordPass(['token', ...ALL_ANCHORS.slice(3)], { fold: foldLetters });

describe('dictionary hits (found through the keyword pass)', () => {
  it('finds words, inflections, compounds and multi-part words, accents folded', () => {
    expect(words('Ihr Initialpasswort: x; lösenordet; HASŁEM; mot de passe; Contrasena')).toEqual([
      ['Initialpasswort', 'password'],
      ['lösenordet', 'password'],
      ['HASŁEM', 'password'],
      ['mot de passe', 'password'],
      ['Contrasena', 'password'],
    ]);
  });

  it('finds multi-part words whose first part is a letter by their joined forms only', () => {
    expect(words('E-Mail: a@b.c  p/w: x1  u/n: jo  Wi-Fi: home')).toEqual([
      ['E-Mail', 'user'],
      ['p/w', 'password'],
      ['u/n', 'user'],
      ['Wi-Fi', 'wifi'],
    ]);
    // The letters alone are no words: "e", "p", "u" in prose find nothing.
    expect(words('e a p x u z w, a quick note')).toEqual([]);
  });

  it('finds every word in a text that repeats one past what the keyword pass keeps (a log of /usr/ paths)', () => {
    const log = 'open /usr/lib/x.so\n'.repeat(MAX_STARTS + 5);
    const text = `${log}usr: admin\nPasswort: Fietsbel-2021\n`;
    const hits = keywordHits(text);
    expect(hits).toEqual(tokenHits(text));
    expect(keywordHits(text, undefined, enginePass(text))).toEqual(hits);
    expect(words(text).filter(([w]) => w === 'usr')).toHaveLength(MAX_STARTS + 6);
    expect(words(text).slice(-3)).toEqual([
      ['usr', 'user'],
      ['admin', 'admin'],
      ['Passwort', 'password'],
    ]);
  });

  it('finds in any text exactly what a token-by-token lookup finds', () => {
    const vocab = [
      'password',
      'Passwort',
      'pw',
      'e-mail',
      'E',
      'mail',
      'p',
      'w',
      'u',
      'n',
      'login',
      'key',
      'spin',
      'passion',
      'kennwort',
      'Initialpasswort',
      'hasłem',
      'mot',
      'de',
      'passe',
      'wi',
      'fi',
      'x1',
      'aGVsbG8',
    ];
    const seps = [' ', '  ', '\t', ': ', '\n', '/', '-', "'", '’', '', '.'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...vocab), fc.constantFrom(...seps)), { maxLength: 20 }),
        (parts) => {
          const text = parts.map(([w, sep]) => w + sep).join('');
          const reference = tokenHits(text);
          expect(keywordHits(text), JSON.stringify(text)).toEqual(reference);
          // Read from an engine-like pass that holds the anchors among other words, or lacks some.
          expect(keywordHits(text, undefined, enginePass(text))).toEqual(reference);
          expect(keywordHits(text, undefined, partialPass(text))).toEqual(reference);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
