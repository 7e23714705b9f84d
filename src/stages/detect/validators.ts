/**
 * Checksums and shape heuristics the rules use to tell a real secret from something that merely
 * looks like one. Pure functions over strings; every one is linear in its input.
 */

/** Luhn mod-10 over a digit string (separators already removed). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) d = d > 4 ? d * 2 - 9 : d * 2;
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const between = (s: string, len: number, lo: number, hi: number) => {
  const n = Number(s.slice(0, len));
  return n >= lo && n <= hi;
};

/** The issuer of a card number by IIN range and length, or null when no known scheme fits. */
export function cardIssuer(digits: string): string | null {
  const n = digits.length;
  if (digits[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (n === 16 && (between(digits, 2, 51, 55) || between(digits, 4, 2221, 2720))) return 'mastercard';
  if (n === 15 && /^3[47]/.test(digits)) return 'amex';
  if (n >= 16 && n <= 19 && (/^(?:6011|64[4-9]|65)/.test(digits) || between(digits, 6, 622126, 622925)))
    return 'discover';
  if (n >= 14 && n <= 19 && /^(?:30[0-5]|309|36|3[89])/.test(digits)) return 'diners';
  if (n >= 16 && n <= 19 && between(digits, 4, 3528, 3589)) return 'jcb';
  if (n >= 16 && n <= 19 && digits.startsWith('62')) return 'unionpay';
  if (n >= 12 && n <= 19 && /^(?:50|5[6-8]|6[37])/.test(digits)) return 'maestro';
  // National schemes whose cards travel with their holders: Mir (Russia) and Troy (Turkey).
  if (n >= 16 && n <= 19 && between(digits, 4, 2200, 2204)) return 'mir';
  if (n === 16 && digits.startsWith('9792')) return 'troy';
  return null;
}

/** Test numbers published by card networks and payment providers: pasting them is harmless. */
export const TEST_CARD_NUMBERS: ReadonlySet<string> = new Set(
  (
    '4111111111111111 4242424242424242 4012888888881881 4000056655665556 4222222222222 4917610000000000 ' +
    '4988438843884305 4444333322221111 4000000000000002 4000000000000077 4000000000009995 4000000000000069 ' +
    '4000000000000127 4000000000000119 4000002500003155 5555555555554444 5105105105105100 5200828282828210 ' +
    '2223003122003222 2222400070000005 378282246310005 371449635398431 378734493671000 6011111111111117 ' +
    '6011000990139424 30569309025904 38520000023237 3530111333300000 3566002020360505 6200000000000005 ' +
    '5019717010103742 6331101999990016 36227206271667 6011000400000000 5454545454545454'
  ).split(' '),
);

/** True for a published test number or a visibly synthetic one (a run of 8 equal digits). */
export function isTestCard(digits: string): boolean {
  return TEST_CARD_NUMBERS.has(digits) || /(\d)\1{7}/.test(digits);
}

export function paymentCardValid(digits: string): boolean {
  return luhnValid(digits) && cardIssuer(digits) !== null && !isTestCard(digits);
}

// ISO 13616 registry: total IBAN length per country.
const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 ' +
    'EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 ' +
    'JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 ' +
    'NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 ' +
    'TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30'
  )
    .split(' ')
    .map((e) => [e.slice(0, 2), Number(e.slice(2))] as const),
);

export function ibanLength(country: string): number | undefined {
  return IBAN_LENGTHS.get(country);
}

/** Country length plus ISO 7064 mod-97 == 1 over the compact form (no spaces). */
export function ibanValid(compact: string): boolean {
  const iban = compact.toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban) || IBAN_LENGTHS.get(iban.slice(0, 2)) !== iban.length)
    return false;
  return ibanChecksumHolds(iban);
}

/** ISO 7064 mod 97-10 over the rearranged IBAN (upper case, compact), whatever its length. */
export function ibanChecksumHolds(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const chunk = code >= 65 ? String(code - 55) : ch;
    for (const d of chunk) rest = (rest * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rest === 1;
}

// Numbers that were published (Woolworth's wallet card, advertising samples) and are never real.
const PUBLISHED_SSNS = new Set(['078051120', '219099999', '123456789', '111111111', '457555462']);

/** US SSN structure: no area 000/666/9xx, no group 00, no serial 0000, not a published sample. */
export function ssnValid(ssn: string): boolean {
  const d = ssn.replace(/[\s-]/g, '');
  if (!/^\d{9}$/.test(d) || PUBLISHED_SSNS.has(d)) return false;
  const area = d.slice(0, 3);
  return (
    area !== '000' && area !== '666' && area[0] !== '9' && d.slice(3, 5) !== '00' && d.slice(5) !== '0000'
  );
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter), mod-23 control letter. */
export function spanishIdValid(id: string): boolean {
  const s = id.toUpperCase().replace(/[\s-]/g, '');
  const m = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(s);
  if (!m) return false;
  const [, prefix = '', digits = '', letter] = m;
  if (prefix ? digits.length !== 7 : digits.length !== 8) return false;
  const n = Number((prefix ? String('XYZ'.indexOf(prefix)) : '') + digits);
  return DNI_LETTERS[n % 23] === letter;
}

// Codice fiscale: values of characters in odd (1st, 3rd, …) positions, indexed by [0-9A-Z].
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

/** Italian codice fiscale: 16 characters, the last one a check letter over the first 15. */
export function codiceFiscaleValid(cf: string): boolean {
  const s = cf.toUpperCase();
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(s)) {
    return false;
  }
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = s.charCodeAt(i);
    const idx = c <= 57 ? c - 48 : c - 65;
    sum += i % 2 === 0 ? (CF_ODD[idx] ?? 0) : idx;
  }
  return String.fromCharCode(65 + (sum % 26)) === s[15];
}

