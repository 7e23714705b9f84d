import { looksRandom } from '../validators.js';
import type { Rule } from './rule.js';

/**
 * Framework and tool secrets whose layout names them where no configuration key does: Laravel's
 * `base64:` application key as a default inside `env()`, a Rails `master.key` quoted by its file
 * name, Express's cookie-parser secret, ASP.NET's `<machineKey>` and Sidekiq Pro/Enterprise gem
 * credentials. The plain `KEY=value` forms are config-assignments' (`APP_KEY=`, `SECRET_KEY_BASE=`).
 */

/** Hex with both digits and letters, not one character repeated: a key, not a run of zeros. */
const hexKey = (v: string): boolean => /\d/.test(v) && /[a-f]/i.test(v) && !/(.)\1{5}/.test(v);

export const frameworkKeyRules: Rule[] = [
  {
    id: 'laravel-app-key',
    type: 'generic_api_key',
    rationale:
      "Laravel's application key as `php artisan key:generate` writes it: base64: and 32 (or 16) random bytes; it encrypts cookies and sessions wherever it stands (an env() default, a compose file, a log).",
    keywords: ['base64:'],
    // "base64:" then exactly 32 bytes (43 characters and "=") or 16 bytes (22 and "=="), not inside
    // a longer base64 run; a data URL's ";base64," has a comma, not a colon.
    pattern: /(?<![A-Za-z0-9+/:])base64:(?:[A-Za-z0-9+/]{43}=|[A-Za-z0-9+/]{22}==)(?![A-Za-z0-9+/=])/,
    validate: (v) => looksRandom(v.slice(7).replace(/=+$/, ''), 16),
    confidence: 0.85,
    samples: {
      match: [
        {
          text: "'key' => env('APP_KEY', 'base64:aWCxWcCU5xLdVqM7jmVO9FFdpETSJ22Gs6cMDVS2K44='),",
          secret: 'base64:aWCxWcCU5xLdVqM7jmVO9FFdpETSJ22Gs6cMDVS2K44=',
        },
        {
          text: 'production.ERROR: The MAC is invalid (key base64:aWCxWcCU5xLdVqM7jmVO9FFdpETSJ22Gs6cMDVS2K44=)',
          secret: 'base64:aWCxWcCU5xLdVqM7jmVO9FFdpETSJ22Gs6cMDVS2K44=',
        },
      ],
      noMatch: [
        'src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="',
        'APP_KEY=base64:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
        'Der Schlüssel beginnt mit base64:aWCxWcCU5xLd und ist 44 Zeichen lang.',
      ],
    },
  },
  {
    id: 'rails-master-key-named',
    type: 'generic_api_key',
    rationale:
      "A Rails master.key (32 hex) quoted under its file's name: it decrypts credentials.yml.enc, like RAILS_MASTER_KEY.",
    keywords: ['master.key'],
    // The file name, a few words without digits ("Inhalt von", "contains"), a separator, a line
    // break or a blank, then exactly 32 hex characters.
    pattern: /master\.key\b[^\n\d]{0,60}?[ \t:=\r\n]{1,8}["'`]?([0-9a-f]{32})(?![0-9A-Za-z])/i,
    group: 1,
    validate: (v, ctx) => {
      // A digest of the file ("md5 of master.key: …") is no key: the words before the name count too.
      const at = ctx.match?.index ?? ctx.start;
      const around = ctx.text.slice(Math.max(0, at - 40), ctx.start);
      return hexKey(v) && !/md5|sha|checksum|hash|digest|prüfsumme|somme/i.test(around);
    },
    confidence: 0.8,
    samples: {
      match: [
        {
          text: 'config/master.key:\neffefbabefa52bfc3c53486e2ed38906\n',
          secret: 'effefbabefa52bfc3c53486e2ed38906',
        },
        {
          text: 'Hier der Inhalt von config/master.key: effefbabefa52bfc3c53486e2ed38906',
          secret: 'effefbabefa52bfc3c53486e2ed38906',
        },
      ],
      noMatch: [
        'md5 of master.key: effefbabefa52bfc3c53486e2ed38906',
        'master.key is missing; commit 3f786850e387550fdab836ed7e6dc881de23001b broke it',
      ],
    },
  },
  {
    id: 'express-cookie-secret',
    type: 'generic_api_key',
    rationale:
      "Express's cookie-parser secret, the first argument of cookieParser(): it signs the session cookies.",
    keywords: ['cookieparser'],
    // The call, a quote, the literal secret (no blanks, bounded), the closing quote.
    pattern: /cookieParser\([ \t]{0,3}["'`]([^"'`\s\\]{8,128})(?=["'`])/i,
    group: 1,
    validate: (v) => looksRandom(v) || (/\d/.test(v) && /[A-Za-z]/.test(v) && v.length >= 12),
    confidence: 0.7,
    samples: {
      match: [
        {
          text: "app.use(cookieParser('fybTL7Wj5bVRiWoqab7mq5bRgKhmE3H3'))",
          secret: 'fybTL7Wj5bVRiWoqab7mq5bRgKhmE3H3',
        },
      ],
      noMatch: ['app.use(cookieParser(process.env.COOKIE_SECRET))', "app.use(cookieParser('secret'))"],
    },
  },
  {
    id: 'aspnet-machine-key',
    type: 'generic_api_key',
    rationale:
      "ASP.NET's <machineKey> validation and decryption keys (hex): they sign and encrypt view state and forms-authentication tickets.",
    keywords: ['machinekey'],
    // The attribute, "=", a quote, the hex key, the closing quote ("AutoGenerate" is no key).
    pattern: /(?:validation|decryption)Key[ \t]{0,3}=[ \t]{0,3}["']([0-9A-Fa-f]{32,256})(?=["'])/i,
    group: 1,
    validate: hexKey,
    confidence: 0.85,
    samples: {
      match: [
        {
          text: '<machineKey validationKey="B5D2C1132C6702214967FB5E24E60B1B2EBC8F27C10F0229" decryption="AES" />',
          secret: 'B5D2C1132C6702214967FB5E24E60B1B2EBC8F27C10F0229',
        },
      ],
      noMatch: ['<machineKey validationKey="AutoGenerate,IsolateApps" decryptionKey="AutoGenerate" />'],
    },
  },
  {
    id: 'sidekiq-gem-credentials',
    type: 'generic_api_key',
    rationale:
      'Sidekiq Pro / Enterprise gem server credentials (gitleaks sidekiq-secret): user:password of 8 hex each under the contribsys host.',
    keywords: ['contribsys'],
    // Bundler's environment variable or `bundle config <host>`, then the 8:8 hex pair.
    pattern:
      /(?:BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM["']?[ \t]{0,3}[:=]|(?:enterprise|gems)\.contribsys\.com["']?)[ \t]{0,3}["']?([a-f0-9]{8}:[a-f0-9]{8})(?![A-Za-z0-9:])/i,
    group: 1,
    validate: (v) => /\d/.test(v) && /[a-f]/i.test(v),
    confidence: 0.85,
    samples: {
      match: [
        { text: 'BUNDLE_ENTERPRISE__CONTRIBSYS__COM=cafebabe:d3adb33f', secret: 'cafebabe:d3adb33f' },
        { text: 'bundle config --local gems.contribsys.com 1a2b3c4d:5e6f7a8b', secret: '1a2b3c4d:5e6f7a8b' },
      ],
      noMatch: [
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style reference is the sample
        'BUNDLE_GEMS__CONTRIBSYS__COM=${SIDEKIQ_CREDENTIALS}',
        'BUNDLE_GEMS__CONTRIBSYS__COM=cafebabe:deadbeef0',
      ],
    },
  },
  {
    id: 'asana-personal-access-token',
    type: 'generic_api_key',
    rationale:
      'Asana personal access tokens: a version digit, the user id (and the token id), ":" and 32 hex.',
    keywords: ['asana'],
    // "1/<id>:<32 hex>" or "2/<id>/<id>:<32 hex>", ids of 10-20 digits.
    pattern: /(?<![\w/])[12]\/\d{10,20}(?:\/\d{10,20})?:[0-9a-f]{32}(?![0-9A-Za-z])/,
    validate: (v) => hexKey(v.slice(-32)),
    confidence: 0.9,
    samples: {
      match: [
        {
          text: 'Asana personal access token: 2/1204567890123456/1206543210987654:effefbabefa52bfc3c53486e2ed38906',
          secret: '2/1204567890123456/1206543210987654:effefbabefa52bfc3c53486e2ed38906',
        },
      ],
      noMatch: ['Asana task 1204567890123456 is done'],
    },
  },
];
