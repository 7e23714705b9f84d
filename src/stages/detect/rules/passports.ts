import { keywordAfter, keywordBefore, keywordNear, keywordStems, keywordWords } from './id-context.js';
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
    // A passport's data in German, Swedish, Danish compounds ("Passdaten", "passuppgifter").
    'pass-?(?:daten|angaben|information|uppgifter|oplysninger)',
    'passeport',
    'pasaport',
    'passaport',
    'paspoort',
    'paszport',
    'pasnummer',
    'pasnr',
    'cestovn\\p{L}* pas',
    '[čc][íi]slo pasu',
    // The forms' and airlines' "travel document" in the desk languages.
    'travel document',
    'travel doc\\.?(?= ?(?:no|nr|number|#))',
    'reisedokument',
    'document de voyage',
    'documento de viaje',
    'documento di viaggio',
    'documento de viagem',
    'reisdocument',
    'resedokument',
    'rejsedokument',
    'dokument podr[óo][żz]y',
    'cestovn\\p{L}* doklad',
    'seyahat belgesi',
  ),
  // "pas" is also French for "not", "pass" English for a boarding pass: the number must follow at once.
  // "PP No." is the travel industry's abbreviation.
  weak: keywordWords('pass', 'passet', 'passen', 'passes', 'pas', 'pasu', 'pasem', 'pp'),
  radius: 72,
};

// "Document number" in the desk languages: on a passport's data page and in the forms that copy
// it, the number is labelled so. It names a passport number when a passport word stands in the
// lines above (PASSPORT_REACH); alone it may be any document's.
const DOCUMENT_NUMBER_WORDS = {
  strong: keywordStems(
    'document(?:o|e)? ?(?:number|nummer|nr|no)',
    'documentnummer',
    'dokument(?:en)?nummer',
    'dokumentnr',
    'n[uú]mero (?:de |do |del )?documento',
    'num[ée]ro (?:du |de )?document',
    'numero (?:del )?documento',
    'n(?:ume)?r\\.? dokumentu',
    '[čc][íi]slo dokladu',
    'belge (?:no|numaras)',
  ),
  radius: 40,
};
const PASSPORT_REACH = 400;

/**
 * A passport word in the lines above `start`, in the same block (a heading, the sentence that
 * introduces a form): after a blank line the text has moved on to something else.
 */
function passportAbove(text: string, start: number): boolean {
  const above = text.slice(Math.max(0, start - PASSPORT_REACH), start).toLowerCase();
  const block = above.split(/\n[ \t]*\r?\n/).pop() ?? '';
  PASSPORT_WORDS.strong.lastIndex = 0;
  return PASSPORT_WORDS.strong.test(block);
}

// A pass that is no passport: the compound names a ticket or card ("boarding pass 533380006").
const OTHER_PASS =
  /(?:boarding|day|bus|ski|season|access|guest|visitor|parking|festival|rail|train|gym|press)[ -]?pass(?:es)?[^\p{L}\p{N}]*(?:(?:nr|no|number|nummer)\.?[^\p{L}\p{N}]*)?$/u;

/** True when the text right before `start` ends with such a pass. */
function otherPassBefore(text: string, start: number): boolean {
  return OTHER_PASS.test(text.slice(Math.max(0, start - 40), start).toLowerCase());
}

// A passport word joined to the value in a file name ("passport_530029877.pdf", "Reisepass-C01X00T47").
const JOINED = /(?:passport|reisepass|pass|passeport|pasaporte?|passaport[eo]|paspoort|paszport|pas)[ _-]$/u;
// What follows a value that ends a file name, or the next word of one.
const FILE_NAME_AFTER = /^(?:_|\.(?:pdf|jpe?g|png|heic|gif|tiff?|docx?|zip)\b)/i;

/**
 * A value inside a file name ("_" or "-" before it, "_" or an extension after) counts only joined
 * to its passport word, in capitals and digits ("passport scan01.pdf" names a scan, not a number).
 */
function fileNamePart(v: string, text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  const inName = before === '_' || before === '-' || FILE_NAME_AFTER.test(text.slice(end, end + 6));
  if (!inName) return true;
  return v === v.toUpperCase() && JOINED.test(text.slice(Math.max(0, start - 12), start).toLowerCase());
}

