import { arCuitValid, beNationalNumberValid } from '../id-validators.js';
import { keywordBefore, keywordStems } from './id-context.js';
import type { Rule } from './rule.js';

/**
 * Identity numbers of customers who write from Belgium and Argentina to desks in the twelve
 * languages: both have a printed layout no other number uses, and a check that a chance number
 * passes one time in 97 (BE) or 11 (AR). The layout stands alone; the bare digits need a word.
 */

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
    // The printed 2.2.2-3.2 layout, or 11 bare digits, not inside a longer number.
    pattern: /(?<![\w.,/+-])(?:\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}|\d{11})(?![\w]|[.,/-]\d)/,
    validate: (v, ctx) =>
      beNationalNumberValid(v) && (v.includes('.') || keywordBefore(ctx.text, ctx.start, beWords)),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'mijn rijksregisternummer:\n53.05.03-784.80\n', secret: '53.05.03-784.80' },
        { text: 'Numéro national : 65.01.25-975.35', secret: '65.01.25-975.35' },
        { text: 'INSZ 85073003328 graag aanpassen', secret: '85073003328' },
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
    // The dashed 2-8-1 layout, or 11 bare digits, not inside a longer number.
    pattern: /(?<![\w.,/+-])(?:\d{2}-\d{8}-\d|\d{11})(?![\w]|[.,/-]\d)/,
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
];
