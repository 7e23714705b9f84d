import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';

/**
 * Probes written before the rules were run on them: identity numbers of further countries, and
 * passports, IBANs and cards in the layouts of mail (quoted replies, forwards, HTML rendered to
 * text with tabs, CSV and spreadsheet rows, subjects, config files, logs, PDF text) in the twelve
 * desk languages, with hard negatives of the same shapes. Every number passes its check digits.
 */

const detector = createDetector();

type Probe = [text: string, secret: string];

function found(type: string, [text, secret]: Probe): boolean {
  const at = text.indexOf(secret);
  expect(at, 'secret in text').toBeGreaterThanOrEqual(0);
  return detector.scan(text).some((f) => f.type === type && f.start <= at && f.end >= at + secret.length);
}

const none = (type: string, text: string) => detector.scan(text).filter((f) => f.type === type);

const IDS: Probe[] = [
  // CH AHV/AVS (756.9217.5408.13): dotted alone, bare with its word in DE/FR/IT/EN.
  ['Hauptstr. 12\nAHV-Nr.: 756.9217.5408.13\nJürgen Weiss', '756.9217.5408.13'],
  ['meine AHV-Nummer ist 7569217540813', '7569217540813'],
  ['N° AVS : 756 9217 5408 13', '756 9217 5408 13'],
  ['numero AVS 7569217540813', '7569217540813'],
  ['Swiss social security number (AHV): 7569217540813', '7569217540813'],
  ['Name;AHV-Nr;Abteilung\nReto Keller;756.9217.5408.13;IT\n', '756.9217.5408.13'],
  ['> > Sozialversicherungsnummer: 756.9217.5408.13', '756.9217.5408.13'],
  // CA SIN / NAS (462 451 006)
  ["mon numéro d'assurance sociale : 462 451 006", '462 451 006'],
  ["la no d'assurance sociale est\n462 451 006", '462 451 006'],
  ["\tNuméro d'assurance sociale\t\t462 451 006\t", '462 451 006'],
  ['My SIN is 462-451-006.', '462-451-006'],
  ['Social Insurance Number: 462451006', '462451006'],
  ['NAS 462 451 006 (Québec)', '462 451 006'],
  // IE PPSN
  ['Not sure if you need it but the PPSN is 1234567T.', '1234567T'],
  ['> PPS number: 6587341QA', '6587341QA'],
  ['name,ppsn,start\nAoife Byrne,1234567T,2024-01-01\n', '1234567T'],
  // NO fødselsnummer
  ['Fødselsnummer: 15058510170', '15058510170'],
  ['mitt fødselsnummer er 150585 10170', '150585 10170'],
  // RO CNP, GR AMKA, AT SV-Nummer, IN Aadhaar/PAN, MX CURP, DNI without letter
  ['CNP: 1850415400006', '1850415400006'],
  ['my Romanian personal numeric code (CNP) is 1850415400006', '1850415400006'],
  ['AMKA: 12038510009', '12038510009'],
  ['Versicherungsnummer (e-card): 1231 150385', '1231 150385'],
  ['Aadhaar number: 2341 2341 2346', '2341 2341 2346'],
  ['PAN: ABCPE1234F', 'ABCPE1234F'],
  ['Mi CURP es HEGG560427MVZRRL04, gracias', 'HEGG560427MVZRRL04'],
  ['DNI: 30.123.456 (Argentina)', '30.123.456'],
  // FR NIR without its words: under a generic id column of an export.
  ['employee,dept,national_id,start\n"C. Lefèvre",Sales,182037575493780,2024-01-01\n', '182037575493780'],
  ['Name\tLogin\tID\nN. Lambert\tdirk@example.de\t182037575493780\n', '182037575493780'],
  ['National ID: 182037575493780', '182037575493780'],
  // Configuration keys and log fields join the words with "_"; English names of the PESEL.
  ['steuer_id=65740977216', '65740977216'],
  ['user=jan pesel=82051860998 status=ok', '82051860998'],
  ['National ID number: 82051860998', '82051860998'],
  // Labels in inflected forms and in English as the desk countries' customers write them.
  ['Ändra personnumret till 870212-2485', '870212-2485'],
  ['Swedish personal ID: 870212-2485', '870212-2485'],
  ['persoonsnummer 143029101', '143029101'],
  ['numéro de sécurité sociale belge 85073003328', '85073003328'],
  ['číslo OP: 123456789', '123456789'],
  ['Číslo občanského průkazu je 204851733.', '204851733'],
  // Identity cards numbered like passports.
  ["Carta d'identità n. CA12345AB", 'CA12345AB'],
  ['ID-kaart nummer NW8R6K2J1', 'NW8R6K2J1'],
];

