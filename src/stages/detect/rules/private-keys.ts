import { looksRandom } from '../validators.js';
import type { Rule, Span } from './rule.js';

const MAX_BLOCK = 64 * 1024;

// PEM private-key headers only: public keys, certificates, PGP messages and signatures stay out.
const PEM_BEGIN =
  /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |ED25519 |SSH2 ENCRYPTED )?PRIVATE KEY(?: BLOCK)?|PGP PRIVATE KEY BLOCK)-----/g;
// A base64 or armour-header line inside a block whose END marker is missing (truncated paste).
const BODY_LINE = /[ \t>]*(?:[A-Za-z0-9+/=]{8,}|[A-Za-z-]{2,30}: [^\r\n]{1,200})?(?:\r?\n|$)/y;

/**
 * Each BEGIN … END block, whole. A BEGIN without END still leaks the key material that follows,
 * so the base64 lines after it are reported with lower confidence. Once an END search fails, no
 * later BEGIN of that label can have one either: remembering that keeps hostile input linear.
 */
export function* findPemBlocks(text: string): Generator<Span> {
  const noEndAfter = new Map<string, number>();
  PEM_BEGIN.lastIndex = 0;
  for (let m = PEM_BEGIN.exec(text); m !== null; m = PEM_BEGIN.exec(text)) {
    const label = m[1] as string;
    const bodyStart = m.index + m[0].length;
    const endMarker = `-----END ${label}-----`;
    const known = noEndAfter.get(label);
    const endAt = known !== undefined && known <= bodyStart ? -1 : text.indexOf(endMarker, bodyStart);
    if (endAt !== -1 && endAt - m.index <= MAX_BLOCK) {
      yield { start: m.index, end: endAt + endMarker.length };
      PEM_BEGIN.lastIndex = endAt + endMarker.length;
      continue;
    }
    if (endAt === -1) noEndAfter.set(label, bodyStart);
    let pos = text[bodyStart] === '\r' ? bodyStart + 2 : bodyStart + 1;
    if (text[bodyStart] !== '\n' && text[bodyStart] !== '\r') continue;
    let lines = 0;
    BODY_LINE.lastIndex = pos;
    while (pos - m.index < MAX_BLOCK && BODY_LINE.exec(text) !== null && BODY_LINE.lastIndex > pos) {
      pos = BODY_LINE.lastIndex;
      lines++;
    }
    let end = pos;
    while (end > bodyStart && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
    if (lines >= 2) yield { start: m.index, end, confidence: 0.8 };
    PEM_BEGIN.lastIndex = Math.max(PEM_BEGIN.lastIndex, pos);
  }
}

// PuTTY key files: the header line through the Private-MAC line that closes them.
const PUTTY_BEGIN = /PuTTY-User-Key-File-[1-3]: /g;
const PUTTY_END = /Private-(?:MAC|Hash): [0-9a-fA-F]{0,128}/g;

export function* findPuttyKeys(text: string): Generator<Span> {
  PUTTY_BEGIN.lastIndex = 0;
  for (let m = PUTTY_BEGIN.exec(text); m !== null; m = PUTTY_BEGIN.exec(text)) {
    PUTTY_END.lastIndex = m.index;
    const end = PUTTY_END.exec(text);
    if (end === null) return;
    yield { start: m.index, end: end.index + end[0].length };
    PUTTY_BEGIN.lastIndex = end.index + end[0].length;
  }
}

// A full line of key material: 40 or more base64 characters and nothing else (reply quoting aside).
const KEY_LINE = /^[ \t>]*([A-Za-z0-9+/=]{40,})\r?$/;

/**
 * What the placeholder check reads of a key: all but its lines of random base64. A 3,000-character
 * body contains "xXXx" or the like every few hundred keys; a documentation key shows its
 * placeholder ("...", "<your key>", "xxxxxxxx") in short or repetitive lines, which stay.
 */
function keyPlaceholderPart(block: string): string {
  return block
    .split('\n')
    .filter((line) => !looksRandom(KEY_LINE.exec(line)?.[1] ?? '', 40))
    .join('\n');
}

export const privateKeyRules: Rule[] = [
  {
    id: 'private-key-pem',
    type: 'private_key',
    rationale: 'PEM private keys (PKCS#1/#8, EC, DSA, OpenSSH, encrypted) and PGP private key blocks.',
    keywords: ['-----begin '],
    pattern: PEM_BEGIN,
    find: findPemBlocks,
    placeholderPart: keyPlaceholderPart,
    confidence: 0.99,
    samples: {
      match: [
        {
          text: 'key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx8Ld\nq9sT5n0Q==\n-----END RSA PRIVATE KEY-----\nthanks',
          secret:
            '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx8Ld\nq9sT5n0Q==\n-----END RSA PRIVATE KEY-----',
        },
        {
          text: 'Aquí está la clave:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAo/zgxccmUYXXXxZ5YfKhCoHC0spBibUS/s/W8WlmoWdt/Lk5\ndIR/9w3AU7qrEIeWfnq+V4XWoyl6aaj4IZaEHfP5qLwrVYkhniQ4OBVDREZlxvLb\n-----END RSA PRIVATE KEY-----',
          secret:
            '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAo/zgxccmUYXXXxZ5YfKhCoHC0spBibUS/s/W8WlmoWdt/Lk5\ndIR/9w3AU7qrEIeWfnq+V4XWoyl6aaj4IZaEHfP5qLwrVYkhniQ4OBVDREZlxvLb\n-----END RSA PRIVATE KEY-----',
        },
        {
          text: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAAAABAAAAMwAAAAtzc2gtZW\n(rest cut off)',
          secret:
            '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAAAABAAAAMwAAAAtzc2gtZW',
        },
      ],
      noMatch: [
        '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----',
        '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n-----END CERTIFICATE-----',
        '-----BEGIN PGP MESSAGE-----\n\nhQEMA5Jd\n-----END PGP MESSAGE-----',
        '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBF\n-----END PGP PUBLIC KEY BLOCK-----',
        '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
        '-----BEGIN PRIVATE KEY-----\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n-----END PRIVATE KEY-----',
        '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA...your key here...\n-----END RSA PRIVATE KEY-----',
      ],
    },
  },
  {
    id: 'private-key-putty',
    type: 'private_key',
    rationale: 'PuTTY .ppk key files, from the PuTTY-User-Key-File header through Private-MAC.',
    keywords: ['putty-user-key-file'],
    pattern: PUTTY_BEGIN,
    find: findPuttyKeys,
    placeholderPart: keyPlaceholderPart,
    confidence: 0.99,
    samples: {
      match: [
        {
          text: 'PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nPrivate-Lines: 1\nAAAAgQC5\nPrivate-MAC: 0a1b2c3d\nbye',
          secret:
            'PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nPrivate-Lines: 1\nAAAAgQC5\nPrivate-MAC: 0a1b2c3d',
        },
      ],
      noMatch: ['Open the .ppk file (PuTTY-User-Key-File format) in puttygen.'],
    },
  },
];
