import { DB_SCHEMES, urlPasswordReal } from './connection-strings.js';
import { isPlaceholder } from './placeholders.js';
import type { Rule } from './rule.js';

// Schemes of the network protocols whose URLs carry a login (the database ones are connection strings).
const URL_SCHEMES =
  'https?|wss?|ftps?|tftp|sftp|ssh|scp|smb|cifs|afp|nfs|git|svn|ldaps?|rtsps?|rtmps?|webdavs?|davs?|rsync|telnet|imaps?|pop3s?|smtps?|socks[45]h?|vnc|rdp|nntp|irc|sip|mqtts?';
// Schemes another rule reads: the protocols above, database and broker URLs, and URL-like schemes
// that are no network login (`mailto:`, `file://`).
const OTHER_RULES_SCHEMES = new RegExp(
  `^(?:${URL_SCHEMES}|jdbc|file|mailto|(?:${DB_SCHEMES})(?:\\+[a-z0-9]{1,20})?)$`,
  'i',
);

export const urlCredentialRules: Rule[] = [
  {
    id: 'url-credentials',
    type: 'url_credentials',
    rationale: 'user:password@ in http(s), ftp, sftp, ssh, git, ldap, rtsp … URLs (not database URLs).',
    keywords: ['://'],
    // Scheme from a fixed list, then the userinfo "user:password" (the secret) before "@host". A
    // password may hold an unescaped "@" (people paste "admin:P@ss1@host"): the userinfo runs to
    // the last "@" before the host, within its bound. A "#" too ("review:RFVT152#smq@host"): a
    // browser would read a fragment there, but people type the password as it is. The user may
    // be a mail address typed unescaped ("ftp://anna@acme.de:X@host").
    pattern: new RegExp(
      `(?<![\\w+.-])(?:${URL_SCHEMES}):\\/\\/([^\\s:/@?#]{1,64}(?:@[^\\s:/@?#]{1,64})?:[^\\s/?]{1,128})@(?=[\\w[])`,
      'i',
    ),
    group: 1,
    validate: (v, ctx) => {
      if (!userinfoReal(v)) return false;
      // user:pass@example.com style documentation.
      return (
        !/^(?:user(?:name)?|login|foo):(?:pass(?:word)?|secret|bar)$/i.test(v) &&
        !ctx.text.startsWith('example.com', ctx.end + 1)
      );
    },
    confidence: 0.85,
    samples: {
      match: [
        {
          text: 'clone https://jsmith:Gh!tPass2024@git.acme-corp.com/platform/api.git',
          secret: 'jsmith:Gh!tPass2024',
        },
        {
          text: 'files on ftp://upload:Upl0ad!2024@ftp.printshop.co.uk/incoming/',
          secret: 'upload:Upl0ad!2024',
        },
        { text: 'rtsp://admin:Cam3ra!2024@192.0.2.10:554/stream1', secret: 'admin:Cam3ra!2024' },
        { text: 'NAS: smb://backup:N4s@Home!7@192.168.1.20/share', secret: 'backup:N4s@Home!7' },
        { text: 'wss://bot:Xq7!socket9@push.acme.io/live', secret: 'bot:Xq7!socket9' },
        // A "#" typed into the password; a password percent-encoded as RFC 3986 asks.
        { text: 'https://review:RFVT152#smq@staging.acme.es/', secret: 'review:RFVT152#smq' },
        { text: 'Target=ftp://backup:%2BXxDKIB%25UC@nas.local/backup', secret: 'backup:%2BXxDKIB%25UC' },
        { text: 'ftp://anna@acme.de:Xk82!mPq@ftp.acme.de/', secret: 'anna@acme.de:Xk82!mPq' },
      ],
      noMatch: [
        'mailto:john.smith@example.com?subject=Hello',
        'ssh deploy@203.0.113.7 and https://git.acme.io/x.git',
        'Example: https://user:pass@example.com is not a good idea.',
        'Visit https://www.example.com:8443/path?x=1 now',
        'postgres://app:Vx82!kLmq@db/orders',
        // A port and a fragment holding an address; an encoded placeholder ("%VAR%", "<password>").
        'https://shop.acme.io:8443#contact@acme.io',
        'ftp://backup:%25BACKUP_PASS%25@nas.local/',
        'https://deploy:%3Cpassword%3E@git.acme.io/x.git',
      ],
    },
  },
  {
    id: 'http-basic-auth',
    type: 'url_credentials',
    rationale:
      'An HTTP Basic Authorization header (curl -H, a request log): the base64 of user:password is the pair itself.',
    keywords: ['basic'],
    // "Authorization: Basic" (or a bare "Basic" after a header name's colon), then base64.
    pattern:
      /(?<![\w-])(?:authorization|proxy-authorization)["']?[ \t]{0,4}[:=][ \t]{0,4}["']?basic[ \t]{1,4}([A-Za-z0-9+/]{8,400}={0,2})(?![A-Za-z0-9+/=])/i,
    group: 1,
    validate: (v) => basicPair(v),
    confidence: 0.9,
    samples: {
      match: [
        {
          text: 'curl -H "Authorization: Basic YXBpdXNlcjpRN3ohcEs5bVEy" https://api.acme.io/v2',
          secret: 'YXBpdXNlcjpRN3ohcEs5bVEy',
        },
      ],
      noMatch: [
        'Authorization: Basic dXNlcjpwYXNzd29yZA==',
        'Authorization: Basic <base64 of user:password>',
        'Authorization: Basic Zm9vYmFyYmF6',
      ],
    },
  },
  {
    id: 'curl-user-pair',
    type: 'url_credentials',
    rationale: 'curl -u / --user user:password on a command line: the pair is the credential.',
    keywords: ['-u', '--user'],
    // The option, blanks or "=", an optional quote, then user ":" password up to a blank or quote.
    pattern: /(?<![\w-])(?:-u|--user)(?:[ \t]{1,4}|=)["']?([^\s:"'@]{1,64}:[^\s"']{1,128})/,
    group: 1,
    validate: (v) => {
      const password = v.slice(v.indexOf(':') + 1);
      return (
        password.length >= 4 &&
        !isPlaceholder(password) &&
        !/^(?:pass(?:word)?|secret|\$\w+|<.*>)$/i.test(password)
      );
    },
    confidence: 0.85,
    samples: {
      match: [{ text: 'curl -u admin:Xk82!mPq https://nas.local/api', secret: 'admin:Xk82!mPq' }],
      noMatch: ['curl -u user:password https://api.acme.io', 'curl -u $USER:$PASS https://x', 'ls -u a:b'],
    },
  },
  {
    id: 'url-credentials-vendor-scheme',
    type: 'url_credentials',
    rationale:
      "A service's own URL scheme with key:secret@ (CLOUDINARY_URL=cloudinary://key:secret@cloud, a vendor SDK's DSN): the pair is the login, whatever the scheme.",
    keywords: ['://'],
    // Any scheme (kept whole by the look-behind), then "user:secret@" before a host; the schemes
    // the rule above and the connection-string rules read are theirs.
    pattern: /(?<![\w+.-])([a-z][a-z0-9+.-]{1,30}):\/\/([^\s:/@?#]{1,64}:[^\s/?#]{6,128})@(?=[\w[])/i,
    group: 2,
    validate: (v, ctx) => {
      if (OTHER_RULES_SCHEMES.test(ctx.match?.[1] ?? '') || !userinfoReal(v)) return false;
      const secret = v.slice(v.indexOf(':') + 1);
      // A key pair, not a word: the secret mixes letters and digits (or is long).
      return /\d/.test(secret) && /[A-Za-z]/.test(secret) && !ctx.text.startsWith('example.', ctx.end + 1);
    },
    confidence: 0.85,
    samples: {
      match: [
        {
          text: 'CLOUDINARY_URL=cloudinary://481736294018355:Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9Fj@acme-shop',
          secret: '481736294018355:Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9Fj',
        },
        {
          text: 'dsn: "clickhouse-native://reporting:Kp7!vQ29xLm@ch.acme.io:9440/default"',
          secret: 'reporting:Kp7!vQ29xLm',
        },
      ],
      noMatch: [
        'CLOUDINARY_URL=cloudinary://<api_key>:<api_secret>@<cloud_name>',
        'cloudinary://API_KEY:API_SECRET@CLOUD_NAME',
        'postgres://app:Vx82!kLmq@db/orders',
        'https://jsmith:Gh!tPass2024@git.acme-corp.com',
        'redis://:Qx81!vbLw@cache:6379',
        'myapp://user:password@example.com',
      ],
    },
  },
];

/**
 * The password of a URL's `user:password` is a value, not a template. Percent-encoded bytes
 * (`%2B`, `%25`, as RFC 3986 asks for reserved characters) are judged decoded: `%2BXx…` is `+Xx…`,
 * `%25VAR%25` the `%VAR%` placeholder. A port before a "#" (`host:8443#…@`) is no password.
 */
function userinfoReal(v: string): boolean {
  const colon = v.indexOf(':');
  const password = v.slice(colon + 1);
  if (/^\d{1,5}#/.test(password)) return false;
  // "anna@host.de:8443@…": a host and its port, not a login.
  if (v.slice(0, colon).includes('@') && /^\d{1,5}$/.test(password)) return false;
  let decoded = password;
  if (/%[0-9A-Fa-f]{2}/.test(password)) {
    try {
      decoded = decodeURIComponent(password);
    } catch {
      // A stray "%" that is no escape: the password as typed.
    }
  }
  return decoded.length > 0 && urlPasswordReal(`x://${v.slice(0, colon)}:${decoded.replace(/@/g, '_')}@`);
}

/** The base64 decodes to printable "user:password" with a real password (not the docs' own). */
function basicPair(b64: string): boolean {
  if (b64.length % 4 !== 0) return false;
  const pair = Buffer.from(b64, 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  if (colon < 1 || !/^[\x20-\x7e\u00a0-\uffff]+$/.test(pair) || pair.includes('\ufffd')) return false;
  const password = pair.slice(colon + 1);
  return (
    password.length >= 4 && !isPlaceholder(password) && !/^(?:pass(?:word)?|secret|changeme)$/i.test(password)
  );
}
