import {
  continuesAsProse,
  looksLikePassword,
  namesNextValue,
  PASSWORD_KEYWORDS,
  PASSWORD_LABELS,
  PASSWORD_VALUE,
  plausiblePassword,
  refinePassword,
  STRONG_PASSWORD_VALUE,
  VALUE_GROUPS,
  wasQuoted,
} from './password-values.js';
import { nearBefore, type Rule, type Span } from './rule.js';

const L = `(?:${PASSWORD_LABELS})`;
// A token ending in a document's extension: a file named in the sentence.
const DOCUMENT_NAME = /\.(?:zip|7z|rar|txt|pdf|docx?|xlsx?|pptx?|csv|kdbx|png|jpe?g)$/i;
// A few words between label and verb: "for 203.0.113.5", "I set", "du wifi".
const WORDS = '(?:[ \\t]+[^\\s!?:]{1,24})';
// An adverb between verb and value: "das Passwort ist übrigens X", "the password is now X".
const FILLER =
  '(?:[ \\t]+(?:now|still|currently|actually|just|übrigens|jetzt|nun|aktuell|maintenant|actuellement|ahora|actualmente))?';

/** A label glued to a letter or digit is part of a longer word ("bypass"), unless camelCase ("smtpPassword"). */
function labelStartsWord(text: string, at: number): boolean {
  const prev = text[at - 1];
  if (prev === undefined || !/[\p{L}\p{N}]/u.test(prev)) return true;
  return /[a-z]/.test(prev) && text[at] === 'P';
}

// "clave" followed by "de API", "API", "de la API", "de acceso a la API" before the separator.
const CLAVE_API = /^clave[ \t]+(?:de[ \t]+)?(?:(?:la|acceso|acceso a la)[ \t]+)?api(?![\p{L}])/iu;

// The blanks before a trailing label are part of the match, which must therefore start where the
// blanks start (the lookbehind): tried from every blank of a long run, `[ \t]*` would rescan the rest
// of the run each time, quadratic work on a text of spaces that mentions a password anywhere.
const TRAILING = new RegExp(
  `(?<![ \\t])[ \\t]*(?:\\(|[-–—][ \\t]+)(?:that's |that is |this is |c'est |das ist |es )?(?:the |my |das |le |mon |la |mi |el )?(?:new |temporary |neues |nouveau |nueva )?(?:${L})(?!\\p{L})(?![ \\t]*[:=])(?![|])`,
  'giu',
);

/** For each trailing label, the token just before it on the same line, if it looks like a password. */
function* findTrailing(text: string): Generator<Span> {
  TRAILING.lastIndex = 0;
  // Bounded work on hostile input, as the engine does for pattern rules (MAX_REJECTED_PER_RULE).
  let rejected = 0;
  for (let m = TRAILING.exec(text); m !== null && rejected < 4000; m = TRAILING.exec(text)) {
    // Bounded look back: the token ends where the label begins and starts after whitespace or ":".
    const back = text.slice(Math.max(0, m.index - 130), m.index);
    const token = /(?:^|[\s:])([^\s:]{6,128})$/.exec(back)?.[1];
    if (token && looksLikePassword(token) && plausiblePassword(token)) {
      yield { start: m.index - token.length, end: m.index };
    } else rejected++;
  }
}

