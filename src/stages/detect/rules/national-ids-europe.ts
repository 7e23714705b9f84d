import {
  cprValid,
  deIdCardValid,
  deSteuerIdValid,
  peselValid,
  rodneCisloValid,
  sePersonnummerValid,
  tcKimlikValid,
} from '../id-validators.js';
import { type KeywordContext, keywordNear, keywordStems, keywordWords } from './id-context.js';
import type { MatchContext, Rule } from './rule.js';

/**
 * Identity numbers of 9-11 digits (DE, PL, SE, DK, CZ, TR): their check digits pass one number in
 * ten or eleven by chance, so each needs a word naming it just before (see id-context.ts).
 */

const near = (kw: KeywordContext) => (ctx: MatchContext) => keywordNear(ctx.text, ctx.start, ctx.end, kw);

const STEUER_ID_WORDS = keywordStems(
  'steuer[ -]?id',
  'steuer-?ident',
  'steuerliche identifikation',
  'identifikationsnummer',
  'idnr',
  'id-nr',
  'tax id',
  'tax identification',
  'taxpayer id',
);
const steuerIdNear = near({ strong: STEUER_ID_WORDS, weak: keywordWords('tin') });
// The 2-3-3-3 grouping printed on the tax office's letters is half the evidence: its word may
// stand a sentence or two before ("Steuer-ID ungültig". Die Nummer vom Bescheid: 96 307 528 405).
const steuerIdPrinted = near({ strong: STEUER_ID_WORDS, radius: 200, acrossSentences: true });
const PRINTED_STEUER_ID = /^\d{2} \d{3} \d{3} \d{3}$/;
const idCardNear = near({
  strong: keywordStems('personalausweis', 'ausweis', 'id card', 'identity card', 'id-karte', 'idkarte'),
  weak: keywordWords('perso'),
});
// How a Polish customer names it in English or without the acronym.
const peselNear = near({
  strong: keywordStems(
    'pesel',
    'national id(?:entity)? number',
    'numer identyfikacyjny',
    'personal id number',
  ),
});
const sePnrNear = near({
  strong: keywordStems(
    'personnummer',
    'personnr',
    'person-nr',
    'pers\\.nr',
    'samordningsnummer',
    'personal identity number',
    // The definite form ("personnumret"), and how a Swede names it in English.
    'personnumr',
    'personal (?:id|number|identification)',
    'swedish (?:personal|id)',
  ),
  weak: keywordWords('pnr'),
});
// The health card ("sygesikringsbevis", "det gule kort") prints the CPR number.
const cprNear = near({
  strong: keywordStems(
    'cpr',
    'personnummer',
    'personnr',
    'personal identity number',
    'sygesikring',
    'gule kort',
  ),
});
// A PDF or a legacy charset without "č" drops it or puts "?" in its place ("Rodné íslo", "Rodn?
// ?íslo"); "RodnĂ© ÄŤĂ­slo" is UTF-8 read as CP1250: the letters around the lost ones still name it.
const rodneCisloNear = near({
  strong: keywordStems(
    'rodn\\p{L}* [čc][íi]sl',
    'rodn\\p{L}* [čc]\\.',
    'rodn[^\\s\\d]{0,3}[ \\t]+[^\\s\\d]{0,4}sl',
    'birth number',
    'personal number',
  ),
  weak: keywordWords('r\\.\\s?[čc]\\.', 'rč', 'rc'),
});
const tcNear = near({
  strong: keywordStems('kimlik', 'tc kimlik', 'tckn', 't\\.c\\.', 'vatanda[şs]l[ıi]k', 'turkish id'),
  weak: keywordWords('tc', 't\\.c', 'tc no', 'tc kimlik no'),
});

// An 11-digit run is a chance match for every 11-digit checksum: the digits alone, not inside a
// longer number or a decimal, and not a phone number's tail ("+48 …"). People group them as they
// read them out ("820 518 609 98", "908-168-335-58"): single spaces or dashes between digits.
const ELEVEN_DIGITS = /(?<![A-Za-z0-9./+-])\d(?:[ -]?\d){10}(?![A-Za-z0-9]|[./-]\d)/;

