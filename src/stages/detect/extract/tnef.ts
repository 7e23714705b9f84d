import { type Budget, TIME_BUDGET_REASON } from './budget.js';
import { decodeWindows1252 } from './decode.js';
import { decompressRtf } from './rtf-compressed.js';
import { REST, type ZipVisitor } from './zip.js';

/**
 * Outlook's TNEF stream (winmail.dat, application/ms-tnef, MS-OXTNEF): a signature, then
 * attributes (level, id, length, data, checksum). Attachments are the attributes between one
 * attAttachRendData and the next: the name (attAttachTitle, or PR_ATTACH_LONG_FILENAME in the
 * attAttachment property list) and the bytes (attAttachData, or PR_ATTACH_DATA_OBJ). The message
 * body may be there only: PR_BODY, PR_BODY_HTML, PR_RTF_COMPRESSED. All of them come out as files
 * to be read like any other attachment; an embedded message is itself a TNEF stream and is read
 * through the same path, one level deeper. Every length is checked against the bytes that remain;
 * a damaged stream yields what came before the damage and says so.
 */

const SIGNATURE = 0x223e9f78;

// Attribute ids (low word; the high word repeats the attribute's type).
const ATT_BODY = 0x800c;
const ATT_ATTACH_DATA = 0x800f;
const ATT_ATTACH_TITLE = 0x8010;
const ATT_ATTACH_RENDDATA = 0x9002;
const ATT_MAPI_PROPS = 0x9003;
const ATT_ATTACHMENT = 0x9005;

// MAPI property ids and types.
const PR_BODY = 0x1000;
const PR_RTF_COMPRESSED = 0x1009;
const PR_BODY_HTML = 0x1013;
const PR_DISPLAY_NAME = 0x3001;
const PR_ATTACH_DATA = 0x3701;
const PR_ATTACH_FILENAME = 0x3704;
const PR_ATTACH_LONG_FILENAME = 0x3707;
const PT_OBJECT = 0x0d;
const PT_STRING8 = 0x1e;
const PT_UNICODE = 0x1f;
const PT_BINARY = 0x102;
const FIXED_SIZE: Record<number, number> = {
  1: 4,
  2: 4,
  3: 4,
  4: 4,
  5: 8,
  6: 8,
  7: 8,
  10: 4,
  11: 4,
  20: 8,
  64: 8,
  72: 16,
};

export interface TnefFile {
  /** Customer content, for sniffing and the scan CLI only. */
  name: string;
  bytes: Buffer;
}

export interface TnefContents {
  files: TnefFile[];
  /** Parts that could not be read (a body over the size limit, a damaged stream past some point). */
  problems: string[];
}

class TnefError extends Error {}

// Lengths are read as unsigned 32-bit numbers: rounding with `& ~3` would wrap those past 2^31 to a
// negative offset, so the rounding stays in floating point.
const pad4 = (n: number): number => n + ((4 - (n % 4)) % 4);

/** The text of a string property: UTF-16LE or the 8-bit code page, up to the first NUL. */
function text(bytes: Buffer, type: number): string {
  const s = type === PT_UNICODE ? bytes.toString('utf16le') : decodeWindows1252(bytes);
  const nul = s.indexOf('\0');
  return nul === -1 ? s : s.slice(0, nul);
}

interface Prop {
  id: number;
  type: number;
  value: Buffer;
}

/** The single-valued variable-length properties of a MAPI property list (the only ones read). */
function readProps(data: Buffer): Prop[] {
  const out: Prop[] = [];
  const need = (p: number, n: number): void => {
    if (p + n > data.length) throw new TnefError('property list longer than its attribute');
  };
  need(0, 4);
  const count = data.readUInt32LE(0);
  let p = 4;
  for (let i = 0; i < count; i++) {
    need(p, 4);
    const type = data.readUInt16LE(p);
    const id = data.readUInt16LE(p + 2);
    p += 4;
    if (id >= 0x8000) {
      // A named property: GUID, kind, then a number or a length-prefixed UTF-16 name.
      need(p, 20);
      const kind = data.readUInt32LE(p + 16);
      p += 20;
      need(p, 4);
      p += kind === 0 ? 4 : 4 + pad4(data.readUInt32LE(p));
    }
    const base = type & 0x0fff;
    const variable = base === PT_STRING8 || base === PT_UNICODE || base === PT_BINARY || base === PT_OBJECT;
    const multi = (type & 0x1000) !== 0;
    const fixed = FIXED_SIZE[base];
    if (!variable && fixed === undefined) throw new TnefError(`unknown property type ${base}`);
    let values = 1;
    if (variable || multi) {
      need(p, 4);
      values = data.readUInt32LE(p);
      p += 4;
    }
    for (let v = 0; v < values; v++) {
      if (!variable) {
        need(p, fixed as number);
        p += fixed as number;
        continue;
      }
      need(p, 4);
      const len = data.readUInt32LE(p);
      need(p + 4, len);
      if (v === 0 && !multi) out.push({ id, type: base, value: data.subarray(p + 4, p + 4 + len) });
      p += 4 + pad4(len);
    }
  }
  return out;
}

interface Attachment {
  title?: string;
  longName?: string;
  shortName?: string;
  displayName?: string;
  data?: Buffer;
}

