import { isHexHash, isUuid, looksRandom } from '../validators.js';
import type { Rule } from './rule.js';

// The word "key" alone in the desk languages, as a line's label: "Key:", "Schlüssel:", "Clave:",
// "Klíč 1:", "Anahtar:". Elsewhere in a sentence the word is too common to name a credential.
const KEY_WORD =
  'key|schl[üu]ssel|schluessel|cl[ée]|clave|chave|chiave|klucz|n[øo]gle(?:n)?|nyckel(?:n)?|kl[íi][čc]|anahtar[ıi]?|sleutel';

// An API credential's name in the desk languages, as a label standing alone on its line (an HTML
// form or table rendered to text, a signature block): "API-Key", "Clé API", "API-nyckel", "Client secret".
const LABEL_NAME =
  "api[ _-]?(?:key|token|secret)|apikey|access[ _-]?token|client[ _-]?secret|secret[ _-]?key|api-schl[üu]ssel|cl[ée] (?:d['’])?api|clave (?:de )?api|chave (?:de )?api|chiave (?:dell['’])?api|klucz api|api[ -]?(?:nyckel|nøgle|sleutel|kl[íi][čc]|anahtar[ıi]?)";

export const genericBareKeyRules: Rule[] = [
  {
    id: 'generic-api-key-label-line',
    type: 'generic_api_key',
    rationale:
      'An API key name alone on its line (no separator: a form or a table cell rendered to text) with a long machine-made value alone on the next line, a blank line or two between.',
    keywords: ['api', 'access', 'client', 'secret'],
    // Line start, an optional quote or bullet, the name, an optional ":", the line end — or a short
    // line holding the name and ending in ":" ("Her er API-nøglen, som I bad om:"); up to two blank
    // lines; the value filling its own line.
    pattern: new RegExp(
      `(?<![^\\n])(?:[ \\t>*-]{0,8}(?:${LABEL_NAME})[ \\t]{0,3}:?|[^\\n:]{0,40}?(?<![A-Za-z])(?:${LABEL_NAME})[^\\n:]{0,40}:)[ \\t]{0,3}\\r?\\n(?:[ \\t>]{0,8}\\r?\\n){0,2}[ \\t>]{0,8}([A-Za-z0-9_+/~.-]{20,256}={0,2})(?=[ \\t]{0,8}(?:\\r?\\n|$))`,
      'i',
    ),
    group: 1,
    // A random mixed-case value, or hex and UUIDs (many services issue those): under a label that
    // says "API key" and nothing else, with the value filling its line, they are the key.
    validate: (v) =>
      (looksRandom(v, 20) && !isHexHash(v) && !isUuid(v) && /[A-Z]/.test(v) && /[a-z]/.test(v)) ||
      ((isUuid(v) || /^[0-9a-f]{20,128}$/i.test(v)) && /\d/.test(v) && /[a-f]/i.test(v)),
    confidence: 0.6,
    samples: {
      match: [
        { text: 'API token\neffefbabefa52bfc3c53486e2ed38906\n', secret: 'effefbabefa52bfc3c53486e2ed38906' },
        {
          text: 'Her er API-nøglen, som I bad om:\n\nfybTL7Wj5bVRiWoqab7mq5bRgKhmE3H3\n\nMvh',
          secret: 'fybTL7Wj5bVRiWoqab7mq5bRgKhmE3H3',
        },
        {
          text: 'API-Key\n\nfybTL7Wj5bVRiWoqab7mq5bRgKhmE3H3\n\nViele Grüße',
          secret: 'fybTL7Wj5bVRiWoqab7mq5bRgKhmE3H3',
        },
        { text: 'Clé API\nfybTL7Wj5bVRiWoqab7mq5bRgKhmE3H3\n', secret: 'fybTL7Wj5bVRiWoqab7mq5bRgKhmE3H3' },
      ],
      noMatch: [
        'API-Key\n\nnot-yet-issued\n',
        'Die API-Dokumentation finden Sie hier:\n\nhttps://docs.acme.io/api/v2/reference\n',
        'Please send the API key\nfybTL7Wj5bVRiWoqab7mq5bRgKhmE3H3\n',
        'API-Key\n\nfybTL7Wj5bVRiWoqab7mq5bRgKhmE3H3 is the old one, revoked\n',
        'API-Key\n\nnot-yet-generated-for-this-account\n',
      ],
    },
  },
  {
    id: 'generic-bare-key-label',
    type: 'generic_api_key',
    rationale:
      'A line labelled only "Key:" (in any desk language) whose value is a long machine-made string: a key pasted from a console.',
    keywords: [
      'key',
      'schlüssel',
      'schluessel',
      'clé',
      'cle',
      'clave',
      'chave',
      'chiave',
      'klucz',
      'nøgle',
      'nyckel',
      'klíč',
      'klic',
      'anahtar',
      'sleutel',
    ],
    // Start of a line (after blanks, quoting or a list bullet), the word, an optional 1/2 (primary
    // and secondary keys), ":" or "=", then a value of at least 20 token characters.
    pattern: new RegExp(
      `(?<![^\\n])[ \\t>*-]{0,8}(?:${KEY_WORD})(?:[ \\t]{0,2}[12])?[ \\t]{0,3}[:=][ \\t]{0,3}["']?([A-Za-z0-9_+/~.-]{20,256}={0,2})(?![A-Za-z0-9_+/~=-])`,
      'i',
    ),
    group: 1,
    // Stricter than under a credential name: only a value that no id or hash could be.
    validate: (v) => looksRandom(v, 20) && !isHexHash(v) && !isUuid(v) && /[A-Z]/.test(v) && /[a-z]/.test(v),
    confidence: 0.6,
    samples: {
      match: [
        {
          text: 'Endpoint: https://api.acme.io\nKey: Kq8vT3nW9xLm2RbZp5YcHd4J\n',
          secret: 'Kq8vT3nW9xLm2RbZp5YcHd4J',
        },
        { text: 'Schlüssel: Zk3mV9xR2tY7wZ1aB4cD5eF8gH', secret: 'Zk3mV9xR2tY7wZ1aB4cD5eF8gH' },
        { text: '- Klíč 2: Tk9mQ2vR7tY4wZ1aB3cD5eF8', secret: 'Tk9mQ2vR7tY4wZ1aB3cD5eF8' },
      ],
      noMatch: [
        'Key: 3f786850e387550fdab836ed7e6dc881de23001b',
        'Key: not-available-until-monday',
        'The key: Kq8vT3nW9xLm2RbZp5YcHd4J is in the sentence',
        'Key: 123e4567-e89b-12d3-a456-426614174000',
        'Primary key: customer_order_line_id',
      ],
    },
  },
];