/**
 * A number read out in groups ("C01 X00 T47", "530 029 877"): six to nine characters, a group
 * mixing letters and digits, or three groups of three digits; not a date or an amount.
 */
function spacedGroups(v: string): boolean {
  if (!v.includes(' ') || /^[A-Z]{1,3} \d{6,8}$/.test(v)) return true;
  const groups = v.split(' ');
  const compact = groups.join('');
  if (compact.length < 6 || compact.length > 9) return false;
  if (/[A-Z]/.test(compact)) return passportShape(compact) && groups.some((g) => /\d/.test(g));
  // Digits alone: eight or nine of them in groups of two or more ("53 00 29 877").
  return compact.length >= 8 && groups.every((g) => g.length >= 2);
}

// A currency beside a number: a price or a fee, not a document number.
const CURRENCY_AFTER =
  /^[ \t]?(?:€|\$|£|eur|usd|gbp|chf|huf|pln|czk|sek|dkk|nok|try|kr|zł|kč|tl|ft|lei)(?![\p{L}])/iu;
const CURRENCY_BEFORE = /(?:€|\$|£|eur|usd|gbp|chf|huf|pln|czk|sek|dkk|try)[ \t]?$/i;

/** Digits in groups that read as an amount: a currency beside them, or round thousands ("12 500 000"). */
function groupedAmount(v: string, text: string, start: number, end: number): boolean {
  if (!v.includes(' ') || /[A-Za-z]/.test(v)) return false;
  return (
    /(?:^| )0{2,3}$/.test(v) ||
    CURRENCY_AFTER.test(text.slice(end, end + 5)) ||
    CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 5), start))
  );
}

/** Groups that continue a digit group before them ("030 1234 5678"): the tail of a phone number. */
function afterDigitGroup(v: string, text: string, start: number): boolean {
  return v.includes(' ') && /\d $/.test(text.slice(Math.max(0, start - 2), start));
}

/** Letters and digits of a passport number: at least two digits, not one repeated character. */
function passportShape(v: string): boolean {
  let digits = 0;
  for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) <= 57) digits++;
  return digits >= 2 && !/^(.)\1+$/.test(v) && !compactDate(v);
}

