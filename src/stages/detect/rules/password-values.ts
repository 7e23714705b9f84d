import { PASSWORD_STATE_WORDS } from './password-keywords.js';
import { isPlaceholder } from './placeholders.js';
import { type MatchContext, trimTrailingPunctuation } from './rule.js';

/** Labels that name a password, in the languages customers write to us in. */
export const PASSWORD_LABELS =
  'pass(?:wor[dt]|wd|phrase)?|pw|pwd|kennwort|mot de passe|mdp|contrase(?:ñ|n)a|clave|senha|wachtwoord|has[łl]o|lösenord|salasana';

export const PASSWORD_KEYWORDS = [
  'pass',
  'pw',
  'kennwort',
  'mot de passe',
  'mdp',
  'contraseña',
  'contrasena',
  'clave',
  'senha',
  'wachtwoord',
  'hasło',
  'haslo',
  'lösenord',
  'salasana',
  'login',
  'credentials',
  'creds',
  'account',
  'konto',
  'compte',
  'cuenta',
  'zugang',
  'identifiants',
  'credenciales',
  'acceso',
  'accès',
];

// The value after a label: quoted (spaces allowed inside) or one run of non-space characters.
export const PASSWORD_VALUE = `(?:"([^"\\r\\n]{1,128})"|'([^'\\r\\n]{1,128})'|“([^”\\r\\n]{1,128})”|([^\\s"'“(\\[{<][^\\s]{0,127}))`;
export const VALUE_GROUPS = [1, 2, 3, 4] as const;
// The same, but an unquoted value must contain a digit or symbol (prose and label-less forms,
// where a plain word is almost always just the next word of the sentence).
export const STRONG_PASSWORD_VALUE = PASSWORD_VALUE.replace(
  '|([^\\s',
  '|(?=[^\\s]{0,127}[^\\p{L}\\s])([^\\s',
);

// Words that follow a label in prose or forms without being the password.
const STOPWORDS = new Set(
  (
    'required optional none null nil n/a na empty blank same unchanged hidden masked removed unknown true false ' +
    'yes no ok field policy must should cannot not still being also here there this that your yours mine the ' +
    'sent send expired expires expiry incorrect invalid wrong reset changed change forgot forgotten provided ' +
    'attached below above included protected manager managers hint please see siehe voir ver wird ist und ' +
    'vergessen muss doit debe envoyé enviado enviada identique igual gleich leer vide vacío password passwort ' +
    'kennwort contraseña clave mdp pass pwd secret token username user benutzer usuario login admin'
  )
    .split(' ')
    .concat(PASSWORD_STATE_WORDS),
);

/** A password someone chose rather than a word in a sentence: mixes letters with digits or symbols. */
export function looksLikePassword(v: string): boolean {
  if (v.length < 6 || /^v?\d+(?:\.\d+)+$/.test(v)) return false;
  // Hyphenated words ("self-service", "up-to-date") are prose; a generated passphrase or app
  // password ("zerp-uooi-apsu-fdsd", "ikqi-asib-aodq-sknf") is three or more groups of one case.
  if (/^[A-Za-z]+(?:-[A-Za-z]+)+$/.test(v)) return generatedPassphrase(v);
  const letter = /\p{L}/u.test(v);
  const digit = /\d/.test(v);
  const symbol = /[^\p{L}\d]/u.test(v);
  const innerUpper = /\p{Ll}.*\p{Lu}|\p{Lu}{2}.*\p{Ll}/u.test(v);
  return (letter && (digit || symbol || innerUpper)) || (digit && symbol);
}

// Three to six groups of 3-10 letters, all lower-case or all capitals, joined by one kind of separator.
const PASSPHRASE = /^(?:[a-z]{3,10}(?:-[a-z]{3,10}){2,5}|[A-Z]{3,10}(?:-[A-Z]{3,10}){2,5})$/;

/** A passphrase of letter groups, as password generators and app-password pages print them. */
export function generatedPassphrase(v: string): boolean {
  return v.length >= 12 && PASSPHRASE.test(v);
}

// An upper-case identifier of two parts or more, and the parts that name a credential in one.
const ENV_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const CREDENTIAL_PART = /^(?:PASS|PASSWORD|PASSWD|PWD|PW|SECRET|TOKEN|KEY|APIKEY|AUTH|CREDENTIALS?)$/;

