import type { RawMatch } from '../../../domain/finding.js';

/**
 * The configured allow-list (`detect.allowValues`, `detect.allowPatterns`): values that are never
 * findings, such as the company's own IBAN quoted back from its invoice. An IBAN is printed in
 * groups of four, upper or lower case, so IBAN findings and IBAN-shaped entries are compared in
 * their compact upper-case form: "DE89 3704 0044 0532 0130 00" allows "de89370400440532013000".
 */

// An allow-list entry that is an IBAN once blanks are gone: country, check digits, 11-30 letters/digits.
const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;

const compactIban = (v: string): string => v.replace(/[\s-]/g, '').toUpperCase();

export function allowList(values: readonly string[] = [], patterns: readonly string[] = []) {
  const exact = new Set(values);
  const ibans = new Set(values.map(compactIban).filter((v) => IBAN_SHAPE.test(v)));
  const regexes = patterns.map((p) => new RegExp(`^(?:${p})$`, 'u'));
  return (m: Pick<RawMatch, 'type' | 'value'>): boolean =>
    exact.has(m.value) ||
    (m.type === 'iban' && ibans.has(compactIban(m.value))) ||
    regexes.some((re) => re.test(m.value));
}
