import { describe, expect, it } from 'vitest';
import { readAuthorIdentity } from '../../../src/domain/auth/author.js';
import {
  type AuthFacts,
  alignedPass,
  authHeaderValue,
  judgeSender,
} from '../../../src/domain/auth/verdict.js';

const staff = { domains: ['example.com'], displayNames: ['Example Support'], lookalikeDistance: 2 };
const actions = { staffDomainReject: 'reject', staffDomain: 'hold', impostor: 'hold' } as const;

const from = (...fields: string[]) => readAuthorIdentity(fields, []);

const facts = (over: Partial<AuthFacts> = {}): AuthFacts => ({
  identity: from('Alice <alice@example.com>'),
  spf: { result: 'fail', domain: 'example.com' },
  dkim: [],
  dmarc: { result: 'fail', hasRecord: true, policy: 'reject', adkim: 'r', aspf: 'r' },
  tempFailures: 0,
  ...over,
});
const dkimPass = (domain: string, bodyLengthLimited = false) => ({
  result: 'pass',
  domain,
  bodyLengthLimited,
});

describe('alignedPass', () => {
  it('passes on an aligned DKIM signature or an aligned SPF pass', () => {
    expect(alignedPass(facts({ dkim: [dkimPass('example.com')] }))).toBe(true);
    expect(alignedPass(facts({ spf: { result: 'pass', domain: 'example.com' } }))).toBe(true);
  });

  it('relaxed: a subdomain signature aligns with the organisational domain', () => {
    expect(alignedPass(facts({ dkim: [dkimPass('mail.example.com')] }))).toBe(true);
  });

  it('strict (adkim=s / aspf=s): a subdomain signature or SPF domain does not align', () => {
    const strict = { result: 'fail', hasRecord: true, policy: 'reject', adkim: 's', aspf: 's' } as const;
    expect(alignedPass(facts({ dmarc: strict, dkim: [dkimPass('mail.example.com')] }))).toBe(false);
    expect(alignedPass(facts({ dmarc: strict, spf: { result: 'pass', domain: 'bounce.example.com' } }))).toBe(
      false,
    );
    expect(alignedPass(facts({ dmarc: strict, dkim: [dkimPass('example.com')] }))).toBe(true);
  });

  it('never counts a DKIM signature with l= (body only partly signed)', () => {
    expect(alignedPass(facts({ dkim: [dkimPass('example.com', true)] }))).toBe(false);
  });

  it('does not pass signatures of other domains or failed results', () => {
    expect(alignedPass(facts({ dkim: [dkimPass('evil.test')] }))).toBe(false);
    expect(
      alignedPass(facts({ dkim: [{ result: 'fail', domain: 'example.com', bodyLengthLimited: false }] })),
    ).toBe(false);
  });

  it('needs a DMARC record', () => {
    expect(alignedPass(facts({ dmarc: undefined, dkim: [dkimPass('example.com')] }))).toBe(false);
  });
});

describe('judgeSender', () => {
  it('accepts authenticated staff', () => {
    expect(judgeSender(facts({ dkim: [dkimPass('example.com')] }), staff, actions)).toEqual({
      kind: 'staff',
      domain: 'example.com',
    });
  });

  it('refuses forged staff mail when the staff domain publishes p=reject, holds it otherwise', () => {
    expect(judgeSender(facts(), staff, actions)).toMatchObject({ kind: 'staff_spoof', action: 'reject' });
    const quarantine = {
      result: 'fail',
      hasRecord: true,
      policy: 'quarantine',
      adkim: 'r',
      aspf: 'r',
    } as const;
    expect(judgeSender(facts({ dmarc: quarantine }), staff, actions)).toMatchObject({ action: 'hold' });
    expect(judgeSender(facts({ dmarc: undefined }), staff, actions)).toMatchObject({ action: 'hold' });
  });

  it('fails closed on DNS trouble for staff claims only', () => {
    expect(judgeSender(facts({ tempFailures: 1 }), staff, actions)).toMatchObject({ kind: 'tempfail' });
    expect(
      judgeSender(facts({ spf: { result: 'temperror', domain: 'example.com' } }), staff, actions).kind,
    ).toBe('tempfail');
    const customer = facts({ identity: from('Jane <jane@customer.org>'), tempFailures: 3 });
    expect(judgeSender(customer, staff, actions)).toEqual({ kind: 'customer' });
  });

  it('an authenticated staff message is staff even if another lookup timed out', () => {
    expect(
      judgeSender(facts({ dkim: [dkimPass('example.com')], tempFailures: 1 }), staff, actions).kind,
    ).toBe('staff');
  });

  it('holds impostors: display names and look-alike domains, authenticated or not', () => {
    const name = facts({
      identity: from('Example Support <x@gmail.com>'),
      dkim: [dkimPass('gmail.com')],
    });
    expect(judgeSender(name, staff, actions)).toMatchObject({ kind: 'staff_spoof', action: 'hold' });
    const look = facts({ identity: from('ceo@examp1e.com'), dkim: [dkimPass('examp1e.com')] });
    expect(judgeSender(look, staff, actions)).toMatchObject({
      kind: 'staff_spoof',
      claim: { kind: 'lookalike' },
    });
  });

  it('rejects several From addresses outright', () => {
    const two = facts({ identity: from('a@customer.org, alice@example.com') });
    expect(judgeSender(two, staff, actions)).toMatchObject({ kind: 'invalid_from', several: true });
    const twoFields = facts({ identity: from('a@customer.org', 'alice@example.com') });
    expect(judgeSender(twoFields, staff, actions)).toMatchObject({ kind: 'invalid_from', several: true });
  });

  it('writes a header value without line breaks', () => {
    const v = judgeSender(facts({ dmarc: undefined }), staff, actions);
    expect(authHeaderValue(v)).toMatch(/^staff_spoof; /);
    expect(authHeaderValue(v)).not.toMatch(/[\r\n]/);
  });
});
