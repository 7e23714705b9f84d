import { keywordNear, keywordStems } from './id-context.js';
import type { MatchContext, Rule } from './rule.js';

/**
 * Identity numbers of the Iberian desks beyond NIF and DNI: the Portuguese Cartão de Cidadão
 * document number and the Spanish social security number. Both carry a check (a Luhn-like sum
 * over digits and letters; mod 97) but their digits fill common slots, so a naming word decides.
 */

/** Cartão de Cidadão: civil id (8 digits), its check digit, version letters, check character (Luhn over base 36). */
export function ptCartaoCidadaoValid(value: string): boolean {
  const s = value.replace(/[ -]/g, '').toUpperCase();
  if (!/^\d{9}[A-Z0-9]{2}\d$/.test(s)) return false;
  let sum = 0;
  let second = false;
  for (let i = s.length - 1; i >= 0; i--) {
    let v = Number.parseInt(s[i] as string, 36);
    if (second) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    second = !second;
  }
  return sum % 10 === 0;
}

/** Spanish NSS: 2-digit province, 8 digits, 2 check digits = the first ten mod 97. */
export function esNssValid(value: string): boolean {
  const s = value.replace(/[ /-]/g, '');
  if (!/^\d{12}$/.test(s)) return false;
  const base = Number(s.slice(0, 10));
  return base > 0 && base % 97 === Number(s.slice(10));
}

const CC_WORDS = {
  strong: keywordStems(
    'cart[ãa]o de cidad[ãa]o',
    'cc',
    'bi',
    'identifica[çc][ãa]o civil',
    'bilhete de identidade',
    'documento de identifica',
  ),
};
const NSS_WORDS = {
  strong: keywordStems('seguridad social', 'nss', 'n[uú]mero de afiliaci[oó]n', 'naf', 'social security'),
};
const near = (kw: Parameters<typeof keywordNear>[3]) => (ctx: MatchContext) =>
  keywordNear(ctx.text, ctx.start, ctx.end, kw);

export const iberiaIdRules: Rule[] = [
  {
    id: 'pt-cartao-cidadao',
    type: 'national_id',
    rationale:
      'Portuguese Cartão de Cidadão number (00000000 0 ZZ0): civil id, check digit, version, check character; after a CC word.',
    keywords: ['cidad', 'cc', 'bi', 'identifica', 'bilhete'],
    minDigits: 10,
    // Eight digits, the check digit and the two version characters and the last check digit,
    // with the spaces or dashes the card prints between them.
    pattern: /(?<![A-Za-z0-9./-])\d{8}[ -]?\d[ -]?[A-Za-z0-9]{2}\d(?![\w-])/,
    validate: (v, ctx) => ptCartaoCidadaoValid(v) && near(CC_WORDS)(ctx),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'Cartão de Cidadão n.º 00000000 0 ZZ4', secret: '00000000 0 ZZ4' },
        { text: 'o meu CC é 000000000ZZ4, válido até 2030', secret: '000000000ZZ4' },
      ],
      noMatch: ['Cartão de Cidadão n.º 00000000 0 ZZ5', 'Encomenda 000000000ZZ4 enviada'],
    },
  },
  {
    id: 'es-nss',
    type: 'national_id',
    rationale: 'Spanish social security number (12 digits, mod-97 check) after a Seguridad Social word.',
    keywords: ['seguridad social', 'nss', 'afiliaci', 'naf', 'social security'],
    minDigits: 12,
    // Province, eight digits, check pair: unbroken or split by spaces, slashes or dashes.
    pattern: /(?<![A-Za-z0-9./-])\d{2}[ /-]?\d{8}[ /-]?\d{2}(?![A-Za-z0-9]|[./-]\d)/,
    validate: (v, ctx) => esNssValid(v) && near(NSS_WORDS)(ctx),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'Número de la Seguridad Social: 28 12345678 40', secret: '28 12345678 40' },
        { text: 'NSS 281234567840', secret: '281234567840' },
      ],
      noMatch: ['NSS 281234567841', 'Pedido 281234567840 enviado'],
    },
  },
];
