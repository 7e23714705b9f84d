import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RawMatch, SecretType } from '../../../src/domain/finding.js';
import { MAX_PREVIEW_CHARS, maskValue, toFinding } from '../../../src/stages/detect/mask.js';

const key = Buffer.from('0123456789abcdef0123456789abcdef');
const match = (type: SecretType, value: string): RawMatch => ({
  type,
  ruleId: 'r',
  start: 3,
  end: 3 + value.length,
  confidence: 0.9,
  value,
});

/** How many characters of `value` the preview shows, as the longest run it shares with it. */
function revealed(preview: string, value: string): number {
  let best = 0;
  for (let i = 0; i < preview.length; i++) {
    for (let j = i + 1; j <= preview.length; j++)
      if (value.includes(preview.slice(i, j))) best = Math.max(best, j - i);
  }
  return preview.replace(/[*…]/g, '').length === 0 ? 0 : best;
}

describe('mask', () => {
  const cases: Array<[SecretType, string, string]> = [
    ['github_token', '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', 'ghp_…'],
    ['github_token', 'github_pat_11ABCDE2Y0kX9mQ2vR7tY4_x', 'gith…'],
    ['payment_card', '4929 1873 6604 5578', '****5578'],
    ['aws_access_key', 'AKIAQ3EGWNB2KZ7LPX4M', 'AKIA…'],
    ['password', 'hunter22', '****'],
    ['connection_string', 'postgres://u:p@h/db', 'post…'],
    ['iban', 'DE89 3704 0044 0532 0130 00', 'DE**…'],
    ['jwt', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.sig', 'eyJ…'],
    ['private_key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', '****'],
    ['national_id', '536-22-8841', '****'],
  ];
  it.each(cases)('%s preview of %j is %j', (type, value, preview) => {
    expect(maskValue(type, value)).toBe(preview);
    expect(revealed(preview, value)).toBeLessThanOrEqual(MAX_PREVIEW_CHARS);
  });

  it('builds a finding with a keyed fingerprint and no value', () => {
    const m = match('password', 'hunter22');
    const f = toFinding(m, 'body', key);
    expect(f).toEqual({
      type: 'password',
      ruleId: 'r',
      where: 'body',
      start: 3,
      end: 11,
      confidence: 0.9,
      preview: '****',
      fingerprint: createHmac('sha256', key).update('password:hunter22').digest('hex'),
    });
    expect(JSON.stringify(f)).not.toContain('hunter22');
  });

  it('fingerprints depend on the key and the type', () => {
    const a = toFinding(match('password', 'hunter22'), 'body', key).fingerprint;
    expect(toFinding(match('password', 'hunter22'), 'subject', key).fingerprint).toBe(a);
    expect(toFinding(match('password', 'hunter22'), 'body', Buffer.from('other key')).fingerprint).not.toBe(
      a,
    );
    expect(toFinding(match('generic_api_key', 'hunter22'), 'body', key).fingerprint).not.toBe(a);
  });
});
