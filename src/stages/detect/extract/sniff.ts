/** How an attachment (or an archive entry) is read. */
export type ContentKind =
  | 'zip'
  | 'office'
  | 'pdf'
  | 'rfc822'
  | 'tnef'
  | 'encrypted'
  | 'protected'
  | 'signature'
  | 'media'
  | 'text'
  | 'binary';

/** Extensions of files that are text by convention (configs, logs, keys, scripts, data). */
const TEXT_EXTENSIONS = new Set(
  (
    'txt text log env ini conf cfg config cnf yaml yml json jsonl ndjson xml toml properties props csv tsv sql sh bash zsh ' +
    'ps1 psm1 bat cmd pem key ppk crt cer csr pub asc p8 md rst html htm js mjs cjs ts py rb php pl go java cs ' +
    'tf tfvars hcl kt swift rs c h cpp gradle npmrc netrc pgpass htpasswd htaccess dockerfile eml rtf vcf ics ' +
    'gitconfig ovpn rdp reg kubeconfig tpl j2 twig'
  ).split(' '),
);

/** File names that hold credentials and have no extension. */
const TEXT_NAMES = new Set(
  (
    'id_rsa id_dsa id_ecdsa id_ed25519 id_ecdsa_sk id_ed25519_sk identity authorized_keys known_hosts credentials ' +
    'config .env .npmrc .pypirc .netrc .pgpass .git-credentials .dockercfg .htpasswd .my.cnf makefile dockerfile ' +
    'procfile jenkinsfile vagrantfile gemfile'
  ).split(' '),
);

const OFFICE_EXTENSIONS = new Set([
  'docx',
  'docm',
  'dotx',
  'xlsx',
  'xlsm',
  'pptx',
  'pptm',
  'odt',
  'ods',
  'odp',
]);
const MEDIA_EXTENSIONS = new Set(
  'png jpg jpeg gif bmp webp tif tiff ico heic svgz mp3 wav ogg m4a mp4 mov avi mkv webm woff woff2 ttf otf eot'.split(
    ' ',
  ),
);
const ENCRYPTED_TYPES = new Set([
  'application/pgp-encrypted',
  'application/pkcs7-mime',
  'application/x-pkcs7-mime',
]);
const SIGNATURE_TYPES = new Set([
  'application/pgp-signature',
  'application/pkcs7-signature',
  'application/x-pkcs7-signature',
]);

export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1) : '';
}

const baseName = (name: string): string => name.slice(name.lastIndexOf('/') + 1).toLowerCase();

const startsWith = (bytes: Uint8Array, magic: number[]): boolean => magic.every((b, i) => bytes[i] === b);

/** UTF-16 with a byte-order mark, which the text path decodes. */
export const utf16Bom = (b: Uint8Array): 'utf-16le' | 'utf-16be' | undefined =>
  b[0] === 0xff && b[1] === 0xfe ? 'utf-16le' : b[0] === 0xfe && b[1] === 0xff ? 'utf-16be' : undefined;

/**
 * UTF-16 without a byte-order mark (Windows tools, Excel's "Unicode text", PowerShell redirects):
 * text that is mostly Latin-script puts a zero in every other byte, on the odd positions for
 * little-endian, the even ones for big-endian, and almost never in the other positions. Binary
 * formats have zeros in both. Judged on the first 4 KiB, from 16 bytes up.
 */
export function utf16Unmarked(b: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 16) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZeros++;
    if (b[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros * 10 >= pairs * 7 && evenZeros * 50 <= pairs) return 'utf-16le';
  if (evenZeros * 10 >= pairs * 7 && oddZeros * 50 <= pairs) return 'utf-16be';
  return undefined;
}

/** UTF-16 with or without a byte-order mark: the encoding the text path decodes it with. */
export const utf16Of = (b: Uint8Array): 'utf-16le' | 'utf-16be' | undefined =>
  utf16Bom(b) ?? utf16Unmarked(b);

/** Text has no NUL bytes and almost no other control bytes (tab, line breaks, form feed, ESC allowed). */
export function looksLikeText(bytes: Uint8Array): boolean {
  if (utf16Of(bytes)) return true;
  const n = Math.min(bytes.length, 64 * 1024);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0) return false;
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) controls++;
  }
  return controls <= n / 100;
}

/** Decides how to read an attachment from its bytes first, then its name and declared type. */
export function classify(bytes: Uint8Array, name: string, contentType: string, smimeType = ''): ContentKind {
  const ext = extensionOf(name);
  // S/MIME signed-data is readable content wrapped in a signature, not encrypted data.
  if (ENCRYPTED_TYPES.has(contentType) && !/signed-data/i.test(smimeType)) return 'encrypted';
  if (SIGNATURE_TYPES.has(contentType) || ext === 'p7s' || ext === 'sig') return 'signature';
  if (ext === 'p7m' || ext === 'gpg' || ext === 'pgp') return 'encrypted';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]))
    return OFFICE_EXTENSIONS.has(ext) ? 'office' : 'zip';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  // A password-protected docx/xlsx/pptx is an OLE container (EncryptedPackage), not a zip.
  if (OFFICE_EXTENSIONS.has(ext) && startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return 'protected';
  if (
    startsWith(bytes, [0x78, 0x9f, 0x3e, 0x22]) ||
    contentType.endsWith('ms-tnef') ||
    baseName(name) === 'winmail.dat'
  )
    return 'tnef';
  if (contentType === 'message/rfc822' || ext === 'eml') return looksLikeText(bytes) ? 'rfc822' : 'binary';
  if (looksLikeText(bytes)) return 'text';
  const major = contentType.slice(0, contentType.indexOf('/'));
  if (
    major === 'image' ||
    major === 'audio' ||
    major === 'video' ||
    major === 'font' ||
    MEDIA_EXTENSIONS.has(ext)
  )
    return 'media';
  return 'binary';
}

/** Whether a name or type says "text", used when a declared text file fails the byte sniff. */
export function isTextByName(name: string, contentType: string): boolean {
  return (
    TEXT_EXTENSIONS.has(extensionOf(name)) ||
    TEXT_NAMES.has(baseName(name)) ||
    contentType.startsWith('text/')
  );
}
