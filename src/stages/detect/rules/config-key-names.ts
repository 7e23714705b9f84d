/**
 * Structured text names its values: `DB_PASSWORD=…`, `"apiKey": "…"`, `define('AUTH_KEY', '…')`,
 * `<password>…</password>`. This module judges the key name (does it name a credential?) and the
 * value under it (a real value, not a template, a reference or a placeholder). The rules that
 * find the pairs live in config-assignments.ts.
 */
import { isHexHash, isUuid, looksRandom, shannonEntropy } from '../validators.js';
import { isPlaceholder } from './placeholders.js';

export type KeyKind = 'password' | 'key';

// Key-name parts that name a password, in the languages customers write config comments in.
const PASSWORD_PARTS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'pw',
  'passphrase',
  'passwort',
  'kennwort',
  'wachtwoord',
  'senha',
  'contrasena',
  'haslo',
  'heslo',
  'sifre',
  'parola',
  'losenord',
  'adgangskode',
  'passord',
  'requirepass',
  'masterauth',
]);
// Parts that name a machine credential on their own.
const SECRET_PARTS = new Set([
  'secret',
  'token',
  'apikey',
  'secretkey',
  'accesskey',
  'credentials',
  'credential',
]);
// What may stand before "key" (or "salt") to make it a credential: "key" alone is a setting name.
const KEY_QUALIFIERS = new Set([
  'api',
  'app',
  'secret',
  'auth',
  'private',
  'access',
  'master',
  'signing',
  'encryption',
  'enc',
  'client',
  'license',
  'licence',
  'account',
  'shared',
  'service',
  'webhook',
  'hmac',
  'jwt',
  'session',
  'cookie',
  'crypto',
  'aes',
  'server',
  'admin',
  'write',
  'read',
  'ingest',
  'integration',
  'rest',
  'consumer',
  'sdk',
  'bot',
  'logged',
  'secure',
  'nonce',
  'in',
  'live',
  'prod',
  'test',
  'storage',
  'subscription',
  'primary',
  'secondary',
  'mail',
  'smtp',
  'db',
  // Frameworks' signing keys under the framework's name (`RAILS_KEY`, `DJANGO_KEY`,
  // `NEXTAUTH_SECRET`'s siblings) and payment gateways' merchant signing keys (Redsys
  // `SIGNATURE_KEY`, PayU/Paytm `MERCHANT_KEY`, `PARTNER_KEY`).
  'rails',
  'django',
  'laravel',
  'symfony',
  'flask',
  'nextauth',
  'phoenix',
  'devise',
  'signature',
  'merchant',
  'partner',
  'second',
]);
// Parts that make the key name about a credential rather than the credential itself
// (`password_min_length`, `token_url`, `api_key_id`, `secret_name`, `public_key`).
const NOT_THE_SECRET = new Set(
  (
    'id ids hash hashed sha sha1 sha256 md5 digest checksum fingerprint file path dir length len min max ' +
    'publishable policy reset expiry expires expire expiration ttl url uri endpoint name type header field mode enabled ' +
    'enable disabled rotation prefix hint required format algorithm alg public pub pubkey count size timeout ' +
    'retries env var ref label placeholder example regex pattern store provider manager vault encoding version ' +
    'lifetime age duration interval days hours minutes seconds last changed updated created strength ' +
    'complexity forgot method location strategy source kind issuer audience scope scopes lookup cache ' +
    'command cmd helper script prompt validity valid invalid error errors message link sid user username ' +
    'login email domain region site host port org project workspace channel zone stdin ' +
    'release commit revision build branch tag sku order invoice tracking currency locale language mode ' +
    // Application Insights' instrumentation key identifies the resource; Microsoft calls it no secret.
    'instrumentation'
  ).split(' '),
);

