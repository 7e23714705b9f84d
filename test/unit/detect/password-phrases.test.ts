import { describe, expect, it } from 'vitest';
import {
  groupedDigitsAt,
  PHRASE_PATTERNS,
  passphraseAt,
  promotionCode,
  quotedAfterCopula,
  valueBeforeAs,
  valueBelowCopula,
} from '../../../src/stages/detect/rules/password-phrases.js';
import { compilePattern } from '../../helpers/regex-steps.js';

const spanText = (text: string, span: { start: number; end: number } | undefined) =>
  span && text.slice(span.start, span.end);
const shaped = (v: string) => /\p{L}/u.test(v) && /[^\p{L}]/u.test(v);

describe('password values of more than one token', () => {
  it('takes a passphrase that fills the rest of the line, of one case and no sentence words', () => {
    for (const [text, want] of [
      ['lampada nuvola sentiero fiume\nGrazie', 'lampada nuvola sentiero fiume'],
      ['Blauer Himmel Gelbe Sonne', 'Blauer Himmel Gelbe Sonne'],
      ['gatto tigre 42!', 'gatto tigre 42!'],
    ] as const)
      expect(spanText(text, passphraseAt(text, 0)), text).toBe(want);
    for (const text of [
      'not working since yesterday',
      'mindestens zwölf Zeichen lang',
      'Habe ich vergessen leider',
      'wie immer das alte',
      'voir pièce jointe svp',
      'lampada nuvola sentiero fiume, grazie',
      'two words',
    ])
      expect(passphraseAt(text, 0), text).toBeUndefined();
  });

  it('takes digit groups filling the line, three groups or more', () => {
    expect(spanText('8471 2290 1133 4410\n', groupedDigitsAt('8471 2290 1133 4410\n', 0))).toBe(
      '8471 2290 1133 4410',
    );
    expect(groupedDigitsAt('8471 2290 then', 0)).toBeUndefined();
    expect(groupedDigitsAt('8471 2290\n', 0)).toBeUndefined();
  });

  it('takes a quoted phrase after a copula in the same sentence, not a quoted message about it', () => {
    const text = ' hat mein Sohn gesetzt, er sagte, es ist „Mein Hund heißt Bello 2018“. Danke';
    expect(spanText(text, quotedAfterCopula(text, 0))).toBe('Mein Hund heißt Bello 2018');
    for (const t of [
      ' fails, the error is "invalid password" again',
      ' is fine. My name is "Anna Berg 2" by the way',
      ' is "one"',
      ' is "Hello there my friend"',
    ])
      expect(quotedAfterCopula(t, 0), t).toBeUndefined();
  });

  it('reads a value written before "as" and the keyword, not a speaker or a label', () => {
    const text = "j'ai mis Cigale2021! comme mot de passe";
    expect(spanText(text, valueBeforeAs(text, text.indexOf('mot'), shaped))).toBe('Cigale2021!');
    const chat = '[09:14] anna.k: as the password';
    expect(valueBeforeAs(chat, chat.indexOf('password'), shaped)).toBeUndefined();
  });

  it('reads the value alone below a line that ends with a copula', () => {
    const text = ' voor de beheerdersomgeving van onze webshop is\n\nChamois#2023\n';
    expect(spanText(text, valueBelowCopula(text, 0, shaped))).toBe('Chamois#2023');
    expect(valueBelowCopula(' of the portal is\n\nnot working since Monday\n', 0, shaped)).toBeUndefined();
    expect(valueBelowCopula(' is expired. Then\nChamois#2023\n', 0, shaped)).toBeUndefined();
  });

  it('tells a discount code from a password by its line', () => {
    const promo = 'Webhotel -20% med koden VINTER25 i november';
    const at = promo.indexOf('koden');
    expect(promotionCode(promo, at, at + 5)).toBe(true);
    const login = 'Til wifi er koden Hygge#2024';
    const at2 = login.indexOf('koden');
    expect(promotionCode(login, at2, at2 + 5)).toBe(false);
  });
});

describe('the phrase patterns on hostile input', () => {
  const UNITS = ['a ', 'ab cd ', '1234 ', '1234 5678 ', 'is "', 'is „a b ', 'x as ', ' is\n', '\n', 'a', ' '];
  it('do linear work: each doubling of the input adds about twice the steps, and few per character', () => {
    const failures: string[] = [];
    for (const pattern of PHRASE_PATTERNS) {
      const compiled = compilePattern(pattern);
      const n = Math.max(1024, 2 * compiled.maxWindow);
      for (const unit of UNITS) {
        const texts = [1, 2, 4].map((k) => unit.repeat(Math.ceil(n / unit.length) * k));
        const limit = 64 * (texts[2] as string).length;
        const [s1, s2, s4] = texts.map((t) => compiled.run(t, { limit }));
        const first = s2!.steps - s1!.steps;
        const second = s4!.steps - s2!.steps;
        if (s4!.exceeded || second > 2.5 * first + 64)
          failures.push(
            `${pattern.source.slice(0, 40)} on ${JSON.stringify(unit)}: ${s1!.steps}/${s2!.steps}/${s4!.steps}`,
          );
      }
    }
    expect(failures).toEqual([]);
  });
});