export const passwordRules: Rule[] = [
  {
    id: 'password-label',
    type: 'password',
    rationale: 'A password label followed by ":" or "=" (forms, config files, .env, JSON, XML attributes).',
    keywords: PASSWORD_KEYWORDS,
    // Label, optional "(new)" or "for <thing>", a separator, then the value on this line or alone on the next.
    pattern: new RegExp(
      `${L}["']?(?:[ \\t]{1,3}\\([^)\\n]{0,30}\\)|[ \\t]+(?:for|für|pour|para|del?|du|of|on|zum|zur|des)[ \\t][^\\n:=]{1,40}?)?[ \\t]{0,3}(?:[:=]|=>|-(?=[ \\t]))[ \\t]{0,4}(?:\\r?\\n[ \\t>]{0,8})?${PASSWORD_VALUE}`,
      'iu',
    ),
    group: VALUE_GROUPS,
    refine: refinePassword,
    validate: (v, ctx) => {
      const m = ctx.match;
      if (!m || !labelStartsWord(ctx.text, m.index) || !plausiblePassword(v)) return false;
      if (/palabra[ \t]+$/i.test(ctx.text.slice(Math.max(0, m.index - 12), m.index))) return false;
      // "login/mdp : user / secret": a pair of values after a pair of labels; the second is the password.
      if (
        /\/[ \t]*$/.test(ctx.text.slice(Math.max(0, m.index - 3), m.index)) &&
        /^[ \t]*\/[ \t]*\S/.test(ctx.text.slice(ctx.end, ctx.end + 8))
      )
        return false;
      // Spanish "clave de API" / "clave API" is an API key, named with the word for password.
      if (CLAVE_API.test(m[0])) return false;
      // A value on the line after "Label:" must be the whole line and not the next key ("user=").
      if (m[0].includes('\n')) {
        if (!/:[ \t]*\r?\n/.test(m[0]) || /[:=]$/.test(ctx.text.slice(ctx.start, ctx.end + 1).trimEnd()))
          return false;
        if (!/^[ \t]*(?:\r?\n|$)/.test(ctx.text.slice(ctx.end, ctx.end + 40))) return false;
      }
      // Meeting links carry an encoded passcode in ?pwd=: shared with every invitee, not a login.
      const before = ctx.text.slice(Math.max(0, m.index - 200), m.index);
      if (/[?&]$/.test(before) && /zoom\.us\/|webex\.com\//i.test(before)) return false;
      return wasQuoted(ctx) || !continuesAsProse(v, ctx);
    },
    confidence: 0.85,
    samples: {
      match: [
        { text: 'Password: Welcome#2024', secret: 'Welcome#2024' },
        { text: 'DB_PASSWORD=s8Kd!29fjQ\nDB_USER=app', secret: 's8Kd!29fjQ' },
        { text: '{"password": "Rep0rt ng$vc"}', secret: 'Rep0rt ng$vc' },
        { text: 'Passwort für den FTP: Ftp-Upl0ad! Benutzer upload.', secret: 'Ftp-Upl0ad!' },
        { text: 'mot de passe : Bonj0ur#Paris', secret: 'Bonj0ur#Paris' },
        { text: 'Contraseña: M4drid#2024', secret: 'M4drid#2024' },
        { text: 'mdp: Lyon-69-mdp', secret: 'Lyon-69-mdp' },
        { text: 'Kennwort:\n  Sonnenschein\n', secret: 'Sonnenschein' },
        { text: 'pass = GuestNet-88', secret: 'GuestNet-88' },
        { text: 'Password: sunshine', secret: 'sunshine' },
        { text: 'smtpPassword: Rl4y!mail', secret: 'Rl4y!mail' },
      ],
      noMatch: [
        // Encrypted at rest (SOPS), interpolated (configparser), a "change me" in another language.
        'db_password: ENC[AES256_GCM,data:Qk3x,iv:Zm9v,tag:YmFy,type:str]',
        'password = %(SMTP_PASSWORD)s',
        'heslo = ZMENIT',
        'password: REMPLACER_PAR_VOTRE_MDP',
        'password: cGFzc3dvcmQ=',
        'Password: ********',
        'password: changeme',
        'Password: <password>',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style placeholder is the sample
        'DB_PASSWORD=${DB_PASSWORD}',
        'password: {{ vault_db_password }}',
        'Password: sent separately by SMS',
        'Password: N/A',
        'password_reset_url: https://portal.acme.io/reset',
        'password=\nusername=',
        'Zoom: https://us02web.zoom.us/j/84522910034?pwd=vMTJxkz3mGvg71bWc1OY4QKoodLfiZ2r',
        'palabra clave: facturación',
        'clave de API: Hyz78co905Ea0oSQ0iX6i9yxLrgFPrTeYTx5kPTp',
        'Password: [REDACTED:password]',
        'bypass: enabled',
        '(using password: YES)',
        'login/mdp : lefevre.m / papillon207',
      ],
    },
  },
  {
    id: 'password-prose',
    type: 'password',
    rationale: '"my password is X", "das Passwort lautet X", "le mot de passe est X", "la contraseña es X".',
    keywords: PASSWORD_KEYWORDS,
    // Label, up to three words ("for 203.0.113.5", "I set"), a verb, then the value.
    pattern: new RegExp(
      `(?:${L}${WORDS}{0,3}?[ \\t]+(?:is|was|ist|lautet|war|est|était|es|era|è)${FILLER}|(?:changed|set|reset|updated)${WORDS}{0,3}?[ \\t]+to)(?=[ \\t:])[ \\t]*:?[ \\t]*${STRONG_PASSWORD_VALUE}`,
      'iu',
    ),
    group: VALUE_GROUPS,
    refine: refinePassword,
    validate: (v, ctx) => {
      const m = ctx.match;
      if (!m || !labelStartsWord(ctx.text, m.index) || !plausiblePassword(v)) return false;
      if ((!wasQuoted(ctx) && !looksLikePassword(v)) || namesNextValue(ctx)) return false;
      // "changed it to X" only counts when the sentence is about a password.
      const about = /^(?:changed|set|reset|updated)/i.test(m[0]);
      return !about || nearBefore(ctx.text, ctx.end + 120, 240, ['password', 'passwort', 'kennwort']);
    },
    confidence: 0.8,
    samples: {
      match: [
        { text: 'My password is Summer2024! and the username is jm.', secret: 'Summer2024!' },
        { text: 'The root password for 203.0.113.5 is Xk9$mv2LpQ - we need', secret: 'Xk9$mv2LpQ' },
        { text: 'Das Kennwort lautet Kuchen2023 – bitte ändern.', secret: 'Kuchen2023' },
        { text: 'Mon mot de passe est Soleil2024! et', secret: 'Soleil2024!' },
        { text: 'La clave del servidor es S3rv1dor$ por si', secret: 'S3rv1dor$' },
        { text: 'the admin password is "correct horse battery" (yes)', secret: 'correct horse battery' },
        { text: 'the password I set was Sunflower#77.', secret: 'Sunflower#77' },
        { text: 'Hallo, das Passwort ist übrigens Hund&Katze7.', secret: 'Hund&Katze7' },
      ],
      noMatch: [
        'My password is not working since yesterday.',
        'The password is incorrect, it says.',
        'I cannot remember whether the password is case-sensitive.',
        'Our password for the guest wifi is printed on the reception desk.',
        'Password expiry is set to 90 days.',
        'La clave del éxito es la constancia.',
        'I set it to v2.3.1 yesterday.',
      ],
    },
  },
  {
    id: 'password-inline',
    type: 'password',
    rationale:
      'A label directly followed by a password-looking value ("password Lw!2024bp", "PW Mei3r_GmbH").',
    keywords: PASSWORD_KEYWORDS,
    // No "pass" here: "pass the parameter" is English, not a label.
    pattern: new RegExp(
      `(?:pass(?:wor[dt]|wd)|pw|pwd|kennwort|mot de passe|mdp|contrase(?:ñ|n)a|clave)[ \\t]+(?:(?:\\p{L}{1,20}[ \\t]+)?\\(${STRONG_PASSWORD_VALUE}\\)|${STRONG_PASSWORD_VALUE})`,
      'iu',
    ),
    group: [1, 2, 3, 4, 5, 6, 7, 8],
    refine: refinePassword,
    validate: (v, ctx) =>
      ctx.match !== undefined &&
      (wasQuoted(ctx) || looksLikePassword(v)) &&
      !namesNextValue(ctx) &&
      labelStartsWord(ctx.text, ctx.match.index) &&
      plausiblePassword(v) &&
      // A document's name ("Passwort Liste2024.xlsx"): the keyword rule judges what it holds.
      !DOCUMENT_NAME.test(v + (/^\.\w{2,4}/.exec(ctx.text.slice(ctx.end, ctx.end + 6))?.[0] ?? '')),
    confidence: 0.75,
    samples: {
      match: [
        { text: 'Email is lw@bp.io, password Lw!2024brightpath. I reset it.', secret: 'Lw!2024brightpath' },
        { text: 'Nutzer meier-gmbh, PW Mei3r_GmbH', secret: 'Mei3r_GmbH' },
        { text: 'user "marketing", password "Mkt2024$$"', secret: 'Mkt2024$$' },
        { text: 'login jdupont, mot de passe Dup0nt!2024', secret: 'Dup0nt!2024' },
        { text: 'I use the same password everywhere (Mango$1987) so', secret: 'Mango$1987' },
      ],
      noMatch: [
        'Keepass or Bitwarden, which password manager do you recommend?',
        "La password dell'area riservata non funziona",
        'Im Anhang (Passwort Liste2024.xlsx) steht alles.',
        'see the attached password policy2024.pdf',
        'FATAL: password authentication failed for user "postgres"',
        'Pass the parameter --dry-run first.',
        'Le mot de passe doit contenir au moins 8 caractères.',
        'Clave aws_secret_access_key = MW8qEVWHlq3KL2dtWwIRc43dT73D4ANKtKzT5T8h',
        'Clave "api_key": "dYRU7h64Lpl4y2eOisDBq5dGmONyK171"',
      ],
    },
  },
  {
    id: 'password-trailing-label',
    type: 'password',
    rationale:
      'A value labelled after the fact: "Temp#4417 (password for the portal)", "X - that is the password".',
    keywords: PASSWORD_KEYWORDS,
    // The label after the value; the value itself is found by looking back from it (findTrailing).
    pattern: TRAILING,
    find: findTrailing,
    confidence: 0.7,
    samples: {
      match: [
        {
          text: "I've set a temporary one for you: Temp#4417 (password for the portal)",
          secret: 'Temp#4417',
        },
        { text: 'Here: Gx8!qLm2 - that is the password', secret: 'Gx8!qLm2' },
      ],
      noMatch: [
        'Please reset it (password reset link below)',
        'Enter the code (password) twice',
        'SSID OfficeGuest, pass = GuestNet-88',
        'User: Adm1nUser - Password: see below',
        // A regular expression in a logging config: "(password|passwort|token)=".
        `{"msg":"%replace(%msg){'(password|passwort|token)=[^& ]+', '$1=****'}"}`,
      ],
    },
  },
];
