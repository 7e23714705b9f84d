import { passwordChatRules } from './password-chat.js';
import { passwordNoteRules } from './password-notes.js';
import {
  looksLikePassword,
  PASSWORD_KEYWORDS,
  PASSWORD_VALUE,
  plausiblePassword,
  refinePassword,
  VALUE_GROUPS,
} from './password-values.js';
import type { Rule, Span } from './rule.js';
import { tableCells } from './tables.js';

// Where the password is kept instead of in the table ("in 1Password", "siehe KeePass", "im Tresor").
const KEPT_ELSEWHERE = /1password|keepass|bitwarden|lastpass|dashlane|vault|tresor|coffre|bóveda|sms|signal/i;
// Words of letters only, sentence punctuation at the edges and between clauses ("same as VPN",
// "(ask Tom)", "(no password, captive page)"): a note.
const WORDS_ONLY = /^[("'[]?\p{L}+(?:[,;]?[ \t]+\p{L}+){1,8}[.)"'\]!?]?$/u;

/** A cell that says something about the password rather than holding it. */
function noteInsteadOfPassword(cell: string): boolean {
  return /\s/.test(cell) && (WORDS_ONLY.test(cell) || KEPT_ELSEWHERE.test(cell));
}

/** Cells under a password column header that could be a password. */
function* findTablePasswords(text: string): Generator<Span> {
  for (const cell of tableCells(text, 'password'))
    if (plausiblePassword(cell.text) && !noteInsteadOfPassword(cell.text))
      yield { start: cell.start, end: cell.start + cell.text.length };
}

// "username / password: jdoe / X": the labels themselves come as a pair.
const USER_SLASH_PASSWORD =
  '(?:user(?:name)?|benutzer(?:name)?|usuario|utilisateur)[ \\t]*/[ \\t]*(?:password|passwort|kennwort|pw|pwd|contraseña|mot de passe|mdp)';

// The run of non-blanks a keyword stands in holds a scheme or opens with a host's dot or a path's slash.
function insideLink(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 200), at);
  const run = /\S*$/.exec(before)?.[0] ?? '';
  return run.includes('://') || /^www\./i.test(run) || /[./]$/.test(run);
}

