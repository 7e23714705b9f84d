/**
 * Compressed RTF (MS-OXRTFCP), the form Outlook keeps a message body in inside winmail.dat:
 * a 16-byte header, then LZ77 runs against a 4 KB ring buffer primed with common RTF words.
 * Output is capped at `max` bytes whatever the header claims, and every input byte is read once
 * (a control byte announces 8 items, a reference copies at most 17 bytes), so the work is linear.
 */

const PREBUF = Buffer.from(
  '{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript ' +
    '\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par ' +
    '\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx',
  'latin1',
);
const COMPRESSED = 0x75465a4c; // "LZFu"
const UNCOMPRESSED = 0x414c454d; // "MELA"

export type RtfResult = { ok: true; rtf: Buffer } | { ok: false; reason: string };

/** The RTF inside a PR_RTF_COMPRESSED value, or why it cannot be had. */
export function decompressRtf(data: Buffer, max: number): RtfResult {
  if (data.length < 16) return { ok: false, reason: 'compressed RTF shorter than its header' };
  const rawSize = data.readUInt32LE(4);
  const type = data.readUInt32LE(8);
  if (rawSize > max) return { ok: false, reason: `RTF body larger than ${max} bytes` };
  if (type === UNCOMPRESSED) return { ok: true, rtf: data.subarray(16, 16 + rawSize) };
  if (type !== COMPRESSED) return { ok: false, reason: 'unknown compressed RTF format' };
  const ring = Buffer.alloc(4096);
  PREBUF.copy(ring);
  let write = PREBUF.length;
  // At most 136 bytes come out of 17 going in (a control byte and 8 references of 17): a header
  // claiming more than that does not get the memory.
  const out = Buffer.alloc(Math.min(rawSize, (data.length - 16) * 8 + 8));
  let n = 0;
  let p = 16;
  while (p < data.length && n < out.length) {
    const control = data[p++] as number;
    for (let bit = 0; bit < 8 && p < data.length && n < out.length; bit++) {
      if ((control & (1 << bit)) === 0) {
        const b = data[p++] as number;
        out[n++] = b;
        ring[write] = b;
        write = (write + 1) & 0xfff;
        continue;
      }
      if (p + 1 >= data.length) return { ok: true, rtf: out.subarray(0, n) };
      const ref = ((data[p] as number) << 8) | (data[p + 1] as number);
      p += 2;
      const offset = ref >> 4;
      // A reference to the write position itself marks the end of the stream.
      if (offset === write) return { ok: true, rtf: out.subarray(0, n) };
      const length = (ref & 0xf) + 2;
      for (let i = 0; i < length && n < out.length; i++) {
        const b = ring[(offset + i) & 0xfff] as number;
        out[n++] = b;
        ring[write] = b;
        write = (write + 1) & 0xfff;
      }
    }
  }
  return { ok: true, rtf: out.subarray(0, n) };
}
