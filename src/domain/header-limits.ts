import type { SmtpError } from './smtp-reply.js';

/** `smtp.maxHeaderBytes` and `smtp.maxHeaderFields`: the message header block as SMTP accepts it. */
export interface HeaderLimits {
  maxBytes: number;
  maxFields: number;
}

export type HeaderViolation = { limit: 'bytes' | 'fields'; max: number };

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HT = 0x09;

/**
 * Measures the header block of a message while DATA streams in: its size in bytes and its number
 * of fields (a line that does not start with a blank; folded continuation lines belong to their
 * field). A header past either limit cannot be parsed within the parser's bounds later, so it is
 * refused before 250 instead of being accepted and failing after. Only the header block is looked
 * at (scanning stops at the empty line that ends it, or at the first limit passed), line by line
 * with the native indexOf.
 */
export class HeaderLimitScanner {
  private bytes = 0;
  private fields = 0;
  private lineStart = true;
  /** A CR at the start of a line: the empty line ending the block, if an LF follows. */
  private crAtLineStart = false;
  private done = false;
  violation: HeaderViolation | undefined;

  constructor(private readonly limits: HeaderLimits) {}

  push(chunk: Uint8Array): HeaderViolation | undefined {
    if (this.done || this.violation) return this.violation;
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let i = 0;
    while (i < buf.length) {
      if (this.lineStart) {
        const b = buf[i]!;
        if (this.crAtLineStart) {
          this.crAtLineStart = false;
          if (b === LF) return this.finish();
          this.lineStart = false; // a line that begins with a lone CR: read on to its end
        } else if (b === CR) {
          this.crAtLineStart = true;
          this.bytes++;
          i++;
          continue;
        } else if (b === LF) {
          return this.finish(); // an empty line ended by a lone LF (refused elsewhere anyway)
        } else {
          this.lineStart = false;
          if (b !== SP && b !== HT && ++this.fields > this.limits.maxFields) {
            this.violation = { limit: 'fields', max: this.limits.maxFields };
            return this.violation;
          }
        }
      }
      const lf = buf.indexOf(LF, i);
      const end = lf < 0 ? buf.length : lf + 1;
      this.bytes += end - i;
      if (this.bytes > this.limits.maxBytes) {
        this.violation = { limit: 'bytes', max: this.limits.maxBytes };
        return this.violation;
      }
      if (lf >= 0) this.lineStart = true;
      i = end;
    }
    return undefined;
  }

  private finish(): undefined {
    this.done = true;
    return undefined;
  }
}

/** The reply to a header past a limit: 552 5.3.4 (RFC 3463: message too big for system), naming it. */
export function headerLimitError(v: HeaderViolation): SmtpError {
  const text =
    v.limit === 'fields'
      ? `5.3.4 Message header too large: more than ${v.max} header fields`
      : `5.3.4 Message header too large: more than ${v.max} bytes`;
  return Object.assign(new Error(text), { responseCode: 552 });
}
