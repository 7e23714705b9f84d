import type { Place } from './place.js';

/**
 * Where a text came from, precise enough for redaction to find it again in the raw message:
 * `part` is the MIME part's position (see mime-tree.ts) and `kind` says how it can be redacted.
 */
export interface UnitOrigin {
  /** `3` is the fourth MIME node of the message; `5/2` is node 2 inside the forwarded message at node 5. */
  part: string;
  /**
   * header: one text of that node's header block (`header` says which); text, html: a body part rewritten in place;
   * attachment: a text attachment rewritten in place; container: a part that cannot be rewritten
   * (archive, PDF, office file, binary) and is removed when anything in it is found.
   */
  kind: 'header' | 'text' | 'html' | 'attachment' | 'container';
  /** The place of that MIME part (for a container: the file that is removed). */
  place: Place;
  /** For kind `header`: which text of the header block. */
  header?: HeaderRef;
}

/**
 * One text of a MIME node's header block: a field's value (Subject, Comments, X-…, an address
 * list), or one parameter of Content-Type or Content-Disposition (a file name).
 */
export interface HeaderRef {
  /** The field name, lower case. */
  field: string;
  /** Which field of that name in the node's header block (0 for the first). */
  occurrence: number;
  /** A MIME parameter (`filename`, `name`, ...), its RFC 2231 sections taken together. */
  param?: string;
  /** Where the value starts in the unit's text: the field name goes in front of it, as context. */
  textStart: number;
}

/** One text to scan. */
export interface TextUnit {
  /** The scan CLI's named form of `place` (file names included): never stored or logged. */
  where: string;
  place: Place;
  text: string;
  origin: UnitOrigin;
  /** Set when the text was cut at `maxTextBytesPerUnit`: the rest was not scanned. */
  truncatedAt?: number;
}

/** A part that could not be checked: the policy decides, redaction removes it. */
export interface UnscannableUnit {
  /** The scan CLI's named form of `place` (file names included): never stored or logged. */
  where: string;
  place: Place;
  reason: string;
  encrypted: boolean;
  origin: UnitOrigin;
  /** For a body cut at maxTextBytesPerUnit: the text before this offset was scanned, the rest is dropped. */
  truncatedAt?: number;
}

export interface Extraction {
  units: TextUnit[];
  unscannable: UnscannableUnit[];
}
