import { describe, expect, it } from 'vitest';
import { readAuthorIdentity } from '../../../src/domain/auth/author.js';
import { skeleton } from '../../../src/domain/auth/confusables.js';
import { editDistance, lookalikeOf } from '../../../src/domain/auth/lookalike.js';
import { findStaffClaims } from '../../../src/domain/auth/staff-claims.js';

const policy = {
  domains: ['example.com'],
  displayNames: ['Example Support', 'IT Helpdesk'],
  lookalikeDistance: 2,
};
/** The strongest claim a From field (and Sender fields) make. */
const claimOf = (from: string, ...sender: string[]) => {
  const c = findStaffClaims(readAuthorIdentity([from], sender), policy);
  return c.author ?? c.others[0];
};
const claim = (address: string, name = '') => claimOf(name ? `${name} <${address}>` : address);

describe('look-alike domains', () => {
  it.each([
    ['examp1e.com', 'homoglyph'],
    ['exarnple.com', 'homoglyph'],
    ['xn--exmple-cua.com', 'homoglyph'], // exämple.com
    ['exmaple.com', 'edit_distance'], // transposition
    ['exampleco.com', 'embedded'],
    ['examplecorp.com', 'embedded'],
    ['еxample.com', 'homoglyph'], // Cyrillic е
    ['exampel.com', 'edit_distance'],
    ['examplle.com', 'edit_distance'],
    ['ex-ample.com', 'hyphenation'],
    ['example.co', 'other_tld'],
    ['example.net', 'other_tld'],
    ['example.co.uk', 'other_tld'],
    ['example-support.com', 'embedded'],
  ])('%s looks like example.com (%s)', (domain, how) => {
    expect(lookalikeOf(domain, 'example.com')).toBe(how);
  });

  it.each(['example.com', 'mail.example.com', 'gmail.com', 'sample.org', 'examine.net', 'acme.io'])(
    '%s is not a look-alike',
    (domain) => {
      expect(lookalikeOf(domain, 'example.com')).toBeUndefined();
    },
  );

  it('keeps short labels from matching everything two edits away', () => {
    expect(lookalikeOf('acne.com', 'acme.com')).toBe('edit_distance'); // one edit, 4 letters: still suspicious
    expect(lookalikeOf('abc.com', 'ibm.com')).toBeUndefined();
    expect(lookalikeOf('supportdesk-example.org', 'supportdesk.com')).toBe('embedded');
    expect(lookalikeOf('supportdeks.com', 'supportdesk.com')).toBe('edit_distance');
    expect(lookalikeOf('suppordeks.com', 'supportdesk.com')).toBe('edit_distance'); // two edits, long label
  });

  it('computes bounded edit distances', () => {
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('example', 'exmaple', 2)).toBe(1);
    expect(editDistance('abc', 'abc', 2)).toBe(0);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
  });

  it('folds confusable characters to one skeleton', () => {
    expect(skeleton('Ｅxаmрle')).toBe(skeleton('example'));
    expect(skeleton('paypa1')).toBe(skeleton('paypal'));
  });
});

describe('findStaffClaim', () => {
  it('sees the staff domain and its subdomains', () => {
    expect(claim('alice@example.com')).toMatchObject({ kind: 'staff_domain', staffDomain: 'example.com' });
    expect(claim('alice@EU.Example.com')).toMatchObject({ kind: 'staff_domain', domain: 'eu.example.com' });
  });

  it('sees staff display names whatever the domain, case, spacing or look-alike letters', () => {
    expect(claim('x@gmail.com', 'Example Support')).toMatchObject({ kind: 'display_name' });
    expect(claim('x@gmail.com', 'example   SUPPORT')).toMatchObject({ kind: 'display_name' });
    expect(claim('x@gmail.com', 'Ехаmple Support')).toMatchObject({ kind: 'display_name' }); // Cyrillic Е, х, а
    expect(claim('x@gmail.com', 'IT Helpdesk (urgent)')).toMatchObject({ kind: 'display_name' });
    expect(claim('x@gmail.com', '"IT Helpdesk"')).toMatchObject({ kind: 'display_name' });
    expect(claim('x@gmail.com', 'Support for Example users')).toBeUndefined();
  });

  it('sees a staff address hidden in the display name', () => {
    expect(claim('x@evil.test', '"support@example.com"')).toMatchObject({ kind: 'address_in_name' });
    expect(claim('x@evil.test', '"help@examp1e.com via Helpdesk"')).toMatchObject({
      kind: 'address_in_name',
    });
  });

  it('sees look-alike From domains', () => {
    expect(claim('billing@examp1e.com')).toMatchObject({ kind: 'lookalike', how: 'homoglyph' });
  });

  it('leaves ordinary customers alone', () => {
    expect(claim('jane@customer.org', 'Jane Doe')).toBeUndefined();
    expect(claim('jane@customer.org', '"Doe, Jane (Acme Corp.)"')).toBeUndefined();
    expect(claimOf('')).toBeUndefined();
  });
});