const ID_NEGATIVES: string[] = [
  // Same shapes, other numbers: company registers, orders, EANs, phones.
  'SIREN : 732 829 320 (société)',
  'SIRET 732 829 320 00074',
  'Commande 462 451 006 expédiée hier',
  'sin embargo el pedido 462 451 006 no llegó',
  'EAN 7569217540813 (Artikel)',
  'Bestellung 7569217540813 versandt',
  'Order 1234567T shipped; apps 1234567T',
  'Ordre 15058510170 sendt',
  'Comanda 1850415400006 a fost livrată',
  'Rechnung 1231150385 vom 12.03.',
  'Invoice 2341 2341 2346 due',
  'Ticket ABCPE1234F',
  'Pedido 30123456 enviado; DNI pendiente.',
  'Name\tLogin\tColis\nN. Lambert\tdirk@example.de\t182037575493780\n',
  'Name\tLogin\tID\nN. Lambert\tdirk@example.de\t182037575493781\n',
  // Another number's label before it: the id word after it does not name it.
  'Bestellnummer 65740977216 (Steuer-ID fehlt)',
  'Faktura nr 1850415400006 CNP',
  'Zamówienie nr 82051860998 (PESEL w załączniku)',
  'Stort het bedrag op 204851733',
  'Numer NIP: 5260250274',
  'USt-IdNr.: DE136695976',
  'SSN (last 4 digits: 4205)',
];

const PASSPORTS: Probe[] = [
  ['Mitt passnummer är AA1234567.', 'AA1234567'],
  ['Mit pasnummer er 206412345', '206412345'],
  ['Číslo pasu je 45123456.', '45123456'],
  ['Pasaport numaram U12345678', 'U12345678'],
  ['Il mio passaporto numero YA1234567', 'YA1234567'],
  ['Passaporte nº CA123456', 'CA123456'],
  ['paspoort nr. NW8R6K2J1', 'NW8R6K2J1'],
  ['Paszport nr EA1234567', 'EA1234567'],
  ['Pasaporte: PAA123456', 'PAA123456'],
  ['\tN° de passeport\t\t19AV56789\t', '19AV56789'],
  ['Subject: Reisepassnummer C01X00T47 – Buchung', 'C01X00T47'],
  ['> > Passport number: 533380006', '533380006'],
  ['Nom;Prénom;Passeport\nDubois;Maxime;19AV56789\n', '19AV56789'],
  ['PP No. 533380006', '533380006'],
  ['Travel document number: 533380006', '533380006'],
  ['Reisedokument-Nr.: C01X00T47', 'C01X00T47'],
  ['Número del documento de viaje: PAA123456', 'PAA123456'],
];

const PASSPORT_NEGATIVES: string[] = [
  'Boardingpass 533380006',
  'Skipass Nr. 533380006',
  'Mein Passwort ist abgelaufen, Ticket 533380006',
  'passport photo 35x45, Bestellung C01X00T47',
  // The passport's dates and a case file's number are not its number.
  'passport valid until 20301231',
  'Mon passeport expire le 12/05/2030, dossier 20240311',
];

