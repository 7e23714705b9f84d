export type LineEndingViolation = 'bare_cr' | 'bare_lf' | 'nul';

/**
 * Finds bytes in DATA that different MTAs read differently: CR not followed by LF, LF not preceded by
 * CR, and NUL. These are what SMTP smuggling is built from (a `\n.\n` that one server takes for the
 * end of data and the next does not), so a message containing any of them is refused whole.
 * Incremental, since the data arrives in chunks that may split a CRLF.
 */
export class LineEndingScanner {
  private lastWasCr = false;
  violation: LineEndingViolation | undefined;

  push(chunk: Uint8Array): LineEndingViolation | undefined {
    if (this.violation) return this.violation;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.lastWasCr && b !== 0x0a) return (this.violation = 'bare_cr');
      if (b === 0x0a && !this.lastWasCr) {
        // smtp-server hands over data after the CRLF that ended the DATA command, so an LF at the
        // very start is still bare.
        return (this.violation = 'bare_lf');
      }
      if (b === 0x00) return (this.violation = 'nul');
      this.lastWasCr = b === 0x0d;
    }
    return undefined;
  }

  /** Call at the end of data: a trailing CR was never followed by its LF. */
  end(): LineEndingViolation | undefined {
    if (!this.violation && this.lastWasCr) this.violation = 'bare_cr';
    return this.violation;
  }
}
