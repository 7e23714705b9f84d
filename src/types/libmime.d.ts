// libmime ships no types; only the functions Deskguard calls are declared.
declare module 'libmime' {
  interface ParsedHeaderValue {
    value: string;
    params: Record<string, string>;
    /** Non-enumerable: the params that were RFC 2231-encoded and are already decoded. */
    decodedParams?: string[];
  }
  const libmime: {
    decodeWords(value: string): string;
    encodeWords(value: string, encoding?: 'Q' | 'B', maxLength?: number): string;
    foldLines(value: string, lineLength?: number, afterSpace?: boolean): string;
    parseHeaderValue(value: string, options?: { stripComments?: boolean }): ParsedHeaderValue;
    buildHeaderValue(structured: { value: string; params?: Record<string, string> }): string;
  };
  export default libmime;
}
