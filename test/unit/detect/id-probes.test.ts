import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';

/**
 * Identity and passport numbers as customers and staff write them, composed from the layouts of
 * mail (form lines, tables, quoted replies, subjects, sentences, scan descriptions), not from the
 * rules. Every number here passes its check digits (computed for this file).
 */

const detector = createDetector();

type Probe = [text: string, secret: string];

function expectFound(type: string, [text, secret]: Probe): void {
  const found = detector.scan(text).filter((f) => f.type === type);
  const at = text.indexOf(secret);
  expect(at, 'secret in text').toBeGreaterThanOrEqual(0);
  const hit = found.find((f) => f.start <= at && f.end >= at + secret.length);
  expect(hit?.value, `${type} in ${JSON.stringify(text)}`).toBeDefined();
}

function expectNone(type: string, text: string): void {
  expect(
    detector.scan(text).filter((f) => f.type === type),
    text,
  ).toEqual([]);
}

const IDS: Probe[] = [
  // DE Steuer-ID (65740977216) and Personalausweis (YLC38CJPZ3)
  ['Meine Steuer-ID ist 65740977216.', '65740977216'],
  ['meine steuerliche Identifikationsnummer: 65 740 977 216', '65 740 977 216'],
  ['65740977216 (Steuer-ID) bitte im Lohnkonto hinterlegen', '65740977216'],
  ['Subject: Steuer-ID 65740977216 für die Lohnabrechnung', '65740977216'],
  ['Name;Vorname;Steuer-IdNr\nMüller;Anna;65740977216\n', '65740977216'],
  ['> Steuer-ID: 65740977216\n> Bitte prüfen.', '65740977216'],
  ['Steuer-ID:</td><td>65740977216</td>', '65740977216'],
  ['My German tax ID is 65740977216, please update payroll.', '65740977216'],
  ['65740977216 ist meine Steuer-ID, bitte eintragen.', '65740977216'],
  ['Name\tPESEL\tKlasa\nJan Kowalski\t82051860998\t5b\n', '82051860998'],
  ['82051860998 to mój PESEL.', '82051860998'],
  ['143029101 is mijn BSN', '143029101'],
  ['285327747 é o meu NIF', '285327747'],
  ['SSN#: 438234205', '438234205'],
  ['social security # 438-23-4205', '438-23-4205'],
  ['Mi DNI: 45610077l', '45610077l'],
  ['personnr: 870212 2485', '870212 2485'],
  ['cpr.nr. 140233-4728', '140233-4728'],
  ['r.č.: 805811/8321', '805811/8321'],
  ['TCKN: 90816833558', '90816833558'],
  ['CPF 761 748 033 41', '761 748 033 41'],
  ['numéro de sécurité sociale : 1.82.03.75.754.937.80', '1.82.03.75.754.937.80'],
  ['90816833558 benim TC kimlik numaram', '90816833558'],
  // The number in the next sentence, referred back to by a word for "number".
  ['Mój PESEL jest błędny w systemie. Poprawny numer to 82051860998.', '82051860998'],
  ['My PESEL is wrong in your system. The correct number is 82051860998.', '82051860998'],
  ['Die Steuer-ID im Portal ist falsch. Die richtige Nummer lautet 65740977216.', '65740977216'],
  ['O NIF está errado. O número correto é 285327747.', '285327747'],
  ['82051860998 – to jest numer PESEL mojego syna', '82051860998'],
  [
    'Steuerliche Identifikationsnummer (elfstellig, steht auf dem Brief vom Bundeszentralamt): 65740977216',
    '65740977216',
  ],
  ['rodné č. 805811/8321', '805811/8321'],
  ['Sygesikringsbevis: 140233-4728', '140233-4728'],
  ["Numéro d'immatriculation : 182037575493780", '182037575493780'],
  // Accents lost in a PDF's text layer, the number in an attachment's file name.
  ['Numero de securite sociale: 1 82 03 75 754 937 80', '1 82 03 75 754 937 80'],
  ['Kimlik numarasi: 90816833558', '90816833558'],
  ['pesel_82051860998.pdf', '82051860998'],
  ['Steuer-ID_65740977216_Bescheid.pdf', '65740977216'],
  ['BSN_143029101.jpg', '143029101'],
  ['Name          PESEL          Klasa\nJan Kowalski  82051860998    5b', '82051860998'],
  ['Persönliche Identifikationsnummer (IdNr.): 65 740 977 216', '65 740 977 216'],
  ['Personalausweis-Nr.: YLC38CJPZ3', 'YLC38CJPZ3'],
  ['Das Foto meines Personalausweises zeigt die Nummer YLC38CJPZ3 oben rechts.', 'YLC38CJPZ3'],
  ['Ausweisnummer YLC38CJPZ3', 'YLC38CJPZ3'],
  ['my German ID card number is YLC38CJPZ3', 'YLC38CJPZ3'],
  // PL PESEL (82051860998)
  ['PESEL: 82051860998', '82051860998'],
  ['Mój numer PESEL to 82051860998, proszę o korektę.', '82051860998'],
  ['82051860998 (PESEL) – Jan Kowalski', '82051860998'],
  ['Imię i nazwisko;PESEL;Adres\nJan Kowalski;82051860998;Kraków\n', '82051860998'],
  ['<tr><td>PESEL</td><td>82051860998</td></tr>', '82051860998'],
  ['PESEL 820 518 609 98', '820 518 609 98'],
  ['My Polish national ID number (PESEL) is 82051860998.', '82051860998'],
  ['Temat: PESEL 82051860998 – korekta danych', '82051860998'],
  // NL BSN (143029101)
  ['Mijn BSN is 143029101.', '143029101'],
  ['BSN-nummer: 1430.29.101', '1430.29.101'],
  ['143029101 (burgerservicenummer)', '143029101'],
  ['naam,bsn,geboortedatum\nJan Jansen,143029101,01-02-1980\n', '143029101'],
  ['> Burgerservicenummer: 143 029 101', '143 029 101'],
  ['My Dutch citizen service number (BSN) is 143029101', '143029101'],
  // PT NIF (285327747)
  ['O meu NIF é 285327747.', '285327747'],
  ['NIF: 285 327 747', '285 327 747'],
  ['Número de Identificação Fiscal (NIF): 285327747', '285327747'],
  ['Nome;NIF;Morada\nAna Silva;285327747;Lisboa\n', '285327747'],
  ['Contribuinte n.º 285327747', '285327747'],
  ['my Portuguese tax number is 285327747', '285327747'],
  // BR CPF (76174803341)
  ['Meu CPF é 761.748.033-41', '761.748.033-41'],
  ['CPF: 76174803341', '76174803341'],
  ['761.748.033-41 (CPF do titular)', '761.748.033-41'],
  ['nome,cpf,email\nJoão,76174803341,joao@example.com\n', '76174803341'],
  ['CPF nº 761748033-41', '761748033-41'],
  // FR NIR (182037575493780)
  ['Mon numéro de sécurité sociale est le 1 82 03 75 754 937 80.', '1 82 03 75 754 937 80'],
  ['N° SS : 182037575493780', '182037575493780'],
  ['NIR : 1 82 03 75 754 937 clé 80', '1 82 03 75 754 937 clé 80'],
  ['Numéro de sécu 1820375754937 80', '1820375754937 80'],
  ['my French social security number is 182037575493780', '182037575493780'],
  // UK NINO
  ['My NI number is AB 12 34 56 C', 'AB 12 34 56 C'],
  ['National Insurance No.: JK123456D', 'JK123456D'],
  ['NINO: jk123456d', 'jk123456d'],
  ['name,ni_number,start\nJ Smith,JK123456D,2024-01-02\n', 'JK123456D'],
  ['National insurance number: JK-12-34-56-D', 'JK-12-34-56-D'],
  // US SSN
  ['SSN: 438-23-4205', '438-23-4205'],
  ['my social security number is 438 23 4205', '438 23 4205'],
  ['Social Security No. 438234205', '438234205'],
  ['438-23-4205 (SSN)', '438-23-4205'],
  // ES DNI / NIE
  ['Mi DNI es 45610077L', '45610077L'],
  ['DNI: 45.610.077-L', '45.610.077-L'],
  ['NIE Y-4093934-V', 'Y-4093934-V'],
  ['nombre;dni\nLucía;45610077L\n', '45610077L'],
  // IT codice fiscale
  ['Codice fiscale: BNCGNN79M15F205I', 'BNCGNN79M15F205I'],
  ['il mio CF è BNC GNN 79M15 F205I', 'BNC GNN 79M15 F205I'],
  // SE personnummer (870212-2485)
  ['Mitt personnummer är 870212-2485.', '870212-2485'],
  ['Personnummer: 19870212-2485', '19870212-2485'],
  ['personnummer 198702122485', '198702122485'],
  ['870212-2485 (personnummer)', '870212-2485'],
  // DK CPR (140233-4728)
  ['Mit CPR-nummer er 140233-4728', '140233-4728'],
  ['CPR nr.: 1402334728', '1402334728'],
  ['navn;cpr\nJens;140233-4728\n', '140233-4728'],
  // CZ rodné číslo (805811/8321)
  ['Rodné číslo: 805811/8321', '805811/8321'],
  ['moje rodné číslo je 805811 / 8321', '805811 / 8321'],
  ['RČ 8058118321', '8058118321'],
  // TR T.C. Kimlik (90816833558)
  ['T.C. Kimlik No: 90816833558', '90816833558'],
  ['TC kimlik numaram 90816833558', '90816833558'],
  ['Kimlik numarası: 908 168 335 58', '908 168 335 58'],
  ['ad;soyad;tckn\nAli;Yılmaz;90816833558\n', '90816833558'],
  ['my Turkish ID number is 90816833558', '90816833558'],
];

