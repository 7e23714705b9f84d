import { VENDOR_TOKEN_TYPES } from './vendor-token-types.js';

/**
 * The secret types of DESIGN.md: the names used in findings, config, metrics and redaction markers.
 * Keep them snake_case and documented in the README when adding one.
 */
export const SECRET_TYPES = [
  'password',
  'private_key',
  'aws_access_key',
  'aws_secret_key',
  'github_token',
  'gitlab_token',
  'slack_token',
  'stripe_key',
  'google_api_key',
  'sendgrid_key',
  'twilio_key',
  'openai_key',
  'npm_token',
  'azure_key',
  'generic_api_key',
  'jwt',
  'connection_string',
  'url_credentials',
  'payment_card',
  'iban',
  'national_id',
  'passport_number',
  'recovery_codes',
  ...VENDOR_TOKEN_TYPES,
] as const;
export type SecretType = (typeof SECRET_TYPES)[number];

/** Findings that are not a secret but a part that could not be checked. */
export const UNSCANNABLE_TYPES = ['unscannable', 'unscannable_encrypted'] as const;
export type FindingType = SecretType | (typeof UNSCANNABLE_TYPES)[number];

/**
 * A match the detector made in one text, with the secret itself. Lives only in memory (and inside
 * the encrypted quarantine); everything that leaves the process uses `Finding` instead.
 */
export interface RawMatch {
  type: SecretType;
  ruleId: string;
  /** UTF-16 offsets into the text that was scanned: [start, end) covers the whole secret. */
  start: number;
  end: number;
  /** 0..1: how sure the rule is (validators and context raise it). */
  confidence: number;
  value: string;
}

/**
 * What may be stored, logged and shown: never the value, only a masked preview of a few characters
 * and a keyed fingerprint (HMAC-SHA-256 with the installation's key) to recognise repeats.
 */
export interface Finding {
  type: FindingType;
  ruleId: string;
  /** `subject`, `body`, `html`, `attachment:<name>` or `attachment:<archive>!<inner path>`. */
  where: string;
  start: number;
  end: number;
  confidence: number;
  preview: string;
  fingerprint: string;
}
