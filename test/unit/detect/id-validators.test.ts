import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cpfValid,
  cprValid,
  deIdCardValid,
  deSteuerIdValid,
  ninoValid,
  nirValid,
  peselValid,
  ptNifValid,
  rodneCisloValid,
  sePersonnummerValid,
  tcKimlikValid,
} from '../../../src/stages/detect/id-validators.js';

describe('national id check digits', () => {
  it('DE Steuer-ID: MOD 11,10 and one repeated digit', () => {
    expect(deSteuerIdValid('86095742719')).toBe(true);
    expect(deSteuerIdValid('86 095 742 719')).toBe(true);
    expect(deSteuerIdValid('86095742718')).toBe(false); // check digit
    expect(deSteuerIdValid('65398472106')).toBe(false); // no digit repeated
    expect(deSteuerIdValid('06095742719')).toBe(false); // leading zero
    expect(deSteuerIdValid('8609574271')).toBe(false);
  });

  it('DE ID card serial: 7-3-1 over the serial alphabet', () => {
    expect(deIdCardValid('T220001293')).toBe(true);
    expect(deIdCardValid('L01X00T471')).toBe(true);
    expect(deIdCardValid('l01x00t471')).toBe(true);
    expect(deIdCardValid('L01X00T472')).toBe(false);
    expect(deIdCardValid('A01X00T471')).toBe(false); // A is not in the alphabet
  });

  it('PL PESEL: date with century in the month, 1-3-7-9 weights', () => {
    expect(peselValid('44051401359')).toBe(true);
    expect(peselValid('02210703812')).toBe(true); // born 2002 (month + 20)
    expect(peselValid('44051401358')).toBe(false);
    expect(peselValid('44151401351')).toBe(false); // month 15
    expect(peselValid('44023101350')).toBe(false); // 31 February
  });

  it('PT NIF: first digit and mod 11', () => {
    expect(ptNifValid('123456789')).toBe(true);
    expect(ptNifValid('501 234 560')).toBe(true);
    expect(ptNifValid('123456788')).toBe(false);
    expect(ptNifValid('423456789')).toBe(false); // 4 is not issued
  });

  it('BR CPF: two check digits, repeated digits refused', () => {
    expect(cpfValid('529.982.247-25')).toBe(true);
    expect(cpfValid('11144477735')).toBe(true);
    expect(cpfValid('529.982.247-52')).toBe(false);
    expect(cpfValid('111.111.111-11')).toBe(false);
  });

  it('FR NIR: structure and the 97-key, Corsica included', () => {
    expect(nirValid('185057800608491')).toBe(true);
    expect(nirValid('2 69 02 99 350 123 36')).toBe(true);
    expect(nirValid('1 85 05 2A 006 084 35')).toBe(true);
    expect(nirValid('185057800608492')).toBe(false);
    expect(nirValid('1 85 05 2B 006 084 35')).toBe(false);
    expect(nirValid('585057800608491')).toBe(false); // sex digit
    expect(nirValid('185137800608491')).toBe(false); // month 13
  });

  it('UK NINO: issued prefixes and suffix A-D', () => {
    expect(ninoValid('AB123456C')).toBe(true);
    expect(ninoValid('JG 10 37 25 A')).toBe(true);
    expect(ninoValid('GB123456A')).toBe(false);
    expect(ninoValid('DA123456A')).toBe(false);
    expect(ninoValid('AO123456A')).toBe(false);
    expect(ninoValid('AB123456E')).toBe(false);
  });

  it('SE personnummer: date (samordningsnummer +60) and Luhn', () => {
    expect(sePersonnummerValid('811218-9876')).toBe(true);
    expect(sePersonnummerValid('19811218-9876')).toBe(true);
    expect(sePersonnummerValid('8112189876')).toBe(true);
    expect(sePersonnummerValid('811278-9873')).toBe(true); // samordningsnummer: day 18 + 60
    expect(sePersonnummerValid('811218-9875')).toBe(false);
    expect(sePersonnummerValid('21811218-9876')).toBe(false); // century
    expect(sePersonnummerValid('811318-9876')).toBe(false); // month 13
  });

  it('DK CPR: a real date', () => {
    expect(cprValid('010190-1234')).toBe(true);
    expect(cprValid('2902001234')).toBe(true); // 29 Feb 2000
    expect(cprValid('320190-1234')).toBe(false);
    expect(cprValid('011390-1234')).toBe(false);
  });

  it('CZ rodné číslo: date, women +50, divisible by 11', () => {
    expect(rodneCisloValid('736028/5713')).toBe(true);
    expect(rodneCisloValid('8551011238')).toBe(true); // woman
    expect(rodneCisloValid('0455123450')).toBe(true); // remainder 10, last digit 0
    expect(rodneCisloValid('736028/5714')).toBe(false);
    expect(rodneCisloValid('736128/5713')).toBe(false); // month 61 - 50 = 11, day 28: date ok, mod fails
    expect(rodneCisloValid('540101/123')).toBe(false); // nine digits only before 1954
    expect(rodneCisloValid('520101/123')).toBe(true);
  });

  it('TR T.C. Kimlik No: both check digits', () => {
    expect(tcKimlikValid('10000000146')).toBe(true);
    expect(tcKimlikValid('38469123466')).toBe(true);
    expect(tcKimlikValid('10000000147')).toBe(false);
    expect(tcKimlikValid('10000000156')).toBe(false);
    expect(tcKimlikValid('01000000146')).toBe(false);
  });
});

/** The valid completions of `body` by one last digit. */
const completions = (body: string, valid: (s: string) => boolean) =>
  [...'0123456789'].map((c) => body + c).filter(valid);

describe('check digits catch typos', () => {
  const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
  /**
   * A scheme's known blind spot: CPF folds remainders 10 and 0 into the check digit 0, so a change
   * that moves the first remainder between them keeps the first check digit, and a change in the
   * first digit (weight 11 in the second sum) keeps the second. Such a change leaves the first check digit 0.
   */
  const cpfFold = (n: string) => n[9] === '0';
  const schemes: [string, fc.Arbitrary<string>, (s: string) => boolean, ((n: string) => boolean)?][] = [
    ['Steuer-ID', digits(10), deSteuerIdValid],
    ['PESEL', digits(10), peselValid],
    ['CPF', digits(10), cpfValid, cpfFold],
    ['T.C. Kimlik', digits(10), tcKimlikValid],
    ['personnummer', digits(9), sePersonnummerValid],
    ['NIR', fc.stringMatching(/^[12]\d{13}$/), nirValid],
  ];

  it('CPF: the fold is real, found by the property once (52968936204 and 62968936204 both pass)', () => {
    expect(cpfValid('52968936204')).toBe(true);
    expect(cpfValid('62968936204')).toBe(true);
    expect(cpfFold('52968936204')).toBe(true);
  });

  for (const [name, body, valid, blindSpot] of schemes) {
    it(`${name}: at most one last digit completes a number, and a one-digit change breaks it`, () => {
      fc.assert(
        fc.property(body, fc.nat(), fc.integer({ min: 1, max: 9 }), (b, pos, delta) => {
          const ok = completions(b, valid);
          expect(ok.length).toBeLessThanOrEqual(1);
          if (ok.length === 0) return;
          const n = ok[0] as string;
          const i = pos % n.length;
          const changed = n.slice(0, i) + ((Number(n[i]) + delta) % 10) + n.slice(i + 1);
          if (valid(changed)) expect(blindSpot?.(n), `${n} → ${changed} passes the check`).toBe(true);
        }),
        { numRuns: 400 },
      );
    });
  }
});
