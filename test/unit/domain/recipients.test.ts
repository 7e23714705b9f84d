import { describe, expect, it } from 'vitest';
import { recipientMatcher } from '../../../src/domain/recipients.js';

describe('recipientMatcher', () => {
  const accepts = recipientMatcher(['support@example.com', '@help.example.org']);

  it('accepts listed addresses and whole domains, case-insensitively', () => {
    expect(accepts('support@example.com')).toBe(true);
    expect(accepts('Support@Example.COM')).toBe(true);
    expect(accepts('anyone@help.example.org')).toBe(true);
  });

  it('refuses everything else, including look-alike and sub-domains', () => {
    for (const a of [
      'sales@example.com',
      'support@example.com.evil.test',
      'x@sub.help.example.org',
      'support@example.co',
      'support',
      '@help.example.org',
      'x@',
    ])
      expect(accepts(a)).toBe(false);
  });
});
