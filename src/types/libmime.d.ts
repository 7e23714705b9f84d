// libmime ships no types; only the functions Deskguard calls are declared.
declare module 'libmime' {
  const libmime: {
    decodeWords(value: string): string;
    encodeWords(value: string, encoding?: 'Q' | 'B', maxLength?: number): string;
    foldLines(value: string, lineLength?: number, afterSpace?: boolean): string;
  };
  export default libmime;
}
