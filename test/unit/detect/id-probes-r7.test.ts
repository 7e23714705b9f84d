import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';

/**
 * Probes written before the rules were run on them: recovery codes, passports, identity numbers,
 * cards, IBANs and URL credentials as customers, admins and staff type them in the twelve desk
 * languages and the formats mail carries (plain, HTML as text, `> ` quotes, forwards, CSV, config
 * files, logs, PDF text, subjects), and hard negatives of the same shapes. Check digits computed
 * for this file.
 */

const detector = createDetector();

type Probe = [text: string, secret: string];

function found(type: string, [text, secret]: Probe): boolean {
  const at = text.indexOf(secret);
  expect(at, `secret in ${JSON.stringify(text)}`).toBeGreaterThanOrEqual(0);
  return detector.scan(text).some((f) => f.type === type && f.start <= at && f.end >= at + secret.length);
}

/** Every code of a block is covered by recovery_codes findings. */
function codesCovered(text: string, codes: readonly string[]): string[] {
  const hits = detector.scan(text).filter((f) => f.type === 'recovery_codes');
  return codes.filter((c) => {
    const at = text.indexOf(c);
    return !hits.some((f) => f.start <= at && f.end >= at + c.length);
  });
}

const CODES = ['d4adf-359ff', '6a11f-95de5', '53224-06e77', '04bfd-b9ef9', 'bf014-062da', 'e9b46-afb16'];
const DIGIT_CODES = ['4821 9034', '7733 1209', '5590 2281', '6612 0948', '1290 3345', '8876 1102'];
const EIGHT = ['48219034', '77331209', '55902281', '66120948', '12903345', '88761102'];

// Headings in the twelve languages, as a customer writes them before the codes.
const HEADINGS = [
  'Here are my backup codes',
  'Hier sind meine Backup-Codes',
  'Voici mes codes de secours',
  'Estos son mis códigos de respaldo',
  'Ecco i miei codici di backup',
  'Hier zijn mijn back-upcodes',
  'Aqui estão os meus códigos de backup',
  'Oto moje kody zapasowe',
  'Här är mina reservkoder',
  'Her er mine backupkoder',
  'Tady jsou moje záložní kódy',
  'İşte yedek kodlarım',
  // Other names: security codes (plural), one-time and sign-in codes, the factor with "backup".
  'Meine Sicherheitscodes',
  'Mes codes de connexion de secours',
  'Mis códigos de acceso de respaldo',
  'I miei codici di sicurezza',
  'Os meus códigos de segurança',
  'Moje kody bezpieczeństwa',
  'Mina säkerhetskoder',
  'Moje jednorázové kódy',
  'Güvenlik kodları',
  'My 2FA backup',
];

