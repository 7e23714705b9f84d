/**
 * An exception's message as a reason may repeat it. Parsers quote their input in their errors
 * (yauzl: "invalid relative path: ../<entry name>"), and a reason is stored, logged and shown to
 * staff, so a message is kept only when it is plain words: no colon, quote, slash or other sign
 * that could introduce a quoted file name or value. Otherwise the error's class name stands in.
 */

// Plain words: letters first, then letters, digits, blanks, commas, dots and dashes, bounded.
const PLAIN_WORDS = /^[A-Za-z][A-Za-z0-9 ,.-]{0,99}$/;
// An error class name such as RangeError.
const CLASS_NAME = /^[A-Za-z]{1,40}$/;

export function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  if (PLAIN_WORDS.test(message)) return message;
  const name = err instanceof Error ? err.name : '';
  return CLASS_NAME.test(name) ? name : 'error';
}
