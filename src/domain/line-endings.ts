export type LineEndingViolation = 'bare_cr' | 'bare_lf' | 'nul';

/**
 * Finds bytes in DATA that different MTAs read differently: CR not followed by LF, LF not preceded by
 * CR, and NUL. These are what SMTP smuggling is built from (a `\n.\n` that one server takes for the
 * end of data and the next does not), so a message containing any of them is refused whole.
 * Incremental, since the data arrives in chunks that may split a CRLF; it jumps from line end to
 * line end with the native indexOf, so the cost is per line, not per byte.
 */
export class LineEndingScanner {
  private lastWasCr = false;
  violation: LineEndingViolation | undefined;

  push(chunk: Uint8Array): LineEndingViolation | undefined {
    if (this.violation || chunk.length === 0) return this.violation;
    this.violation = this.check(chunk);
    return this.violation;
  }

  private check(chunk: Uint8Array): LineEndingViolation | undefined {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    if (this.lastWasCr && buf[0] !== 0x0a) return 'bare_cr';
    if (buf.indexOf(0x00) >= 0) return 'nul';
    // smtp-server hands over data after the CRLF that ended the DATA command, so an LF at the very
    // start of the data is bare unless the previous chunk ended with CR.
    for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) {
      const prevIsCr = i === 0 ? this.lastWasCr : buf[i - 1] === 0x0d;
      if (!prevIsCr) return 'bare_lf';
    }
    const last = buf.length - 1;
    for (let i = buf.indexOf(0x0d); i >= 0 && i < last; i = buf.indexOf(0x0d, i + 1)) {
      if (buf[i + 1] !== 0x0a) return 'bare_cr';
    }
    this.lastWasCr = buf[last] === 0x0d;
    return undefined;
  }

  /** Call at the end of data: a trailing CR was never followed by its LF. */
  end(): LineEndingViolation | undefined {
    if (!this.violation && this.lastWasCr) this.violation = 'bare_cr';
    return this.violation;
  }
}