/** Dutch BSN: 9 digits passing the "elfproef" (weights 9..2 and -1, sum divisible by 11). */
export function bsnValid(bsn: string): boolean {
  const d = bsn.replace(/[.\s-]/g, '');
  if (!/^\d{9}$/.test(d) || /^(\d)\1{8}$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (d.charCodeAt(i) - 48);
  sum -= d.charCodeAt(8) - 48;
  return sum % 11 === 0;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(s: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < s.length; i++) crc = (crc >>> 8) ^ (CRC_TABLE[(crc ^ s.charCodeAt(i)) & 0xff] ?? 0);
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function base62(n: number, width: number): string {
  let out = '';
  for (let v = n; v > 0; v = Math.floor(v / 62)) out = BASE62[v % 62] + out;
  return out.padStart(width, '0');
}

/**
 * GitHub (ghp_ …) and npm (npm_ …) tokens end in 6 base62 characters: the CRC32 of the 30
 * random characters before them. A typo or a made-up example fails this.
 */
export function githubChecksumValid(token: string): boolean {
  const body = token.slice(token.indexOf('_') + 1);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}

export function base64UrlDecode(segment: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(segment) || segment.length % 4 === 1) return null;
  return Buffer.from(segment, 'base64url').toString('utf8');
}

/** A JWT's header must be JSON with an `alg`, and its payload a JSON object. */
export function jwtValid(token: string): boolean {
  const [header = '', payload = ''] = token.split('.');
  try {
    const h: unknown = JSON.parse(base64UrlDecode(header) ?? '');
    const p: unknown = JSON.parse(base64UrlDecode(payload) ?? '');
    return typeof h === 'object' && h !== null && 'alg' in h && typeof p === 'object' && p !== null;
  } catch {
    return false;
  }
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** MD5, SHA-1 (and git SHAs), SHA-256 or SHA-512 in hex: checksums people paste, not secrets. */
export function isHexHash(s: string): boolean {
  return /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/i.test(s) || /^[0-9a-f]{7,12}$/.test(s);
}

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

/**
 * "Looks machine-generated": long enough, not a hash or UUID, mixes character classes (digits
 * with letters, or upper with lower case) and carries enough entropy. Ordinary words, identifiers
 * like `my_api_key_name` and numbers fail.
 */
export function looksRandom(s: string, minLength = 16): boolean {
  if (s.length < minLength || isHexHash(s) || isUuid(s) || /(.)\1{4}/.test(s)) return false;
  const lower = /[a-z]/.test(s);
  const upper = /[A-Z]/.test(s);
  const digit = /\d/.test(s);
  if (!digit && !(lower && upper)) return false;
  if (!lower && !upper) return false;
  // Names, not keys: words joined by separators (`Some-Config-Value`, not `meB-JBwIdqOUpFq`) or camelCase.
  const words = /^(?:[A-Z]?[a-z]+|[A-Z]+)(?:[_.-](?:[A-Z]?[a-z]+|[A-Z]+))+$/.test(s);
  if (words || /^[a-z]*(?:[A-Z][a-z]{2,})+$/.test(s)) return false;
  return shannonEntropy(s) >= (s.length >= 32 ? 3.5 : 3.2);
}

const digitsOnly = (s: string) => s.replace(/[\s-]/g, '');

/** Validators a custom rule may name in configuration (`validator: luhn`). */
export const NAMED_VALIDATORS = {
  luhn: (v: string) => luhnValid(digitsOnly(v)),
  paymentCard: (v: string) => paymentCardValid(digitsOnly(v)),
  iban: (v: string) => ibanValid(v.replace(/\s/g, '')),
  usSsn: ssnValid,
  spanishId: spanishIdValid,
  codiceFiscale: codiceFiscaleValid,
  bsn: bsnValid,
  githubChecksum: githubChecksumValid,
  jwt: jwtValid,
  looksRandom: (v: string) => looksRandom(v),
  notHexHash: (v: string) => !isHexHash(v) && !isUuid(v),
} as const satisfies Record<string, (value: string) => boolean>;

export type ValidatorName = keyof typeof NAMED_VALIDATORS;