export const europeIdRules: Rule[] = [
  {
    id: 'de-steuer-id',
    type: 'national_id',
    rationale: 'German tax id: 11 digits, one digit repeated, MOD 11,10 check digit, named as Steuer-ID.',
    keywords: ['steuer', 'identifikationsnummer', 'idnr', 'id-nr', 'tax', 'tin'],
    // Eleven digits, bare or in the 2-3-3-3 grouping of the tax office's letters.
    pattern: /(?<![A-Za-z0-9./+-])[1-9]\d(?: ?\d{3}){3}(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) =>
      deSteuerIdValid(v) && (steuerIdNear(ctx) || (PRINTED_STEUER_ID.test(v) && steuerIdPrinted(ctx))),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'meine Steuer-ID lautet 86 095 742 719. Danke', secret: '86 095 742 719' },
        { text: 'Steuerliche Identifikationsnummer\n86095742719', secret: '86095742719' },
        {
          text: 'Die Meldung "Steuer-ID ungültig". Wir haben die Nummer zweimal vom Bescheid abgetippt: 86 095 742 719',
          secret: '86 095 742 719',
        },
        { text: 'Name;Steuer-ID;Ort\nA. Muster;86095742719;Köln\n', secret: '86095742719' },
      ],
      noMatch: [
        'Steuer-ID: 86095742718',
        'Kundennummer 86095742719',
        'Steuer-ID: 65398472106',
        'Die Steuer-ID fehlt noch.\n\nTelefon: 86 095 742 719',
        'Die Steuer-ID fehlt. Wir haben die Nummer 123456 und 86 095 742 719',
        'Name;Kundennummer;Ort\nA. Muster;86095742719;Köln\n',
      ],
    },
  },
  {
    id: 'de-id-card',
    type: 'national_id',
    rationale: 'German ID card serial (since 2010): nine characters of its alphabet and a 7-3-1 check digit.',
    keywords: ['ausweis', 'id card', 'identity card', 'id-karte', 'idkarte', 'perso'],
    // A letter of the serial alphabet, eight letters or digits of it, the check digit.
    pattern: /(?<![\w-])[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}\d(?![\w-])/,
    validate: (v, ctx) => deIdCardValid(v) && /\d.*\d/.test(v) && idCardNear(ctx),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'Personalausweisnummer: L01X00T471', secret: 'L01X00T471' },
        { text: 'Ausweis-Nr. T220001293 (gültig bis 2031)', secret: 'T220001293' },
      ],
      noMatch: ['Personalausweisnummer: L01X00T472', 'Bestellung L01X00T471 versandt'],
    },
  },
  {
    id: 'pl-pesel',
    type: 'national_id',
    rationale: 'Polish PESEL: 11 digits, a birth date with the century in the month, weighted mod-10 check.',
    // Every word peselNear knows: keywords are what wakes the rule.
    keywords: ['pesel', 'national id', 'identyfikacyjny', 'personal id'],
    pattern: ELEVEN_DIGITS,
    validate: (v, ctx) => peselValid(v) && peselNear(ctx),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'PESEL: 44051401359', secret: '44051401359' },
        { text: 'Dane syna: 44051401359 (PESEL), klasa 5b', secret: '44051401359' },
        { text: 'PESEL\n\n\n44051401359\n', secret: '44051401359' },
        { text: 'PESEL 440 514 013 59', secret: '440 514 013 59' },
        { text: '> Mój numer PESEL to 02210703812.', secret: '02210703812' },
        { text: 'imie_nazwisko;pesel;klasa\nAnna Nowak;02210703812;5b\n', secret: '02210703812' },
        { text: 'pesel,imie\n02210703812,Anna\n', secret: '02210703812' },
        { text: 'imie;pesel;tel\nAnna;44051401358;500600700\nOla;02210703812;5b\n', secret: '02210703812' },
        { text: 'National ID number: 44051401359', secret: '44051401359' },
      ],
      noMatch: [
        'PESEL: 44051401358',
        'Zamówienie 44051401359',
        'PESEL: 44151401351',
        'imie;pesel;telefon\nAnna;12345678901;44051401359\n',
        'imie;pesel\nAnna;brak\n\nzamowienie;44051401359\n',
        'Zamówienie nr 44051401359 (PESEL w załączniku)',
      ],
    },
  },
  {
    id: 'se-personnummer',
    type: 'national_id',
    rationale:
      'Swedish personnummer: [CC]YYMMDD-NNNC with a Luhn check digit; the 12-digit dashed form stands alone.',
    keywords: [],
    minDigits: 10,
    // Optional century, six date digits, the "-"/"+" separator (or a space, or none), four digits.
    pattern: /(?<![A-Za-z0-9./+-])(?:1[89]|20)?\d{6}[-+ ]?\d{4}(?![A-Za-z0-9]|[./-]\d)/,
    // YYYYMMDD-NNNN carries a date and a Luhn digit in a layout only personnummer use.
    validate: (v, ctx) =>
      sePersonnummerValid(v) && (/^(?:1[89]|20)\d{6}[-+]\d{4}$/.test(v) || sePnrNear(ctx)),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'personnummer 19811218-9876, ring mig', secret: '19811218-9876' },
        { text: 'Mitt personnummer är 640823-3234.', secret: '640823-3234' },
        { text: 'Ändra personnumret till 640823-3234, tack', secret: '640823-3234' },
        { text: 'Personal number: 640823-3234', secret: '640823-3234' },
        { text: 'Ny kund 19640823-3234 registrerad', secret: '19640823-3234' },
        {
          text: 'Förnamn,Efternamn,Personnummer,Lag\nAxel,Sandberg,640823-3234,P12\n',
          secret: '640823-3234',
        },
      ],
      noMatch: ['personnummer 811218-9875', 'Telefon 0701234567', 'Order 640823-3234'],
    },
  },
  {
    id: 'dk-cpr',
    type: 'national_id',
    rationale: 'Danish CPR number: DDMMYY-SSSS, a real date, named as CPR (no check digit since 2007).',
    keywords: ['cpr', 'personnummer', 'personnr', 'personal identity number', 'sygesikring', 'gule kort'],
    // Six date digits, an optional dash, four digits.
    pattern: /(?<![A-Za-z0-9./+-])\d{6}[- ]?\d{4}(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) => cprValid(v) && cprNear(ctx),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'Mit CPR-nummer er 010190-1234.', secret: '010190-1234' },
        { text: 'CPR: 2412851237', secret: '2412851237' },
        { text: 'CPR-nummer: 010190 1234', secret: '010190 1234' },
      ],
      noMatch: ['CPR-nummer: 320190-1234', 'Ordrenummer 010190-1234'],
    },
  },
  {
    id: 'cz-rodne-cislo',
    type: 'national_id',
    rationale: 'Czech/Slovak rodné číslo: YYMMDD/SSSC, a date (women +50 in the month), divisible by 11.',
    keywords: ['rodn', 'r.č', 'r. č', 'r.c.', 'r. c.', 'rč', 'rc', 'birth number', 'personal number'],
    // Six date digits, an optional slash (spaced as some type it) or a blank, three or four digits.
    pattern: /(?<![A-Za-z0-9./+-])\d{6}(?: ?\/ ?| )?\d{3,4}(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) => rodneCisloValid(v) && rodneCisloNear(ctx),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'Rodné číslo: 736028/5713', secret: '736028/5713' },
        { text: 'moje rodné číslo je 8551011238, děkuji', secret: '8551011238' },
        { text: 'Rodné číslo: 736028 / 5713', secret: '736028 / 5713' },
        { text: 'Zákazník: Jan Novák, r. č. 736028/5713, odběrné místo 42', secret: '736028/5713' },
        // The "č" lost in a PDF's WinAnsi text, or read in the wrong code page.
        { text: 'Jméno: Petr Svoboda\nRodné íslo: 736028/5713\n', secret: '736028/5713' },
        { text: 'Rodn? ?íslo: 736028/5713', secret: '736028/5713' },
        { text: 'RodnĂ© ÄŤĂ­slo: 736028/5713', secret: '736028/5713' },
        { text: 'rodné číslo: 736028 5713', secret: '736028 5713' },
      ],
      noMatch: ['Rodné číslo: 736028/5714', 'Objednávka 736028/5713', 'Rodný list a faktura 736028/5713'],
    },
  },
  {
    id: 'tr-tc-kimlik',
    type: 'national_id',
    rationale: 'Turkish T.C. Kimlik No: 11 digits, no leading zero, two check digits, named as TC / kimlik.',
    keywords: ['kimlik', 'tckn', 'tc', 't.c', 'vatanda', 'turkish id'],
    pattern: ELEVEN_DIGITS,
    validate: (v, ctx) => tcKimlikValid(v) && tcNear(ctx),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'TC: 10000000146', secret: '10000000146' },
        { text: 'T.C. Kimlik No: 38469123466', secret: '38469123466' },
        { text: 'Kimlik numarası: 384 691 234 66', secret: '384 691 234 66' },
      ],
      noMatch: ['TC: 10000000147', 'Sipariş 38469123466', 'TCP port 38469123466'],
    },
  },
];