// A date written YYYYMMDD or DDMMYYYY ("valid until 20301231"): the passport's dates, not its number.
const COMPACT_DATE =
  /^(?:(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d\d)$/;
const compactDate = (v: string): boolean => COMPACT_DATE.test(v);

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
      'pp',
      'travel doc',
      'reisedokument',
      'document de voyage',
      'documento de via',
      'documento di viaggio',
      'reisdocument',
      'resedokument',
      'rejsedokument',
      'dokument podr',
      'seyahat belgesi',
    ],
    // A standalone token of capitals and digits, the lengths ICAO 9303 document numbers take (or
    // all in lower case, as typed), or a letter series and its digits with one space between, as
    // some passports print them; in a file name, parted from its neighbours by "_" or "-". Or
    // read out in groups one blank apart ("C01 X00 T47", "19 AV 56789"), every group after the
    // first with a digit or followed by one (a country word after the number is no group), no
    // digit group after the last.
    pattern:
      /(?<![A-Za-z0-9])(?:[A-Z0-9]{6,9}|[a-z0-9]{6,9}|[A-Z]{1,3} \d{6,8}|[A-Z0-9]{2,5}(?: (?=[A-Z]{0,4}\d|[A-Z]{1,4} \d)[A-Z0-9]{2,5}){1,3}(?! \d))(?![A-Za-z0-9-])/,
    validate: (v, ctx) =>
      passportShape(v) &&
      spacedGroups(v) &&
      !afterDigitGroup(v, ctx.text, ctx.start) &&
      !groupedAmount(v, ctx.text, ctx.start, ctx.end) &&
      fileNamePart(v, ctx.text, ctx.start, ctx.end) &&
      !otherPassBefore(ctx.text, ctx.start) &&
      keywordNear(ctx.text, ctx.start, ctx.end, PASSPORT_WORDS),
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
        { text: 'Mit pas har nummer 206412345, udløber 2031', secret: '206412345' },
        { text: 'Číslo mého pasu je 91306576.', secret: '91306576' },
        { text: 'Numer paszportu: EK1234567', secret: 'EK1234567' },
        { text: 'Pasaport no: U12345678', secret: 'U12345678' },
        { text: 'passport: c01x00t47', secret: 'c01x00t47' },
        { text: 'Attachment: passport_530029877.pdf', secret: '530029877' },
        { text: 'reisepass-C01X00T47_scan.jpg', secret: 'C01X00T47' },
        { text: 'Passport no. PA 1234567 (Ireland)', secret: 'PA 1234567' },
        { text: 'Name;Passport;Nationality\nA. Sharma;530029877;British\n', secret: '530029877' },
        { text: 'Travellers: A. Sharma, 530029877 (passport), B. Sharma', secret: '530029877' },
        { text: 'PP No. 530029877, exp. 2031', secret: '530029877' },
        { text: 'Travel document number: 530029877', secret: '530029877' },
        { text: 'Numéro du document de voyage : 19AV56789', secret: '19AV56789' },
        { text: 'Mein Pass hat die Nummer C01X00T47', secret: 'C01X00T47' },
        { text: 'Type;Number\nPassport;530029877\n', secret: '530029877' },
        { text: 'travel doc no. 530029877', secret: '530029877' },
        // Read out in groups.
        { text: 'Reisepassnummer: C01 X00 T47 (Deutschland)', secret: 'C01 X00 T47' },
        { text: 'Passport no. 530 029 877, expires 2031', secret: '530 029 877' },
        { text: 'numéro de passeport: 19 AV 56789', secret: '19 AV 56789' },
        { text: 'Passdaten: C01X00T47', secret: 'C01X00T47' },
      ],
      noMatch: [
        'My passport expired. Order 521066575 is still pending.',
        "Je n'ai pas reçu la commande, facture 20240311",
        'Your boarding pass and ticket 521066575 are attached',
        'Password: AB12CD34',
        'Passport number: PASSPORT',
        'Passport photo: 35x45 mm; ticket 123456789 attached',
        'Boarding pass 521066575 attached',
        'Passport scan01.pdf attached',
        'passport_photo_20240311.jpg',
        'passport data: invoice_20240311.pdf',
        'passport: scan01.jpg',
        'Passport photo requirements: 35x45 mm, order 521066575',
        'passport valid until 20301231',
        'Reisepass gültig bis 31122030',
        'happy 530029877',
        'Passport office phone 030 1234 5678',
        'Passport fee 12 500 000 HUF',
        'Passport renewal: 35 120 450 Ft, paid',
        'Passport fee: € 12 345 678',
        'Passport photo NO GLASSES 35 45',
      ],
    },
  },
  {
    id: 'passport-pass-label',
    type: 'passport_number',
    rationale:
      'A value after the label "Pass:" / "Pas:" (German, Swedish, Danish, Dutch, Czech for passport) that a passport word confirms, after it or above it in the block: a passport number, not a password.',
    keywords: ['pass', 'pas'],
    // The short word (and "-Nr."/"nummer"), a colon or "#", then the number's compact shape; the
    // English abbreviation of "password" takes the same label, so the validator asks for a
    // passport word around it. Above the password label's confidence: the passport word decides.
    pattern:
      /(?<![\p{L}\p{N}])pas(?:s|set|sen|u)?(?:[ -]?(?:nr|no|nummer|number|č)\.?)?[ \t]*[:#][ \t]*([A-Z0-9]{6,9}|[A-Z0-9]{2,5}(?: (?=[A-Z]{0,4}\d)[A-Z0-9]{2,5}){1,3})(?![\p{L}\p{N}-])/iu,
    group: 1,
    validate: (v, ctx) =>
      v === v.toUpperCase() &&
      passportShape(v.replace(/ /g, '')) &&
      spacedGroups(v) &&
      (keywordAfter(ctx.text, ctx.end, PASSPORT_WORDS) || passportAbove(ctx.text, ctx.start)),
    confidence: 0.9,
    samples: {
      match: [
        { text: 'Pass: C01X00T47 (Reisepass)', secret: 'C01X00T47' },
        { text: 'Kopie meines Reisepasses anbei.\nPass: C01X00T47\nGültig bis 2031', secret: 'C01X00T47' },
        { text: 'Mitt pass: 93206430 – passnummer enligt passet', secret: '93206430' },
      ],
      noMatch: [
        'Pass: C01X00T47',
        'Login\nUser: admin\nPass: XK82MPQ9',
        'My passport arrived.\n\nVPN login, pass: XK82MPQ9',
        'Pass: Xk82mPq9 (Reisepass liegt bei)',
      ],
    },
  },
  {
    id: 'passport-document-number',
    type: 'passport_number',
    rationale:
      'A number labelled "document number" (in any desk language) below a passport word: the passport\'s data page copied.',
    keywords: [
      'passport',
      'reisepass',
      'passeport',
      'pasaport',
      'passaport',
      'paspoort',
      'paszport',
      'cestovn',
      'pasnummer',
    ],
    // The passport number's shape, as in the rule above.
    pattern: /(?<![\w-])(?:[A-Z0-9]{6,9}|[A-Z]{1,3} \d{6,8})(?![\w-])/,
    validate: (v, ctx) =>
      passportShape(v) &&
      keywordBefore(ctx.text, ctx.start, DOCUMENT_NUMBER_WORDS) &&
      passportAbove(ctx.text, ctx.start),
    confidence: 0.8,
    samples: {
      match: [
        {
          text: 'Hier de gegevens van mijn paspoort zoals gevraagd:\nNaam: Jan de Vries\nDocumentnummer: NXC3F7KL1\n',
          secret: 'NXC3F7KL1',
        },
        {
          text: 'Dados do passaporte\nNome: Ana Lima\nNúmero do documento: FZ482913\nValidade: 2031',
          secret: 'FZ482913',
        },
      ],
      noMatch: [
        'Documentnummer: NXC3F7KL1 (rijbewijs)',
        'Passport renewed last year.\n\nInvoice document number: 20240311',
      ],
    },
  },
  {
    id: 'passport-mrz',
    type: 'passport_number',
    rationale:
      "A passport's machine-readable zone, line two (ICAO 9303 TD3): document number, nationality, birth date, sex, expiry, with their 7-3-1 check digits.",
    // The fillers of the optional-data field: a real line two has a run of them.
    keywords: ['<<'],
    // 44 characters of the MRZ alphabet in the TD3 layout: number + check, nationality, birth
    // date + check, sex, expiry + check, optional data + check, the composite check.
    pattern: /(?<![A-Z0-9<])[A-Z0-9<]{9}\d[A-Z<]{3}\d{7}[MFX<]\d{7}[A-Z0-9<]{14}[\d<]\d(?![A-Z0-9<])/,
    validate: mrzLineValid,
    confidence: 0.95,
    samples: {
      match: [
        {
          text: 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n',
          secret: 'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
        },
      ],
      noMatch: [
        'L898902C36UTO7408122F1204159ZE184226B<<<<<11',
        'L898902C37UTO7408122F1204159ZE184226B<<<<<10',
      ],
    },
  },
];

/** ICAO 9303 check digit: weights 7, 3, 1 over digits, letters (A = 10) and fillers (< = 0). */
function mrzCheck(s: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c === 60 ? 0 : c <= 57 ? c - 48 : c - 55;
    sum += v * (weights[i % 3] as number);
  }
  return sum % 10;
}

/** The document number, birth date, expiry and composite check digits of a TD3 line two all hold. */
function mrzLineValid(line: string): boolean {
  const digit = (i: number) => (line[i] === '<' ? 0 : line.charCodeAt(i) - 48);
  if (!/\d/.test(line.slice(0, 9))) return false;
  if (mrzCheck(line.slice(0, 9)) !== digit(9)) return false;
  if (mrzCheck(line.slice(13, 19)) !== digit(19)) return false;
  if (mrzCheck(line.slice(21, 27)) !== digit(27)) return false;
  const composite = line.slice(0, 10) + line.slice(13, 20) + line.slice(21, 43);
  return mrzCheck(composite) === digit(43);
}