export const passwordLayoutRules: Rule[] = [
  {
    id: 'password-pair',
    type: 'password',
    rationale: '"login admin / S3cret!", "credentials: admin/hunter2", "Zugangsdaten Router: admin / X".',
    keywords: PASSWORD_KEYWORDS,
    // Keyword, up to five words, optional ":", then user, a slash, and the password.
    pattern: new RegExp(
      `(?<![\\p{L}\\p{N}])(login|logon|account|konto|compte|cuenta|credentials|creds|zugangsdaten|zugang|identifiants|accès|acceso|credenciales|${USER_SLASH_PASSWORD})(?!\\p{L})(?:[ \\t]+[^\\s:/]{1,24}){0,5}?[ \\t]*[:=]?[ \\t]*[\\p{L}\\p{N}._@+-]{1,64}[ \\t]*/[ \\t]*${PASSWORD_VALUE}`,
      'iu',
    ),
    group: VALUE_GROUPS.map((g) => g + 1),
    refine: refinePassword,
    validate: (v, ctx) => {
      // A URL path ("accounts.acme.io/verify?token=…") is not user/password.
      if (!plausiblePassword(v) || ctx.match?.[0].includes('://') || /^[\w.-]+\?\w+=/.test(v)) return false;
      // Nor is a keyword inside a link or a host name ("https://account.host.eu/password/reset").
      if (ctx.match && insideLink(ctx.text, ctx.match.index)) return false;
      // "login page / dashboard" is prose; explicit credential keywords may carry plain words.
      const explicit = /^(?:credentials|creds|zugangsdaten|identifiants|credenciales|\p{L}+[ \t]*\/)/iu.test(
        ctx.match?.[1] ?? '',
      );
      return explicit ? !/^[a-z]+$/i.test(v) || v.length >= 6 : looksLikePassword(v);
    },
    confidence: 0.8,
    samples: {
      match: [
        { text: 'Login admin / S3cret! works on staging.', secret: 'S3cret!' },
        { text: 'credentials: admin/hunter22', secret: 'hunter22' },
        { text: 'username / password: jdoe / Jd0e$2024', secret: 'Jd0e$2024' },
        { text: "It's the finance account: finance@gardenco.com / Gard3n&Co2024", secret: 'Gard3n&Co2024' },
        { text: 'Zugangsdaten Router: admin / Fritz!7590x', secret: 'Fritz!7590x' },
        { text: 'Windows login for the reception PC: reception / Recep2024!', secret: 'Recep2024!' },
      ],
      noMatch: [
        'login page / dashboard both return 502',
        'credentials: username/password',
        'login and/or password',
        'last login 12/03/2024',
        'Use the link below to choose a new password.\n\nhttps://account.hostnova.eu/password/reset',
        'see portal.acme.io/account/settings/password/reset',
      ],
    },
  },
  {
    id: 'password-table',
    type: 'password',
    rationale: 'Rows under a table header with a password column (markdown pipes, tabs, aligned columns).',
    keywords: [
      'pass',
      'pw',
      'kennwort',
      'contrase',
      'clave',
      'mot de passe',
      'mdp',
      'senha',
      'wachtwoord',
      'lösenord',
      'hasło',
      'haslo',
      'heslo',
      'şifre',
      'sifre',
      'parola',
      'adgangskode',
      'kodeord',
      'pin',
      // Wi-Fi key headers ("WPA2-nyckel", "WLAN-Schlüssel", "chiave Wi-Fi"): the key word is enough here.
      'nyckel',
      'schlüssel',
      'key',
      'clé',
      'chiave',
      'sleutel',
      'chave',
      'klucz',
      'nøgle',
      'klíč',
      'anahtar',
    ],
    pattern: /password/i,
    find: findTablePasswords,
    confidence: 0.8,
    samples: {
      match: [
        {
          text: 'System\tInloggning\tLösenord\tAnteckning\nWebmail\toskar.b\tvqi2716-RMnv',
          secret: 'vqi2716-RMnv',
        },
        { text: 'email;imie;haslo;rola\nanna@wp.pl;anna;Tatry_1982$;admin\n', secret: 'Tatry_1982$' },
        // A bare "Key" column beside a network's name is the Wi-Fi key (HTML table as text, markdown).
        {
          text: '\tNetwork\t\tBand\t\tKey\t\n\n\tHomeNet\t\t5 GHz\t\tmaple-fox-2210-rain\t\n',
          secret: 'maple-fox-2210-rain',
        },
        { text: '| Réseau | Clé |\n|---|---|\n| Maison | Pavot-Lune-7734 |', secret: 'Pavot-Lune-7734' },
        { text: 'eposta,ad,şifre,rol\nali@firma.com.tr,ali,Deniz.44x,admin\n', secret: 'Deniz.44x' },
        { text: '"uživatel","heslo"\n"jan","Praha#2023"\n', secret: 'Praha#2023' },
        { text: '\uFEFFbrukernavn;passord\nola;Fjord#2024x\n', secret: 'Fjord#2024x' },
        {
          text: '| Server | User | Password |\n|---|---|---|\n| web01 | deploy | D3ploy!web01 |',
          secret: 'D3ploy!web01',
        },
        { text: 'Username        Password\nalice           Al1ce-2024\n', secret: 'Al1ce-2024' },
        { text: 'Name\tUsername\tPassword\nAnna Berg\taberg\tBer9!anna', secret: 'Ber9!anna' },
        {
          text: 'Host\tUser\tPassword\tNotes\nweb01\troot\t\tSSH key only\ndb01\tpostgres\tPg#2024db',
          secret: 'Pg#2024db',
        },
        { text: '> | NAS | Password |\n> |---|---|\n> | nas01 | Nas!2024x |', secret: 'Nas!2024x' },
        { text: 'Site\tAdmin password\nshop.acme.de\tSh0p!admin', secret: 'Sh0p!admin' },
        { text: 'Server\tDatenbankpasswort\ndb01\tPg#2024db!x', secret: 'Pg#2024db!x' },
        { text: 'System\tLogin\tHasło\tUwagi\ncPanel\tkowal\tQz8@pLk3mw\n', secret: 'Qz8@pLk3mw' },
        { text: 'Sistem\tKullanıcı\tŞifre\nWordPress\tadmin\tKedi_1979x\n', secret: 'Kedi_1979x' },
        // A qualifier after the word, a Wi-Fi key, a password-or-code column.
        { text: 'PC\tUsuario\tContraseña BIOS\nPC-01\tana\tmkwiahc83\n', secret: 'mkwiahc83' },
        { text: 'Casella\tPassword attuale\tNote\nbook@hotel.it\tMare*8823\n', secret: 'Mare*8823' },
        { text: 'Enhet;SSID;WPA2-nyckel;Plats\nKassa;Butik;KassaNat!2026;Disk\n', secret: 'KassaNat!2026' },
        { text: 'Gerät\tWLAN-Schlüssel\nBüro\tXk4711-8823!x\n', secret: 'Xk4711-8823!x' },
        {
          text: 'Équipement\tMot de passe / code\tRemarque\nAlarme\t553014\tcode maître\n',
          secret: '553014',
        },
        {
          text: '\tHost\t\tPassword\t\tNotes\t\n\n\tweb01\t\t\t\tkey only\t\n\n\tCRM\t\tCrm#2024pw!\t\t\t\n',
          secret: 'Crm#2024pw!',
        },
      ],
      noMatch: [
        // A label/value table (an HTML form as text): the next row's label is no value.
        '\tMot de passe\t\tQx7+pLm2a\t\n\n\tServeur\t\timap.mail.fr\t\n',
        // Remarks in brackets under the header.
        'id;email;password\n1;a@b.it;(leer)\n2;c@d.it;(empty)\n',
        'Bruger;Adgangskode\nanna;<skift mig>\n',
        'Shipping, pinned orders, and more\nwe ship, you relax',
        'Name, heslo\nJan, viz trezor\n',
        '| Setting | Value |\n|---|---|\n| timeout | 30s |',
        // "Key" without a network column is a setting's name; a remark with a comma is a note.
        'Key\tValue\nTimeout\t30\nApiVersion\tv2x3\n',
        '\tNetwork\t\tBand\t\tKey\t\n\n\tGuest\t\t2.4 GHz\t\t(no password, captive page)\t\n',
        '| User | Password |\n|---|---|\n| admin | ******** |',
        'Username  Password\n(ask IT for both)',
        'User\tPassword hint\tLast password change\nanna\tdog1999!\t2024-03-01\n',
        'Konto\tKennwort geändert am\nanna\t12.03.2024\n',
        'System\tUsername\tPassword\tAPI key / token\nprod\tadmin\t\tq8Zr2Lk5Vb7Nc1Xm4Pw9Ts3Gy6Hd0Fa2J',
        'Dienst\tBenutzer\tPasswort\nVPN\tmmueller\tim Tresor\nMail\tmmueller\t(per SMS)\nCRM\tmmueller\tsiehe KeePass',
        '| Service | Username | Password |\n|---|---|---|\n| VPN | jdoe | in 1Password |\n| CRM | jdoe | same as VPN |',
      ],
    },
  },
  ...passwordNoteRules,
  ...passwordChatRules,
];
