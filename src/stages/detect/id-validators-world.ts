/**
 * Check digits of identity numbers customers from further countries write to the desks: the Swiss
 * AHV/AVS number, the Canadian SIN, the Irish PPSN, the Norwegian fødselsnummer, the Romanian CNP,
 * the Greek AMKA, the Austrian social insurance number, the Indian Aadhaar and PAN, the Mexican
 * CURP. Pure functions over strings, linear in their input; separators are removed here.
 */
import { digitsOf, nums, realDate } from './id-digits.js';
import { luhnValid } from './validators.js';

/** Swiss AHV/AVS number (since 2008): 756, nine digits, an EAN-13 check digit. */
export function chAhvValid(value: string): boolean {
  const d = digitsOf(value);
  if (!/^756\d{10}$/.test(d)) return false;
  const n = nums(d);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (n[i] as number) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === n[12];
}

/** Canadian Social Insurance Number: nine digits, Luhn; 0 and 8 are never issued as first digit. */
export function caSinValid(value: string): boolean {
  const d = digitsOf(value);
  return /^[1-79]\d{8}$/.test(d) && luhnValid(d) && !/^(\d)\1{8}$/.test(d);
}

/** Irish PPS number: seven digits, a mod-23 check letter, an optional second letter (A, B, H, W). */
export function iePpsnValid(value: string): boolean {
  const s = value.replace(/\s/g, '').toUpperCase();
  const m = /^(\d{7})([A-W])([ABHW]?)$/.exec(s);
  if (!m) return false;
  const d = nums(m[1] as string);
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (d[i] as number) * (8 - i);
  if (m[3]) sum += (m[3].charCodeAt(0) - 64) * 9;
  const check = sum % 23;
  return 'WABCDEFGHIJKLMNOPQRSTUV'[check] === m[2];
}

/** Norwegian fødselsnummer (and D-number): DDMMYY (day +40 for D-numbers), five digits, two mod-11 checks. */
export function noFnrValid(value: string): boolean {
  const d = digitsOf(value);
  if (!/^\d{11}$/.test(d)) return false;
  const n = nums(d);
  let day = (n[0] as number) * 10 + (n[1] as number);
  if (day > 40) day -= 40;
  const month = (n[2] as number) * 10 + (n[3] as number);
  if (!realDate(2000, month, day)) return false;
  const k1w = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const k2w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const mod = (w: number[]) => {
    const r = 11 - (w.reduce((a, x, i) => a + x * (n[i] as number), 0) % 11);
    return r === 11 ? 0 : r;
  };
  return mod(k1w) === n[9] && mod(k2w) === n[10];
}

/** Romanian CNP: sex/century digit, YYMMDD, county, serial, check digit over weights 279146358279. */
export function roCnpValid(value: string): boolean {
  const d = digitsOf(value);
  if (!/^[1-9]\d{12}$/.test(d)) return false;
  const n = nums(d);
  const month = (n[3] as number) * 10 + (n[4] as number);
  const day = (n[5] as number) * 10 + (n[6] as number);
  if (!realDate(2000, month, day)) return false;
  const w = [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9];
  const r = w.reduce((a, x, i) => a + x * (n[i] as number), 0) % 11;
  return (r === 10 ? 1 : r) === n[12];
}

/** Greek AMKA: DDMMYY, five digits, Luhn over the eleven. */
export function grAmkaValid(value: string): boolean {
  const d = digitsOf(value);
  if (!/^\d{11}$/.test(d)) return false;
  const day = Number(d.slice(0, 2));
  const month = Number(d.slice(2, 4));
  return realDate(2000, month, day) && luhnValid(d);
}

/** Austrian social insurance number: serial (3), check digit, DDMMYY; weights 3 7 9 _ 5 8 4 2 1 6, mod 11. */
export function atSvnrValid(value: string): boolean {
  const d = digitsOf(value);
  if (!/^[1-9]\d{9}$/.test(d)) return false;
  const n = nums(d);
  const w = [3, 7, 9, 0, 5, 8, 4, 2, 1, 6];
  const r = w.reduce((a, x, i) => a + x * (n[i] as number), 0) % 11;
  const day = (n[4] as number) * 10 + (n[5] as number);
  const month = (n[6] as number) * 10 + (n[7] as number);
  // Unknown birth dates are registered with month 13-14.
  return r !== 10 && r === n[3] && day >= 1 && day <= 31 && month >= 1 && month <= 14;
}

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** Indian Aadhaar: twelve digits, not starting with 0 or 1, Verhoeff check digit. */
export function inAadhaarValid(value: string): boolean {
  const d = digitsOf(value);
  if (!/^[2-9]\d{11}$/.test(d)) return false;
  let c = 0;
  const n = nums(d).reverse();
  for (let i = 0; i < n.length; i++)
    c = VERHOEFF_D[c]?.[VERHOEFF_P[i % 8]?.[n[i] as number] as number] as number;
  return c === 0;
}

/** Indian PAN: five letters (the fourth the holder's kind), four digits, a letter; no check digit. */
export function inPanValid(value: string): boolean {
  return /^[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z]$/.test(value) && !/^(\d)\1{3}$/.test(value.slice(5, 9));
}

const CURP_CHARS = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';

/** Mexican CURP: 18 characters, a birth date, sex, state, and a mod-10 check digit over the 17 before. */
export function mxCurpValid(value: string): boolean {
  const s = value.toUpperCase();
  const m = /^[A-Z][AEIOUX][A-Z]{2}(\d{2})(\d{2})(\d{2})[HMX][A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d$/.exec(s);
  if (!m || !realDate(2000, Number(m[2]), Number(m[3]))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CURP_CHARS.indexOf(s[i] as string) * (18 - i);
  return (10 - (sum % 10)) % 10 === Number(s[17]);
}
