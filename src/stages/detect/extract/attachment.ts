import { errorText } from '../../../domain/error-text.js';
import { htmlToTextWithMap } from './html-text.js';
import { officeText } from './office.js';
import { pdfText } from './pdf.js';
import { labelContentType, type Place, type PlaceStep, stepInto } from './place.js';
import { isRtf, rtfToText } from './rtf-text.js';
import { classify, isTextByName } from './sniff.js';
import { addText, addUnscannable, type Collector, decodeAttachmentText, isHtml } from './text-unit.js';
import { walkTnef } from './tnef.js';
import type { UnitOrigin } from './types.js';
import { REST, walkZip, type ZipEntryRef } from './zip.js';

export interface AttachmentInput {
  bytes: Buffer;
  /** File name, or archive entry path (customer content: for sniffing only, never in a reason). */
  name: string;
  contentType: string;
  smimeType?: string;
  charset?: string | false;
  /** The file's place (its last step is this attachment or entry). */
  place: Place;
  /** The MIME part that holds it; `kind` is decided here (text in place, or container). */
  origin: UnitOrigin;
  /** False inside archives and forwarded-in-archive messages: nothing there can be edited in place. */
  inPlace: boolean;
  depth: number;
}

/** Reads a message found inside an attachment; set by extract-message.ts (mutual recursion). */
export type MessageReader = (
  raw: Buffer,
  steps: readonly PlaceStep[],
  container: UnitOrigin,
  depth: number,
) => Promise<void>;

function unscannable(
  c: Collector,
  a: AttachmentInput,
  reason: string,
  encrypted = false,
  place = a.place,
): void {
  addUnscannable(c, place, reason, { ...a.origin, kind: 'container' }, { encrypted });
}

/** The place of an archive entry (or of the whole archive, for REST); its path as cleanName leaves it. */
const entryPlace = (c: Collector, a: AttachmentInput, ref: ZipEntryRef): Place =>
  ref === REST
    ? a.place
    : {
        steps: stepInto(a.place.steps, {
          kind: 'entry',
          position: ref.position,
          name: c.cleanName(ref.name),
          contentType: '',
        }),
        part: 'file',
      };

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
    case 'protected':
      return unscannable(c, a, 'password-protected document', true);
    case 'binary': {
      // The declared type only when it is a known one: the header is customer text too.
      const type = labelContentType(a.contentType);
      return unscannable(
        c,
        a,
        isTextByName(a.name, a.contentType)
          ? 'binary content in a text file'
          : `binary attachment${type ? ` (${type})` : ''}`,
      );
    }
    case 'text': {
      // An RTF document (a file, or the body of an Outlook winmail.dat) is read as its reader sees
      // it; its source cannot be edited value by value, so a finding removes the whole file.
      if (isRtf(a.bytes)) return addText(c, a.place, rtfToText(a.bytes.toString('latin1')), container);
      const text = decodeAttachmentText(a.bytes, a.charset);
      if (!isHtml(a.name, a.contentType)) {
        const origin = a.inPlace ? { ...a.origin, kind: 'attachment' as const } : container;
        return addText(c, a.place, text, origin);
      }
      // An HTML file is read like an HTML body (entities, tags inside values) and redacted like one.
      const html = htmlToTextWithMap(text, limits.maxTextBytesPerUnit);
      if (html.truncated)
        return unscannable(c, a, `text longer than ${limits.maxTextBytesPerUnit} characters`);
      return addText(c, a.place, html.text, a.inPlace ? { ...a.origin, kind: 'html' as const } : container);
    }
    case 'pdf': {
      const pdf = await pdfText(a.bytes, c.budget);
      if (!pdf.ok) return unscannable(c, a, pdf.reason, pdf.encrypted);
      if (pdf.truncatedPages) unscannable(c, a, `PDF longer than ${pdf.truncatedPages} pages`);
      return addText(c, a.place, pdf.text, container);
    }
    default:
  }
  if (a.depth + 1 > limits.maxDepth) return unscannable(c, a, `nested deeper than ${limits.maxDepth} levels`);
  if (kind === 'rfc822') return readMessage(a.bytes, a.place.steps, container, a.depth + 1);
  const skip = (ref: ZipEntryRef, reason: string, encrypted: boolean): void =>
    unscannable(c, a, reason, encrypted, entryPlace(c, a, ref));
  try {
    if (kind === 'office') return addText(c, a.place, await officeText(a.bytes, c.budget, skip), container);
    // winmail.dat holds files (and the body) like an archive does; an embedded message is TNEF again.
    await (kind === 'tnef' ? walkTnef : walkZip)(a.bytes, c.budget, {
      entry: (ref, bytes) =>
        readAttachment(
          c,
          {
            bytes,
            name: ref.name,
            contentType: '',
            place: entryPlace(c, a, ref),
            origin: container,
            inPlace: false,
            depth: a.depth + 1,
          },
          readMessage,
        ),
      skip,
    });
  } catch (err) {
    const what = kind === 'office' ? 'document' : kind === 'tnef' ? 'winmail.dat (TNEF)' : 'archive';
    unscannable(c, a, `unreadable ${what} (${errorText(err)})`);
  }
}
