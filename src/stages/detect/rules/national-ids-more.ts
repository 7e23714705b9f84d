import {
  arCuitValid,
  beNationalNumberValid,
  clRutValid,
  deRvnrValid,
  fiHetuValid,
  nhsNumberValid,
  plIdCardValid,
} from '../id-validators.js';
import { type KeywordContext, keywordBefore, keywordNear, keywordStems } from './id-context.js';
import type { MatchContext, Rule } from './rule.js';

/**
 * Identity numbers of customers who write from neighbouring countries to desks in the twelve
 * languages (Belgium, Finland, Argentina, Chile) and further numbers of the desk countries (the
 * German social insurance number, the NHS number, the Polish identity card). Where a printed
 * layout is theirs alone and a check passes one chance number in 31-97, the layout stands alone;
 * otherwise a word naming the number must introduce it (id-context.ts).
 */

const near = (kw: KeywordContext) => (ctx: MatchContext) => keywordNear(ctx.text, ctx.start, ctx.end, kw);
const rutNear = near({ strong: keywordStems('rut', 'run', 'rol [úu]nico') });
const rvnrNear = near({
  strong: keywordStems(
    'sozialversicherung',
    'rentenversicherung',
    'sv-?nummer',
    'sv-?nr',
    'rv-?nummer',
    'rv-?nr',
    'versicherungsnummer',
    'social insurance',
  ),
});
const nhsNear = near({ strong: keywordStems('nhs') });
const plIdNear = near({ strong: keywordStems('dow[óo]d', 'dowodu', 'identity card', 'id card') });

const beWords = {
  strong: keywordStems(
    'rijksregister',
    'insz',
    'niss',
    'num[ée]ro national',
    'n° national',
    'registre national',
    'national (?:register )?number',
    'nationalnummer',
    // The national number is the Belgian social security number (INSZ/NISS).
    's[ée]curit[ée] sociale',
    'sociale zekerheid',
    'social security',
  ),
};
const arWords = { strong: keywordStems('cuit', 'cuil') };

