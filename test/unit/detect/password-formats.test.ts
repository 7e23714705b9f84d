import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';

// Probes written before running the rules on them: how passwords and recovery codes reach a
// support desk in the twelve languages and in the formats mail carries them — quoted replies
// (Gmail's "> ", Outlook's header block), forwards, spreadsheet rows (xlsx as tab-separated text),
// CSV, config files, XML exports, logs and Subject lines — and hard negatives in each language
// that use the same words with no secret. Values are invented for this file.
const detector = createDetector();
const covered = (text: string, secret: string) =>
  detector
    .scan(text)
    .some((m) => m.value.includes(secret) || (secret.includes(m.value) && m.value.length >= 4));
const secretFindings = (text: string) =>
  detector
    .scan(text)
    .filter((m) => m.type === 'password' || m.type === 'generic_api_key' || m.type === 'recovery_codes');

type Probe = readonly [text: string, secret: string];

const OUTLOOK = (lang: { from: string; sent: string; to: string; subject: string }, body: string) =>
  `Thanks.\n\n________________________________\n${lang.from}: Ana <ana@example.org>\n${lang.sent}: 2026-09-23 16:41\n${lang.to}: support@example.net\n${lang.subject}: Ticket #4411\n\n${body}\n`;
const GMAIL = (intro: string, body: string) =>
  `Yes, it is on.\n\n${intro}\n${body
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n')}\n`;

const FOUND: Record<string, readonly Probe[]> = {
  'quoted replies': [
    [
      OUTLOOK(
        { from: 'Od', sent: 'Wysłano', to: 'Do', subject: 'Temat' },
        'Sieć: DOM-5G, hasło do wifi mrkq-tzul-8812\nPanel routera: admin, hasło Kajak2291*',
      ),
      'mrkq-tzul-8812',
    ],
    [
      OUTLOOK(
        { from: 'Från', sent: 'Skickat', to: 'Till', subject: 'Ämne' },
        'Nätverket heter HEM-22, wifi-lösenordet är pxor-lane-3310\nRouterns adminlösen: Lakrits44.',
      ),
      'Lakrits44',
    ],
    [
      GMAIL(
        'Den tors 24 sep. 2026 kl 10:12 Support <support@example.net> skrev:',
        '> Hej,\n> Routerns rootlösen: Fjäril#2020\n> Oskar',
      ),
      'Fjäril#2020',
    ],
    [
      GMAIL(
        'Am Do., 24. Sept. 2026 um 10:12 Uhr schrieb Support <support@example.net>:',
        'Passwort fürs WLAN Brezel-2277x\nGruß',
      ),
      'Brezel-2277x',
    ],
    [
      GMAIL('Le jeu. 24 sept. 2026 à 10:12, Support a écrit :', 'mot de passe du wifi zorp-kilo-5521\nMerci'),
      'zorp-kilo-5521',
    ],
    [
      GMAIL('On Thu, Sep 24, 2026 at 10:12 AM Support wrote:', 'password for wifi Tern-4471-Quay\nThanks'),
      'Tern-4471-Quay',
    ],
  ],
  'config files': [
    [
      'DB_CONNECTION=mysql\nDB_USERNAME=shop\nDB_PASSWORD=%D=_H!0PaO?GGz9n\nMAIL_MAILER=smtp',
      '%D=_H!0PaO?GGz9n',
    ],
    ['[client]\nuser=backup\npassword=%q7Lr!x2Pz\n', '%q7Lr!x2Pz'],
    ["'password' => env('DB_PASSWORD', 'Rz8qLm4Tw2'),", 'Rz8qLm4Tw2'],
    ['command: ["redis-server", "--requirepass", "Kq8Lm2Rt5Zp"]', 'Kq8Lm2Rt5Zp'],
  ],
  'xml exports': [
    [
      '<Entry>\n  <String><Key>Title</Key><Value>NAS</Value></String>\n  <String><Key>UserName</Key><Value>admin</Value></String>\n  <String><Key>Password</Key><Value ProtectInMemory="True">Qm7zLp2Xv9Rk</Value></String>\n</Entry>',
      'Qm7zLp2Xv9Rk',
    ],
    [
      '<configuration>\n  <property>\n    <name>javax.jdo.option.ConnectionPassword</name>\n    <value>H1ve#Meta22</value>\n  </property>\n</configuration>',
      'H1ve#Meta22',
    ],
    [
      '<applicationSettings>\n  <setting name="SmtpPassword" serializeAs="String">\n    <value>Sm7p!Relay</value>\n  </setting>\n</applicationSettings>',
      'Sm7p!Relay',
    ],
  ],
  'tables and sheets': [
    ['\tNetwork\t\tBand\t\tKey\t\n\n\tHomeNet\t\t5 GHz\t\tmaple-fox-2210-rain\t\n', 'maple-fox-2210-rain'],
    ['SSID\tSchlüssel\nBüro-WLAN\tKrokus!Wiese88\n', 'Krokus!Wiese88'],
    ['| Réseau | Clé |\n|---|---|\n| Maison | Pavot-Lune-7734 |', 'Pavot-Lune-7734'],
    ['Imię\tE-mail\tHasło\tRola/role\nNina\tnina@example.eu\tPiernik1448?\tviewer\n', 'Piernik1448?'],
    ['"service","login","password","notes"\n"CMS","redakcja","Sol1360!",""\n', 'Sol1360!'],
  ],
  'bold labels': [
    ['Hi,\n\n*Password:* Quartz-77-lake\n\nThanks', 'Quartz-77-lake'],
    ['**Passwort:** Tanne#2288', 'Tanne#2288'],
    ['<b>Contraseña:</b> Tortilla#9', 'Tortilla#9'],
    ['__Hasło:__ Zubr!2290', 'Zubr!2290'],
    ['Bonjour,\nMot de passe : « Lavande!42 »\nCordialement', 'Lavande!42'],
  ],
  'subject lines and prose': [
    ['Subject: Nyt kodeord til webshop: Hygge#4471', 'Hygge#4471'],
    ['Konu: yeni şifrem Kebap_5521 çalışmıyor', 'Kebap_5521'],
    ['Předmět: heslo k serveru Knedlik#66', 'Knedlik#66'],
    ['Adgangskoden til routeren er Rugbrød_2024', 'Rugbrød_2024'],
    ['kullanıcı adı: ayilmaz şifre: Lokum_4471', 'Lokum_4471'],
    ['2026-09-01 12:00:01 ERROR auth failed for user=admin password=Xy9!kLm22 host=db1', 'Xy9!kLm22'],
  ],
  'recovery codes': [
    // Google's printout: two numbered columns of codes below its title and the account.
    [
      'BACKUP VERIFICATION CODES\nanna@gmail.com\n\n1. 4821 7730    6. 9912 3345\n2. 1193 5528    7. 2210 8876\n3. 6604 2291    8. 5532 1109\n',
      '9912 3345',
    ],
    ['Kody odzyskiwania (Facebook):\n4821 7730\n1193 5528\n6604 2291', '1193 5528'],
    ['Backup-koder til Microsoft-kontoen:\nQ7W8-E9R1-T2Y3\nU4I5-O6P7-A8S9\nD1F2-G3H4-J5K6', 'U4I5-O6P7-A8S9'],
    ['yedek kodlar:\n48217730\n11935528\n66042291\n83751046', '66042291'],
  ],
  'bank codes': [
    ['personnr 19550417-3617\nkod till telefonbanken: Kotek1253?\nMvh', 'Kotek1253'],
    ['Code für das Onlinebanking: Ahorn#5521', 'Ahorn#5521'],
    ['kod do bankowości: Misio#2022', 'Misio#2022'],
    ['code pour la banque en ligne : Zx81-lyon', 'Zx81-lyon'],
  ],
};