const ID_NEGATIVES: string[] = [
  'Bestellnummer 65740977216 – Steuer wurde ausgewiesen.',
  'Rechnung Nr. 65740977216, inkl. 19 % MwSt. (Steuer)',
  'Zamówienie 82051860998 zostało wysłane.',
  'Telefon: +48 820 518 609',
  'IBAN PL61 1090 1014 0000 0712 1981 2874',
  'Klantnummer 143029101 – factuur 2024-0311',
  'Encomenda 285327747 enviada; NIF da empresa no rodapé.',
  'Pedido 76174803341 enviado em 12/03/2024',
  'Customer number 182037575493780',
  'Invoice 438234205 due 2024-03-11',
  'Ordernummer 870212-2485',
  'Sipariş numarası 90816833558',
  'Kundennummer YLC38CJPZ3',
  'Tracking 1Z999AA10123456784',
  'PESEL podam później. Faktura 82051860998',
  'Die Steuer wurde mit 19 % berechnet; Rechnungsnummer 65 740 977 216',
  'Tel. 820 518 609 98',
  'Betrag: 143029101,50 EUR (BSN-gebonden)',
  'NIF da empresa: consulte a fatura 285327747',
  'invoice_82051860998.pdf',
  'Order 82051860998 shipped to Warsaw; PESEL not needed',
  'Proszę podać PESEL. Nasz numer telefonu: 82051860998',
  'Mój PESEL podam później.\n\nNumer zamówienia 82051860998',
  'Bitte die Steuer-ID nachreichen. Unsere Nummer für Rückfragen: 65740977216',
  'Steuer_Rechnung_65740977216.pdf',
];

