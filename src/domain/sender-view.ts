/**
 * Where findings were and which files were removed, in the terms of the sender who wrote the
 * message: the notice goes back to them, so their own file names may appear, but only names the
 * detector found nothing in; any other file is referred to by its position. Memory only: this is
 * never stored or logged (the stored form of a place is the finding's name-free `where`).
 */

/** A file as its sender knows it: its position, and its name when the name may be shown. */
export interface SenderFile {
  position: number;
  name?: string | undefined;
}

export interface SenderPlace {
  in: 'subject' | 'body' | 'attachment' | 'message';
  /** The attachment of the sender's message (for `attachment`). */
  attachment?: SenderFile | undefined;
  /** A file inside that attachment: an archive entry, or an attachment of a forwarded message. */
  inner?: SenderFile | undefined;
}

export interface SenderView {
  /** One per finding, in the order of the findings. */
  places: SenderPlace[];
  /** Attachments (or files inside them) removed whole from what support receives. */
  removed: SenderPlace[];
}
