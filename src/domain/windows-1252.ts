// Windows-1252's 0x80–0x9F as the WHATWG Encoding Standard maps them (five unassigned bytes stay
// the C1 controls of the same number). Node 20's TextDecoder reads windows-1252 and its aliases
// (iso-8859-1, us-ascii) as plain ISO-8859-1, which turns “quotes”, € and … into control characters.
const C1_AS_1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const C1 = /[\u0080-\u009f]/g;

/** Bytes as Windows-1252 (what mail labelled ISO-8859-1 or US-ASCII is in practice), on every Node. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(C1, (c) => C1_AS_1252[c.charCodeAt(0) - 0x80] as string);
}

/**
 * Bytes in a WHATWG-labelled charset, Windows-1252 (and its aliases) decoded the same on every
 * Node version. Throws a RangeError for a label the Encoding Standard does not know.
 */
export function decodeLabelled(label: string, bytes: Uint8Array): string {
  const decoder = new TextDecoder(label);
  return decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
}
