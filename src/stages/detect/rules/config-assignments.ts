import {
  compoundKey,
  type KeyKind,
  keyKind,
  keyParts,
  looseKey,
  realConfigValue,
  VENDOR_NAMES,
} from './config-key-names.js';
import type { KeywordScan } from './keywords.js';
import type { Rule } from './rule.js';

// Words a credential key name contains (lower case, for the prefilter).
const KEY_WORDS = [
  'pass',
  'pwd',
  'pw',
  'secret',
  'token',
  'key',
  'salt',
  'credential',
  'kennwort',
  'wachtwoord',
  'senha',
  'contras',
  'hasl',
  'hesl',
  'sifre',
  'şifre',
  'parola',
  'lösenord',
  'losenord',
  'adgangskode',
  'masterauth',
  'crc',
  ...VENDOR_NAMES,
];

// A value in double quotes, in single quotes, or bare up to the next blank (env, YAML, INI).
const VALUE = `(?:"([^"\\r\\n]{1,300})(?=")|'([^'\\r\\n]{1,300})(?=')|([^\\s"'\`][^\\s]{0,299}))`;

// HTML rendered to text tears "DD_API_KEY=" and its value into blocks a blank line or two apart:
// a value alone on one of the next lines, no assignment itself, counts too (group 5).
const NEXT_LINE_VALUE =
  '[ \\t]{0,8}\\r?\\n(?:[ \\t]{0,8}\\r?\\n){0,3}[ \\t]{0,8}([^\\s"\'`=:][^\\s=:]{0,299})(?=[ \\t]{0,8}(?:\\r?\\n|$))';

/** Drops what ends a bare value in JSON, PHP, YAML flow maps: trailing commas, semicolons, brackets. */
function trimBare(value: string): number {
  let end = value.length;
  while (end > 0 && ',;)]}'.includes(value[end - 1] as string)) end--;
  return end;
}

/** Whether the key of a match names a credential of `kind` and the value is a real one. */
function judge(
  m: RegExpExecArray,
  value: string,
  text: string,
  form: Form,
  named = m[1] ?? '',
): KeyKind | undefined {
  const at = m.index;
  const bareLineStart = form.bareLineStart;
  const key = named;
  const kind = keyKind(key);
  if (kind === undefined) return undefined;
  // A loose "<word>_KEY" is compound for where it may stand, not for which values count.
  const compound = compoundKey(key) && !looseKey(key);
  const placed = compound || looseKey(key);
  if (form.identifierOnly && !placed) return undefined;
  if (bareLineStart && !placed) {
    // A single word before ":" or "=" is a configuration key only at the start of its line
    // ("password = …" in an INI file, "password: …" in YAML); in prose the password rules decide.
    const lineStart = text.lastIndexOf('\n', at) + 1;
    // A PHP object's property counts as a key at its line's start ("$CFG->dbpass = '…'", Moodle).
    if (!/^[ \t>]*(?:-[ \t]+|export[ \t]+|set[ \t]+|\$\w{1,40}->)?$/.test(text.slice(lineStart, at)))
      return undefined;
    if (m[0].slice(key.length).trimStart().startsWith(':') && key !== key.toLowerCase()) return undefined;
  }
  // An unquoted word that goes on as a sentence ("# DB_PASSWORD: défini dans Settings", "password:
  // stored in the vault"): a comment about where the password is, not its value.
  if (kind === 'password' && m[4] !== undefined && /^\p{L}+$/u.test(value)) {
    const end = at + m[0].lastIndexOf(value) + value.length;
    if (/^[ \t]+\p{L}{2,}[ \t]+\p{L}/u.test(text.slice(end, end + 60))) return undefined;
  }
  // A bare "crc" is a checksum unless the payment gateway that calls its signing key so is named:
  // in the key (`P24_CRC`), its section (`[p24]`) or the text before it.
  const parts = keyParts(key);
  const crc = parts.includes('crc');
  if (crc && !/p24|przelewy/i.test(text.slice(Math.max(0, at - 1500), at + key.length))) return undefined;
  const placedValue =
    compound || crc || (bareLineStart && (inConfigBlock(text, at) || inIniSection(text, at)));
  return realConfigValue(kind, value, placedValue) ? kind : undefined;
}

