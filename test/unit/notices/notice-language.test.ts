import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chooseNoticeLanguage,
  declaredLanguage,
  identifiedLanguage,
  MIN_LETTERS,
  NOTICE_LANGUAGES,
} from '../../../src/stages/notice/notice-language.js';
import { FALLBACK, MAILS, MIXED } from './language-mails.js';

const SHIPPED = Object.keys(NOTICE_LANGUAGES);
const choose = (body: string, contentLanguage?: string, fallback = 'en') =>
  chooseNoticeLanguage({ contentLanguage, body, fallback });
/** Another shipped language than `lang`: a result equal to it cannot come from the fallback. */
const otherThan = (lang: string) => (lang === 'en' ? 'de' : 'en');

describe('the language a Content-Language field declares', () => {
  for (const [header, lang] of [
    ['de', 'de'],
    ['de-DE, en', 'de'],
    ['  FR-ca ', 'fr'],
    ['pt-BR', 'pt'],
    ['es-419', 'es'],
    ['nl_BE', 'nl'],
    ['it (italiano)', 'it'],
    ['(Polski) pl-PL', 'pl'],
    ['EN-GB', 'en'],
    ['deu', 'de'],
    ['ger', 'de'],
    ['fre', 'fr'],
    ['dut', 'nl'],
    ['por', 'pt'],
  ] as const)
    it(`reads "${header}" as ${lang}`, () => expect(declaredLanguage(header)).toBe(lang));

  for (const header of [
    undefined,
    '',
    ' ',
    'ja',
    'ja-JP, de',
    'x-klingon',
    'i-default',
    'zz',
    '*',
    'de1',
    '-de',
    '[REDACTED:password]',
    'english',
  ])
    it(`has no language of ours in ${JSON.stringify(header)}`, () =>
      expect(declaredLanguage(header)).toBeUndefined());

  it('wins over the words of the message', () => {
    const german = MAILS.find((m) => m.lang === 'de')!.body;
    expect(choose(german)).toBe('de');
    expect(choose(german, 'fr-FR')).toBe('fr');
    expect(choose(german, 'en', 'de')).toBe('en');
  });

  it('a language without templates leaves the choice to the words, then to the fallback', () => {
    const japanese = FALLBACK.find((m) => m.lang === 'ja')!.body;
    expect(choose(japanese, 'ja', 'de')).toBe('de');
    expect(choose(japanese, 'ja-JP', 'fr')).toBe('fr');
    expect(choose(MAILS.find((m) => m.lang === 'es')!.body, 'ja', 'de')).toBe('es');
  });
});

describe('the language of the customer’s own words', () => {
  for (const lang of SHIPPED) {
    const mails = MAILS.filter((m) => m.lang === lang);
    it(`has at least four realistic ${lang} mails to learn from`, () =>
      expect(mails.length).toBeGreaterThanOrEqual(4));
    for (const m of mails)
      it(`finds ${lang} in "${m.name}" (quoted English below, signature, password line)`, () => {
        expect(choose(m.body, undefined, otherThan(lang))).toBe(lang);
      });
  }

  for (const m of MIXED)
    it(`finds ${m.lang} in a mixed mail: ${m.name}`, () => {
      expect(choose(m.body, undefined, otherThan(m.lang))).toBe(m.lang);
    });

  it('is not swayed by the quoted text, however long', () => {
    const german = MAILS.find((m) => m.lang === 'de' && m.name.startsWith('Thunderbird'))!.body;
    const longQuote = `${german}\n${'> Hello, this is a long English reply that goes on and on.\n'.repeat(200)}`;
    expect(choose(longQuote, undefined, 'en')).toBe('de');
  });
});

describe('falls back to notify.language', () => {
  for (const m of FALLBACK)
    it(`for ${m.name}`, () => {
      for (const fallback of ['en', 'de', 'pt']) expect(choose(m.body, undefined, fallback)).toBe(fallback);
    });

  it('below MIN_LETTERS letters of the customer’s own words, even of one clear language', () => {
    const short = 'Das Passwort geht nicht mehr.';
    expect([...short].filter((c) => /\p{L}/u.test(c)).length).toBeLessThan(MIN_LETTERS);
    expect(identifiedLanguage(short)).toBeUndefined();
    expect(choose(short, undefined, 'fr')).toBe('fr');
    const enough = 'Das Passwort geht seit heute nicht mehr, können Sie bitte nachsehen?';
    expect(choose(enough, undefined, 'fr')).toBe('de');
  });

  it('when franc is unsure: half one of our languages, half another', () => {
    // Each half has function words enough (die, und, nach, den): only the margin says "unsure".
    const halves = [
      'Die Seite lädt neu und fragt wieder nach den Daten. Hola, no puedo entrar en mi cuenta desde esta mañana.',
      'Hallo, ich komme seit heute Morgen nicht in mein Konto. Bedankt voor de hulp met het probleem.',
      'La pagina si ricarica e chiede di nuovo i dati. A página recarrega e pede os dados outra vez.',
    ];
    for (const text of halves) {
      expect(identifiedLanguage(text)).toBeUndefined();
      expect(choose(text, undefined, 'pl')).toBe('pl');
    }
  });

  it('when the words are not the chosen language’s', () => {
    // Romance words without a function word: franc still names one.
    expect(
      identifiedLanguage('casa mesa animal hospital capital natural normal final general total real'),
    ).toBe(undefined);
    // Nonsense in Latin letters: franc names a language, its function words do not agree.
    expect(identifiedLanguage('xylo quaffen brinzel tromack vuldish plenkor ziffany grobule snarvik')).toBe(
      undefined,
    );
  });

  it('for an empty body and no header', () => expect(choose('', undefined, 'nl')).toBe('nl'));
});

describe('chooseNoticeLanguage on any input', () => {
  const header = fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 40 }),
    fc.constantFrom('de-DE, en', 'ja', 'x-', 'pt_BR', '(', ')', 'de (', ','),
  );
  const body = fc.oneof(
    fc.string({ maxLength: 400 }),
    fc.string({ maxLength: 400, unit: 'binary' }),
    fc.constantFrom(...MAILS.map((m) => m.body), ...FALLBACK.map((m) => m.body)),
    fc
      .array(
        fc.constantFrom('der', 'die', 'le', 'la', 'the', 'de', '> x', '\n-- \n', 'Hasło:', 'www.x', 'é'),
        {
          maxLength: 80,
        },
      )
      .map((w) => w.join(' ')),
  );

  it('never throws and always answers one of our languages, or the fallback', () => {
    fc.assert(
      fc.property(header, body, fc.constantFrom(...SHIPPED), (h, b, fallback) => {
        const lang = chooseNoticeLanguage({ contentLanguage: h, body: b, fallback });
        expect(SHIPPED).toContain(lang);
      }),
      { numRuns: 1000 },
    );
  });

  it('answers the same for the same input (no state between calls)', () => {
    fc.assert(
      fc.property(header, body, (h, b) => {
        const first = chooseNoticeLanguage({ contentLanguage: h, body: b, fallback: 'en' });
        expect(chooseNoticeLanguage({ contentLanguage: h, body: b, fallback: 'en' })).toBe(first);
      }),
      { numRuns: 200 },
    );
  });
});