// Vendors whose name alone, in a key, names the credential (`HEROKU=…`, `"sentry": "…"`), as
// gitleaks' vendor rules read them: the value's shape is judged as under a compound key name.
export const VENDOR_NAMES: readonly string[] = (
  'adafruit adobe airtable algolia alibaba asana atlassian bitbucket bittrex cloudflare codecov cohere ' +
  'coinbase confluent contentful datadog discord droneci dropbox etsy facebook fastly finicity finnhub ' +
  'flickr freshbooks gitter gocardless heroku hubspot intercom jfrog artifactory kraken kucoin ' +
  'launchdarkly linear linkedin looker mailchimp mailgun mapbox mattermost messagebird meraki netlify ' +
  'newrelic nytimes okta plaid rapidapi sendbird sendgrid sentry snyk sonar squarespace sumologic ' +
  'telegram travis twilio twitch twitter typeform yandex zendesk postmark pusher segment mixpanel ' +
  'amplitude braintree paypal ' +
  // Services customers of a European support desk configure (hosting, payments, shops, mailing,
  // ops) whose keys carry no prefix of their own: hex and UUID values are their keys' shapes too.
  'jenkins hetzner vercel firebase pagerduty opsgenie uptimerobot zabbix proxmox backblaze wasabi ' +
  'scaleway ovh ionos plesk cpanel shopware magento prestashop bigcommerce adyen klarna przelewy24 ' +
  'payu tpay iyzico paytr redsys ifthenpay easypay quickpay vipps comgate gopay satispay nexi ' +
  'pagseguro sumup vonage nexmo plivo sinch mailjet sparkpost mandrill activecampaign mailerlite ' +
  'smsapi gatewayapi p24 ' +
  // SaaS whose keys are hex or UUIDs with no prefix (link shorteners, hosting, geodata, CRM and
  // ticketing, accounting in the desk countries): named near, their hex value is their key.
  'bitly vultr linode openweathermap ipinfo ipstack tomtom freshdesk zoho pipedrive trello clickup ' +
  'calendly zapier billbee lexoffice sevdesk fortnox moneybird fakturoid idoklad fakturownia wfirma ' +
  'infakt parasut tripletex'
).split(' ');
const VENDOR_PARTS = new Set(VENDOR_NAMES);

/** The lower-case parts of a key name: snake, kebab, dotted and camelCase split alike. */
export function keyParts(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/ı/g, 'i')
    .split(/[^a-z0-9]+/)
    .filter((p) => p.length > 0);
}

/** Whether the key name names a credential, and which kind. */
export function keyKind(key: string): KeyKind | undefined {
  const parts = keyParts(key);
  // "hash" before "salt" or "key" qualifies it (Drupal's hash_salt, an HMAC hash_key); elsewhere
  // (`password_hash`) the key names a digest of the credential.
  const about = (p: string, i: number) =>
    NOT_THE_SECRET.has(p) && !(p === 'hash' && (parts[i + 1] === 'salt' || parts[i + 1] === 'key'));
  if (parts.length === 0 || parts.length > 8 || parts.some(about)) return undefined;
  let kind: KeyKind | undefined;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as string;
    const before = parts[i - 1];
    if (PASSWORD_PARTS.has(p) || /^(?:db|mysql|pg|smtp|mail|admin|root|user)pass(?:word)?$/.test(p))
      return 'password';
    if (SECRET_PARTS.has(p) || VENDOR_PARTS.has(p)) kind = 'key';
    // Przelewy24 calls its signing key "CRC" (`crc = <16 hex>`, `P24_CRC`, `crc_key`): a key when
    // the name stands alone or beside "key"; config-assignments asks for the gateway nearby.
    else if (p === 'crc' && parts.every((q) => q === 'crc' || q === 'key' || VENDOR_PARTS.has(q)))
      kind = 'key';
    else if (
      (p === 'key' || p === 'salt') &&
      before !== undefined &&
      (KEY_QUALIFIERS.has(before) || before === 'hash')
    )
      kind = 'key';
    else if (p === 'key' && i === parts.length - 1 && before !== undefined && !NOT_A_KEY.has(before))
      kind = 'key';
  }
  return kind;
}

// Words before a final "key" that make it a data key, not a credential (`CACHE_KEY`, `SORT_KEY`).
const NOT_A_KEY = new Set(
  'cache sort partition primary foreign unique composite idempotency lookup object bucket map dict hot row column index'.split(
    ' ',
  ),
);

/**
 * `MOLLIE_KEY`, `ACME_KEY`: "key" after a word that is not a known credential qualifier (a vendor
 * the tables do not list). Under such a name only a random value counts, not a hex string or a UUID.
 */
