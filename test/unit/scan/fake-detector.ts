import type { RawMatch, SecretType } from '../../../src/domain/finding.js';

/**
 * A stand-in for the real detector in unit tests of extraction and redaction: a few fixed
 * patterns, enough to exercise offsets, multi-line values and several types.
 */
const PATTERNS: Array<{ type: SecretType; re: RegExp; group?: number }> = [
  // AWS access key ids: fixed prefix and 16 upper-case alphanumerics.
  { type: 'aws_access_key', re: /\bAKIA[0-9A-Z]{16}\b/g },
  // GitHub classic tokens: ghp_ plus 36 base62 characters.
  { type: 'github_token', re: /\bghp_[A-Za-z0-9]{36}\b/g },
  // "password: value" on one line; the value is the run of non-blanks after the label.
  { type: 'password', re: /\b(?:password|passwort|mot de passe|contraseña)\s*[:=]\s*(\S{6,64})/gi, group: 1 },
  // PEM private keys: header, a bounded body without dashes, footer.
  {
    type: 'private_key',
    re: /-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----[^-]{1,8000}-----END [A-Z ]{0,20}PRIVATE KEY-----/g,
  },
];

export function createFakeDetector(): { scan(text: string): RawMatch[] } {
  return {
    scan(text: string): RawMatch[] {
      const out: RawMatch[] = [];
      for (const { type, re, group } of PATTERNS) {
        for (const m of text.matchAll(re)) {
          const value = group ? (m[group] as string) : m[0];
          const start = (m.index as number) + (group ? m[0].lastIndexOf(value) : 0);
          out.push({
            type,
            ruleId: `fake.${type}`,
            start,
            end: start + value.length,
            confidence: 0.9,
            value,
          });
        }
      }
      return out.sort((a, b) => a.start - b.start);
    },
  };
}
