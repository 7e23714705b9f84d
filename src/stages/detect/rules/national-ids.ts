import { cpfValid, ninoValid, nirValid, ptNifValid } from '../id-validators.js';
import { bsnValid, codiceFiscaleValid, spanishIdValid, ssnValid } from '../validators.js';
import {
  afterDecimalComma,
  beforeDecimalComma,
  keywordBefore,
  keywordNear,
  keywordStems,
  keywordWords,
} from './id-context.js';
import { europeIdRules } from './national-ids-europe.js';
import { iberiaIdRules } from './national-ids-iberia.js';
import { moreIdRules } from './national-ids-more.js';
import { worldIdRules } from './national-ids-world.js';
import { passportRules } from './passports.js';
import type { MatchContext, Rule } from './rule.js';

// Words that name a Dutch BSN, a Portuguese NIF, a Brazilian CPF, a French NIR, a UK NINO.
const BSN_WORDS = {
  strong: keywordStems(
    'bsn',
    'burgerservicenummer',
    'sofi-?nummer',
    'citizen service number',
    'persoonsnummer',
  ),
};
const NIF_WORDS = {
  strong: keywordStems(
    'nif',
    'contribuinte',
    'n[uú]mero fiscal',
    'identifica[cç][aã]o fiscal',
    'nipc',
    // How a Portuguese customer names it in English: "my tax number is …".
    'tax (?:id|number|no|identification)',
    'taxpayer',
    'fiscal number',
  ),
};
const CPF_WORDS = { strong: keywordStems('cpf', 'cadastro de pessoas') };
const NIR_WORDS = {
  strong: keywordStems(
    's[ée]curit[ée] sociale',
    's[ée]cu',
    'nir',
    'insee',
    'carte vitale',
    'social security',
    "(?:num[ée]ro|n°) d['’]assur[ée]",
    'immatriculation',
    'assur[ée] social',
    'nss',
    // An export's generic column or label ("national_id", "National ID number").
    'national[ _-]?id',
  ),
  // "N° SS : …": the abbreviation names the number only when it follows at once.
  weak: keywordWords('ss', 's\\.s\\.'),
};
const NINO_WORDS = {
  strong: keywordStems('national insurance', 'nino', 'ni[ _-]?(?:number|no)', 'insurance number'),
  weak: keywordWords('ni'),
};
// The key's label between the 13 characters and the key.
const NIR_KEY_LABEL = /(?:cl[ée]|key)|:/gi;
const near = (kw: Parameters<typeof keywordNear>[3]) => (ctx: MatchContext) =>
  keywordNear(ctx.text, ctx.start, ctx.end, kw);
