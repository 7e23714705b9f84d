/**
 * Where a text sits in a message, as data. File names and archive entry paths are what the sender
 * wrote: they can hold a secret (`prod-password=hunter2.txt`), so what is stored, logged or shown
 * to staff is the *label*, which names parts by position only ("attachment 2 (application/zip),
 * entry 3"). The named form (`attachment:backup.zip!conf/.env`) is the scan CLI's documented
 * `where` of a local dry run, and nothing else.
 */

/** One step on the way to a text: an attachment of a message, or a file inside an archive or package. */
export interface PlaceStep {
  kind: 'attachment' | 'entry';
  /** 1-based: among the attachments of its message, or among the files of its archive. */
  position: number;
  /** The file name or entry path as the sender wrote it (customer content). */
  name: string;
  /** The declared content type of an attachment; '' for archive entries. */
  contentType: string;
}

/** A text of a header block: a field's value, or one MIME parameter of it. */
export interface HeaderPlace {
  /** Lower case; the sender may have chosen it (`X-…`), so a label names known fields only. */
  field: string;
  param?: string | undefined;
  /**
   * For the header block of a part that is neither a message nor an attachment (a body part, a
   * multipart): the part's name in the scan CLI's form.
   */
  partName?: string | undefined;
}

/** The text's place: the steps to the file it is in, and which text of it. */
export interface Place {
  steps: readonly PlaceStep[];
  /**
   * `file`: the last step's file itself; `header`: a text of the header block of the last step's
   * file (or of the message the steps lead to); otherwise a text of that message.
   */
  part: 'subject' | 'body' | 'html' | 'message' | 'file' | 'header';
  header?: HeaderPlace | undefined;
}

export const TOP_LEVEL: readonly PlaceStep[] = [];

/** The place of a text of the message reached by `steps`. */
export const placeOf = (steps: readonly PlaceStep[], part: Place['part']): Place => ({ steps, part });

/** One more step: an attachment or an entry inside the file the place points at. */
export const stepInto = (steps: readonly PlaceStep[], step: PlaceStep): PlaceStep[] => [...steps, step];

/**
 * Content types that may be named in a label. The header is customer text too, so only types
 * from this list are repeated; any other is left out.
 */
const KNOWN_TYPES = new Set(
  [
    'text/plain text/html text/csv text/xml text/calendar text/markdown text/rtf text/x-log',
    'application/octet-stream application/pdf application/zip application/x-zip-compressed',
    'application/gzip application/x-gzip application/x-tar application/x-7z-compressed',
    'application/vnd.rar application/x-rar-compressed application/json application/xml',
    'application/rtf application/msword application/vnd.ms-excel application/vnd.ms-powerpoint',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'application/vnd.oasis.opendocument.text application/vnd.oasis.opendocument.spreadsheet',
    'application/vnd.oasis.opendocument.presentation application/ms-tnef application/vnd.ms-tnef',
    'application/pgp-encrypted application/pgp-signature application/pgp-keys',
    'application/pkcs7-mime application/pkcs7-signature application/x-pkcs7-mime',
    'application/x-pkcs7-signature application/pkcs8 application/x-pem-file application/x-x509-ca-cert',
    'application/x-sh application/javascript application/sql application/yaml application/x-yaml',
    'message/rfc822 message/global image/png image/jpeg image/gif image/webp image/svg+xml',
    'image/tiff image/bmp audio/mpeg audio/wav video/mp4 video/quicktime',
  ]
    .join(' ')
    .split(' '),
);

/** The content type as a label may show it: a known type, or nothing. */
export function labelContentType(contentType: string): string {
  const t = contentType.trim().toLowerCase();
  return KNOWN_TYPES.has(t) ? t : '';
}

/** Header fields a label may name: the standard ones, which the sender cannot have invented. */
const KNOWN_FIELDS = new Set(
  [
    'subject from sender reply-to to cc bcc comments keywords content-type content-disposition',
    'content-description content-language content-location organization user-agent x-mailer',
    'importance priority x-priority sensitivity thread-topic thread-index list-id list-unsubscribe',
    'precedence auto-submitted x-auto-response-suppress resent-from resent-sender resent-to resent-cc',
    'resent-bcc return-path disposition-notification-to mail-followup-to mail-reply-to errors-to',
  ]
    .join(' ')
    .split(' '),
);
/** MIME parameters a label may name (RFC 2045, 2183, 3676, 5751); `name`/`filename` read "file name". */
const KNOWN_PARAMS = new Set(
  'format delsp type start protocol micalg smime-type method report-type access-type size creation-date modification-date read-date'.split(
    ' ',
  ),
);

function headerLabel(h: HeaderPlace): string {
  const where = h.partName !== undefined ? ['body part'] : [];
  if (h.param === 'filename' || h.param === 'name') return [...where, 'file name'].join(', ');
  where.push(KNOWN_FIELDS.has(h.field) ? `header ${h.field}` : 'header field');
  if (h.param !== undefined) where.push(KNOWN_PARAMS.has(h.param) ? `parameter ${h.param}` : 'parameter');
  return where.join(', ');
}

function stepLabel(s: PlaceStep): string {
  if (s.kind === 'entry') return `entry ${s.position}`;
  const type = labelContentType(s.contentType);
  return type ? `attachment ${s.position} (${type})` : `attachment ${s.position}`;
}

/**
 * The place without any name: `subject`, `body`, `html`, `message`, `attachment 2 (application/zip)`,
 * `attachment 2 (application/zip), entry 3`, `attachment 1 (message/rfc822), body`,
 * `attachment 2 (text/plain), file name`, `header x-mailer`, `header field` (a field the sender
 * named). This is what findings, reasons, logs, the database and the staff note carry.
 */
export function placeLabel(p: Place): string {
  const steps = p.steps.map(stepLabel);
  if (p.part === 'header') steps.push(p.header ? headerLabel(p.header) : 'header field');
  else if (p.part !== 'file') steps.push(p.part);
  return steps.join(', ') || 'message';
}

/**
 * The scan CLI's `where`: `attachment:<file name>`, `!`-joined archive entries and forwarded
 * parts, e.g. `attachment:a.zip!logs/app.log`, `attachment:fwd.eml!subject`. Names included: only
 * for the local dry run, never stored or logged.
 */
export function namedWhere(p: Place): string {
  const steps = p.steps.map((s) => (s.kind === 'attachment' ? `attachment:${s.name}` : s.name));
  if (p.part === 'header') {
    const h = p.header ?? { field: '' };
    if (h.partName !== undefined) steps.push(`attachment:${h.partName}`);
    steps.push(`header:${h.field.slice(0, 64)}${h.param ? `;${h.param.slice(0, 64)}` : ''}`);
  } else if (p.part !== 'file') steps.push(p.part);
  return steps.join('!');
}