const PASSPORTS: Probe[] = [
  ['Reisepass-Nr.: C01X00T47', 'C01X00T47'],
  ['Pass-Nr. C01X00T47', 'C01X00T47'],
  ['meine Reisepassnummer lautet C01X00T47', 'C01X00T47'],
  ['C01X00T47 (Reisepass)', 'C01X00T47'],
  ['Passport No: 533380006', '533380006'],
  ['my passport number is 533380006, expiring 2030', '533380006'],
  ['the photo of my passport shows the number 533380006 at the top', '533380006'],
  ['Subject: passport 533380006 booking change', '533380006'],
  ['name,passport_no,nationality\nJane Doe,533380006,GB\n', '533380006'],
  ['<td>Passport number</td><td>533380006</td>', '533380006'],
  ['> Passport: 533380006', '533380006'],
  ['N° de passeport : 19AV56789', '19AV56789'],
  ['mon numéro de passeport est 19AV56789', '19AV56789'],
  ['Número de pasaporte PAA123456', 'PAA123456'],
  ['Numero di passaporto: YA1234567', 'YA1234567'],
  ['Paspoortnummer: NW8R6K2J1', 'NW8R6K2J1'],
  ['Número do passaporte: CA123456', 'CA123456'],
  ['Nr paszportu: EA1234567', 'EA1234567'],
  ['numer paszportu EA1234567', 'EA1234567'],
  ['Passnummer: 95123456', '95123456'],
  ['Pasnummer: 206412345', '206412345'],
  ['Pas č. 45123456', '45123456'],
  ['číslo cestovního pasu: 45123456', '45123456'],
  ['Pasaport numarası: U12345678', 'U12345678'],
  ['Pasaport no U12345678', 'U12345678'],
  ['passport: c01x00t47', 'c01x00t47'],
  ['C01X00T47 is my passport number', 'C01X00T47'],
  ['Passaporto n. YA1234567', 'YA1234567'],
  ['Passport details: issued London, expires 2031-05-04, number 533380006', '533380006'],
  ['Passport No.\n\n533380006\n', '533380006'],
  ['Passnummer\tGültig bis\nC01X00T47\t2031-01-01\n', 'C01X00T47'],
  ['pas nr. 206412345', '206412345'],
  ['Nº do passaporte: FZ482913', 'FZ482913'],
  ['passport_530029877.pdf', '530029877'],
  ['scan_paszport_EA1234567.png', 'EA1234567'],
  ['Reisepass-C01X00T47.jpg', 'C01X00T47'],
  ['cislo pasu: 45123456', '45123456'],
  ['numero de passeport: 19AV56789', '19AV56789'],
];