function attachmentName(a: Attachment, position: number): string {
  return a.longName || a.shortName || a.title || a.displayName || `attachment-${position}`;
}

/** Reads a TNEF stream into the files it carries; throws when it is not TNEF at all. */
export function readTnef(buf: Buffer, limits: { maxEntries: number; maxEntryBytes: number }): TnefContents {
  if (buf.length < 6 || buf.readUInt32LE(0) !== SIGNATURE) throw new TnefError('not a TNEF stream');
  const problems: string[] = [];
  const bodies: TnefFile[] = [];
  const attachments: Attachment[] = [];
  const messageProps = (props: Prop[]): void => {
    for (const prop of props) {
      if (prop.id === PR_BODY)
        bodies.push({ name: 'body.txt', bytes: Buffer.from(text(prop.value, prop.type)) });
      else if (prop.id === PR_BODY_HTML)
        bodies.push({
          name: 'body.html',
          bytes: prop.type === PT_BINARY ? prop.value : Buffer.from(text(prop.value, prop.type)),
        });
      else if (prop.id === PR_RTF_COMPRESSED) {
        const rtf = decompressRtf(prop.value, limits.maxEntryBytes);
        if (rtf.ok) bodies.push({ name: 'body.rtf', bytes: rtf.rtf });
        else problems.push(rtf.reason);
      }
    }
  };
  const attachmentProps = (a: Attachment, props: Prop[]): void => {
    for (const prop of props) {
      const isText = prop.type === PT_STRING8 || prop.type === PT_UNICODE;
      if (prop.id === PR_ATTACH_LONG_FILENAME && isText) a.longName = text(prop.value, prop.type);
      else if (prop.id === PR_ATTACH_FILENAME && isText) a.shortName = text(prop.value, prop.type);
      else if (prop.id === PR_DISPLAY_NAME && isText) a.displayName = text(prop.value, prop.type);
      // An object value starts with the 16-byte interface id of what follows.
      else if (prop.id === PR_ATTACH_DATA && prop.type === PT_OBJECT) a.data = prop.value.subarray(16);
      else if (prop.id === PR_ATTACH_DATA && prop.type === PT_BINARY) a.data = prop.value;
    }
  };
  let p = 6;
  while (p < buf.length) {
    const level = buf[p];
    if (p + 9 > buf.length || (level !== 1 && level !== 2)) {
      problems.push(`damaged TNEF stream at byte ${p}`);
      break;
    }
    const id = buf.readUInt32LE(p + 1) & 0xffff;
    const size = buf.readUInt32LE(p + 5);
    if (p + 9 + size + 2 > buf.length) {
      problems.push(`TNEF attribute at byte ${p} longer than the stream`);
      break;
    }
    const data = buf.subarray(p + 9, p + 9 + size);
    p += 9 + size + 2;
    const current = attachments.at(-1);
    try {
      if (id === ATT_ATTACH_RENDDATA) {
        if (attachments.length >= limits.maxEntries) {
          problems.push(`more than ${limits.maxEntries} entries`);
          break;
        }
        attachments.push({});
      } else if (id === ATT_MAPI_PROPS && level === 1) messageProps(readProps(data));
      else if (id === ATT_BODY && level === 1)
        bodies.push({ name: 'body.txt', bytes: Buffer.from(text(data, PT_STRING8)) });
      else if (current && id === ATT_ATTACH_TITLE) current.title = text(data, PT_STRING8);
      else if (current && id === ATT_ATTACH_DATA) current.data = data;
      else if (current && id === ATT_ATTACHMENT) attachmentProps(current, readProps(data));
    } catch (err) {
      if (!(err instanceof TnefError)) throw err;
      problems.push(`damaged TNEF property list (${err.message})`);
    }
  }
  const files = attachments.flatMap((a, i) =>
    a.data ? [{ name: attachmentName(a, i + 1), bytes: a.data }] : [],
  );
  return { files: [...files, ...bodies], problems };
}

/**
 * Visits the files of a TNEF stream as `walkZip` visits archive entries: the same entry, size,
 * total and time limits (detect.limits.maxEntries, maxEntryBytes, maxTotalBytes, timeBudgetMs).
 * Throws when the bytes are not a TNEF stream.
 */
export async function walkTnef(buf: Buffer, budget: Budget, visit: ZipVisitor): Promise<void> {
  const { limits } = budget;
  const { files, problems } = readTnef(buf, limits);
  let position = 0;
  for (const file of files) {
    const ref = { name: file.name, position: ++position };
    if (budget.expired()) return visit.skip(REST, TIME_BUDGET_REASON, false);
    if (file.bytes.length > limits.maxEntryBytes) {
      visit.skip(ref, `entry larger than ${limits.maxEntryBytes} bytes`, false);
      continue;
    }
    if (budget.archiveBytes + file.bytes.length > limits.maxTotalBytes) {
      visit.skip(ref, `archives larger than ${limits.maxTotalBytes} bytes in total`, false);
      continue;
    }
    budget.archiveBytes += file.bytes.length;
    await visit.entry(ref, file.bytes);
  }
  // What could not be read stays unscannable: the policy decides, redaction removes it.
  if (problems.length > 0) visit.skip(REST, problems[0] as string, false);
}