const IBANS: Probe[] = [
  ['IBAN: DE89 3704 0044 0532 0130 00', 'DE89 3704 0044 0532 0130 00'],
  ['> Bankverbindung: DE89370400440532013000', 'DE89370400440532013000'],
  ['Name;IBAN;BIC\nMüller;DE89 3704 0044 0532 0130 00;COBADEFFXXX\n', 'DE89 3704 0044 0532 0130 00'],
  ['iban = "NL91ABNA0417164300"', 'NL91ABNA0417164300'],
  ['Kontonummer: SE45 5000 0000 0583 9825 7466', 'SE45 5000 0000 0583 9825 7466'],
  ['mit kontonummer er DK50 0040 0440 1162 43', 'DK50 0040 0440 1162 43'],
  ['číslo účtu: CZ65 0800 0000 1920 0014 5399', 'CZ65 0800 0000 1920 0014 5399'],
  ['IBAN numaram TR33 0006 1005 1978 6457 8413 26', 'TR33 0006 1005 1978 6457 8413 26'],
  ['Subject: Rimborso – IBAN IT60X0542811101000000123456', 'IT60X0542811101000000123456'],
  ['\tIBAN\t\tPT50 0002 0123 1234 5678 9015 4\t', 'PT50 0002 0123 1234 5678 9015 4'],
  ['na moje konto: PL7329951890232233052391159601', 'PL7329951890232233052391159601'],
  // Typed loosely: dashes, dots, double spaces, lower case after its word, wrapped by the client.
  ['IBAN: DE89-3704-0044-0532-0130-00', 'DE89-3704-0044-0532-0130-00'],
  ['IBAN: DE89.3704.0044.0532.0130.00', 'DE89.3704.0044.0532.0130.00'],
  ['IBAN: DE89  3704  0044  0532  0130  00', 'DE89  3704  0044  0532  0130  00'],
  ['mijn iban: nl91 abna 0417 1643 00', 'nl91 abna 0417 1643 00'],
  ['IBAN DE89 3704 0044 0532\n0130 00\nDanke', 'DE89 3704 0044 0532\n0130 00'],
];

const IBAN_NEGATIVES: string[] = [
  'IBAN: DE89 3704 0044 0532 0130 01',
  'ref PL7329951890232233052391159601',
  'Version DE12 build 3456 7890',
  'de89 3704 0044 0532 0130 00',
  'IBAN: DE89-3704-0044-0532-0130-01',
];

const CARDS: Probe[] = [
  ['Kartennummer: 4929 1873 6604 5578, gültig bis 12/27', '4929 1873 6604 5578'],
  ['> numéro de carte 4929-1873-6604-5578', '4929-1873-6604-5578'],
  ['Nombre;Tarjeta;Caduca\nLucía;4929187366045578;09/28\n', '4929187366045578'],
  ['\tNumero carta\t\t5425 2334 3010 9903\t', '5425 2334 3010 9903'],
  ['kortnummer: 5425233430109903', '5425233430109903'],
  ['číslo karty 4929 1873 6604 5578', '4929 1873 6604 5578'],
  ['Kart numarası: 9792 1515 7395 9651', '9792 1515 7395 9651'],
];

const CARD_NEGATIVES: string[] = [
  'Sendungsnummer 4929 1873 6604 5578',
  'Bestellnummer: 4929187366045578',
  'Test card 4242 4242 4242 4242',
];

describe('identity numbers of further countries, as written', () => {
  it.each(IDS)('finds %j', (text, secret) => expect(found('national_id', [text, secret])).toBe(true));
  it.each(ID_NEGATIVES.map((t) => [t]))('no national id in %j', (text) =>
    expect(none('national_id', text)).toEqual([]),
  );
});

describe('passports, IBANs and cards in the desk languages and mail layouts', () => {
  it.each(PASSPORTS)('passport in %j', (text, secret) =>
    expect(found('passport_number', [text, secret])).toBe(true),
  );
  it.each(PASSPORT_NEGATIVES.map((t) => [t]))('no passport in %j', (text) =>
    expect(none('passport_number', text)).toEqual([]),
  );
  it.each(IBANS)('iban in %j', (text, secret) => expect(found('iban', [text, secret])).toBe(true));
  it.each(IBAN_NEGATIVES.map((t) => [t]))('no iban in %j', (text) => expect(none('iban', text)).toEqual([]));
  it.each(CARDS)('card in %j', (text, secret) => expect(found('payment_card', [text, secret])).toBe(true));
  it.each(CARD_NEGATIVES.map((t) => [t]))('no card in %j', (text) =>
    expect(none('payment_card', text)).toEqual([]),
  );
});
