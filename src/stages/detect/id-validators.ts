/**
 * Check digits of national identity numbers. Pure functions over the number as written: each
 * takes the value with its separators (spaces, dots, dashes, a slash) and says whether it is a
 * well-formed number of its kind. A valid check digit only says "could be": the rules add context.
 */

import { digitsOf, nums, realDate } from './id-digits.js';
import { luhnValid } from './validators.js';

const weighted = (d: string, weights: readonly number[]): number =>
  weights.reduce((sum, w, i) => sum + w * (d.charCodeAt(i) - 48), 0);

/**
 * German Steuer-Identifikationsnummer: 11 digits, no leading zero, one digit of the first ten
 * appearing two or three times (the others at most once), check digit ISO 7064 MOD 11,10.
 */
export function deSteuerIdValid(value: string): boolean {
  const d = digitsOf(value);
  if (!/^[1-9]\d{10}$/.test(d)) return false;
  const counts = new Map<string, number>();
  for (const c of d.slice(0, 10)) counts.set(c, (counts.get(c) ?? 0) + 1);
  const repeated = [...counts.values()].filter((n) => n > 1);
  if (repeated.length !== 1 || (repeated[0] as number) > 3) return false;
  let product = 10;
  for (const n of nums(d.slice(0, 10))) {
    let sum = (n + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = (11 - product) % 10;
  return check === d.charCodeAt(10) - 48;
}

// Letters of the German ID card's serial, valued A=10 … Z=35 in the 7-3-1 check.
const charValue = (c: string): number => (c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55);

/**
 * German Personalausweis / Reisepass serial (since 2010): nine characters of the alphabet
 * C F G H J K L M N P R T V W X Y Z and digits, then a check digit (weights 7, 3, 1, mod 10).
 * The machine-readable zone appends "D" for the nationality; it may stay on the value.
 */
export function deIdCardValid(value: string): boolean {
  const s = value.toUpperCase().replace(/D$/, '');
  if (!/^[CFGHJKLMNPRTVWXYZ0-9]{9}\d$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += charValue(s[i] as string) * ([7, 3, 1][i % 3] as number);
  return sum % 10 === s.charCodeAt(9) - 48;
}

/** Polish PESEL: 11 digits, birth date (century in the month), weights 1-3-7-9, mod 10. */
export function peselValid(value: string): boolean {
  const d = digitsOf(value);
  if (!/^\d{11}$/.test(d)) return false;
  const yy = Number(d.slice(0, 2));
  const mm = Number(d.slice(2, 4));
  const century = [1900, 2000, 2100, 2200, 1800][Math.floor(mm / 20)] as number;
  if (!realDate(century + yy, mm % 20, Number(d.slice(4, 6)))) return false;
  const sum = weighted(d, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]);
  return (10 - (sum % 10)) % 10 === d.charCodeAt(10) - 48;
}

/** Portuguese NIF: 9 digits, a known first digit (person, company, public body), mod 11. */
export function ptNifValid(value: string): boolean {
  const d = digitsOf(value);
  if (!/^[1235689]\d{8}$/.test(d)) return false;
  const rest = weighted(d, [9, 8, 7, 6, 5, 4, 3, 2]) % 11;
  const check = rest < 2 ? 0 : 11 - rest;
  return check === d.charCodeAt(8) - 48;
}

/** Brazilian CPF: 11 digits with two mod-11 check digits; the 11 repeated-digit numbers are invalid. */
export function cpfValid(value: string): boolean {
  const d = digitsOf(value);
  if (!/^\d{11}$/.test(d) || /^(\d)\1{10}$/.test(d)) return false;
  const dv = (len: number): number => {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += (d.charCodeAt(i) - 48) * (len + 1 - i);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  return dv(9) === d.charCodeAt(9) - 48 && dv(10) === d.charCodeAt(10) - 48;
}

/**
 * French NIR (numéro de sécurité sociale): sex (1/2, or 3/4/7/8 for provisional numbers), year,
 * month (01-12, or 20-42 and 50-99 when unknown), department (2A/2B for Corsica), commune, order,
 * then the key: 97 - (the 13 digits mod 97).
 */
export function nirValid(value: string): boolean {
  const s = value.toUpperCase().replace(/[\s.-]/g, '');
  const m = /^([1-478])(\d{2})(\d{2})(\d{2}|2[AB])(\d{3})(\d{3})(\d{2})$/.exec(s);
  if (!m) return false;
  const month = Number(m[3]);
  if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50)) return false;
  const body = s.slice(0, 13);
  // Corsica: 2A counts as 19, 2B as 18 in the key.
  const numeric = body.includes('A')
    ? BigInt(body.replace('A', '0')) - 1000000n
    : body.includes('B')
      ? BigInt(body.replace('B', '0')) - 2000000n
      : BigInt(body);
  return 97n - (numeric % 97n) === BigInt(m[7] as string);
}

// NINO prefixes never issued (and D, F, I, Q, U, V in either place, O in the second).
const NINO_BAD_PREFIX = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** UK National Insurance number: two letters (the issued alphabet), six digits, suffix A-D. */
export function ninoValid(value: string): boolean {
  const s = value.toUpperCase().replace(/\s/g, '');
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(s)) return false;
  return !NINO_BAD_PREFIX.has(s.slice(0, 2));
}

