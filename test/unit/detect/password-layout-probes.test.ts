import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';

// Probes written before running the rules: passwords that no label introduces, only the layout or
// the sentence around them (handover notes, Wi-Fi lines naming the network, chat transcripts,
// replies that refer back to the password), in the twelve languages and in
// the forms mail carries them (plain, quoted with "> ", HTML as text, attachments). Hard negatives
// use the same layouts with no secret. Values are invented for this file.
const detector = createDetector();
const covered = (text: string, secret: string) =>
  detector
    .scan(text)
    .some((m) => m.value.includes(secret) || (secret.includes(m.value) && m.value.length >= 4));
const passwords = (text: string) => detector.scan(text).filter((m) => m.type === 'password');

type Probe = readonly [name: string, text: string, secret: string];

const notes = (heading: string, user: string, value: string, lead = 'Notes') =>
  `${lead}\n\n${heading}\n${user}\n${value}\n\nwifi Livebox\nkirsche-ampel-fluss42\n`;

const FOUND: readonly Probe[] = [
  // Handover notes: device heading, indented user, indented password.
  [
    'en router block',
    'HANDOVER\n\nRouter (192.168.1.1)\n  admin\n  Quill$72Rook\n\nNotes: none',
    'Quill$72Rook',
  ],
  ['de NAS block', 'Übergabe IT\n\nNAS (10.0.0.5)\n  root\n  Wolke-7Kirsche!\n', 'Wolke-7Kirsche!'],
  ['fr notes', notes('messagerie contact@', 'identifiant : cabinet', 'Mouette2019$'), 'Mouette2019$'],
  ['es notes', notes('panel hosting', 'usuario: despacho', 'Tortilla88?'), 'Tortilla88?'],
  ['it notes', notes('pannello hosting', 'utente: ufficio', 'Gelato_2020x'), 'Gelato_2020x'],
  ['pt notes', notes('painel do alojamento', 'utilizador: escritorio', 'Bacalhau#31'), 'Bacalhau#31'],
  ['nl notes', notes('webmail info@', 'gebruiker: kantoor', 'Stroopwafel42!'), 'Stroopwafel42!'],
  ['pl notes', notes('serwer poczty (mail)', 'użytkownik: biuro', 'Pierogi_77x'), 'Pierogi_77x'],
  ['sv notes', notes('webmail kontor', 'användare: kontor', 'Kanelbulle9!'), 'Kanelbulle9!'],
  ['da notes', notes('mail kontor', 'bruger: kontor', 'Smorrebrod4#'), 'Smorrebrod4#'],
  ['cs notes', notes('webmail kancelář', 'uživatel: kancelar', 'Knedlik_2021'), 'Knedlik_2021'],
  ['tr notes', notes('webmail ofis', 'kullanıcı: ofis', 'Simit_2022x'), 'Simit_2022x'],
  ['quoted notes', '> Zugänge\n>\n> Kundenportal\n> Benutzer: buero\n> Ahorn7Blatt\n>\n', 'Ahorn7Blatt'],
  [
    'two blocks, no users',
    'Office\n\nwebmail (info@)\nAzulejo2004@\n\nwifi Gast\nmaple-river-stone11\n',
    'Azulejo2004@',
  ],
  // A Wi-Fi line naming its network, then the key.
  ['wifi quoted name', 'WiFi "Biuro-5G": we3kpum5eqgujwvv\n', 'we3kpum5eqgujwvv'],
  ['wlan bracket name', 'WLAN (Gäste): Sonne-Mond-77\n', 'Sonne-Mond-77'],
  ['wifi dash', '- wifi "Kantoor": KaffeHygge083\n', 'KaffeHygge083'],
  // Chat transcripts: the answer is the whole next message.
  [
    'en chat pin',
    '[14/10/2026, 09:13:02] Kev: it wants a pin too\n[14/10/2026, 09:13:30] Me: 763176\n',
    '763176',
  ],
  [
    'de chat pw',
    '14.10.26, 09:12 - Uwe: wie war das Passwort nochmal?\n14.10.26, 09:13 - Ich: Igel_4411\n',
    'Igel_4411',
  ],
  [
    'fr chat pin',
    '[14/10/2026 09:13:02] Manu: il demande un code PIN aussi\n[14/10/2026 09:13:30] Moi: 091552\n',
    '091552',
  ],
  ['pl chat', '[03.03.25 10:41] Ola: jakie jest hasło?\n[03.03.25 10:42] Jan: Sowa!2044\n', 'Sowa!2044'],
  [
    'tr chat',
    '[03-03-25 10:41:17] Emre: şifre neydi?\n[03-03-25 10:42:24] Mehmet: Kedi-Simit45\n',
    'Kedi-Simit45',
  ],
  ['quoted chat', '> [09:13] Kev: what is the password?\n> [09:14] Me: Harbour9$x\n', 'Harbour9$x'],
  // Replies that refer back to the password in the quoted message.
  [
    'en now',
    "Sorry, I changed it again, it's now Hamster1962. \n\n> Was the password changed?",
    'Hamster1962',
  ],
  [
    'de now',
    'Ich habe es heute geändert, jetzt ist es: Primel2016&\n\n> Wurde das Passwort geändert?',
    'Primel2016&',
  ],
  [
    'fr now',
    "Je l'ai rechangé ce matin, c'est maintenant Azur1971+\n\n> Le mot de passe a-t-il été modifié ?",
    'Azur1971+',
  ],
  [
    'es now',
    'La cambié otra vez, ahora es Kasper1977+ (con mayúscula).\n\n> ¿Se ha cambiado la contraseña?',
    'Kasper1977+',
  ],
  ['pt now', 'Mudei outra vez, agora é Luna2015$\n\n> A palavra-passe foi alterada?', 'Luna2015$'],
  [
    'it now',
    "L'ho cambiata di nuovo, adesso è Pamplona2021.\n> La password è stata cambiata?",
    'Pamplona2021',
  ],
  // A file named after its password, named in a sentence; "pass do …"; Spanish "la contra".
  ['pl file name', 'W załączniku (hasło AXTKJXJAELL5.txt) wszystko.', 'AXTKJXJAELL5'],
  ['pt pass do', 'A pass do correio de voz Grghap29++ também não funciona.', 'Grghap29++'],
  ['es la contra', 'contabilidad@ y la contra es Soleil_3872', 'Soleil_3872'],
  // The value in the next paragraph after "is below"; a quoted argument torn across lines.
  ['en below', 'my password is below\n\nKr8!mountain\n\nthanks', 'Kr8!mountain'],
  ['nl below', 'het wachtwoord staat hieronder.\n\nKr8!molen\n\ngroet', 'Kr8!molen'],
  ['setx unquoted', 'C:\\Users\\admin> setx SMTP_PASSWORD Kr8!mountain /M\n', 'Kr8!mountain'],
  ['torn quote', "Hej\n\nsshpass -p '\nhammarby5984' ssh root@186.73.75.37 -p 2222\n", 'hammarby5984'],
];

