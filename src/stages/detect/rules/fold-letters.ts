/**
 * Letters without their accents, for matching keywords as customers type them on any keyboard:
 * "contrasena", "haslo", "sifre", "codigos de recuperacion". Each character maps to one of the same
 * length, so offsets into a folded text are offsets into the original. Letters that do not
 * decompose but are commonly typed as their base letter are listed.
 */
const SPECIAL: Readonly<Record<string, string>> = { ł: 'l', ø: 'o', ı: 'i', đ: 'd', ð: 'd' };

// Anything outside ASCII: only such text needs folding (most tokens are ASCII and skip the work).
const NON_ASCII = /[^\x00-\x7f]/;

export function foldLetters(s: string): string {
  if (!NON_ASCII.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const base = SPECIAL[ch] ?? ch.normalize('NFD').charAt(0);
    out += base.length === ch.length ? base : ch;
  }
  return out;
}
