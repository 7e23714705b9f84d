import { createHmac } from 'node:crypto';
import type { Finding, RawMatch, SecretType } from '../../domain/finding.js';

/** Never show more than this many characters of a secret. */
export const MAX_PREVIEW_CHARS = 4;

// Public, fixed prefixes that tell staff which kind of token it was (cut to MAX_PREVIEW_CHARS).
const TOKEN_PREFIX =
  /^(?:gh[pousr]_|github_pat_|gl[a-z]{1,5}-|xox[a-z]-|xapp-|[sr]k_(?:live|test)_|whsec_|AKIA|ASIA|ABIA|ACCA|AIza|SG\.|SK|sk-|npm_|eyJ)/;
const PREFIXED_TYPES: ReadonlySet<SecretType> = new Set([
  'github_token',
  'gitlab_token',
  'slack_token',
  'stripe_key',
  'aws_access_key',
  'google_api_key',
  'sendgrid_key',
  'twilio_key',
  'openai_key',
  'npm_token',
  'jwt',
]);

/** A preview that identifies the kind of secret, revealing at most four of its characters. */
export function maskValue(type: SecretType, value: string): string {
  if (type === 'payment_card') {
    const digits = value.replace(/\D/g, '');
    return `****${digits.slice(-4)}`;
  }
  if (type === 'iban') return `${value.slice(0, 2)}**…`;
  if (type === 'connection_string') {
    const scheme = /^(?:jdbc:)?([a-z][a-z0-9+]*):\/\//i.exec(value)?.[1];
    return scheme ? `${scheme.slice(0, MAX_PREVIEW_CHARS)}…` : '****';
  }
  if (PREFIXED_TYPES.has(type)) {
    const prefix = TOKEN_PREFIX.exec(value)?.[0];
    if (prefix) return `${prefix.slice(0, MAX_PREVIEW_CHARS)}…`;
  }
  return '****';
}

/** Keyed fingerprint: recognises the same secret again without storing it. */
export function fingerprint(type: SecretType, value: string, key: Buffer): string {
  return createHmac('sha256', key).update(`${type}:${value}`).digest('hex');
}

/** The storable form of a match: no value, a masked preview and a keyed fingerprint. */
export function toFinding(match: RawMatch, where: string, key: Buffer): Finding {
  return {
    type: match.type,
    ruleId: match.ruleId,
    where,
    start: match.start,
    end: match.end,
    confidence: match.confidence,
    preview: maskValue(match.type, match.value),
    fingerprint: fingerprint(match.type, match.value, key),
  };
}
