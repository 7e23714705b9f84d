/** What the check-digit functions of identity numbers share: the digits as written, and dates. */

/** The value without the separators people group ids with (spaces, dots, dashes, a slash). */
export const digitsOf = (s: string): string => s.replace(/[\s./-]/g, '');

/** Each character of a digit string as its number. */
export const nums = (d: string): number[] => [...d].map((c) => c.charCodeAt(0) - 48);

/** A calendar date; `year` with century. */
export function realDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