// One-word keys whose block names what they hold (YAML and HCL children, INI section keys).
const CHILD_KEY = /^(?:key|secret|token|value|default|salt|api_?key)$/i;
// A parent line: YAML `name:` / JSON `"name": {` / HCL `variable "name" {`, `name = {`, `name {`.
const PARENT_LINE =
  /^[ \t]*(?:[\w-]{1,40}[ \t]+)?["']?([A-Za-z_][\w.-]{0,63})["']?[ \t]*(?::[ \t]*\{?|=[ \t]*\{|\{)[ \t]*$/;

/**
 * The name of the block a key stands in: the nearest line above with less indentation that opens
 * a block, or the INI/TOML section header above an unindented key (within 40 lines).
 */
function parentName(text: string, at: number, key: string): string | undefined {
  let lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const indent = unquoted(text.slice(lineStart, at)).length;
  for (let i = 0; i < 40 && lineStart > 0; i++) {
    const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const line = unquoted(text.slice(prevStart, lineStart - 1).replace(/\r$/, ''));
    lineStart = prevStart;
    if (line.trim() === '' || COMMENT_LINE.test(line)) continue;
    const lineIndent = line.length - line.trimStart().length;
    // A name/value list (Kubernetes `env:`, `- name: API_TOKEN` / `value: …`): the name above.
    if (i === 0 && key.toLowerCase() === 'value') {
      const name = /^[ \t]*(?:-[ \t]+)?name:[ \t]*["']?([A-Za-z_][\w.-]{0,63})["']?[ \t]*$/.exec(line);
      if (name) return name[1];
    }
    if (indent === 0) {
      const section = /^[ \t]*\[{1,2}([\w .:"'-]{1,60})\]{1,2}[ \t]*$/.exec(line);
      if (section) return (section[1] as string).split(/[.:]/).pop()?.replace(/["' ]/g, '');
      if (!CONFIG_LINE.test(line)) return undefined;
      continue;
    }
    if (lineIndent < indent) return PARENT_LINE.exec(line)?.[1];
  }
  return undefined;
}

/** A line without the reply quoting before it (`> `, `>> `), so indentation compares as written. */
function unquoted(line: string): string {
  return line.replace(/^(?:[ \t]{0,3}>)+[ \t]?/, '');
}

// An INI or TOML section header on its own line (`[p24]`, `[mail.smtp]`, `[[servers]]`).
const SECTION_LINE = /^[ \t]*\[{1,2}[\w .:"'-]{1,60}\]{1,2}[ \t]*$/;
// A comment or blank line inside a section, between its header and its keys.
const COMMENT_LINE = /^[ \t]*(?:[#;].*)?$/;

/**
 * The key is one of an INI/TOML section's keys: the lines above it, up to a section header, are
 * keys, comments or blanks. There, as in an indented block, a bare `secret`/`api_key` is the
 * file's setting and takes hex values (Przelewy24's `[p24]` / `crc = …`, a `[mailgun]` key).
 */
function inIniSection(text: string, at: number): boolean {
  let lineStart = text.lastIndexOf('\n', at - 1) + 1;
  for (let i = 0; i < 40 && lineStart > 0; i++) {
    const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const line = text.slice(prevStart, lineStart - 1).replace(/\r$/, '');
    if (SECTION_LINE.test(line)) return true;
    if (!CONFIG_LINE.test(line) && !COMMENT_LINE.test(line)) return false;
    lineStart = prevStart;
  }
  return false;
}

// A line of a configuration file: an identifier, "=" or ":", then a value or nothing (a parent key).
const CONFIG_LINE = /^[ \t]*[A-Za-z_][\w.-]{0,63}[ \t]{0,8}(?:=|:(?![^\s]))/;

/**
 * The key sits inside a configuration file's block: indented, between two lines of the same kind
 * (`parameters:` / `    database_password: …` / `    secret: …`). There a bare `secret` is the
 * framework's setting (Symfony's kernel secret, a hex string), not a word in prose before a hash.
 */
function inConfigBlock(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  if (!/^[ \t]+$/.test(text.slice(lineStart, at)) || lineStart === 0) return false;
  const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  const lineEnd = text.indexOf('\n', at);
  if (lineEnd === -1) return CONFIG_LINE.test(text.slice(prevStart, lineStart - 1));
  const nextEnd = text.indexOf('\n', lineEnd + 1);
  const next = text.slice(lineEnd + 1, nextEnd === -1 ? text.length : nextEnd);
  return (
    CONFIG_LINE.test(text.slice(prevStart, lineStart - 1)) && (next.trim() === '' || CONFIG_LINE.test(next))
  );
}

interface Found {
  start: number;
  end: number;
  kind: KeyKind;
}

// Rejected credential pairs per form and text: a bound on the work hostile input can cause (as the
// engine's per-rule budget).
const MAX_REJECTED = 4000;

// Every key that names a credential holds one of KEY_WORDS (keyKind's parts, vendor names): a
// key without one of the keyword pass's hits inside it is passed over without splitting it.
function hasKeyWord(near: readonly number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = near.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((near[mid] as number) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < near.length && (near[lo] as number) < to;
}

/** Where KEY_WORDS occur in the text (once per scan, for every form); undefined: unknown. */
function keyWordOffsets(memo: Map<string, unknown>, keywords: KeywordScan | undefined): number[] | undefined {
  if (keywords === undefined) return undefined;
  if (!memo.has('config-key-words')) memo.set('config-key-words', keywords.offsets(KEY_WORDS));
  return memo.get('config-key-words') as number[] | undefined;
}

// A pair's match begins at most this far before a keyword inside its key: the key's own length
// (64 at most) and what stands before it (a quote, `--`, `<add key="`, `<setting name="`).
const KEY_REACH = 128;
// Child keys that hold no key word (`value:` under a vendor's block, HCL `default =`).
const CHILD_WORDS = /(?:value|default)[ \t]*[:=]/gi;

/**
 * Where a pair can start, as merged ranges [lo, hi]: up to KEY_REACH before each key word (and
 * each child key). The form's pattern is run from these ranges only, on the whole text (so its
 * lookbehinds see what precedes), instead of over every `name=` and `name:` of a long log.
 */
function startRanges(near: readonly number[], text: string, form: Form): Array<[number, number]> {
  let at: readonly number[] = near;
  if (form.bareLineStart) {
    const more = [...near];
    for (const m of text.matchAll(CHILD_WORDS)) more.push(m.index);
    at = more.sort((x, y) => x - y);
  }
  const out: Array<[number, number]> = [];
  for (const o of at) {
    const last = out.at(-1);
    if (last && o - KEY_REACH <= last[1] + 1) last[1] = o;
    else out.push([Math.max(0, o - KEY_REACH), o]);
  }
  return out;
}

/** Every credential pair of one form in the text, both kinds; shared by the form's two rules. */
function pairs(form: Form, text: string, memo: Map<string, unknown>, keywords?: KeywordScan): Found[] {
  const cached = memo.get(form.id) as Found[] | undefined;
  if (cached) return cached;
  const out: Found[] = [];
  const near = keyWordOffsets(memo, keywords);
  const re = new RegExp(form.pattern.source, `${form.pattern.flags.replace('g', '')}g`);
  let rejected = 0;
  const visit = (m: RegExpExecArray): void => {
    const g = m[2] ?? m[3] ?? m[4] ?? m[5];
    if (g === undefined) return;
    const key = m[1] ?? '';
    const keyAt = m.index + m[0].indexOf(key);
    const child = form.bareLineStart && CHILD_KEY.test(key);
    if (near !== undefined && !child && !hasKeyWord(near, keyAt, keyAt + key.length)) return;
    const quoted = m[4] === undefined && m[5] === undefined;
    // A bare value in a query string or form body ends where the next parameter begins.
    const bare = quoted ? g : g.slice(0, g.search(/&[A-Za-z_][\w.-]{0,40}=|$/));
    const value = quoted ? g : bare.slice(0, trimBare(bare));
    const start = m.index + m[0].lastIndexOf(g);
    // Keys that name no credential are most matches in a config file, and cost a split of the
    // key: only pairs whose value had to be judged count against the budget.
    // A one-word key takes its meaning from the block it stands in: `key:` under `mailgun:`,
    // `default =` in `variable "api_token" {`, `api_key =` under `[sendgrid]`.
    const parent = child && realConfigValue('key', value, true) ? parentName(text, keyAt, key) : undefined;
    const joined = `${parent}_${key}`;
    // The block must name the credential (a vendor, "api", "secret" …), not any word before "key".
    const named = parent !== undefined && keyKind(joined) !== undefined && !looseKey(joined) ? joined : key;
    if (keyKind(named) === undefined) return;
    const kind = judge(m, value, text, form, named);
    if (kind === undefined) rejected++;
    else out.push({ start, end: start + value.length, kind });
  };
  if (near === undefined) {
    for (let m = re.exec(text); m !== null && rejected < MAX_REJECTED; m = re.exec(text)) visit(m);
  } else {
    // The leftmost match from a range's start is the one a whole-text scan finds there: no match
    // begins between where the last search started and where its match (or a later one) begins.
    for (const [lo, hi] of startRanges(near, text, form)) {
      if (re.lastIndex > hi) continue;
      re.lastIndex = Math.max(lo, re.lastIndex);
      for (let m = re.exec(text); m !== null && rejected < MAX_REJECTED; m = re.exec(text)) {
        if (m.index > hi) {
          re.lastIndex = m.index;
          break;
        }
        visit(m);
      }
      if (rejected >= MAX_REJECTED || re.lastIndex === 0) break;
    }
  }
  memo.set(form.id, out);
  return out;
}

interface Form {
  id: string;
  rationale: string;
  pattern: RegExp;
  bareLineStart: boolean;
  /** Only configuration identifiers (`DD_API_KEY`, `AppSecretToken`) count, not single words. */
  identifierOnly?: boolean;
  samples: Record<KeyKind, Rule['samples']>;
}

const FORMS: Form[] = [
  {
    id: 'config-quoted-key',
    rationale:
      "A quoted key naming a credential and its value: JSON \"password\": \"…\", PHP 'password' => '…', define('DB_PASSWORD', '…').",
    // Quoted key (a PHP array index `['key'] =` too), separator (":", "=>", "=", or the "," of PHP
    // define), then the value.
    pattern: new RegExp(
      `(?<![\\w])["']([A-Za-z_][\\w.-]{0,63})["']\\]?[ \\t]{0,40}(?:=>|:|=|,)[ \\t]{0,40}${VALUE}`,
    ),
    bareLineStart: false,
    samples: {
      password: {
        match: [
          { text: "define( 'DB_PASSWORD', 'Sommer2020*' );", secret: 'Sommer2020*' },
          { text: '{"user": "app", "password": "Tq8#kLm2vR"}', secret: 'Tq8#kLm2vR' },
          { text: "'password' => 'Hx7!pQ2wZ',", secret: 'Hx7!pQ2wZ' },
        ],
        noMatch: [
          "define( 'DB_PASSWORD', 'your-db-password' );",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style placeholder is the sample
          '{"password": "${DB_PASSWORD}"}',
          '{"password_min_length": "12345"}',
          '{"password": ""}',
        ],
      },
      key: {
        match: [
          {
            text: "define( 'AUTH_KEY', '/aGd5yj}EgPtQo/6/bE?G%:VABSiM.gIzV}OK%X.v2JZ_m1+v_}t|f%(6A.9SLtx' );",
            secret: '/aGd5yj}EgPtQo/6/bE?G%:VABSiM.gIzV}OK%X.v2JZ_m1+v_}t|f%(6A.9SLtx',
          },
          {
            text: '{"apiKey": "c3f1a9d27b8e4f60a5d1e2b3c4d5e6f7"}',
            secret: 'c3f1a9d27b8e4f60a5d1e2b3c4d5e6f7',
          },
          {
            text: "$settings['hash_salt'] = 'h4tm2gjuYJ3gEZNJVrG9IZ4Hm2pmPs7hH0958ntUkuBj0bqMBE';",
            secret: 'h4tm2gjuYJ3gEZNJVrG9IZ4Hm2pmPs7hH0958ntUkuBj0bqMBE',
          },
        ],
        noMatch: [
          "define( 'AUTH_KEY', 'put your unique phrase here' );",
          '{"api_key_id": "c3f1a9d27b8e4f60a5d1e2b3c4d5e6f7"}',
          '{"token_url": "https://auth.acme.io/oauth2/token"}',
        ],
      },
    },
  },
  {
    id: 'config-bare-key',
    rationale:
      'KEY=value and key: value in .env, INI, TOML, YAML, properties and docker-compose environment: lists.',
    // Identifier (not inside a longer one or a path), "=", ":=" or ":" (not "://" or "=="), the value.
    pattern: new RegExp(
      `(?<![\\w.$/\\\\-])([A-Za-z_][\\w.-]{0,63})[ \\t]{0,8}(?::=|=|:)(?![=:]|//)(?:[ \\t]{0,8}${VALUE}|${NEXT_LINE_VALUE})`,
    ),
    bareLineStart: true,
    samples: {
      password: {
        match: [
          { text: "$CFG->dbpass    = 'Kq8!vRt2Lm';\n", secret: 'Kq8!vRt2Lm' },
          { text: 'DB_PASSWORD=Xk82!mPq\nDB_HOST=db', secret: 'Xk82!mPq' },
          { text: 'database:\n  password: "Lx9$wQ2e"\n', secret: 'Lx9$wQ2e' },
          { text: '[mysql]\npassword = Rt5%yU8i\n', secret: 'Rt5%yU8i' },
          { text: '    environment:\n      - MYSQL_ROOT_PASSWORD=Pq7&zX3c\n', secret: 'Pq7&zX3c' },
        ],
        noMatch: [
          '    # REGISTRY_PASSWORD: défini dans les paramètres CI (masqué)',
          'db_password: stored in the vault since March',
          'DB_PASSWORD=your-db-password',
          'DB_PASSWORD=changeme',
          'DB_PASSWORD=\nDB_HOST=localhost\n',
          "define( 'DB_PASSWORD', 'password_here' );",
          'password: <secret>',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style placeholder is the sample
          'DB_PASSWORD=${DB_PASSWORD}',
          'PASSWORD_RESET_TIMEOUT=3600',
          'The new Password: is shown on the screen.',
        ],
      },
      key: {
        match: [
          {
            text: '      - DD_API_KEY=31bf8d9c92938d2db8267a94322518d1\n',
            secret: '31bf8d9c92938d2db8267a94322518d1',
          },
          {
            text: 'APP_KEY=base64:5NrZs1G0P4ZL1sEld0ptTYLKvHQHG4bbX+ivw2HaRW8=',
            secret: 'base64:5NrZs1G0P4ZL1sEld0ptTYLKvHQHG4bbX+ivw2HaRW8=',
          },
          {
            text: 'production:\n  secret_key_base: 42b543ab216342587fb78839c05291eb3e3fe15b3bea65dca38f89153f81248a\n',
            secret: '42b543ab216342587fb78839c05291eb3e3fe15b3bea65dca38f89153f81248a',
          },
          {
            text: 'INFO deploy using HEROKU_API_KEY=eb7d8399-8eb6-4078-bd6c-a320364e2482',
            secret: 'eb7d8399-8eb6-4078-bd6c-a320364e2482',
          },
          {
            text: 'heroku: 9c0d0b58-5b3a-447d-8c61-0da4c0a35f4d\n',
            secret: '9c0d0b58-5b3a-447d-8c61-0da4c0a35f4d',
          },
          {
            text: 'Config:\n\nDD_APP_KEY=\n\ne5e3cb5e869724b4fc1df97fe73e4daa5c035245\n\nThanks',
            secret: 'e5e3cb5e869724b4fc1df97fe73e4daa5c035245',
          },
          {
            text: 'parameters:\n    mailer_host: smtp.acme.fr\n    secret: 7c0f2a9e5b3d41e8a6f9c2d7b4e1a8f3\n',
            secret: '7c0f2a9e5b3d41e8a6f9c2d7b4e1a8f3',
          },
          {
            text: 'curl -d client_secret=Kq8vT3nW9xLm2RbZp5YcHd4J&grant_type=client_credentials https://id.acme.io',
            secret: 'Kq8vT3nW9xLm2RbZp5YcHd4J',
          },
          {
            // A base64 value may begin with "/" like any of its 64 characters.
            text: 'BACKUP_SECRET_KEY=/uZ6cxCSnXmAoQKxfthFI8vcgZhOG5sGrqIbwfr6cEfG+9vGO0mW27Z8s8fb0xe==\n',
            secret: '/uZ6cxCSnXmAoQKxfthFI8vcgZhOG5sGrqIbwfr6cEfG+9vGO0mW27Z8s8fb0xe==',
          },
          {
            text: 'MOLLIE_KEY=live_d38x8WaKVv0xRnd92XgYw8VBZXfB1g\nMAIL_HOST=smtp',
            secret: 'live_d38x8WaKVv0xRnd92XgYw8VBZXfB1g',
          },
          {
            text: "SECRET_KEY = 'django-insecure-^aayxvp)=e397)1iihcktj=colnk=v218vq&2u'",
            secret: 'django-insecure-^aayxvp)=e397)1iihcktj=colnk=v218vq&2u',
          },
          {
            // Przelewy24's signing key is its "CRC", named in the INI section.
            text: '; P24\n[p24]\nmerchant_id = 215073\ncrc = 5d2e9a7c41b8f306\nsandbox = 0\n',
            secret: '5d2e9a7c41b8f306',
          },
          {
            // A key in a section named after the service takes the vendor's hex key.
            text: '[mailgun]\n; sending domain\ndomain = mg.acme.de\napi_key = 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e\n',
            secret: '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e',
          },
          {
            text: 'RAILS_ENV=production\nRAILS_KEY=7b2e9f4a1c8d3e6b0a5f2c9e7d4b1a8f3e6c0d9b2a5f8e1c4d7b0a3f6e9c2d5b8a\n',
            secret: '7b2e9f4a1c8d3e6b0a5f2c9e7d4b1a8f3e6c0d9b2a5f8e1c4d7b0a3f6e9c2d5b8a',
          },
        ],
        noMatch: [
          'APP_KEY=',
          'TWILIO_ACCOUNT_SID=AC5e8f1a2b3c4d5e6f7a8b9c0d1e2f3a4b',
          'MAILGUN_DOMAIN=mg.acme-shop.de',
          'secret: 9b74c9897bac770ffc029102a200c5de9b74c9897bac770ffc029102a200c5de',
          'Build log:\n  step: deploy\n  result: ok\n\nsecret: 9b74c9897bac770ffc029102a200c5de',
          'GIT_COMMIT_SHA=3f786850e387550fdab836ed7e6dc881de23001b',
          'API_KEY=your-api-key-here',
          'SESSION_KEY_PREFIX=acme_prod_sessions_v2',
          'MOLLIE_KEY=9c0d0b585b3a447d8c610da4c0a35f4d',
          'STRIPE_KEY=pk_live_51oQUX4RqAsb2advqjNNqoTANqk0zlokozUuIcA1jM',
          'kind: Secret\ndata:\n  API_KEY: UkVQTEFDRV9NRQ==\n  DB_PASSWORD: Y2hhbmdlbWU=\n',
          'CACHE_KEY=Zk3mV9xR2tY7wZ1aB4cD5eF8gH0jL6nP',
          'upload.bin: size 48213, crc = 5d2e9a7c41b8f306',
          '[archive]\nfile = backup.tar\ncrc = 5d2e9a7c41b8f306\n',
          '[build]\ncommit = 3f786850e387550fdab836ed7e6dc881de23001b\n',
          "$settings['hash_file'] = 'Zk3mV9xR2tY7wZ1aB4cD5eF8gH0jL6nP';",
          'api_token: ENC[AES256_GCM,data:Zk3mV9xR2tY7wZ1aB4cD5eF8,iv:q7Wx2Lm9Rt4Vb8Nc3Zp6Ks1Hd5Fj0Ga=,type:str]',
          // Symfony's recipe default and an Application Insights resource id are no secrets.
          'APP_SECRET=ThisTokenIsNotSoSecretChangeIt',
          'InstrumentationKey=5f1e2d3c-4b5a-4697-8877-66a5b4c3d2e1;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/',
        ],
      },
    },
  },
  {
    id: 'config-tab-row',
    rationale:
      'A two-cell row of a table (HTML rendered to text, a spreadsheet): a configuration identifier, tabs, its value.',
    // A line holding an identifier, one to four tabs, the value, nothing after it.
    pattern: new RegExp(
      `(?<![^\\n])[ \\t]{0,8}([A-Za-z_][\\w.-]{0,63})\\t{1,4}${VALUE}(?=[ \\t]{0,8}(?:\\r?\\n|$))`,
    ),
    bareLineStart: false,
    identifierOnly: true,
    samples: {
      password: {
        match: [{ text: '\tDbPassword\t\tXk82!mPq\t\n', secret: 'Xk82!mPq' }],
        noMatch: ['\tPassword\t\tchanged yesterday\t\n', '\tPassword\t\tXk82!mPq and more\n'],
      },
      key: {
        match: [
          {
            text: '\tAppSecretToken\t\tElA8BUYRbqeJZ7osjFDEenVyVE1YBeNFzaPJrRc61ff\t\n\n\tAftalenummer\t\t715876\t\n',
            secret: 'ElA8BUYRbqeJZ7osjFDEenVyVE1YBeNFzaPJrRc61ff',
          },
        ],
        noMatch: ['\tToken\t\tZk3mV9xR2tY7wZ1aB4cD5eF8gH0jL6nP\t\n', '\tApiKeyHeader\t\tX-Api-Key\t\n'],
      },
    },
  },
  {
    id: 'config-cli-flag',
    rationale: 'Command-line options naming a credential: --password X, --requirepass X, --api-token=X.',
    // Two dashes, the option name, "=" or blanks, then the value.
    pattern: new RegExp(`(?<![\\w-])--([A-Za-z][\\w-]{1,40})(?:=|[ \\t]{1,4})${VALUE}`),
    bareLineStart: false,
    samples: {
      password: {
        match: [
          { text: '    command: redis-server --requirepass Jfxq@TNKwsB7', secret: 'Jfxq@TNKwsB7' },
          { text: 'mysqldump --user=backup --password=Bk9!dump22 shop', secret: 'Bk9!dump22' },
        ],
        noMatch: ['docker login --password-stdin < token.txt', 'use --password <your password>'],
      },
      key: {
        match: [
          {
            text: 'npx vercel deploy --token 7Hq2LmX9vR4tY8wZ1aB3cD5e',
            secret: '7Hq2LmX9vR4tY8wZ1aB3cD5e',
          },
        ],
        noMatch: ['gh auth login --with-token < mytoken.txt', 'helm upgrade --token-file /var/run/token'],
      },
    },
  },
  {
    id: 'config-xml-element',
    rationale: 'XML elements named for a credential: <password>…</password>, <apiKey>…</apiKey>.',
    // Opening tag (attributes bounded), the text up to the closing tag.
    pattern: /<([A-Za-z_][\w.:-]{0,63})(?:[ \t][^<>\r\n]{0,200})?>([^<\r\n]{1,300})(?=<\/)/,
    bareLineStart: false,
    samples: {
      password: {
        match: [{ text: '<user>sa</user><password>Mz4!kQ9w</password>', secret: 'Mz4!kQ9w' }],
        noMatch: [
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a Maven-style placeholder is the sample
          '<password>${env.DB_PASS}</password>',
          '<passwordPolicy>strict</passwordPolicy>',
        ],
      },
      key: {
        match: [
          {
            text: '<ApiKey>Zk3mV9xR2tY7wZ1aB4cD5eF8gH0jL6nP</ApiKey>',
            secret: 'Zk3mV9xR2tY7wZ1aB4cD5eF8gH0jL6nP',
          },
        ],
        noMatch: ['<apiKey>YOUR_API_KEY</apiKey>'],
      },
    },
  },
  {
    id: 'config-xml-keyed-element',
    rationale:
      'XML elements whose key attribute names a credential: <entry key="api.secret">…</entry> (Java properties XML).',
    // key="name" (or name="…") inside an opening tag, then the element's text up to its closing tag.
    pattern:
      /<[A-Za-z_][\w.:-]{0,40}[ \t][^<>\r\n]{0,120}?(?<![\w-])(?:key|name)=["']([\w.:-]{1,64})["'][^<>\r\n]{0,120}>([^<\r\n]{1,300})(?=<\/)/i,
    bareLineStart: false,
    samples: {
      password: {
        match: [{ text: '<entry key="db.password">Mz4!kQ9w</entry>', secret: 'Mz4!kQ9w' }],
        noMatch: ['<entry key="db.password.length">12</entry>'],
      },
      key: {
        match: [
          {
            text: '<entry key="api.secret">Kq8vT3nW9xLm2RbZp5YcHd4J</entry>',
            secret: 'Kq8vT3nW9xLm2RbZp5YcHd4J',
          },
        ],
        noMatch: ['<entry key="api.secret.file">/etc/app/secret</entry>'],
      },
    },
  },
  {
    id: 'config-xml-add',
    rationale: '.NET appSettings and similar: <add key="ApiSecret" value="…"/>.',
    // key="name" then value="…", both attributes quoted, on one line.
    pattern: /(?<![\w])(?:key|name)=["']([\w.:-]{1,64})["'][ \t]{1,8}value=["']([^"'\r\n]{1,300})(?=["'])/i,
    bareLineStart: false,
    samples: {
      password: {
        match: [{ text: '<add key="SmtpPassword" value="Sm7p#Mail24" />', secret: 'Sm7p#Mail24' }],
        noMatch: ['<add key="SmtpPassword" value="" />', '<add key="PasswordMinLength" value="12" />'],
      },
      key: {
        match: [
          {
            text: '<add key="Stripe:SecretKey" value="Zk3mV9xR2tY7wZ1aB4cD5eF8gH0jL6nP" />',
            secret: 'Zk3mV9xR2tY7wZ1aB4cD5eF8gH0jL6nP',
          },
        ],
        noMatch: ['<add key="ApiKeyHeader" value="X-Api-Key-For-Partner-Portal" />'],
      },
    },
  },
];

const TYPES: Record<KeyKind, Rule['type']> = { password: 'password', key: 'generic_api_key' };

/** One rule per form and kind: a password key's value is a password, any other a key. */
export const configAssignmentRules: Rule[] = FORMS.flatMap((form) =>
  (['password', 'key'] as const).map(
    (kind): Rule => ({
      id: `${form.id}-${kind === 'password' ? 'password' : 'secret'}`,
      type: TYPES[kind],
      rationale: `${form.rationale} (${kind === 'password' ? 'password keys' : 'key, token and secret keys'})`,
      keywords: KEY_WORDS,
      pattern: form.pattern,
      find: (text, memo, keywords) => pairs(form, text, memo, keywords).filter((f) => f.kind === kind),
      confidence: kind === 'password' ? 0.85 : 0.75,
      samples: form.samples[kind],
    }),
  ),
);

// base64 of "-----BEGIN": a PEM block stored base64-encoded (kubeconfig client-key-data, Helm values).
const BASE64_PEM = /^LS0tLS1CRUdJT[A-Za-z0-9+/]{40,}={0,2}$/;

/** A base64-encoded PEM private key under a credential key (not a certificate). */
function base64PrivateKey(value: string): boolean {
  if (!BASE64_PEM.test(value)) return false;
  const head = Buffer.from(value.slice(0, 120), 'base64').toString('latin1');
  return /^-----BEGIN [A-Z0-9 ]{0,30}PRIVATE KEY-----/.test(head);
}

configAssignmentRules.push({
  id: 'config-base64-private-key',
  type: 'private_key',
  rationale:
    'A base64-encoded PEM private key under a key name: kubeconfig client-key-data, Helm and CI values.',
  keywords: ['ls0tls1crudjt'],
  pattern: (FORMS[1] as Form).pattern,
  find: (text, memo, keywords) =>
    FORMS.slice(0, 4).flatMap((form) =>
      pairs(form, text, memo, keywords).filter(
        (f) => f.kind === 'key' && base64PrivateKey(text.slice(f.start, f.end)),
      ),
    ),
  confidence: 0.97,
  samples: {
    match: [
      {
        text: '    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFcEFJQkFBS0NBUUVBeDltUTJ2Ujd0WTR3WjFhQjNjRDVlRjhnSDBqTDZuUDRxUzd1VjJ4WjViTjhtSzFwCi0tLS0tRU5EIFJTQSBQUklWQVRFIEtFWS0tLS0tCg==\n',
        secret:
          'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFcEFJQkFBS0NBUUVBeDltUTJ2Ujd0WTR3WjFhQjNjRDVlRjhnSDBqTDZuUDRxUzd1VjJ4WjViTjhtSzFwCi0tLS0tRU5EIFJTQSBQUklWQVRFIEtFWS0tLS0tCg==',
      },
    ],
    noMatch: [
      '    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM4akNDQWRxZ0F3SUJBZ0lJYzZWeDJ2Ujd0WTR3',
    ],
  },
});
