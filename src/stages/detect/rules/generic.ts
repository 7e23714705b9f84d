import { isHexHash, isUuid, jwtValid, looksRandom } from '../validators.js';
import { PUBLIC_VALUE, SHIPPED_DEFAULT, VENDOR_NAMES } from './config-key-names.js';
import type { MatchContext, Rule } from './rule.js';

// API keys, access tokens and secret keys in the other desk languages: pl, da, sv, cs, tr, it,
// nl, pt, es, fr, de ("klucz API", "API-nøgle", "API-nyckel", "API klíč", "API anahtarı",
// "chiave API", "API-sleutel", "token de acesso", "Zugriffstoken", "clé secrète" …).
const LOCAL_NAMES = [
  'klucz(?:a|em)? (?:api|dostępu|tajny|prywatny)',
  'token(?:u|em)? dostępu',
  // Turkish adds the possessive to the noun: "API anahtarımız" (our), "anahtarınız" (your).
  'api[- ]?(?:nøgle|nøglen|nyckel|nyckeln|klíč|klic|anahtar(?:ımız|imiz|ınız|iniz|ım|im|ı|i)?|sleutel)',
  '(?:hemlig|privat) nyckel',
  'hemmelig nøgle',
  '(?:tajný|soukromý|přístupový) klíč',
  'přístupový token',
  '(?:gizli|erişim) anahtar(?:ımız|imiz|ınız|iniz|ı|i)?',
  'erişim token[ıi]?',
  'chiave (?:api|segreta|privata|di accesso)',
  'token di accesso',
  '(?:geheime|private) sleutel',
  'toegangssleutel',
  'toegangstoken',
  'adgangstoken',
  'åtkomsttoken',
  'chave (?:secreta|privada|de acesso)',
  'token de ac(?:c)?es(?:s)?o',
  'clave (?:secreta|privada|de acceso)',
  "clé (?:secrète|privée|d['’]accès)",
  "jeton d['’]accès",
  'zugriffstoken',
  'geheimer? schlüssel',
  // "client secret" as the consoles of the desk languages call it, and "key of the API" word orders.
  'secreto',
  'segredo',
  'segreto',
  'sekret(?:u|em)?',
  'tajemství',
  'hemlighet(?:en)?',
  // "the key to the API" word orders of sv/da/no ("nyckeln till API:et", "nøglen til API'et").
  'nyckel(?:n)? (?:till|för) api(?::et)?',
  "n[øo]gle(?:n)? (?:til|for) api(?:['’]et)?",
  'hemmelighed(?:en)?',
  '(?:client|app|api)[- ]?geheim(?:nis)?',
  'geheimnis',
  'zugangs(?:schlüssel|token)',
  'chave (?:da|do) api',
  "chiave (?:dell['’])?api",
  'klíč (?:k |pro )?api',
  'klucz do api',
  'sleutel (?:van|voor) de api',
].join('|');

// Names with a rule of their own (generic-api-key-named), so that neither pattern grows past what
// hostile input may cost, and no look-ahead slows V8's scan of the big one: "subscription key"
// (Azure API Management and most API gateways), German signing-secret compounds ("Webhook-Signaturschlüssel"), the AWS console's
// translated "secret access key" ("Zugriffsschlüssel", "åtkomstnyckel", "adgangsnøgle"), Italian
// "codice API", and a bare "key" right before its separator (validate asks for a vendor's name
// before it, so "Product key:" is no credential).
const ROUND_NAMES =
  '(?:subscription[_ -]?key|signatur(?:schlüssel|geheimnis)|zugriffsschlüssel|åtkomstnyckeln?|adgangsnøglen?|codice (?:api|segreto)|(?<![?&\\w-])key(?=[ \\t]{0,3}[:=]))';