// Values opening with "%" that stand for another value: a Windows variable ("%APPDATA%\\x"), Symfony's
// "%env(DB_PASSWORD)%" and "%kernel.secret%", Puppet's "%{hiera('x')}", a printf "%s", a bare "%NAME",
// or a Turkish percentage ("%100"). A random password may begin with "%" all the same ("%D=_H!0Pa").
const PERCENT_TEMPLATE = /^%(?:\w+%|[({<%]|[^%\s]{1,80}%$|[A-Za-z_]+$|[sd]$|\d+(?:[.,]\d+)?[.,;:!?)]*$)/;

/** Checks every password rule applies to the value itself. */
export function plausiblePassword(v: string): boolean {
  if (v.length < 4 || v.length > 128 || STOPWORDS.has(v.toLowerCase()) || isPlaceholder(v)) return false;
  // URLs, paths, e-mail addresses, vault references and templating are not passwords.
  if (/^(?:[a-z][a-z0-9+.-]*:\/\/|www\.|[/~]|\.\/|[A-Za-z]:\\|!vault|ENC[([]|\$\()/i.test(v)) return false;
  if (v.startsWith('%') && PERCENT_TEMPLATE.test(v)) return false;
  // Dates, times and version numbers ("12/03/2024", "4.2.1") fill password-shaped slots in logs.
  if (/^[\d/.:-]+$/.test(v) && /\d[/.:-]\d/.test(v)) return false;
  // A word closing a quotation ("«Password dimenticata?»"): the label was a button's caption.
  if (/^\p{L}+[?!.,;:]*[»”“"')]+$/u.test(v)) return false;
  // An elided article or preposition and its word ("dell'area", "l'accès", "d’accès"): prose.
  if (/^\p{L}{1,7}['’]\p{L}+[.,;:!?]*$/u.test(v)) return false;
  // A remark in brackets where the value would be ("(empty)", "[not set]", "(siehe oben)").
  if (/^[([]\p{L}+(?:[ .-]\p{L}+){0,3}[)\]]$/u.test(v)) return false;
  // An environment variable's name ("POSTGRES_PASSWORD", "SMTP_PASS"): where the value comes from.
  if (ENV_NAME.test(v) && v.split('_').some((part) => CREDENTIAL_PART.test(part))) return false;
  return !/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(v);
}

/** True when the value is a plain word followed by more words on its line: a sentence, not a password. */
export function continuesAsProse(value: string, ctx: MatchContext): boolean {
  if (!/^\p{L}+$/u.test(value)) return false;
  // A bounded look at the rest of the line: hostile input may be one very long line.
  const rest = ctx.text.slice(ctx.end, ctx.end + 120);
  const nl = rest.indexOf('\n');
  return /\p{L}{2,}/u.test(nl === -1 ? rest : rest.slice(0, nl));
}

// A quote closing a JSON or code string inside an unquoted run ('YES)","trace":"#0'): the value ends there.
const STRING_END = /["'][,:}\])]/;

// A text that is one file name ending in an extension: the extension is not part of a value in it.
const FILE_NAME_EXTENSION =
  /^[^\r\n/\\:]{1,250}(\.(?:zip|7z|rar|gz|tar|txt|pdf|docx?|xlsx?|pptx?|od[tsp]|csv|png|jpe?g|gif|eml|msg|ini|conf|cfg|json|ya?ml|xml|log|kdbx|pem|ppk|key|env|sql|bak))$/i;

// A ";" then the next key and "=" inside an unquoted run ("Password=X;Encrypt=True", ODBC, ADO.NET,
// JDBC properties): the pairs are parted by ";", so the value ends there and the rest is the next pair.
const NEXT_PAIR = /;[ \t]?[A-Za-z][\w .-]{0,40}=/;

/** The value without the key=value pairs that follow it in a ";"-separated list. */
export function beforeNextPair(v: string): string {
  const at = v.search(NEXT_PAIR);
  return at > 0 ? v.slice(0, at) : v;
}

export const refinePassword = (v: string, ctx: MatchContext) => {
  if (wasQuoted(ctx)) return v.length;
  const value = beforeNextPair(v);
  const cut = value.search(STRING_END);
  const ext = ctx.text.length <= 255 ? FILE_NAME_EXTENSION.exec(ctx.text)?.[1] : undefined;
  if (ext && ctx.start + value.length === ctx.text.length && value.length > ext.length)
    return trimTrailingPunctuation(value.slice(0, value.length - ext.length));
  return trimTrailingPunctuation(cut > 0 ? value.slice(0, cut) : value);
};

// After the value: an optional closing quote, then ":" or "=" (a bounded look at a few characters).
const NAMES_NEXT_VALUE = /^["'”]?[ \t]{0,3}(?:[:=]|=>)/;

/**
 * True when the value is itself the key of a key/value pair ("Clave aws_secret_access_key = X",
 * 'key "api_key": "X"'): a name that the next value belongs to, not a password.
 */
export function namesNextValue(ctx: MatchContext): boolean {
  return NAMES_NEXT_VALUE.test(ctx.text.slice(ctx.end, ctx.end + 8));
}

/** The value was quoted in the text (the engine reports the inside of the quotes). */
export function wasQuoted(ctx: MatchContext): boolean {
  const before = ctx.text[ctx.start - 1];
  return before === '"' || before === "'" || before === '“';
}
