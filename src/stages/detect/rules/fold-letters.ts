/**
 * Letters without their accents, for matching keywords as customers type them on any keyboard:
 * "contrasena", "haslo", "sifre", "codigos de recuperacion". Each character maps to one of the same
 * length, so offsets into a folded text are offsets into the original. Letters that do not
 * decompose but are commonly typed as their base letter are listed. ASCII text (most tokens) is
 * returned as it is after one look at its code units.
 */
const SPECIAL: Readonly<Record<string, string>> = { ł: 'l', ø: 'o', ı: 'i', đ: 'd', ð: 'd' };

export function foldLetters(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length && ascii; i++) ascii = s.charCodeAt(i) < 0x80;
  if (ascii) return s;
  let out = '';
  for (const ch of s) {
    const base = SPECIAL[ch] ?? ch.normalize('NFD').charAt(0);
    out += base.length === ch.length ? base : ch;
  }
  return out;
}
