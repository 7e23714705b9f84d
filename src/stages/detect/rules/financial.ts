import { ibanChecksumHolds, ibanLength, ibanValid, paymentCardValid } from '../validators.js';
import type { MatchContext, Rule } from './rule.js';

/**
 * The longest prefix of a digit run (with single spaces, dashes or dots) that is a valid card
 * number, ending where a group ends: "4111 1111 1111 1111 12/27" keeps the 16 digits, not the expiry.
 */
function refineCard(value: string): number {
  const digits = value.replace(/[ .-]/g, '');
  // Longer than a card plus an expiry or CVC, or visibly synthetic (a run of 8 equal digits).
  if (digits.length > 23 || /(\d)\1{7}/.test(digits)) return 0;
  let cut = value.length;
  let count = digits.length;
  while (count >= 12) {
    if (count <= 19 && paymentCardValid(digits.slice(0, count))) return cut;
    // Step back one separated group; runs without separators are taken whole or not at all.
    const sep = Math.max(
      value.lastIndexOf(' ', cut - 1),
      value.lastIndexOf('-', cut - 1),
      value.lastIndexOf('.', cut - 1),
    );
    if (sep <= 0) return 0;
    count -= cut - sep - 1;
    cut = sep;
    if (digits.length - count > 4) return 0;
  }
  return 0;
}

/** Cut an IBAN candidate to its country's length, counting only letters and digits. */
function refineIban(value: string): number {
  const len = ibanLength(value.slice(0, 2));
  if (len === undefined) return 0;
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== ' ') count++;
    if (count === len) return value[i + 1] === undefined || value[i + 1] === ' ' ? i + 1 : 0;
  }
  return 0;
}

// A digit group just before the digits ("DE77 8665 6332 …", "DE96 5706 …"): they are the middle of
// a longer number, such as an IBAN that failed its checksum (or the IBAN rule would own it).
const AFTER_DIGIT_GROUP = /\d[ -]$/;