// Names under which people paste API credentials. Bare "token" after ? or & is a one-time link
// parameter (password reset, e-mail verification), not a credential, so it is excluded there.
const KEY_NAMES = `api[_ .-]?(?:key|token|secret)|apikey|access[_ -]?(?:token|key)|auth[_ -]?(?:token|key)|secret[_ -]?key|client[_ -]?secret|app(?:lication)?[_ -]?(?:secret|key)|consumer[_ -]?(?:key|secret)|keystring|private[_ -]?token|personal access token|x-api-key|(?:store|merchant|shared|signing|encryption|hmac|webhook|master|partner|server|service|integration)[_ -]?(?:key|secret|token)|(?<![?&])(?:token|secret|jeton)|api-schlüssel|clé api|clé d['’]api|clé de l['’]api|clave (?:de (?:la )?)?api|chave (?:de )?api|${LOCAL_NAMES}`;

// Bare words that name any secret: after one of them alone a hash or a UUID is as likely an id.
const BARE_NAME = /^(?:token|secret|jeton)$/i;

// The copula between a name and its value in the desk languages: "is", "ist", "lautet", "est",
// "es", "è", "é", "är", "er", "je", "jest", "to", "staat" (nl "in X staat …").
const COPULA = 'is|ist|lautet|est|es|è|é|är|er|je|jest|to|staat|was|war';

// Words between the name and its separator ("API token invullen:", "API key (live):"): at most two.
const FILLER = '(?:[ \\t]+[^\\s:=]{1,20}){0,2}';

// What may open a value: a quote (typographic ones too), a markdown code tick or bold marker.
const OPEN_QUOTE = '(?:["\'`“”«»„‚‘’]|\\*{1,2})?';

// HTML rendered to text puts the value on the line after its label ("API key:<br>…"), a blank
// line or two between: the value must then fill its line (checked in validate).
const NEXT_LINE = '[ \\t]{0,3}:[ \\t]{0,3}\\r?\\n(?:[ \\t]{0,8}\\r?\\n){0,2}[ \\t]{0,8}';

/** A value reached across a line break stands alone on its line. */
function aloneIfBroken(ctx: MatchContext): boolean {
  if (!ctx.match?.[0].includes('\n')) return true;
  const lineEnd = ctx.text.indexOf('\n', ctx.end);
  return ctx.text.slice(ctx.end, lineEnd === -1 ? ctx.text.length : lineEnd).trim() === '';
}

// Hex and UUID keys (Postmark, Heroku, Mailgun, Datadog issue them) count after a compound name
// when the vendor is named close before: "Postmark … Server API token: <uuid>".
function vendorHexKey(name: string, ctx: MatchContext): boolean {
  // A bare "token" is compound when the vendor's name stands right before it ("Bitly token:").
  if (strongLabel(name, ctx)) return true;
  if (BARE_NAME.test(name.trim())) return vendorBefore(ctx);
  const before = ctx.text.slice(Math.max(0, ctx.start - VENDOR_RADIUS), ctx.start).toLowerCase();
  return VENDOR_NAMES.some((v) => before.includes(v));
}
const VENDOR_RADIUS = 400;

// Names that say "the key of an API" and nothing else: under one of them, with a separator of its
// own, a hex string or a UUID is the key (many services issue exactly those), vendor named or not.
const STRONG_NAME =
  /api|access[_ -]?(?:token|key)|auth[_ -]?(?:token|key)|client[_ -]?secret|secret[_ -]?key|personal access token|(?:signing|webhook|hmac|shared|encryption|master)[_ -]?(?:key|secret|token)|zugriff|zugangs|acc[eè]s|acceso|acesso|accesso|dostępu|přístupov|erişim|adgang|åtkomst|toegang/i;
// What the words between name and value may say instead: the key's id, a digest, a request.
const ABOUT_THE_KEY =
  /\b(?:ids?|hash|sha\d*|md5|fingerprint|thumbprint|digest|checksum|version|request|req|name|prefix|suffix|ending|length|commit|build|order|ticket|trace|correlation|identifi\w*|kennung|nummer|numero|número|numer|číslo|numara)\b/i;