/**
 * Swedish personnummer (or samordningsnummer, day + 60): [CC]YYMMDD, "-" or "+" (100 years old),
 * three digits and a Luhn check digit over the ten-digit form.
 */
export function sePersonnummerValid(value: string): boolean {
  const s = value.replace(/\s/g, '');
  const m = /^(\d{2})?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})$/.exec(s);
  if (!m) return false;
  const [, cc, yy = '', mm = '', dd = '', tail = ''] = m;
  if (cc !== undefined && cc !== '18' && cc !== '19' && cc !== '20') return false;
  const day = Number(dd) > 60 ? Number(dd) - 60 : Number(dd);
  const year = Number((cc ?? '19') + yy);
  return realDate(year, Number(mm), day) && luhnValid(yy + mm + dd + tail);
}

/**
 * Danish CPR number: DDMMYY-SSSS. The old mod-11 check ended in 2007, so only the date is checked
 * (the seventh digit gives the century; any century with that date is accepted).
 */
export function cprValid(value: string): boolean {
  const d = digitsOf(value);
  if (!/^\d{10}$/.test(d)) return false;
  const day = Number(d.slice(0, 2));
  const month = Number(d.slice(2, 4));
  const yy = Number(d.slice(4, 6));
  return realDate(1900 + yy, month, day) || realDate(2000 + yy, month, day);
}

/**
 * Czech / Slovak rodné číslo: YYMMDD/SSS[C]; women add 50 to the month, and 20 is added when a
 * day's numbers run out (since 2004). Ten-digit numbers (from 1954) are divisible by 11, or the
 * first nine leave 10 and the last digit is 0; nine-digit numbers exist only for births before 1954.
 */
export function rodneCisloValid(value: string): boolean {
  const d = digitsOf(value);
  if (!/^\d{9,10}$/.test(d)) return false;
  const yy = Number(d.slice(0, 2));
  let mm = Number(d.slice(2, 4));
  if (mm > 50) mm -= 50;
  if (mm > 20) mm -= 20;
  const dd = Number(d.slice(4, 6));
  if (d.length === 9) return yy < 54 && realDate(1900 + yy, mm, dd);
  const year = yy < 54 ? 2000 + yy : 1900 + yy;
  if (!realDate(year, mm, dd)) return false;
  const head = Number(d.slice(0, 9)) % 11;
  const last = d.charCodeAt(9) - 48;
  return head === last || (head === 10 && last === 0);
}

/**
 * Turkish T.C. Kimlik No: 11 digits, no leading zero; the tenth digit is (7 × odd-place sum −
 * even-place sum) mod 10 and the eleventh the sum of the first ten mod 10.
 */
export function tcKimlikValid(value: string): boolean {
  const d = digitsOf(value);
  if (!/^[1-9]\d{10}$/.test(d)) return false;
  const n = nums(d);
  const odd = (n[0] as number) + (n[2] as number) + (n[4] as number) + (n[6] as number) + (n[8] as number);
  const even = (n[1] as number) + (n[3] as number) + (n[5] as number) + (n[7] as number);
  if ((((7 * odd - even) % 10) + 10) % 10 !== n[9]) return false;
  return n.slice(0, 10).reduce((a, b) => a + b, 0) % 10 === n[10];
}

/**
 * Belgian national register number (rijksregisternummer, numéro national, INSZ/NISS): YYMMDD,
 * a 3-digit serial, then 97 minus the first nine digits mod 97 (with a leading 2 for births from
 * 2000). The month may be 0 or raised by 20/40 for bis numbers; the day may be 0.
 */