const NOT_FOUND: Record<string, readonly string[]> = {
  en: [
    'Error code for bank transfer: E404, please check.',
    '<String><Key>Title</Key><Value>Router</Value></String>',
    '<name>hive.password.policy</name>\n<value>strict</value>',
    'password: %env(MAILER_PASSWORD)%',
    'Wi-Fi password for HomeNet is on the sticker.',
    '\tNetwork\t\tBand\t\tKey\t\n\n\tGuest\t\t2.4 GHz\t\t(no password, captive page)\t\n',
    'Key\tValue\nTimeout\t30\nApiVersion\tv2\n',
  ],
  codes: [
    'Your order numbers:\n4821-7730\n1193-5528\n6604-2291\n8375-1046',
    'Rechnungsnummern: 4821-7730, 1193-5528, 6604-2291',
    'SN7-4K2A-99X1\nSN7-8B3C-12Y4\nSN7-5D6E-34Z7\nSN7-9F1G-56W2\nSN7-3H8J-78V5\n',
  ],
  fr: ['Mot de passe : « oublié »', 'Le mot de passe « temporaire » a expiré.'],
  bold: ['*Password:* please see below', '**Passwort:** kommt per SMS'],
  de: ['Gutschein einlösen: HERBST2024', 'Passwort für WLAN FRITZ-7590', 'Rabattcode für die Bank: SOMMER24'],
  pl: ['Klucz WPA2 do sieci Funbox-3A7C', 'hasło do wifi NETIA-ER33'],
  tr: ["Şifre .my.cnf'dekiyle aynı, kontrol ettim.", 'Şifre güvenliği: %100', "Şifre config.php'de yazıyor."],
  csv: ['"service","url","login","password","notes"\n', 'Imię\tE-mail\tHasło\tRola/role\n'],
};

describe('password probes by format', () => {
  for (const [group, probes] of Object.entries(FOUND))
    it.each(probes.map((p) => [p[1], p[0]] as const))(`${group}: covers %s`, (secret, text) => {
      expect(covered(text, secret)).toBe(true);
    });
  for (const [group, texts] of Object.entries(NOT_FOUND))
    it.each(texts.map((t) => [t] as const))(`${group}: no secret in %j`, (text) => {
      expect(secretFindings(text)).toEqual([]);
    });
});