const bsnNear = near(BSN_WORDS);
const nifNear = near(NIF_WORDS);
const cpfNear = near(CPF_WORDS);
const nirNear = near(NIR_WORDS);
const ninoNear = near(NINO_WORDS);
// A table column headed only "ID" (an export of staff or customers): the NIR's key, its sex digit
// and its month already make a chance match one in several hundred, so the column suffices.
const ID_COLUMN = { strong: /^[\s"']*(?:id|ids|n°|no\.?|num[ée]ro|identifiant)[\s"']*$/gu };
const nirInIdColumn = (ctx: MatchContext) => keywordBefore(ctx.text, ctx.start, ID_COLUMN);

const baseIdRules: Rule[] = [
  {
    id: 'us-ssn',
    type: 'national_id',
    rationale: 'US Social Security numbers written AAA-GG-SSSS; area, group and serial rules must hold.',
    keywords: [],
    minDigits: 9,
    // The dashed form only: bare nine-digit numbers are too often something else.
    pattern: /(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])/,
    validate: ssnValid,
    confidence: 0.85,
    samples: {
      match: [{ text: 'For the background check: SSN 536-22-8841, DOB 04/12/1986.', secret: '536-22-8841' }],
      noMatch: [
        'Social security number format is AAA-GG-SSSS, e.g. 123-45-6789.',
        'Invalid SSN 000-12-3456 was rejected, as was 666-12-3456 and 912-34-5678.',
        'Part number 812-44-0000 is out of stock.',
        'e-ticket 220-4567891234',
      ],
    },
  },
  {
    id: 'us-ssn-keyword',
    type: 'national_id',
    rationale: 'A nine-digit SSN without dashes, or with spaces, right after an SSN keyword.',
    keywords: ['ssn', 'social security'],
    // Keyword, a few non-digits (": ", " is "), then 9 digits optionally split 3-2-4 by spaces.
    pattern:
      /(?<![A-Za-z])(?:ssn|social security(?: number| no\.?)?)[^\d\n]{0,20}?(?<!\d)(\d{3} ?\d{2} ?\d{4})(?![\d-])/i,
    group: 1,
    validate: ssnValid,
    confidence: 0.85,
    samples: {
      match: [{ text: 'ssn 536228841 - please update the W-2', secret: '536228841' }],
      noMatch: ['SSN: XXX-XX-1234 (masked)', 'ssn field has 9 digits, order 536228841000'],
    },
  },
  {
    id: 'es-dni-nie',
    type: 'national_id',
    rationale: 'Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter) with the mod-23 letter.',
    keywords: [],
    minDigits: 7,
    // The whole identifier with an optional dash or space before the control letter; the number
    // may carry the thousands dots Spaniards print it with (12.345.678-Z, X-1.234.567-L).
    pattern:
      /(?<![\w.-])(?:\d{8}|\d{2}\.\d{3}\.\d{3}|[XYZxyz][- ]?(?:\d{7}|\d\.\d{3}\.\d{3}))[- ]?[A-Za-z](?![\w-])/,
    validate: (v) => spanishIdValid(v.replace(/\./g, '')),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'Mi DNI es 12345678Z, para la factura.', secret: '12345678Z' },
        { text: 'NIE: X1234567L\nNombre: Piotr', secret: 'X1234567L' },
        { text: 'DNI 12.345.678-Z, domicilio en Sevilla', secret: '12.345.678-Z' },
      ],
      noMatch: [
        'Mi DNI es 12345678A (mal)',
        'order 20240311A shipped',
        'DNI 12.345.678-A',
        'v1.12.345.678-Z',
      ],
    },
  },
  {
    id: 'it-codice-fiscale',
    type: 'national_id',
    rationale: 'Italian codice fiscale: 16 characters in a fixed letter/digit layout with a check letter.',
    keywords: [],
    // The fixed layout (omocodia letters allowed in digit positions), in capitals as printed.
    // Typed in lower case as often as printed in capitals: the layout and the check letter decide.
    // Copied from the card, it may keep the groups of surname, name, birth and place apart
    // ("BNC GNN 79M15 F205I"); the check letter holds over the sixteen characters alone.
    pattern:
      /(?<![A-Za-z0-9])[A-Z]{3} ?[A-Z]{3} ?[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2} ?[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![A-Za-z0-9])/i,
    validate: (v) => codiceFiscaleValid(v.replace(/ /g, '').toUpperCase()),
    confidence: 0.9,
    samples: {
      match: [
        { text: 'Codice fiscale: RSSMRA85T10A562S', secret: 'RSSMRA85T10A562S' },
        { text: 'il mio codice fiscale è rssmra85t10a562s', secret: 'rssmra85t10a562s' },
        { text: 'CF: RSS MRA 85T10 A562S', secret: 'RSS MRA 85T10 A562S' },
      ],
      noMatch: ['Codice fiscale: RSSMRA85T10A562X', 'ABCDEF12G34H567I'],
    },
  },
  {
    id: 'nl-bsn',
    type: 'national_id',
    rationale: 'Dutch BSN: nine digits passing the eleven-test, named by a BSN keyword just before.',
    keywords: [
      'bsn',
      'burgerservicenummer',
      'sofinummer',
      'sofi-nummer',
      'citizen service number',
      'persoonsnummer',
    ],
    // Nine digits, bare, dotted 4.2.3 or spaced 3-3-3, not inside a longer number.
    pattern:
      /(?<![A-Za-z0-9./-])(?:\d{4}\.\d{2}\.\d{3}|\d{3}(?: \d{3} \d{3}|\.\d{3}\.\d{3}|-\d{3}-\d{3}|\d{6}))(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) => bsnValid(v) && bsnNear(ctx),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'Dutch BSN: 111222333', secret: '111222333' },
        { text: 'Mijn burgerservicenummer is 2345.67.892, geboren 1984.', secret: '2345.67.892' },
        { text: 'BSN: 111.222.333', secret: '111.222.333' },
        { text: 'Graag aanpassen: 111222333 (BSN van mijn zoon)', secret: '111222333' },
        { text: 'Mijn persoonsnummer: 111222333', secret: '111222333' },
        { text: 'naam,bsn,geboren\nJan,111222333,01-02-1980\n', secret: '111222333' },
      ],
      noMatch: [
        'BSN: 123456789',
        'order 111222333 (no keyword here)',
        'BSN volgt later. Factuur 111222333',
        'BSN-bedrag: 111222333,50 euro',
      ],
    },
  },
  {
    id: 'pt-nif',
    type: 'national_id',
    rationale:
      "Portuguese NIF: nine digits with a mod-11 check digit, after NIF / contribuinte. A person's NIF only (first digit 1-3, or 45 for non-residents): a company's NIPC (5…, 6…, 9…) is printed on every invoice and signature.",
    keywords: ['nif', 'contribuinte', 'fiscal', 'tax'],
    // Nine digits starting with a digit NIFs are issued with, optionally spaced 3-3-3.
    pattern:
      /(?<![A-Za-z0-9./-])[1235689]\d{2}(?: \d{3} \d{3}|\.\d{3}\.\d{3}|-\d{3}-\d{3}|\d{6})(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) => ptNifValid(v) && /^(?:[123]|45)/.test(v) && nifNear(ctx),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'O meu NIF é 234567899, obrigado.', secret: '234567899' },
        { text: 'Número de contribuinte: 234 567 899', secret: '234 567 899' },
        { text: 'my Portuguese tax number is 234567899', secret: '234567899' },
      ],
      noMatch: [
        'NIF: 234567890',
        'Encomenda 234567899 enviada',
        'NIF abaixo. Telefone 234567899',
        'Número de contribuinte: 501 234 560',
        'Loja Exemplo, Lda. · NIPC 520430140',
      ],
    },
  },
  {
    id: 'br-cpf',
    type: 'national_id',
    rationale: 'Brazilian CPF: 11 digits with two check digits; printed 000.000.000-00 or named by "CPF".',
    keywords: [],
    minDigits: 11,
    // Eleven digits, optionally in the printed 3.3.3-2 layout.
    pattern:
      /(?<![A-Za-z0-9./-])\d{3}(?:\.\d{3}\.\d{3}[-.]?|\d{6}-?| \d{3} \d{3}[ -]?)\d{2}(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) => cpfValid(v) && (/^\d{3}\.\d{3}\.\d{3}-\d{2}$/.test(v) || cpfNear(ctx)),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'Segue meu CPF: 529.982.247-25 para o cadastro.', secret: '529.982.247-25' },
        { text: 'cpf 11144477735', secret: '11144477735' },
        { text: 'CPF: 529 982 247 25', secret: '529 982 247 25' },
      ],
      noMatch: ['CPF: 529.982.247-24', 'Pedido 52998224725 enviado', 'CPF 111.111.111-11'],
    },
  },
  {
    id: 'fr-nir',
    type: 'national_id',
    rationale:
      'French NIR (sécurité sociale): sex, birth year and month, place and order, then its 97-key; 15 characters.',
    keywords: [],
    minDigits: 14,
    // The 13 characters (Corsica 2A/2B) in the card's 1 2 2 2 3 3 grouping (spaces or dots) or bare, then the 2-digit
    // key, which forms print apart and may label ("… 937 clé 80", "… 937 key: 80").
    pattern:
      /(?<![A-Za-z0-9./-])[1-478][ .]?\d{2}[ .]?\d{2}[ .]?(?:\d{2}|2[ABab])[ .]?\d{3}[ .]?\d{3}(?:[ .-]{0,3}|[ \t]*(?:cl[ée]|key)[ \t]*:?[ \t]*)\d{2}(?![A-Za-z0-9]|[./-]\d)/,
    // The key makes a chance match one in 97; a bare run also needs its words, the card's grouping does not.
    validate: (v, ctx) =>
      nirValid(v.replace(NIR_KEY_LABEL, '')) && (/[ .]/.test(v) || nirNear(ctx) || nirInIdColumn(ctx)),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'N° de sécurité sociale : 185057800608491', secret: '185057800608491' },
        { text: "numéro d'assuré social : 185057800608491", secret: '185057800608491' },
        { text: 'Carte vitale 2 69 02 99 350 123 36 jointe', secret: '2 69 02 99 350 123 36' },
        { text: 'NIR 1 85 05 2A 006 084 35', secret: '1 85 05 2A 006 084 35' },
        { text: 'N° SS : 185057800608491', secret: '185057800608491' },
        { text: 'sécu : 1.85.05.78.006.084.91', secret: '1.85.05.78.006.084.91' },
        { text: 'NIR : 1 85 05 78 006 084 clé 91', secret: '1 85 05 78 006 084 clé 91' },
        {
          text: 'employee,dept,national_id\n"C. Lefèvre",Sales,190123120733686\n',
          secret: '190123120733686',
        },
        {
          text: 'Name\tLogin\tID\nN. Lambert\tdirk@example.de\t281106925060195\n',
          secret: '281106925060195',
        },
      ],
      noMatch: [
        'N° de sécurité sociale : 185057800608492',
        'Colis 185057800608491 livré',
        'Carte vitale 2 69 13 99 350 123 36',
        'Name\tLogin\tColis\nN. Lambert\tdirk@shop.de\t281106925060195\n',
      ],
    },
  },
  {
    id: 'uk-nino',
    type: 'national_id',
    rationale: 'UK National Insurance number: two letters of the issued alphabet, six digits, suffix A-D.',
    keywords: [],
    minDigits: 6,
    // Prefix letters, three digit pairs and the suffix, with the optional spaces of the printed form
    // or the dashes of a form field; typed in lower case as well.
    pattern:
      /(?<![\w-])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D](?![\w-])/i,
    // Only the printed form in capitals stands alone; otherwise the shape is also a reference code's.
    validate: (v, ctx) =>
      ninoValid(v.replace(/-/g, '')) && (/^[A-Z]{2} \d\d \d\d \d\d [A-D]$/.test(v) || ninoNear(ctx)),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'My National Insurance number is AB123456C.', secret: 'AB123456C' },
        { text: 'NI no: JG 10 37 25 A', secret: 'JG 10 37 25 A' },
        { text: 'Employee: J. Smith, NINO JG103725B', secret: 'JG103725B' },
        { text: 'nino: jg103725b', secret: 'jg103725b' },
        { text: 'name,ni_number\nJ Smith,JG-10-37-25-B\n', secret: 'JG-10-37-25-B' },
      ],
      noMatch: [
        'Ref AB123456C for your order',
        'National insurance: GB123456A',
        'NI number: AB123456E',
        'ref ab 12 34 56 c',
        'Ticket AB-12-34-56-C',
      ],
    },
  },
];

/** The rule, refusing a number that is an amount's decimals or has some (see `afterDecimalComma`). */
function notDecimals(rule: Rule): Rule {
  const validate = rule.validate;
  if (validate === undefined) return rule;
  return {
    ...rule,
    validate: (v, ctx) =>
      !afterDecimalComma(ctx.text, ctx.start) &&
      !beforeDecimalComma(ctx.text, ctx.start, ctx.end) &&
      validate(v, ctx),
  };
}

/** Every national identity and passport rule. */
export const nationalIdRules: Rule[] = [
  ...[...baseIdRules, ...europeIdRules, ...moreIdRules, ...iberiaIdRules, ...worldIdRules].map(notDecimals),
  ...passportRules,
];