export function beNationalNumberValid(value: string): boolean {
  const d = digitsOf(value);
  if (!/^\d{11}$/.test(d)) return false;
  const mm = Number(d.slice(2, 4)) % 20;
  if (mm > 12 || Number(d.slice(4, 6)) > 31) return false;
  const check = Number(d.slice(9));
  const head = Number(d.slice(0, 9));
  return 97 - (head % 97) === check || 97 - ((2_000_000_000 + head) % 97) === check;
}

/**
 * Argentine CUIT/CUIL: a type prefix (20, 23, 24, 27 people; 30, 33, 34 companies), the 8-digit
 * document number, a mod-11 check digit with weights 5432765432.
 */
export function arCuitValid(value: string): boolean {
  const d = digitsOf(value);
  if (!/^(?:2[0347]|3[034])\d{9}$/.test(d)) return false;
  const rest = weighted(d, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11;
  const check = rest === 0 ? 0 : 11 - rest;
  return check !== 10 && check === d.charCodeAt(10) - 48;
}

const HETU_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const HETU_CENTURY: Record<string, number> = {
  '+': 1800,
  '-': 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};
for (const c of 'YXWVU') HETU_CENTURY[c] = 1900;

/** Finnish henkilötunnus: DDMMYY, a century sign, a 3-digit serial, a mod-31 check character. */
export function fiHetuValid(value: string): boolean {
  const m = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$/.exec(value.toUpperCase());
  if (m === null) return false;
  const century = HETU_CENTURY[m[4] as string] as number;
  if (!realDate(century + Number(m[3]), Number(m[2]), Number(m[1]))) return false;
  return HETU_CHECK[Number(`${m[1]}${m[2]}${m[3]}${m[5]}`) % 31] === m[6];
}

/** Chilean RUT/RUN: the number, then a mod-11 check digit (K for 10) with weights 2..7 from the right. */
export function clRutValid(value: string): boolean {
  const m = /^([\d.]{7,11})-([\dkK])$/.exec(value);
  if (m === null) return false;
  const body = (m[1] as string).replace(/\./g, '');
  if (!/^\d{7,8}$/.test(body)) return false;
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (body.charCodeAt(body.length - 1 - i) - 48) * (2 + (i % 6));
  const r = 11 - (sum % 11);
  const check = r === 11 ? '0' : r === 10 ? 'K' : String(r);
  return check === (m[2] as string).toUpperCase();
}

/**
 * German Rentenversicherungsnummer (Sozialversicherungsnummer): area (2 digits), birth date
 * DDMMYY, the initial of the birth name, a 2-digit serial, a check digit: the letter as its
 * 2-digit alphabet position, the 12 digits weighted 2,1,2,5,7,1,2,1,2,1,2,1, the
 * products' digit sums added, mod 10.
 */
export function deRvnrValid(value: string): boolean {
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})([A-Z])(\d{2})(\d)$/.exec(value.replace(/\s/g, '').toUpperCase());
  if (m === null) return false;
  if (Number(m[2]) < 1 || Number(m[2]) > 31 || Number(m[3]) < 1 || Number(m[3]) > 12) return false;
  const letter = String((m[5] as string).charCodeAt(0) - 64).padStart(2, '0');
  const d = `${m[1]}${m[2]}${m[3]}${m[4]}${letter}${m[6]}`;
  const weights = [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1];
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const p = (d.charCodeAt(i) - 48) * (weights[i] as number);
    sum += Math.floor(p / 10) + (p % 10);
  }
  return sum % 10 === Number(m[7]);
}

/** UK NHS number: 10 digits, weights 10..2 over the first nine, 11 minus the sum mod 11 (10 invalid). */
export function nhsNumberValid(value: string): boolean {
  const d = digitsOf(value);
  if (!/^\d{10}$/.test(d) || /^(\d)\1{9}$/.test(d)) return false;
  const rest = weighted(d, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11;
  const check = rest === 0 ? 0 : 11 - rest;
  return check !== 10 && check === d.charCodeAt(9) - 48;
}

/** Polish identity card (dowód osobisty): 3 letters, 6 digits; the first digit checks the rest, weights 7,3,1. */
export function plIdCardValid(value: string): boolean {
  const v = value.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{3}\d{6}$/.test(v)) return false;
  const val = (c: string) => (c >= 'A' ? c.charCodeAt(0) - 55 : c.charCodeAt(0) - 48);
  const weights = [7, 3, 1, 0, 7, 3, 1, 7, 3];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += val(v[i] as string) * (weights[i] as number);
  return sum % 10 === val(v[3] as string);
}