export const moreIdRules: Rule[] = [
  {
    id: 'be-national-number',
    type: 'national_id',
    rationale:
      'Belgian national register number: YY.MM.DD-SSS.CC with a 97-check; printed dotted it stands alone, bare it needs its word.',
    keywords: [],
    minDigits: 11,
    // The printed 2.2.2-3.2 layout, or 11 bare digits, not inside a longer number.
    pattern: /(?<![A-Za-z0-9./+-])(?:\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}|\d{11})(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) =>
      beNationalNumberValid(v) && (v.includes('.') || keywordBefore(ctx.text, ctx.start, beWords)),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'mijn rijksregisternummer:\n53.05.03-784.80\n', secret: '53.05.03-784.80' },
        { text: 'Numéro national : 65.01.25-975.35', secret: '65.01.25-975.35' },
        { text: 'INSZ 85073003328 graag aanpassen', secret: '85073003328' },
        { text: 'numéro de sécurité sociale belge 85073003328', secret: '85073003328' },
      ],
      noMatch: [
        'Numéro national : 65.01.25-975.36',
        'Bestelling 85073003328 verzonden',
        'versie 12.01.25-975.35',
      ],
    },
  },
  {
    id: 'ar-cuit',
    type: 'national_id',
    rationale:
      'Argentine CUIT/CUIL: type prefix, document number, mod-11 check; printed NN-NNNNNNNN-N it stands alone, bare it needs its word.',
    keywords: [],
    minDigits: 11,
    // The dashed 2-8-1 layout, or 11 bare digits, not inside a longer number.
    pattern: /(?<![A-Za-z0-9./+-])(?:\d{2}-\d{8}-\d|\d{11})(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) => arCuitValid(v) && (v.includes('-') || keywordBefore(ctx.text, ctx.start, arWords)),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'Les paso los datos:\nCUIT 20-39005973-7\n', secret: '20-39005973-7' },
        { text: 'mi CUIL es 20390059737, gracias', secret: '20390059737' },
      ],
      noMatch: ['CUIT 20-39005973-6', 'Pedido 20390059737 enviado', 'ref 21-39005973-7'],
    },
  },
  {
    id: 'fi-hetu',
    type: 'national_id',
    rationale: 'Finnish henkilötunnus: DDMMYY, the century sign, a serial and its mod-31 check character.',
    keywords: [],
    minDigits: 9,
    // The date, the century sign (+, -, A-F, U-Y), three digits and the check character.
    pattern: /(?<![A-Za-z0-9./+-])\d{6}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y](?![\w-])/,
    validate: (v) => fiHetuValid(v),
    confidence: 0.85,
    samples: {
      match: [{ text: 'Henkilötunnukseni on 131052-308T, kiitos.', secret: '131052-308T' }],
      noMatch: ['Henkilötunnus 131052-308U', 'Tilaus 131052-3081 lähetetty'],
    },
  },
  {
    id: 'cl-rut',
    type: 'national_id',
    rationale: 'Chilean RUT/RUN: the number and its mod-11 check digit (or K); dotted it stands alone.',
    keywords: [],
    minDigits: 7,
    // The dotted 1-2.3.3 layout or the bare 7-8 digits, a dash, the check digit or K.
    pattern: /(?<![A-Za-z0-9./+-])(?:\d{1,2}\.\d{3}\.\d{3}|\d{7,8})-[\dkK](?![\w-])/,
    validate: (v, ctx) => clRutValid(v) && (v.includes('.') || rutNear(ctx)),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'Mi RUT es 12.345.678-5 para la boleta', secret: '12.345.678-5' },
        { text: 'RUT: 30686957-4', secret: '30686957-4' },
      ],
      noMatch: ['Mi RUT es 12.345.678-4', 'Pedido 30686957-4 enviado'],
    },
  },
  {
    id: 'de-rvnr',
    type: 'national_id',
    rationale:
      'German social insurance number: area, birth date, the birth-name initial, serial and check digit; named as Sozial-/Rentenversicherungsnummer.',
    keywords: ['versicherung', 'sv-n', 'svn', 'rv-n', 'rvn', 'social insurance'],
    // 2 digits, the date DDMMYY, a capital, 2 digits and the check digit, optionally spaced as printed.
    pattern: /(?<![\w-])\d{2} ?\d{6} ?[A-Z] ?\d{3}(?![\w-])/,
    validate: (v, ctx) => deRvnrValid(v) && rvnrNear(ctx),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'Sozialversicherungsnummer: 65 170839 J 003', secret: '65 170839 J 003' },
        { text: 'meine RV-Nummer lautet 65170839J003.', secret: '65170839J003' },
      ],
      noMatch: ['Sozialversicherungsnummer: 65 170839 J 004', 'Artikel 65170839J003 bestellt'],
    },
  },
  {
    id: 'uk-nhs-number',
    type: 'national_id',
    rationale: 'UK NHS number: ten digits (printed 3 3 4) with a mod-11 check digit, named as NHS number.',
    keywords: ['nhs'],
    // Ten digits, bare or in the printed 3-3-4 grouping with spaces or dashes.
    pattern: /(?<![A-Za-z0-9./+-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) => nhsNumberValid(v) && nhsNear(ctx),
    confidence: 0.85,
    samples: {
      match: [{ text: 'My NHS number is 943 476 5919.', secret: '943 476 5919' }],
      noMatch: ['My NHS number is 943 476 5918.', 'Call 943 476 5919 for the NHS'],
    },
  },
  {
    id: 'pl-id-card',
    type: 'national_id',
    rationale:
      'Polish identity card (dowód osobisty): three letters and six digits, the first digit a check.',
    keywords: ['dowód', 'dowod', 'identity card', 'id card'],
    // Three capitals and six digits, optionally spaced after the letters.
    pattern: /(?<![\w-])[A-Z]{3} ?\d{6}(?![\w-])/,
    validate: (v, ctx) => plIdCardValid(v) && plIdNear(ctx),
    confidence: 0.85,
    samples: {
      match: [{ text: 'Numer dowodu osobistego: ABA 300000', secret: 'ABA 300000' }],
      noMatch: ['Numer dowodu osobistego: ABA 300001', 'Faktura ABA300000 z dnia 12.03'],
    },
  },
];
