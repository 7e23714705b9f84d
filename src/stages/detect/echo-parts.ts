/**
 * What to look for again once a secret is found: the value itself, or for a block of 2FA recovery
 * codes each code on its own — a reply quotes the codes on one line ("5923 8739 / 4112 4536"), a
 * forward re-wraps them, and every code is a login by itself.
 */
import type { SecretType } from '../../domain/finding.js';

/** Shorter values are not looked for again: too many innocent words and numbers are that short. */
export const MIN_ECHO_LENGTH = 6;

// Between codes of a block: line breaks, tabs, two blanks or more, commas and semicolons.
const BETWEEN_CODES = /\r?\n|\t|[ \t]{2,}|[,;]/;

export function echoParts(type: SecretType, value: string): string[] {
  if (type !== 'recovery_codes') return value.length >= MIN_ECHO_LENGTH ? [value] : [];
  const codes = value
    .split(BETWEEN_CODES)
    .map((c) => c.replace(/^[\s>]+/, '').trim())
    .filter((c) => c.length >= MIN_ECHO_LENGTH);
  return [...new Set(codes)];
}
