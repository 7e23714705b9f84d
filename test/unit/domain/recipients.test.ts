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

  it('accepts only clean local parts for a whole domain: nothing the next hop could route elsewhere', () => {
    for (const a of [
      'victim%evil.example@help.example.org', // percent hack
      'evil.example!victim@help.example.org', // bang path
      ':victim@help.example.org', // what stripping a malformed source route can leave
      '"@evil.example:x"@help.example.org', // a quoted route
      'vic\u202etim@help.example.org', // bidi override
      'a..b@help.example.org',
    ])
      expect(accepts(a)).toBe(false);
    expect(accepts('first.last+tag@help.example.org')).toBe(true);
  });
});