describe('recovery codes in every layout', () => {
  const layouts: Array<[string, (h: string) => string, readonly string[]]> = [
    ['one line, commas', (h) => `${h}:\n${CODES.join(', ')}\nThanks`, CODES],
    ['one line, blanks', (h) => `${h}:\n${CODES.join(' ')}\n`, CODES],
    ['on the heading line', (h) => `${h}: ${CODES.join(', ')}.`, CODES],
    ['numbered', (h) => `${h}:\n${CODES.map((c, i) => `${i + 1}. ${c}`).join('\n')}\n`, CODES],
    [
      'two columns',
      (h) =>
        `${h}:\n${DIGIT_CODES[0]}    ${DIGIT_CODES[1]}\n${DIGIT_CODES[2]}    ${DIGIT_CODES[3]}\n${DIGIT_CODES[4]}    ${DIGIT_CODES[5]}\n`,
      DIGIT_CODES,
    ],
    [
      'quoted reply',
      (h) => `> ${h}:\n> ${CODES.slice(0, 3).join('\n> ')}\n> ${CODES.slice(3).join('\n> ')}\n`,
      CODES,
    ],
    [
      'markdown table',
      (h) => `${h}:\n| # | code |\n|---|---|\n${EIGHT.map((c, i) => `| ${i + 1} | ${c} |`).join('\n')}\n`,
      EIGHT,
    ],
    ['semicolons', (h) => `${h}: ${EIGHT.join('; ')}`, EIGHT],
  ];
  for (const [name, make, codes] of layouts)
    it(`reads ${name} below a heading in each language`, () => {
      const misses = HEADINGS.map((h) => [h, codesCovered(make(h), codes)] as const).filter(
        ([, m]) => m.length,
      );
      expect(misses).toEqual([]);
    });

  it('reads a forwarded codes file and an HTML table rendered as text', () => {
    expect(
      codesCovered(
        `---------- Forwarded message ---------\nSubject: my recovery codes\n\n${CODES.join('\n')}\n`,
        CODES,
      ),
    ).toEqual([]);
    expect(
      codesCovered(`Backup codes\n\n${EIGHT.slice(0, 3).join('\t')}\n${EIGHT.slice(3).join('\t')}\n`, EIGHT),
    ).toEqual([]);
  });

  it('reads rows labelled with their number, notes after a dash, no-break spaces', () => {
    expect(
      codesCovered(
        `Backup codes:\n${DIGIT_CODES.map((c, i) => `Code ${i + 1}: ${c}`).join('\n')}\n`,
        DIGIT_CODES,
      ),
    ).toEqual([]);
    expect(
      codesCovered(`Codes de secours :\n${CODES.map((c, i) => `${i + 1} - ${c}`).join('\n')}`, CODES),
    ).toEqual([]);
    expect(
      codesCovered(`Backup codes:\n${CODES.map((c, i) => (i < 2 ? `${c} - used` : c)).join('\n')}`, CODES),
    ).toEqual([]);
    const nbsp = DIGIT_CODES.map((c) => c.replace(' ', '\u00a0'));
    expect(codesCovered(`Záložní kódy:\n${nbsp.join('\n')}\n`, nbsp)).toEqual([]);
  });

  it('leaves lists of other numbers alone', () => {
    for (const text of [
      `Order numbers: ${EIGHT.join(', ')}`,
      'Backup codes never arrived. Invoice numbers 2024-1188, 2024-1201, 2024-1202, 2024-1203',
      'Die Backup-Codes sind weg. Tel. 0151 2345 6789, Fax 0151 2345 6790',
      `Tracking: ${CODES.join(', ')}`,
    ])
      expect(
        detector.scan(text).filter((f) => f.type === 'recovery_codes'),
        text,
      ).toEqual([]);
  });
});

const PASSPORTS: Probe[] = [
  ['Pass: C01X00T47 (Reisepass)', 'C01X00T47'],
  ['Reisepassnummer: C01 X00 T47', 'C01 X00 T47'],
  ['Passport number: 530 029 877', '530 029 877'],
  ['Subject: Reisepass C01X00T47 – Buchung', 'C01X00T47'],
  ['Passeport n° 19AV56789 (France)', '19AV56789'],
  ['Número de pasaporte: PAC 594545', 'PAC 594545'],
  ['Il mio passaporto: YA1234567', 'YA1234567'],
  ['Paspoortnummer: NXC3F7KL1', 'NXC3F7KL1'],
  ['Número do passaporte: CA123456', 'CA123456'],
  ['Numer paszportu: EK 1234567', 'EK 1234567'],
  ['Passnummer: 93206430', '93206430'],
  ['Pasnummer: 206412345', '206412345'],
  ['Číslo cestovního pasu: 41823659', '41823659'],
  ['Pasaport numarası: U12345678', 'U12345678'],
  ['name;passport;country\nJ. Doe;530029877;GB\n', '530029877'],
  ['> > Passport: 530029877', '530029877'],
  ['Mein Pass hat die Nummer C01X00T47', 'C01X00T47'],
  ['Type;Number\nPassport;530029877\n', '530029877'],
  ['travel doc no. 530029877', '530029877'],
  ['numéro de passeport: 19 AV 56789', '19 AV 56789'],
  ['Passport: 53 00 29 877', '53 00 29 877'],
  ['Passdaten: C01X00T47', 'C01X00T47'],
];
const PASSPORT_NEGATIVES = [
  'Pass: Xk82!mPq9',
  'Boarding pass: BA0117 seat 23A',
  'I need a passport photo, ticket 530029877',
  'Passport renewal fee: 85 000 HUF',
  "Je n'ai pas reçu la facture 20240311",
  'Passport office: +44 300 222 0000',
  'Passport fee 12 500 000 HUF',
  'Paszport: opłata 140 000 zł',
];