const PASSPORT_NEGATIVES: string[] = [
  'Passport photo requirements: 35x45 mm, order 533380006',
  'Je ne passe pas la commande 533380006',
  'Boarding pass 533380006 attached',
  'Password: 533380006A',
  'I forgot my passport at home. Invoice 533380006 is attached.',
  "Il n'y a pas de facture 19AV56789",
  'passport photo booth, receipt 533380006',
  'passport_photo_2024.jpg',
  'Passport scan01.pdf',
  'order_533380006.pdf',
  'My passport is attached. Reference number: AB123456',
  'Passport copy received. Our number: 533380006',
  'Passwort: C01X00T47',
  'Pass auf! Bestellung C01X00T47',
];

describe('identity numbers as people write them', () => {
  it.each(IDS)('finds %j', (text, secret) => expectFound('national_id', [text, secret]));
  it.each(ID_NEGATIVES.map((t) => [t]))('no national id in %j', (text) => expectNone('national_id', text));
});

describe('passport numbers as people write them', () => {
  it.each(PASSPORTS)('finds %j', (text, secret) => expectFound('passport_number', [text, secret]));
  it.each(PASSPORT_NEGATIVES.map((t) => [t]))('no passport in %j', (text) =>
    expectNone('passport_number', text),
  );
});