export function looseKey(key: string): boolean {
  const parts = keyParts(key);
  const before = parts[parts.length - 2];
  return (
    parts.length >= 2 &&
    parts[parts.length - 1] === 'key' &&
    before !== undefined &&
    !KEY_QUALIFIERS.has(before) &&
    before !== 'hash' &&
    !VENDOR_PARTS.has(before) &&
    !parts.some((p) => SECRET_PARTS.has(p) || PASSWORD_PARTS.has(p))
  );
}

/**
 * A compound key (`DD_API_KEY`, `secret_key_base`, `clientSecret`) or a vendor's name: a
 * configuration identifier, not a word like "secret" or "token" that may label anything.
 */
export function compoundKey(key: string): boolean {
  const parts = keyParts(key);
  return parts.length > 1 || parts.some((p) => VENDOR_PARTS.has(p));
}

// References and templates that stand in for the value: environment lookups, vault references,
// interpolation, function calls, values encrypted at rest (SOPS `ENC[AES256_GCM,…]`, Jasypt `ENC(…)`).
const REFERENCE =
  /^(?:[$%{<@!]|env\(|process\.env|getenv|os\.environ|ENV\[|secret\(|vault:|ENC[([]|\(\(|file:|arn:|projects\/|sm:\/\/|keyvault|op:\/\/|ref\+)/i;
// Values that say something about the setting instead of holding it.
const NON_VALUES =
  /^(?:true|false|null|nil|none|undefined|empty|required|optional|yes|no|on|off|todo|tbd|n\/?a|string|text|hidden|masked|secret|secrets|password|passwd|pass|pwd|token|key|changeit|change-?it|default|unset|not[-_ ]?set|\*+|x+|\.+|-+|_+)$/i;

// Values public by design that stand under key names all the same: Stripe publishable keys,
// Mapbox public tokens, Flutterwave public keys, Scaleway access key ids (the id beside the secret).
export const PUBLIC_VALUE = /^(?:pk_(?:live|test)_|pk\.eyJ|FLWPUBK(?:_TEST)?-|SCW[A-Z0-9]{17}$)/;

// A framework's shipped default that tells you to change it (Symfony's
// `ThisTokenIsNotSoSecretChangeIt`, `…ChangeMe`): a placeholder in a recipe's .env.
export const SHIPPED_DEFAULT =
  /(?:^|[^A-Za-z])(?:change|replace|CHANGE|REPLACE)[-_]?(?:it|me|this|IT|ME|THIS)$|[a-z](?:Change|Replace)[-_]?(?:It|Me|This|it|me|this)$/;

/** A value under a credential key that is a real value. */
export function realConfigValue(kind: KeyKind, value: string, compound: boolean): boolean {
  if (value.length < 4 || value.length > 300 || /\s/.test(value)) return false;
  if (kind === 'key' && PUBLIC_VALUE.test(value)) return false;
  if (isPlaceholder(value) || REFERENCE.test(value) || NON_VALUES.test(value)) return false;
  if (SHIPPED_DEFAULT.test(value)) return false;
  // URLs, paths and e-mail addresses: where the secret is, not the secret.
  if (/^(?:[a-z][a-z0-9+.-]*:\/\/|www\.|[A-Za-z]:\\)/i.test(value)) return false;
  if (/^(?:\.{0,2}\/|~\/)[\w./-]*$/.test(value)) return false;
  if (/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(value)) return false;
  if (kind === 'password') {
    // Numbers under a password key are PINs from four digits on; shorter ones are counts.
    return !/^\d{1,3}$/.test(value) && !/^\d+(?:\.\d+)+$/.test(value);
  }
  if (/^base64:[A-Za-z0-9+/]{30,}={0,2}$/.test(value)) return true;
  if (value.length < 16) return false;
  // Hex strings and UUIDs are many vendors' API keys (Datadog, Heroku, Mailgun): under a
  // configuration identifier that names a key they count, under a bare "secret:" they may be a hash.
  if (isHexHash(value) || /^[0-9a-f]{16,}$/i.test(value) || isUuid(value))
    return compound && /\d/.test(value) && /[a-f]/i.test(value);
  if (looksRandom(value)) return true;
  // Framework keys with punctuation (Django's SECRET_KEY, WordPress salts): long and high-entropy.
  return value.length >= 32 && /[^A-Za-z0-9]/.test(value) && shannonEntropy(value) >= 4;
}