const COPULA_BETWEEN = new RegExp(`[ \\t](?:${COPULA})[ \\t:]`, 'i');

/** A strong name, then a real separator (":", "=", a copula, a line break), nothing about the key between. */
function strongLabel(name: string, ctx: MatchContext): boolean {
  const m = ctx.match;
  // git's `signingkey` names a GPG key id or fingerprint, public by design; short hex is an id too.
  if (m === undefined || name === '' || /^signingkey$/i.test(name) || (m[3] ?? '').length < 20) return false;
  const full = m[0];
  const value = m[3] ?? '';
  const from = full.toLowerCase().indexOf(name.toLowerCase()) + name.length;
  const between = full.slice(from, full.length - value.length);
  // The words after a bare name may make it strong ("jeton d'accès", "token de acceso").
  if (!STRONG_NAME.test(name + between) || ABOUT_THE_KEY.test(between)) return false;
  // A blank alone ("API key for request <uuid>") is no separator.
  return /[:=\n–—→]|->/.test(between) || COPULA_BETWEEN.test(between);
}
const VENDORS = new Set(VENDOR_NAMES);

/** "Authorization: key=…": the header's own scheme word. */
function authorizationKey(ctx: MatchContext): boolean {
  const at = ctx.match?.index ?? ctx.start;
  return /authorization["']?[ \t]{0,3}:[ \t]{0,3}["']?$/i.test(ctx.text.slice(Math.max(0, at - 24), at));
}

/** The word right before the match (its label) is a vendor's name: "Bitly token", "Heroku-Token". */
function vendorBefore(ctx: MatchContext): boolean {
  const at = ctx.match?.index ?? ctx.start;
  const word = /([A-Za-z0-9]{2,30})[ \t-]{1,2}$/.exec(ctx.text.slice(Math.max(0, at - 32), at))?.[1];
  return word !== undefined && VENDORS.has(word.toLowerCase());
}

// An HTTP Authorization header's credentials ("Authorization: Token <40 hex>", Django REST
// framework's and NetBox's scheme; "Bearer <uuid>"): in the header any shape is the credential.
const AUTH_HEADER = /authorization["']?[ \t]{0,3}[:=][ \t]{0,3}["']?(?:bearer|token)[ \t]{1,3}$/i;
function authorizationHeader(ctx: MatchContext): boolean {
  return AUTH_HEADER.test(ctx.text.slice(Math.max(0, ctx.start - 40), ctx.start));
}

/** A credential name from `names`, its separator, then the value (capture 3). */
function keyPattern(names: string): RegExp {
  return new RegExp(
    `(?<![A-Za-z0-9])(?:(${names})["']?(?:[ \\t]+(?:for|für|pour|para|de|of|to|in|pro|do|dla|för|til|voor|per|na|za)[ \\t][^\\n:=]{1,40}?|${FILLER})(?:[ \\t]{0,3}(?:[:=]|=>|:=|[–—→]|->)(?:\\*{1,2})?[ \\t]{0,3}|${NEXT_LINE}|[ \\t]+(?:${COPULA}):?[ \\t]+|[ \\t]+(?=[A-Za-z0-9_+/~.-]{16}))|(bearer|ssws)[ \\t]+)${OPEN_QUOTE}([A-Za-z0-9_+/~.-]{16,256}={0,2})(?![A-Za-z0-9_+/~=-])`,
    'i',
  );
}

// Four or five groups of four to six upper-case letters and digits, dashed.
const PRODUCT_KEY = /^[A-Z0-9]{4,6}(?:-[A-Z0-9]{4,6}){3,4}$/;

/** The value after a credential name: not an excerpt, not public, random or a vendor's hex key. */
const validKeyValue = (v: string, ctx: MatchContext): boolean => {
  // "begins with sk_live_51fn9NQs…": a value cut short on purpose is an excerpt, not the key.
  if (/^(?:…|\.{2,})/.test(ctx.text.slice(ctx.end, ctx.end + 3))) return false;
  if (PUBLIC_VALUE.test(v) || SHIPPED_DEFAULT.test(v) || !aloneIfBroken(ctx)) return false;
  // "key" alone names a credential only after a vendor's name ("Mailjet key:"); a license or
  // product key ("Product key: …") is not one.
  // FCM's legacy header ("Authorization: key=…") names its server key the same way.
  if (/^key$/i.test(ctx.match?.[1] ?? '') && !vendorBefore(ctx) && !authorizationKey(ctx)) return false;
  // A software licence or product key in its printed groups ("QJIN7-QAUC4-UDTJT-WUFF4", Windows'
  // five by five) unlocks a product, not an account: customers quote it to support on purpose.
  if (PRODUCT_KEY.test(v)) return false;
  if (isHexHash(v) || isUuid(v) || /^[0-9a-f]{16,}$/i.test(v))
    return (
      /\d/.test(v) &&
      /[a-f]/i.test(v) &&
      (vendorHexKey(ctx.match?.[1] ?? 'token', ctx) || authorizationHeader(ctx))
    );
  return looksRandom(v);
};

export const genericRules: Rule[] = [
  {
    id: 'jwt',
    type: 'jwt',
    rationale:
      'JSON Web Tokens: three base64url parts, the first two JSON objects ("eyJ" = base64 of \'{"\').',
    keywords: ['eyj'],
    // Header and payload start with eyJ; the signature may be empty (alg "none"); all parts bounded.
    pattern:
      /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,2048}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{0,1024}(?![A-Za-z0-9_-])/,
    validate: jwtValid,
    confidence: 0.95,
    samples: {
      match: [
        {
          text: 'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1XzQ4MjEzIiwiaWF0IjoxNzEwMTQ0MDAwfQ.kX9mQ2vR7tY4wZ1aB3cD5eF8gH0jL6nP4qS7uV2xZ5b',
          secret:
            'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1XzQ4MjEzIiwiaWF0IjoxNzEwMTQ0MDAwfQ.kX9mQ2vR7tY4wZ1aB3cD5eF8gH0jL6nP4qS7uV2xZ5b',
        },
      ],
      noMatch: [
        'The JWT header is eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 - is HS256 supported?',
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
        'eyJub3RhIjoiand0In0.eyJ4IjoxMjM0NTY3OH0.abcdefghijklmnop',
      ],
    },
  },
  {
    id: 'generic-api-key',
    type: 'generic_api_key',
    rationale:
      'A credential name (api key, token, secret, client_secret, bearer …) followed by a random-looking value.',
    keywords: [
      'api',
      'key',
      'token',
      'secret',
      'bearer',
      'ssws',
      'clé',
      'clave',
      'jeton',
      'schlüssel',
      'klucz',
      'nøgle',
      'nyckel',
      'klíč',
      'anahtar',
      'chiave',
      'sleutel',
      'chave',
      'segredo',
      'segreto',
      'sekret',
      'tajemstv',
      'hemlighet',
      'hemmelighed',
      'geheim',
    ],
    // Name, optional closing quote, optional "for <thing>" or up to two words, a separator (":",
    // "=", "=>" or a copula), optional quote, then the value.
    pattern: keyPattern(KEY_NAMES),
    group: 3,
    refine: (v) => v.replace(/[.]+$/, '').length,
    validate: validKeyValue,
    confidence: 0.6,
    samples: {
      match: [
        { text: 'X-API-Key: Zk3mV9xR2tY7wZ1aB4cD5eF8gH0jL6nP', secret: 'Zk3mV9xR2tY7wZ1aB4cD5eF8gH0jL6nP' },
        {
          text: 'client_secret: "q7Wx2Lm9Rt4Vb8Nc3Zp6Ks1Hd5Fj0Ga"',
          secret: 'q7Wx2Lm9Rt4Vb8Nc3Zp6Ks1Hd5Fj0Ga',
        },
        {
          text: 'Authorization: Bearer Tk9mQ2vR7tY4wZ1aB3cD5eF8gH0jL6nP4qS7uV2x',
          secret: 'Tk9mQ2vR7tY4wZ1aB3cD5eF8gH0jL6nP4qS7uV2x',
        },
        { text: 'Our API key is Hq4Lm8Rt2Vb6Nc0Zp3Ks7Hd1 for prod.', secret: 'Hq4Lm8Rt2Vb6Nc0Zp3Ks7Hd1' },
        {
          text: 'my personal access token for your API: Hq4Lm8Rt2Vb6Nc0Zp3Ks7Hd1',
          secret: 'Hq4Lm8Rt2Vb6Nc0Zp3Ks7Hd1',
        },
        {
          text: 'clave de API: Hyz78co905Ea0oSQ0iX6i9yxLrgFPrTeYTx5kPTp\nUsuario: admin',
          secret: 'Hyz78co905Ea0oSQ0iX6i9yxLrgFPrTeYTx5kPTp',
        },
        { text: "Voici notre clé d'API : Rq7Tz2Wm9Kx4Lb8Nc3Vd6Hf1", secret: 'Rq7Tz2Wm9Kx4Lb8Nc3Vd6Hf1' },
        { text: 'In de variabele VERCEL_TOKEN staat Qk8vT3nW9xLm2RbZp5Yc', secret: 'Qk8vT3nW9xLm2RbZp5Yc' },
        { text: 'Mein API-Token lautet Hq4Lm8Rt2Vb6Nc0Zp3Ks7Hd1.', secret: 'Hq4Lm8Rt2Vb6Nc0Zp3Ks7Hd1' },
        { text: 'Merchant key: Rq7Tz2Wm9Kx4Lb8N (sandbox off)', secret: 'Rq7Tz2Wm9Kx4Lb8N' },
        { text: 'Klucz API: Rq7Tz2Wm9Kx4Lb8Nc3Vd6Hf1', secret: 'Rq7Tz2Wm9Kx4Lb8Nc3Vd6Hf1' },
        {
          text: 'Application secret:\n\nKq8vT3nW9xLm2RbZp5YcHd4J\n\nThanks',
          secret: 'Kq8vT3nW9xLm2RbZp5YcHd4J',
        },
        { text: 'Segredo do cliente: Kq8vT3nW9xLm2RbZp5YcHd4J', secret: 'Kq8vT3nW9xLm2RbZp5YcHd4J' },
        { text: 'Klient-ID: 12345\nHemlighet: Kq8vT3nW9xLm2RbZp5YcHd4J', secret: 'Kq8vT3nW9xLm2RbZp5YcHd4J' },
        { text: "la chiave dell'API è Kq8vT3nW9xLm2RbZp5YcHd4J", secret: 'Kq8vT3nW9xLm2RbZp5YcHd4J' },
        { text: 'Consumer Key: Kq8vT3nW9xLm2RbZp5YcHd4J', secret: 'Kq8vT3nW9xLm2RbZp5YcHd4J' },
        // Etsy calls its API key the "keystring".
        { text: 'Etsy keystring: AnHcZKqxoyanokUVNu5YGzeH', secret: 'AnHcZKqxoyanokUVNu5YGzeH' },
        { text: 'Our API key is: `Kq8vT3nW9xLm2RbZp5YcHd4J`', secret: 'Kq8vT3nW9xLm2RbZp5YcHd4J' },
        { text: 'Clé API → «Kq8vT3nW9xLm2RbZp5YcHd4J»', secret: 'Kq8vT3nW9xLm2RbZp5YcHd4J' },
        { text: 'API-Token – **Kq8vT3nW9xLm2RbZp5YcHd4J**', secret: 'Kq8vT3nW9xLm2RbZp5YcHd4J' },
        {
          text: 'Token pro API jsem vygenerovala znovu: Kq8vT3nW9xLm2RbZp5YcHd4JUBVcYBjep84ES (jen pro čtení)',
          secret: 'Kq8vT3nW9xLm2RbZp5YcHd4JUBVcYBjep84ES',
        },
        { text: 'Vores API-nøgle er Hq4Lm8Rt2Vb6Nc0Zp3Ks7Hd1', secret: 'Hq4Lm8Rt2Vb6Nc0Zp3Ks7Hd1' },
        { text: 'API anahtarı: Zk3mV9xR2tY7wZ1aB4cD5eF8', secret: 'Zk3mV9xR2tY7wZ1aB4cD5eF8' },
        { text: 'API anahtarımız: Zk3mV9xR2tY7wZ1aB4cD5eF8', secret: 'Zk3mV9xR2tY7wZ1aB4cD5eF8' },
        {
          text: 'Bitly token: 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e3f9a1c7e',
          secret: '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e3f9a1c7e',
        },
        { text: '**API key:** `Kq8vT3nW9xLm2RbZp5YcHd4J`', secret: 'Kq8vT3nW9xLm2RbZp5YcHd4J' },
        {
          text: 'curl -H "Authorization: Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b" https://netbox.acme.io/api/',
          secret: '9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b',
        },
        { text: 'la chiave segreta è Qk8vT3nW9xLm2RbZp5Yc', secret: 'Qk8vT3nW9xLm2RbZp5Yc' },
        { text: 'Přístupový token: Tk9mQ2vR7tY4wZ1aB3cD5eF8', secret: 'Tk9mQ2vR7tY4wZ1aB3cD5eF8' },
        // Hex and UUID keys under a name that says "API key" with a separator of its own.
        { text: 'Our API key: effefbabefa52bfc3c53486e2ed38906', secret: 'effefbabefa52bfc3c53486e2ed38906' },
        {
          text: 'Signing secret: effefbabefa52bfc3c53486e2ed38906',
          secret: 'effefbabefa52bfc3c53486e2ed38906',
        },
        {
          text: "Jeton d'accès : effefbabefa52bfc3c53486e2ed38906",
          secret: 'effefbabefa52bfc3c53486e2ed38906',
        },
        {
          text: 'Klucz API: 5f1e2d3c-4b5a-4697-8877-66a5b4c3d2e1',
          secret: '5f1e2d3c-4b5a-4697-8877-66a5b4c3d2e1',
        },
        {
          text: 'Der API-Key lautet effefbabefa52bfc3c53486e2ed38906',
          secret: 'effefbabefa52bfc3c53486e2ed38906',
        },
        {
          text: 'Hej! Här kommer nyckeln till API:et: fybTL7Wj5bVRiWoqab7mq5bRgKhmE3H3',
          secret: 'fybTL7Wj5bVRiWoqab7mq5bRgKhmE3H3',
        },
        {
          text: 'Authorization: SSWS 008pExGIvoi7NvNbfe9bLYm9ageWwMtzKWPMURLVRB',
          secret: '008pExGIvoi7NvNbfe9bLYm9ageWwMtzKWPMURLVRB',
        },
        {
          text: 'Je Postmark-server is klaar.\nHet Server API token invullen: 5f1e2d3c-4b5a-4697-8877-66a5b4c3d2e1',
          secret: '5f1e2d3c-4b5a-4697-8877-66a5b4c3d2e1',
        },
      ],
      noMatch: [
        'token: 123e4567-e89b-12d3-a456-426614174000',
        'Mevcut lisans anahtarı: ETXM-F6TM-LQ7G-4FU5',
        'license key: QJIN7-QAUC4-UDTJT-WUFF4',
        'Product key: A23BX-9RGWK-GNEOL-QN83W-7TQ2M',
        'Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b was the commit before the fix',
        'Postmark says the token: 123e4567-e89b-12d3-a456-426614174000 is the message id',
        'Bitly says the token: 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e3f9a1c7e is the link id',
        'API token for the request 5f1e2d3c-4b5a-4697-8877-66a5b4c3d2e1 (no vendor named)',
        'API key id: 5f1e2d3c-4b5a-4697-8877-66a5b4c3d2e1',
        'API key fingerprint: effefbabefa52bfc3c53486e2ed38906',
        'Signing key thumbprint: effefbabefa52bfc3c53486e2ed38906',
        'Token ID: 5f1e2d3c-4b5a-4697-8877-66a5b4c3d2e1',
        '[user]\n\tsigningkey = f45acceae4622cbb\n',
        '[user]\n\tsigningkey = 3f786850e387550fdab836ed7e6dc881de23001b\n',
        'Der API-Key mit der ID 5f1e2d3c-4b5a-4697-8877-66a5b4c3d2e1 ist abgelaufen.',
        'The token is Expired and the secret is Unchanged today.',
        'De API-sleutel staat in het beheerpaneel onder Instellingen.',
        'Klucz API wygenerowałem wczoraj, ale nie działa.',
        'API token:\nKq8vT3nW9xLm2RbZp5YcHd4J is what the log shows, not ours',
        'El secreto es que nadie lo sabe.',
        'A chave secreta começa por Rq7Tz2Wm9Kx4Lb8N… (não a ponho inteira)',
        'The API key starts with Zk3mV9xR2tY7wZ1aB... and ends differently',
        'secret: 9b74c9897bac770ffc029102a200c5de9b74c9897bac770ffc029102a200c5de',
        'https://app.acme.io/reset?token=Zk3mV9xR2tY7wZ1aB4cD5eF8gH0jL6nP',
        'api_key: YOUR_API_KEY',
        'client_secret: dummy-client-secret-for-tests',
        'token_endpoint: https://auth.acme.io/oauth2/token',
        'Authorization: Bearer $TOKEN',
        'The function getUserAccessTokenFromSession returns null.',
        'Publishable key: pk_live_51Hx9mQ2vR7tY4wZ1aB3cD5eF8gH0jL6nP',
        'SCW_ACCESS_KEY=SCW1K8Q2M7X4T9R3V6B0 (the id beside the secret)',
        'APP_SECRET=ThisTokenIsNotSoSecretChangeIt',
      ],
    },
  },
  {
    id: 'generic-api-key-named',
    type: 'generic_api_key',
    rationale:
      'The credential names of the generic rule that its pattern cannot hold (subscription key, Signaturschlüssel, Zugriffsschlüssel, åtkomstnyckel, adgangsnøgle, codice API, a vendor\'s bare "key"), judged the same way.',
    keywords: [
      'subscription',
      'signatur',
      'zugriffsschlüssel',
      'åtkomstnyckel',
      'adgangsnøgle',
      'codice',
      'key',
    ],
    pattern: keyPattern(ROUND_NAMES),
    group: 3,
    refine: (v) => v.replace(/[.]+$/, '').length,
    validate: validKeyValue,
    confidence: 0.6,
    samples: {
      match: [
        { text: 'Mailjet key: 9e4b7c2f1a8d3e6b0c5f9a2d7e1b4c8f', secret: '9e4b7c2f1a8d3e6b0c5f9a2d7e1b4c8f' },
        {
          text: 'Authorization: key=8pExGIvoi7NvNbfe9bLYm9ageWwMtzKWPMURLVRB',
          secret: '8pExGIvoi7NvNbfe9bLYm9ageWwMtzKWPMURLVRB',
        },
        {
          text: 'Geheimer Zugriffsschlüssel: fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
          secret: 'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
        },
        { text: 'Ocp-Apim subscription key: Zk3mV9xR2tY7wZ1aB4cD5eF8', secret: 'Zk3mV9xR2tY7wZ1aB4cD5eF8' },
      ],
      noMatch: [
        'Product key: fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ',
        'The key fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ opens the archive',
      ],
    },
  },
];