describe('passport numbers', () => {
  it('finds them in the desk languages and layouts', () => {
    expect(PASSPORTS.filter((p) => !found('passport_number', p)).map((p) => p[0])).toEqual([]);
  });
  it('leaves the look-alikes alone', () => {
    expect(
      PASSPORT_NEGATIVES.filter((t) => detector.scan(t).some((f) => f.type === 'passport_number')),
    ).toEqual([]);
  });
});

// Check digits: rodné číslo 736028/5713, PESEL 82051860998, BSN 111222333, NIF 123456789.
const IDS: Probe[] = [
  ['Rodné íslo: 736028/5713', '736028/5713'],
  ['RODNÉ ČÍSLO: 736028/5713', '736028/5713'],
  ['rodne cislo 7360285713', '7360285713'],
  ['PESEL: 820 518 609 98', '820 518 609 98'],
  ['> BSN: 111222333', '111222333'],
  ['BSN-nummer\n\n111222333', '111222333'],
  ['NIF: 123 456 789', '123 456 789'],
  ['rodné číslo: 736028 5713', '736028 5713'],
  ['PESEL;82051860998', '82051860998'],
];

describe('identity numbers', () => {
  it('finds them with their words, also damaged by a charset', () => {
    expect(IDS.filter((p) => !found('national_id', p)).map((p) => p[0])).toEqual([]);
  });
});

// Luhn-valid: 4929 1873 6604 5578 (16), 4182736450919 (13).
const CARDS: Probe[] = [
  ['Kreditkarte: 4929 1873\n6604 5578, gültig bis 12/27', '4929 1873\n6604 5578'],
  ['card number 4929 1873 6604\n5578 exp 09/28', '4929 1873 6604\n5578'],
  ['Visa (old): 4182736450919', '4182736450919'],
  ['numer karty: 4929-1873-6604-5578', '4929-1873-6604-5578'],
];
const CARD_NEGATIVES = [
  'Routeur X-300 (réf. 4051943849926) à 89,99 €',
  'EAN 4182736450919, 2 Stück',
  'Artikel 4182736450919 ist ausverkauft',
  'Telefon 4182736450919',
  'Order 4929 1873\n6604 5578 shipped',
];

describe('payment cards', () => {
  it('finds them, also split across two lines', () => {
    expect(CARDS.filter((p) => !found('payment_card', p)).map((p) => p[0])).toEqual([]);
  });
  it('leaves article numbers, barcodes and phones alone', () => {
    expect(CARD_NEGATIVES.filter((t) => detector.scan(t).some((f) => f.type === 'payment_card'))).toEqual([]);
  });
});

const URLS: Probe[] = [
  ['https://review:RFVT152#smq@staging.acme.es/', 'review:RFVT152#smq'],
  ['Target=ftp://backup:%2BXxDKIB%25UC@nas.local/backup', 'backup:%2BXxDKIB%25UC'],
  ['sftp://deploy:Kx%40pQ9%21z@files.acme.io:22/in', 'deploy:Kx%40pQ9%21z'],
  ['> webdav: https://anna:S0mmer%232024@cloud.acme.de/remote.php', 'anna:S0mmer%232024'],
  ['url = "smb://nas:Qx7#rT9!@192.168.1.20/share"', 'nas:Qx7#rT9!'],
  ['ftp://anna@acme.de:Xk82!mPq@ftp.acme.de/', 'anna@acme.de:Xk82!mPq'],
];
const URL_NEGATIVES = [
  'https://shop.acme.io:8443#contact@acme.io',
  'ftp://backup:%25BACKUP_PASS%25@nas.local/',
  'https://user:password@example.com',
  'https://acme.io/#/login?user=anna@acme.io',
  'ssh://git@github.com:22@x',
];

describe('URL credentials', () => {
  it('finds passwords with # and percent escapes', () => {
    expect(URLS.filter((p) => !found('url_credentials', p)).map((p) => p[0])).toEqual([]);
  });
  it('leaves ports, fragments and encoded placeholders alone', () => {
    expect(URL_NEGATIVES.filter((t) => detector.scan(t).some((f) => f.type === 'url_credentials'))).toEqual(
      [],
    );
  });
});
