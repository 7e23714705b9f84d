import { keywordBefore, keywordStems, keywordWords } from './id-context.js';
import type { Rule } from './rule.js';

/**
 * Passport numbers have no common check digit a text could be tested with (the MRZ digit is not
 * printed beside the number) and their shapes (6-9 letters and digits) are those of countless
 * references, so a passport word must introduce them. The words, in the twelve languages the
 * support desk reads: EN passport, DE Reisepass / Pass-Nr., FR passeport, ES pasaporte,
 * IT passaporto, NL paspoort, PT passaporte, PL paszport, SV pass / passnummer, DA pas /
 * pasnummer, CS cestovní pas / číslo pasu, TR pasaport.
 */
const PASSPORT_WORDS = {
  strong: keywordStems(
    'passport',
    'reisepass',
    'pass-?(?:nr|nummer|no)',
    'passeport',
    'pasaport',
    'passaport',
    'paspoort',
    'paszport',
    'pasnummer',
    'pasnr',
    'cestovn\\p{L}* pas',
    '[čc][íi]slo pasu',
  ),
  // "pas" is also French for "not", "pass" English for a boarding pass: the number must follow at once.
  weak: keywordWords('pass', 'passet', 'passen', 'pas', 'pasu', 'pasem'),
  radius: 56,
};

/** Letters and digits of a passport number: at least two digits, not one repeated character. */
function passportShape(v: string): boolean {
  let digits = 0;
  for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) <= 57) digits++;
  return digits >= 2 && !/^(.)\1+$/.test(v);
}

export const passportRules: Rule[] = [
  {
    id: 'passport-number',
    type: 'passport_number',
    rationale:
      'A passport number (6-9 capital letters and digits) right after a passport word in any desk language.',
    keywords: [
      'passport',
      'reisepass',
      'pass',
      'pas',
      'pasaport',
      'passaport',
      'paspoort',
      'paszport',
      'cestovn',
    ],
    // A standalone token of capitals and digits, the lengths ICAO 9303 document numbers take.
    pattern: /(?<![\w-])[A-Z0-9]{6,9}(?![\w-])/,
    validate: (v, ctx) => passportShape(v) && keywordBefore(ctx.text, ctx.start, PASSPORT_WORDS),
    confidence: 0.8,
    samples: {
      match: [
        { text: 'Passport number is 521066575, issued 2019, expires 2029.', secret: '521066575' },
        { text: 'Reisepass-Nr.\tGRYY7RL6F', secret: 'GRYY7RL6F' },
        { text: 'Número de pasaporte: PAC594545', secret: 'PAC594545' },
        { text: 'Passeport n° : 11OF35835', secret: '11OF35835' },
        { text: 'Renovei o passaporte, o novo número é GB592744 (emitido em maio)', secret: 'GB592744' },
        { text: 'Číslo pasu: 91306576. Děkuji', secret: '91306576' },
        { text: 'Pasnummer: 271590123', secret: '271590123' },
        { text: 'Mitt pass 93206430 gäller till 2030', secret: '93206430' },
        { text: 'Numer paszportu: EK1234567', secret: 'EK1234567' },
        { text: 'Pasaport no: U12345678', secret: 'U12345678' },
      ],
      noMatch: [
        'My passport expired. Order 521066575 is still pending.',
        "Je n'ai pas reçu la commande, facture 20240311",
        'Your boarding pass and ticket 521066575 are attached',
        'Password: AB12CD34',
        'Passport number: PASSPORT',
        'Passport photo: 35x45 mm; ticket 123456789 attached',
      ],
    },
  },
];
