/**
 * Header-block surgery on raw messages: the header section (up to the first empty line) split into
 * fields, folded continuation lines kept with their field. Bodies are never touched or copied.
 */
export function headerEnd(raw: Buffer): number {
  if (raw.subarray(0, 2).toString('latin1') === '\r\n') return 0;
  const i = raw.indexOf('\r\n\r\n');
  return i < 0 ? raw.length : i + 2;
}

export interface HeaderField {
  name: string;
  /** The whole field, folded lines and final CRLF included, as in the message. */
  raw: string;
  value: string;
}

export function headerFields(raw: Buffer): HeaderField[] {
  const block = raw.subarray(0, headerEnd(raw)).toString('latin1');
  const fields: HeaderField[] = [];
  for (const line of block.split(/(?<=\r\n)/)) {
    if (!line) continue;
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.raw += line;
      last.value += line.replace(/\r\n$/, '');
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : line.trim();
    fields.push({ name, raw: line, value: colon > 0 ? line.slice(colon + 1).replace(/\r\n$/, '') : '' });
  }
  return fields;
}

/** The message without the header fields `drop` selects. */
export function withoutHeaders(raw: Buffer, drop: (f: HeaderField) => boolean): Buffer {
  const end = headerEnd(raw);
  const fields = headerFields(raw);
  if (!fields.some(drop)) return raw;
  const kept = fields
    .filter((f) => !drop(f))
    .map((f) => f.raw)
    .join('');
  return Buffer.concat([Buffer.from(kept, 'latin1'), raw.subarray(end)]);
}
