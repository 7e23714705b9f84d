/**
 * Where a text came from, precise enough for redaction to find it again in the raw message:
 * `part` is the MIME part's position (see mime-tree.ts) and `kind` says how it can be redacted.
 */
export interface UnitOrigin {
  /** `3` is the fourth MIME node of the message; `5/2` is node 2 inside the forwarded message at node 5. */
  part: string;
  /**
   * subject: the Subject header of that node; text, html: a body part rewritten in place;
   * attachment: a text attachment rewritten in place; container: a part that cannot be rewritten
   * (archive, PDF, office file, binary) and is removed when anything in it is found.
   */
  kind: 'subject' | 'text' | 'html' | 'attachment' | 'container';
  /** The file name shown in the note that replaces a removed attachment. */
  name: string;
}

/** One text to scan. */
export interface TextUnit {
  where: string;
  text: string;
  origin: UnitOrigin;
  /** Set when the text was cut at `maxTextBytesPerUnit`: the rest was not scanned. */
  truncatedAt?: number;
}

/** A part that could not be checked: the policy decides, redaction removes it. */
export interface UnscannableUnit {
  where: string;
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
