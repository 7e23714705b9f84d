import {
  atSvnrValid,
  caSinValid,
  chAhvValid,
  grAmkaValid,
  iePpsnValid,
  inAadhaarValid,
  inPanValid,
  mxCurpValid,
  noFnrValid,
  roCnpValid,
} from '../id-validators-world.js';
import { type KeywordContext, keywordBefore, keywordNear, keywordStems, keywordWords } from './id-context.js';
import type { MatchContext, Rule } from './rule.js';

/**
 * Identity numbers of customers who write to the desks from Switzerland, Canada, Ireland, Norway,
 * Romania, Greece, Austria, India, Mexico and Argentina. The Swiss AHV number printed in its dotted
 * 756 layout and the CURP (a date, sex, state and check digit in 18 characters) stand alone; the
 * rest pass their check one time in ten or eleven by chance (or have none) and need a word naming
 * them (id-context.ts), in the customer's language or the desk's.
 */

const near = (kw: KeywordContext) => (ctx: MatchContext) => keywordNear(ctx.text, ctx.start, ctx.end, kw);

const ahvNear = near({
  strong: keywordStems(
    'ahv',
    'avs',
    'oasi',
    'sozialversicherung',
    'versichertennummer',
    'assicurazione sociale',
    'assurance sociale',
    'assurances sociales',
    'social security',
    'social insurance',
  ),
});
// "numéro d'assurance sociale" (NAS) is the Quebec name; SIN and NAS only right before the number.
const sinNear = near({
  strong: keywordStems('social insurance', 'assurance[ -]sociale', "num[ée]ro d['’]assurance"),
  weak: keywordWords('sin', 'nas'),
});
const ppsnNear = near({
  strong: keywordStems('ppsn', 'pps', 'personal public service', 'rsi (?:no|number)'),
});
const fnrNear = near({
  strong: keywordStems(
    'f[øo]dselsnummer',
    'f[øo]dselsnr',
    'personnummer',
    'd-nummer',
    'norwegian (?:national )?id',
    'national identity number',
  ),
  weak: keywordWords('fnr', 'f\\.nr'),
});
const cnpNear = near({
  strong: keywordStems('cnp', 'cod numeric personal', 'codul numeric', 'personal numeric code'),
});
const amkaNear = near({ strong: keywordStems('amka', 'αμκα', 'α\\.μ\\.κ\\.α') });
const atSvNear = near({
  strong: keywordStems(
    'sozialversicherung',
    'sv-?nummer',
    'sv-?nr',
    'svnr',
    'versicherungsnummer',
    'e-card',
    'austrian social',
  ),
});
const aadhaarNear = near({ strong: keywordStems('aadhaa?r', 'uidai', 'uid (?:no|number)', 'आधार') });
const panNear = near({
  strong: keywordStems('permanent account number', 'pan card', 'pan (?:no|number)', 'income tax'),
  weak: keywordWords('pan'),
});
// Argentine and Peruvian DNI carry no check digit: only "DNI" right before the number names it.
const dniWords: KeywordContext = {
  strong: keywordStems('documento nacional de identidad', 'documento de identidad'),
  weak: keywordWords('dni', 'd\\.n\\.i\\.?'),
};

// The Czech identity card (občanský průkaz): nine digits, no check. "OP" alone is Dutch "on",
// so the abbreviation counts only with the Czech word for number ("číslo OP", "OP č.").
const czOpWords: KeywordContext = {
  strong: keywordStems(
    'ob[čc]ansk\\p{L}* pr[ůu]kaz',
    '[čc][íi]slo op(?![\\p{L}])',
    '[čc]\\. ?op(?![\\p{L}])',
    'op [čc][.:]',
  ),
};

// Identity cards numbered like passports: the Italian CIE and the Dutch identiteitskaart.
const itCieNear = near({ strong: keywordStems("carta d['’ ]?identit", 'cie', 'identity card', 'id card') });
const nlIdNear = near({ strong: keywordStems('identiteitskaart', 'id-?kaart', 'identity card', 'id card') });

// Mexican state codes of the CURP (and NE, born abroad).
const CURP_STATES = new Set(
  'AS BC BS CC CL CM CS CH DF DG GT GR HG JC MC MN MS NT NL OC PL QT QR SP SL SR TC TS TL VZ YN ZS NE'.split(
    ' ',
  ),
);