const NOT_FOUND: readonly [name: string, text: string][] = [
  ['inventory models', 'Inventory\n\nRouter\nRT-AX88U\n\nSwitch\nGS108E-300\n'],
  ['server os', 'Server\n  web01\n  Ubuntu22.04\n\nNAS\n  nas01\n  DSM7.2\n'],
  ['mail heading, address', 'Mail\n  info@acme.de\n\nWebmail\n  https://mail.acme.de\n'],
  ['signature', 'Best regards\n\nJohn Smith\nAcme-Corp2024\n'],
  ['wifi name line', 'WiFi name: SKYLINE-4F2A\nWiFi key: see sticker'],
  ['wifi status', 'WiFi "Office-5G": down since Monday'],
  ['wifi network word', 'WLAN Netzwerk: Buero-5G'],
  ['chat no answer', '[09:13] Kev: what is the password?\n[09:14] Me: ok\n'],
  ['chat year', '[14/10/2026, 09:13:02] Kev: the pin is on the sticker\n[14/10/2026, 09:13:30] Me: 2024\n'],
  ['chat value given', '[09:12] Me: pw is in the vault\n[09:13] Kev: Danke!\n'],
  ['now, no password', 'I changed the plan again, it is now Pro-2024 for everyone.'],
  ['now, server', 'We changed the password server, it is now web02.example.com'],
  ['typed, ip', 'The password field is empty when I type 192.168.1.1 in the browser.'],
  ['typed, security type', 'Wi-Fi password settings: Security type WPA2-Personal, band 5 GHz'],
  ['typed, keys', 'To change the password press Enter Ctrl+Alt+Del'],
  ['doc name', 'Im Anhang (Passwort Liste2024.xlsx) steht alles.'],
  ['doc name en', 'see the attached password policy2024.pdf'],
  ['link', 'Use the link below to choose a new password.\n\nhttps://account.hostnova.eu/password/reset'],
  ['contra prose', 'La lucha contra COVID-19 sigue.'],
  ['below, policy', 'the password requirements are below\n\nMinimum-12\n\nthanks'],
  ['below, link', 'the password reset link is below\n\nhttps://x.example.com/reset\n'],
  ['setx setting', 'setx PASSWORD_POLICY strict\nsetx PATH C:\\tools /M\n'],
  ['tr de prose', 'Şifre de yanlış diyor, bakabilir misiniz?'],
];

describe('passwords by layout and back-reference (probes)', () => {
  for (const [name, text, secret] of FOUND)
    it(`finds ${name}`, () => {
      expect(covered(text, secret), text).toBe(true);
    });
  for (const [name, text] of NOT_FOUND)
    it(`finds nothing in ${name}`, () => {
      expect(
        passwords(text).map((m) => m.value),
        text,
      ).toEqual([]);
    });
});
