// libmime ships no types; only the functions Deskguard calls are declared.
declare module 'libmime' {
  const libmime: {
    decodeWords(value: string): string;
  };
  export default libmime;
}