export const worldIdRules: Rule[] = [
  {
    id: 'ch-ahv',
    type: 'national_id',
    rationale:
      'Swiss AHV/AVS number: 756, nine digits, an EAN-13 check digit; dotted 756.XXXX.XXXX.XX it stands alone, otherwise it needs its word.',
    keywords: [],
    minDigits: 13,
    // 756 and ten digits, dotted 3-4-4-2 as printed on the card, spaced the same way, or bare.
    pattern:
      /(?<![A-Za-z0-9./+-])756(?:\.\d{4}\.\d{4}\.\d{2}| \d{4} \d{4} \d{2}|\d{10})(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) => chAhvValid(v) && (v.includes('.') || ahvNear(ctx)),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'AHV-Nr.: 756.3331.5910.58', secret: '756.3331.5910.58' },
        { text: 'Hauptstr. 12\n756.9217.5408.13\nJürgen Weiß', secret: '756.9217.5408.13' },
        { text: 'numéro AVS 7569217540813, merci', secret: '7569217540813' },
      ],
      noMatch: ['AHV-Nr.: 756.3331.5910.59', 'Bestellung 7569217540813', 'EAN 7569217540813 (Artikel)'],
    },
  },
  {
    id: 'ca-sin',
    type: 'national_id',
    rationale: 'Canadian Social Insurance Number (NAS in Quebec): nine digits, Luhn, named as SIN/NAS.',
    keywords: [
      'social insurance',
      'assurance sociale',
      'assurance-sociale',
      "d'assurance",
      'd’assurance',
      'sin',
      'nas',
    ],
    minDigits: 9,
    // Nine digits, bare or grouped 3-3-3 by spaces or dashes, not inside a longer number.
    pattern: /(?<![A-Za-z0-9./+-])\d{3}(?: \d{3} \d{3}|-\d{3}-\d{3}|\d{6})(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) => caSinValid(v) && sinNear(ctx),
    confidence: 0.85,
    samples: {
      match: [
        { text: "la no d'assurance sociale est\n718 597 651", secret: '718 597 651' },
        { text: "Voici mon numéro d'assurance sociale : 208 593 335", secret: '208 593 335' },
        { text: 'My SIN is 462-451-006, for the T4 slip.', secret: '462-451-006' },
        { text: 'NAS: 462451006', secret: '462451006' },
      ],
      noMatch: [
        "no d'assurance sociale : 718 597 652",
        'SIREN : 718 597 651',
        'Commande 462451006 expédiée',
        'sin embargo 462 451 006 es el pedido',
      ],
    },
  },
  {
    id: 'ie-ppsn',
    type: 'national_id',
    rationale:
      'Irish PPS number: seven digits and a mod-23 check letter (a second letter since 2013), after PPS/PPSN.',
    keywords: ['pps', 'personal public service', 'rsi'],
    minDigits: 7,
    // Seven digits, an optional space, the check letter and the optional second letter.
    pattern: /(?<![\w-])\d{7} ?[A-Wa-w][ABHWabhw]?(?![\w-])/,
    validate: (v, ctx) => iePpsnValid(v) && ppsnNear(ctx),
    confidence: 0.85,
    samples: {
      match: [
        { text: '> > Not sure if you need it but the PPSN is 1814143T.', secret: '1814143T' },
        { text: 'PPS No: 6587341QA', secret: '6587341QA' },
        { text: 'my personal public service number is 1234567T', secret: '1234567T' },
      ],
      noMatch: ['PPSN: 1814143U', 'Order 1814143T shipped', 'PPS 1814143'],
    },
  },
  {
    id: 'no-fodselsnummer',
    type: 'national_id',
    rationale:
      'Norwegian fødselsnummer / D-number: DDMMYY and five digits with two mod-11 checks, named as such.',
    keywords: [
      'fødselsn',
      'fodselsn',
      'personnummer',
      'd-nummer',
      'fnr',
      'f.nr',
      'norwegian',
      'national identity',
    ],
    minDigits: 11,
    // Eleven digits, bare or split 6-5 by a space or dash as forms print them.
    pattern: /(?<![A-Za-z0-9./+-])\d{6}[ -]?\d{5}(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) => noFnrValid(v) && fnrNear(ctx),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'Fødselsnummer: 150585 10170', secret: '150585 10170' },
        { text: 'mitt personnummer er 02030120186', secret: '02030120186' },
      ],
      noMatch: ['Fødselsnummer: 15058510171', 'Ordre 15058510170 sendt'],
    },
  },
  {
    id: 'ro-cnp',
    type: 'national_id',
    rationale:
      'Romanian CNP: sex/century digit, birth date, county, serial and a mod-11 check digit, after "CNP".',
    keywords: ['cnp', 'cod numeric', 'codul numeric', 'personal numeric'],
    minDigits: 13,
    pattern: /(?<![A-Za-z0-9./+-])[1-9]\d{12}(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) => roCnpValid(v) && cnpNear(ctx),
    confidence: 0.85,
    samples: {
      match: [{ text: 'CNP: 1850415400006', secret: '1850415400006' }],
      noMatch: ['CNP: 1850415400007', 'Comanda 1850415400006'],
    },
  },
  {
    id: 'gr-amka',
    type: 'national_id',
    rationale: 'Greek AMKA (social security number): DDMMYY, five digits, Luhn; named as AMKA.',
    keywords: ['amka', 'αμκα', 'α.μ.κ.α'],
    minDigits: 11,
    pattern: /(?<![A-Za-z0-9./+-])\d{11}(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) => grAmkaValid(v) && amkaNear(ctx),
    confidence: 0.85,
    samples: {
      match: [{ text: 'AMKA: 12038510009', secret: '12038510009' }],
      noMatch: ['AMKA: 12038510008', 'Order 12038510009'],
    },
  },
  {
    id: 'at-svnr',
    type: 'national_id',
    rationale:
      'Austrian social insurance number: serial, mod-11 check digit and birth date DDMMYY, after its word.',
    keywords: ['versicherung', 'sv-n', 'svn', 'e-card', 'austrian social'],
    minDigits: 10,
    // Four digits then the date, printed "1231 150385" or bare.
    pattern: /(?<![A-Za-z0-9./+-])[1-9]\d{3} ?\d{6}(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) => atSvnrValid(v) && atSvNear(ctx),
    confidence: 0.85,
    samples: {
      match: [{ text: 'Sozialversicherungsnummer: 1231 150385', secret: '1231 150385' }],
      noMatch: ['Sozialversicherungsnummer: 1232 150385', 'Rechnung 1231150385'],
    },
  },
  {
    id: 'in-aadhaar',
    type: 'national_id',
    rationale: 'Indian Aadhaar: twelve digits (printed 4-4-4) with a Verhoeff check digit, named as Aadhaar.',
    keywords: ['aadhaar', 'aadhar', 'uidai', 'uid', 'आधार'],
    minDigits: 12,
    pattern: /(?<![A-Za-z0-9./+-])[2-9]\d{3}(?: \d{4} \d{4}|-\d{4}-\d{4}|\d{8})(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) => inAadhaarValid(v) && aadhaarNear(ctx),
    confidence: 0.85,
    samples: {
      match: [{ text: 'Aadhaar: 2341 2341 2346', secret: '2341 2341 2346' }],
      noMatch: ['Aadhaar: 2341 2341 2345', 'Order 2341 2341 2346'],
    },
  },
  {
    id: 'in-pan',
    type: 'national_id',
    rationale: "Indian PAN: five letters (the fourth the holder's kind), four digits, a letter; after PAN.",
    keywords: ['pan', 'permanent account number', 'income tax'],
    minDigits: 4,
    pattern: /(?<![\w-])[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z](?![\w-])/,
    validate: (v, ctx) => inPanValid(v) && panNear(ctx),
    confidence: 0.85,
    samples: {
      match: [{ text: 'PAN: ABCPE1234F', secret: 'ABCPE1234F' }],
      noMatch: ['Invoice ABCPE1234F', 'PAN: ABCDE1234F'],
    },
  },
  {
    id: 'mx-curp',
    type: 'national_id',
    rationale:
      'Mexican CURP: 18 characters holding a birth date, sex, state and a check digit; it stands alone.',
    keywords: [],
    minDigits: 7,
    pattern: /(?<![\w-])[A-Z][AEIOUX][A-Z]{2}\d{6}[HMX][A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d(?![\w-])/i,
    validate: (v) => mxCurpValid(v) && CURP_STATES.has(v.slice(11, 13).toUpperCase()),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'Mi CURP es HEGG560427MVZRRL04', secret: 'HEGG560427MVZRRL04' },
        { text: 'curp: goma900101hdfrrn01', secret: 'goma900101hdfrrn01' },
      ],
      noMatch: ['CURP: HEGG560427MVZRRL05', 'HEGG560427MQQRRL04'],
    },
  },
  {
    id: 'cz-op',
    type: 'national_id',
    rationale: 'Czech identity card number (občanský průkaz): nine digits after its name or "OP".',
    keywords: ['občansk', 'obcansk', 'op'],
    minDigits: 9,
    pattern: /(?<![A-Za-z0-9./+-])\d{9}(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) => !/^(\d)\1+$/.test(v) && keywordBefore(ctx.text, ctx.start, czOpWords),
    confidence: 0.8,
    samples: {
      match: [
        { text: 'číslo OP: 123456789', secret: '123456789' },
        { text: 'Číslo občanského průkazu je 204851733.', secret: '204851733' },
        { text: 'OP č. 204851733, platnost do 2031', secret: '204851733' },
      ],
      noMatch: ['Objednávka 204851733', 'číslo OP 111111111', 'Stort het op 204851733', 'OP 204851733'],
    },
  },
  {
    id: 'it-cie',
    type: 'national_id',
    rationale:
      'Italian electronic identity card (CIE): two letters, five digits, two letters; after its name.',
    keywords: ['carta d', 'cie', 'identity card', 'id card'],
    minDigits: 5,
    pattern: /(?<![\w-])[A-Z]{2}\d{5}[A-Z]{2}(?![\w-])/,
    validate: (_v, ctx) => itCieNear(ctx),
    confidence: 0.8,
    samples: {
      match: [{ text: "Carta d'identità n. CA12345AB", secret: 'CA12345AB' }],
      noMatch: ['Ordine CA12345AB spedito', "Carta d'identità scaduta. Ordine CA12345AB"],
    },
  },
  {
    id: 'nl-id-card',
    type: 'national_id',
    rationale:
      'Dutch identity card number (as on passports: nine letters and digits, no O, a digit last); after its name.',
    keywords: ['identiteitskaart', 'id-kaart', 'idkaart', 'identity card', 'id card'],
    pattern: /(?<![\w-])[A-NP-Z]{2}[A-NP-Z0-9]{6}\d(?![\w-])/,
    validate: (v, ctx) => /\d.*\d/.test(v) && nlIdNear(ctx),
    confidence: 0.8,
    samples: {
      match: [{ text: 'ID-kaart nummer NW8R6K2J1', secret: 'NW8R6K2J1' }],
      noMatch: ['Bestelling NW8R6K2J1', 'ID-kaart verlopen. Factuur NW8R6K2J1'],
    },
  },
  {
    id: 'dni-digits',
    type: 'national_id',
    rationale:
      'A DNI without a check letter (Argentina, Peru, a Spanish DNI typed without its letter): 7-8 digits right after "DNI".',
    keywords: ['dni', 'd.n.i', 'documento nacional', 'documento de identidad'],
    minDigits: 7,
    // Seven or eight digits, bare or with the thousands dots printed on the card.
    pattern:
      /(?<![A-Za-z0-9./+-])(?:\d{1,2}\.\d{3}\.\d{3}|\d{7,8})(?![A-Za-z0-9]|[./-]\d|[ -]?[A-Za-z](?![A-Za-z]))/,
    validate: (v, ctx) =>
      !/^(\d)\1+$/.test(v.replace(/\./g, '')) && keywordBefore(ctx.text, ctx.start, dniWords),
    confidence: 0.8,
    samples: {
      match: [
        { text: 'Mi DNI es 30.123.456, gracias', secret: '30.123.456' },
        { text: 'DNI: 30123456', secret: '30123456' },
      ],
      noMatch: ['DNI: 11111111', 'Pedido 30123456 enviado', 'DNI y pasaporte. Pedido 30123456'],
    },
  },
];
