import { htmlToTextWithMap } from './html-text.js';
import { officeText } from './office.js';
import { pdfText } from './pdf.js';
import { classify, extensionOf, isTextByName } from './sniff.js';
import { addText, type Collector, decodeAttachmentText, isHtml } from './text-unit.js';
import type { UnitOrigin } from './types.js';
import { walkZip } from './zip.js';

export interface AttachmentInput {
  bytes: Buffer;
  /** File name, or archive entry path. */
  name: string;
  contentType: string;
  smimeType?: string;
  charset?: string | false;
  where: string;
  /** The MIME part that holds it; `kind` is decided here (text in place, or container). */
  origin: UnitOrigin;
  /** False inside archives and forwarded-in-archive messages: nothing there can be edited in place. */
  inPlace: boolean;
  depth: number;
}

/** Reads a message found inside an attachment; set by extract-message.ts (mutual recursion). */
export type MessageReader = (
  raw: Buffer,
  where: string,
  container: UnitOrigin,
  depth: number,
) => Promise<void>;

export const TNEF_REASON = 'Outlook winmail.dat (TNEF) is not supported';

function unscannable(
  c: Collector,
  a: AttachmentInput,
  reason: string,
  encrypted = false,
  where = a.where,
): void {
  c.unscannable.push({ where, reason, encrypted, origin: { ...a.origin, kind: 'container' } });
}

/** Reads one attachment or archive entry into text units, recursing into archives. */
export async function readAttachment(
  c: Collector,
  a: AttachmentInput,
  readMessage: MessageReader,
): Promise<void> {
  const container: UnitOrigin = { ...a.origin, kind: 'container' };
  const kind = classify(a.bytes, a.name, a.contentType, a.smimeType);
  const { limits } = c.budget;
  switch (kind) {
    case 'encrypted':
    case 'signature':
    case 'media':
      return;
    case 'tnef':
      return unscannable(c, a, TNEF_REASON);
    case 'protected':
      return unscannable(c, a, 'password-protected document', true);
    case 'binary':
      return unscannable(
        c,
        a,
        isTextByName(a.name, a.contentType)
          ? 'binary content in a text file'
          : `binary attachment (${a.contentType || extensionOf(a.name) || 'unknown type'})`,
      );
    case 'text': {
      const text = decodeAttachmentText(a.bytes, a.charset);
      if (!isHtml(a.name, a.contentType)) {
        const origin = a.inPlace ? { ...a.origin, kind: 'attachment' as const } : container;
        return addText(c, a.where, text, origin);
      }
      // An HTML file is read like an HTML body (entities, tags inside values) and redacted like one.
      const html = htmlToTextWithMap(text, limits.maxTextBytesPerUnit);
      if (html.truncated)
        return unscannable(c, a, `text longer than ${limits.maxTextBytesPerUnit} characters`);
      return addText(c, a.where, html.text, a.inPlace ? { ...a.origin, kind: 'html' as const } : container);
    }
    case 'pdf': {
      const pdf = await pdfText(a.bytes, c.budget);
      if (!pdf.ok) return unscannable(c, a, pdf.reason, pdf.encrypted);
      if (pdf.truncatedPages) unscannable(c, a, `PDF longer than ${pdf.truncatedPages} pages`);
      return addText(c, a.where, pdf.text, container);
    }
    default:
  }
  if (a.depth + 1 > limits.maxDepth) return unscannable(c, a, `nested deeper than ${limits.maxDepth} levels`);
  if (kind === 'rfc822') return readMessage(a.bytes, `${a.where}!`, container, a.depth + 1);
  const skip = (name: string, reason: string, encrypted: boolean): void =>
    unscannable(c, a, reason, encrypted, name === '*' ? a.where : `${a.where}!${name}`);
  try {
    if (kind === 'office') return addText(c, a.where, await officeText(a.bytes, c.budget, skip), container);
    await walkZip(a.bytes, c.budget, {
      entry: (name, bytes) =>
        readAttachment(
          c,
          {
            bytes,
            name,
            contentType: '',
            where: `${a.where}!${name}`,
            origin: container,
            inPlace: false,
            depth: a.depth + 1,
          },
          readMessage,
        ),
      skip,
    });
  } catch (err) {
    unscannable(c, a, `unreadable ${kind === 'office' ? 'document' : 'archive'} (${(err as Error).message})`);
  }
}