// A shipment, order or customer number label right before the digits ("Sendungsnummer: …",
// "Order 566-…"): such numbers pass Luhn by chance one time in ten and fill card-sized slots.
// Also a product's article, reference or barcode number ("réf. 4051943849926", "EAN", "Art.-Nr.").
const NUMBER_LABEL =
  /(?:tracking|sendung|order|bestell|auftrag|invoice|rechnung|kunden|customer|pedido|commande|suivi|seguimiento|colis|paket|parcel|shipment|factura|facture|ticket|serial|imei|r[ée]f|referen|riferiment|artikel|art\.?-|article|articolo|art[íi]culo|ean|gtin|sku|upc|barcode)[\p{L}-]{0,12}\.?[ \t]*(?:no\.?|nr\.?|number|nummer|n\.?º|n°|#|id)?[ \t]*[:#]?[ \t]*$/iu;

// A URL query value ("?id=560304313441"): ids, not cards, unless the parameter names a card.
const URL_PARAM = /[?&;]([\w.-]{1,30})=$/;
const CARD_PARAM = /card|cc|pan|karte|tarjeta|carte/i;

/**
 * Separated digits must be grouped the way cards are printed or typed: fours (a shorter tail),
 * 4-6-4/5 (Amex), or two eights, with one kind of separator throughout (a dot only in fours: as
 * "4929.1873.6604.5578", never in amounts or versions).
 */
function cardGrouping(value: string): boolean {
  const separators = new Set(value.match(/[ .-]/g) ?? []);
  if (separators.size > 1) return false;
  const groups = value.split(/[ .-]/).map((g) => g.length);
  if (groups.length === 1) return true;
  if (separators.has('.')) return groups.length === 4 && groups.every((n) => n === 4);
  if (groups.length === 2 && groups[0] === 8 && groups[1] === 8) return true;
  if (groups.length === 3 && groups[0] === 4 && groups[1] === 6) return groups[2] === 4 || groups[2] === 5;
  const last = groups.at(-1) as number;
  return groups.slice(0, -1).every((n) => n === 4) && last >= 1 && last <= 4;
}

// Words that name a bank account, in the languages whose account numbers are written bare.
const ACCOUNT_WORD = /(?:konta|konto|rachun|r-ku|számla|szamla|account|nrb)/i;

// A word naming a card in the desk languages, also in compounds ("Kreditkarte", "Kartennummer",
// "betaalkaart", "kortnummer"), or a card brand: what a 12- or 13-digit run needs.
const CARD_WORD =
  /(?:card|kart|carte|tarjeta|carta|kaart|cart[ãa]o|kort|visa|maestro|amex|diners|jcb)|(?<![\p{L}])(?:cb|pan|cc)(?![\p{L}])/iu;

/**
 * A run of 12 or 13 digits without a separator is an EAN-13 barcode, a phone number, an id far
 * more often than a card (13-digit Visa numbers are no longer issued; Maestro's 12 are rare): it
 * counts as a card only with a card word in its sentence before it, or right after it.
 */
function shortBareCard(value: string, ctx: MatchContext): boolean {
  if (!/^\d{12,13}$/.test(value)) return true;
  const before = ctx.text.slice(Math.max(0, ctx.start - 48), ctx.start);
  const after = ctx.text.slice(ctx.end, ctx.end + 24);
  return (
    CARD_WORD.test(before.split(/[.!?]\s|\n\s*\n/).pop() ?? '') ||
    /^[\s(:–-]{0,3}\p{L}{0,12}[ (]?(?:card|karte|carte|tarjeta|carta|kaart|karta|kort|kart|visa|maestro)/iu.test(
      after,
    )
  );
}

/** The card candidate is neither the middle of a longer number nor a labelled order/tracking number. */
function cardContext(value: string, ctx: MatchContext): boolean {
  const before = ctx.text.slice(Math.max(0, ctx.start - 40), ctx.start);
  const param = URL_PARAM.exec(before)?.[1];
  if (param !== undefined && !CARD_PARAM.test(param)) return false;
  return (
    cardGrouping(value) &&
    !AFTER_DIGIT_GROUP.test(before) &&
    !NUMBER_LABEL.test(before) &&
    shortBareCard(value, ctx)
  );
}

// A word naming an IBAN or a bank account in the desk languages, before an IBAN of the wrong length.
const IBAN_WORD =
  /(?<![\p{L}])(?:iban|konto|konta|kontonummer|rachun|account|compte|cuenta|conta|conto|rekening|bankverbindung|účet|učet|uctu|účtu|hesap|bank)/iu;

/**
 * An IBAN typed with a digit too many or too few (a 28-digit Polish number after `PL`): the
 * country code and mod-97 still hold, one chance in 97, and the word before it names an account.
 */
function offLengthIban(value: string, ctx: MatchContext): boolean {
  const compact = value.replace(/ /g, '');
  const len = ibanLength(compact.slice(0, 2));
  if (len === undefined || compact.length === len || Math.abs(compact.length - len) > 4) return false;
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]*\d{6}/.test(compact) || !ibanChecksumHolds(compact)) return false;
  return IBAN_WORD.test(ctx.text.slice(Math.max(0, ctx.start - 48), ctx.start));
}

/**
 * An IBAN typed loosely: in lower case, grouped by dashes, dots or double spaces, or wrapped onto
 * the next line by the mail client. The country length and mod-97 hold over the characters alone;
 * a lower-case or line-wrapped one also needs an IBAN or account word before it.
 */
function looseIban(value: string, ctx: MatchContext): boolean {
  const compact = value.replace(/[\s.-]/g, '').toUpperCase();
  if (ibanLength(compact.slice(0, 2)) !== compact.length || !ibanValid(compact)) return false;
  const separators = new Set(value.match(/[\s.-]+/g) ?? []);
  if (separators.size > 2) return false;
  const plain = value === value.toUpperCase() && !value.includes('\n');
  return plain || IBAN_WORD.test(ctx.text.slice(Math.max(0, ctx.start - 48), ctx.start));
}

export const financialRules: Rule[] = [
  {
    id: 'payment-card',
    type: 'payment_card',
    rationale:
      'Card numbers: 12-19 digits in groups, Luhn-valid, a known issuer range, not a published test number.',
    keywords: [],
    minDigits: 12,
    // A digit run with optional single space/dash/dot separators, at most 23 digits, not inside a
    // longer number (a dot after it ends a sentence; one before it makes it a decimal's tail).
    // A capitalised word glued after it is the next table cell of an HTML form rendered to text
    // ("…9651Son kullanma"), not more of the number. 9 starts only Troy's 9792 range.
    pattern: /(?<![\w+./-])(?:[2-6]|9(?=792))(?:[ .-]?\d){11,22}(?:(?![\w-])|(?=[A-Z][a-z]))/,
    refine: refineCard,
    validate: cardContext,
    confidence: 0.9,
    samples: {
      match: [
        { text: 'charge my card 4929 1873 6604 5578 12/27', secret: '4929 1873 6604 5578' },
        { text: 'card 5425-2334-3010-9903 please', secret: '5425-2334-3010-9903' },
        { text: 'Karte: 4929.1873.6604.5578, gültig bis 12/27', secret: '4929.1873.6604.5578' },
        { text: 'numero carta 49291873 66045578 scadenza 09/28', secret: '49291873 66045578' },
        { text: 'Amex 3791 234567 89018 (business card)', secret: '3791 234567 89018' },
        { text: 'pan=4929187366045578 amount=49.00', secret: '4929187366045578' },
        { text: 'https://shop.acme.io/pay?card=4929187366045578&exp=0927', secret: '4929187366045578' },
        { text: 'Kart numarası9792 1515 7395 9651Son kullanma07/29', secret: '9792 1515 7395 9651' },
        { text: 'Kortnummer:\n2204 1935 5865 4979\nGiltigt t.o.m. 04/29', secret: '2204 1935 5865 4979' },
        // A 13-digit Visa with its card word.
        { text: 'old Visa card 4182736450919, expired', secret: '4182736450919' },
      ],
      noMatch: [
        'Test with 4111 1111 1111 1111 and 4242 4242 4242 4242.',
        'Order #4929187366045571 (fails Luhn)',
        'Version 4929.1873.66045578 of the firmware',
        'Totals 4929.18 7366.04 5578.00 EUR',
        'mixed 4929.1873-6604 5578 separators',
        'USPS tracking number 9400 1000 0000 0000 0000 00 says delivered',
        'Call +1 415-555-0100 or +49 30 1234567.',
        'IBAN: DE96 5706 8093 6757 0512 22 (as printed on the invoice)',
        'IBAN: DE77 8665 6332 2597 4565 79',
        'Tracking: 92055901755477000000000015',
        'Order 566-5531791-4267834 was shipped',
        'Sendungsnummer: 567050402112',
        'https://track.example.com/?id=560304313441&lang=de',
        'Serial 9793 1515 7395 9650 and 2205 1935 5865 4978 (no issuer range)',
        'Part 4929187366045578ab is glued to lower-case letters',
        // A product's reference or barcode: 13 digits, Luhn by chance.
        'Routeur X-300 (réf. 4051943849926) à 89,99 €',
        'Router X-300 4051943849926 for 89.99',
        'Art.-Nr. 4929187366045578 im Warenkorb',
      ],
    },
  },
  {
    id: 'payment-card-wrapped',
    type: 'payment_card',
    rationale:
      'A card number in groups of four torn across two lines by a hard wrap or a PDF paste, after a card word: Luhn, issuer range and length over the digits joined.',
    keywords: [
      'card',
      'kart',
      'carte',
      'tarjeta',
      'carta',
      'kaart',
      'cartão',
      'cartao',
      'kort',
      'visa',
      'mastercard',
      'maestro',
      'amex',
    ],
    // Groups of four with one kind of separator, one line break (a reply's "> " after it) in place
    // of a separator, the last group one to four digits; the validator asks for the card word.
    pattern:
      /(?<![\w+./-])[2-6]\d{3}(?:[ -]\d{4}){0,3}[ \t]?\r?\n[ \t>]{0,4}\d{4}(?:[ -]\d{4}){0,2}(?:[ -]\d{1,4})?(?![\w-]|[ -]\d)/,
    validate: (v, ctx) => {
      const digits = v.replace(/\D/g, '');
      if (digits.length < 13 || digits.length > 19 || /(\d)\1{7}/.test(digits)) return false;
      if (
        !paymentCardValid(digits) ||
        !cardGrouping(v.replace(/[ \t]?\r?\n[ \t>]*/, v.includes('-') ? '-' : ' '))
      )
        return false;
      const before = ctx.text.slice(Math.max(0, ctx.start - 48), ctx.start);
      return CARD_WORD.test(before) && !NUMBER_LABEL.test(before);
    },
    confidence: 0.9,
    samples: {
      match: [
        {
          text: 'Kreditkarte: 4929 1873\n6604 5578, gültig bis 12/27',
          secret: '4929 1873\n6604 5578',
        },
        { text: '> card number 4929 1873 6604\n> 5578 exp 09/28', secret: '4929 1873 6604\n> 5578' },
      ],
      noMatch: [
        'Kreditkarte: 4929 1873\n6604 5579',
        'Order 4929 1873\n6604 5578 shipped',
        'card fee 2024 1873\n6604 5578 0000 1111',
      ],
    },
  },
  {
    id: 'iban',
    type: 'iban',
    rationale: 'IBANs: country code, 2 check digits, BBAN; the country length and mod-97 must both hold.',
    keywords: [],
    minDigits: 2,
    // Country letters, check digits, then groups of 4 with optional single spaces, and a short tail.
    pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/,
    refine: refineIban,
    validate: (v) => ibanValid(v.replace(/ /g, '')),
    confidence: 0.95,
    samples: {
      match: [
        {
          text: 'IBAN: DE89 3704 0044 0532 0130 00\nBIC: COBADEFFXXX',
          secret: 'DE89 3704 0044 0532 0130 00',
        },
        { text: 'Remboursement sur FR7630006000011234567890189 svp', secret: 'FR7630006000011234567890189' },
        { text: 'pay into GB29NWBK60161331926819.', secret: 'GB29NWBK60161331926819' },
      ],
      noMatch: [
        'The IBAN DE89 3704 0044 0532 0130 01 seems wrong',
        'IBAN format: DE00 0000 0000 0000 0000 00',
        'Quote ref GB12ABCD34567890 in the payment reference.',
      ],
    },
  },
  {
    id: 'iban-irregular-groups',
    type: 'iban',
    rationale:
      'IBANs typed with irregular groups ("PL0810 2090 5606 …", "NL91 ABNA 041716 4300"): the country length and mod-97 decide.',
    keywords: [],
    minDigits: 2,
    // Country letters and check digits, a first run, then space-separated runs of one to six (one
    // space each, so there is one way to read the groups).
    pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}[A-Z0-9]{0,6}(?: [A-Z0-9]{1,6}){2,10}(?![A-Za-z0-9])/,
    refine: refineIban,
    validate: (v) => ibanValid(v.replace(/ /g, '')),
    confidence: 0.9,
    samples: {
      match: [
        {
          text: 'Rachunek: PL0810 2090 5606 8886 5993 6690 11',
          secret: 'PL0810 2090 5606 8886 5993 6690 11',
        },
        { text: 'IBAN NL91 ABNA 041716 4300, t.n.v. J. Jansen', secret: 'NL91 ABNA 041716 4300' },
      ],
      noMatch: ['Rachunek: PL0810 2090 5606 8886 5993 6690 12', 'ref AB12 3456 78 90 1234'],
    },
  },
  {
    id: 'iban-loose',
    type: 'iban',
    rationale:
      'IBANs typed in lower case, grouped by dashes, dots or double spaces, or wrapped at a line end: the country length and mod-97 decide.',
    keywords: [],
    minDigits: 2,
    // Country letters and check digits, then groups of four each after one separator (a dash, a
    // dot, one or two spaces, a line break), a short tail; a group never starts with a separator.
    pattern:
      /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:(?:[.-]| {1,2}|\r?\n)[A-Za-z0-9]{4}){2,7}(?:(?:[.-]| {1,2}|\r?\n)[A-Za-z0-9]{1,4})?(?![A-Za-z0-9])/,
    validate: looseIban,
    confidence: 0.9,
    samples: {
      match: [
        { text: 'IBAN: DE89-3704-0044-0532-0130-00', secret: 'DE89-3704-0044-0532-0130-00' },
        { text: 'IBAN: DE89.3704.0044.0532.0130.00', secret: 'DE89.3704.0044.0532.0130.00' },
        { text: 'mein iban: de89 3704 0044 0532 0130 00', secret: 'de89 3704 0044 0532 0130 00' },
        { text: 'IBAN DE89 3704 0044 0532\n0130 00\nDanke', secret: 'DE89 3704 0044 0532\n0130 00' },
        { text: 'IBAN: DE89  3704  0044  0532  0130  00', secret: 'DE89  3704  0044  0532  0130  00' },
      ],
      noMatch: [
        'IBAN: DE89-3704-0044-0532-0130-01',
        'de89 3704 0044 0532 0130 00',
        'Lines DE89 3704 0044 0532\n0130 00',
      ],
    },
  },
  {
    id: 'iban-off-length',
    type: 'iban',
    rationale:
      'An IBAN with a few characters too many or too few after an account word: the country code and mod-97 still hold.',
    // The account words of IBAN_WORD (validate asks for one just before the value): texts without
    // one skip the rule.
    keywords: [
      'iban',
      'konto',
      'konta',
      'rachun',
      'account',
      'compte',
      'cuenta',
      'conta',
      'conto',
      'rekening',
      'bankverbindung',
      'účet',
      'učet',
      'uctu',
      'účtu',
      'hesap',
      'bank',
    ],
    minDigits: 2,
    // Country letters, check digits, groups of four with optional single spaces, a short tail.
    pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,8}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/,
    validate: offLengthIban,
    confidence: 0.8,
    samples: {
      match: [
        {
          text: 'proszę o zwrot na moje konto: PL7329951890232233052391159601',
          secret: 'PL7329951890232233052391159601',
        },
        {
          text: 'IBAN: PL73 2995 1890 2322 3305 2391 1596 01',
          secret: 'PL73 2995 1890 2322 3305 2391 1596 01',
        },
      ],
      noMatch: [
        'konto: PL7329951890232233052391159602',
        'ref PL7329951890232233052391159601',
        'IBAN: DE89 3704 0044 0532 0130 0',
      ],
    },
  },
  {
    id: 'iban-national-digits',
    type: 'iban',
    rationale:
      'Account numbers written without their country code: the Polish NRB and the Hungarian BBAN are the 26 digits of the IBAN after PL/HU, with its mod-97 check.',
    keywords: [],
    minDigits: 26,
    // Two check digits then six groups of four, as printed on Polish statements ("24 7859 0714 …"),
    // or the 26 digits unbroken; the check and the layout (or an account word) decide.
    pattern: /(?<![\w.,/+-])\d{2}(?: ?\d{4}){6}(?![\w]|[.,/-]\d)/,
    validate: (v, ctx) => {
      const digits = v.replace(/ /g, '');
      if (!ibanValid(`PL${digits}`) && !ibanValid(`HU${digits}`)) return false;
      return v.includes(' ') || ACCOUNT_WORD.test(ctx.text.slice(Math.max(0, ctx.start - 48), ctx.start));
    },
    confidence: 0.85,
    samples: {
      match: [
        {
          text: 'numer konta:\n24 7859 0714 7141 0906 4472 6111\n(mBank)',
          secret: '24 7859 0714 7141 0906 4472 6111',
        },
        { text: 'Nr rachunku 61109010140000071219812874, dziękuję', secret: '61109010140000071219812874' },
      ],
      noMatch: [
        'numer konta: 24 7859 0714 7141 0906 4472 6112',
        'Tracking: 92055901755477000000000015',
        'przesyłka 61109010140000071219812874',
      ],
    },
  },
];
