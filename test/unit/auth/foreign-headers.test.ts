import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arcAuthservIdsOf,
  authservIdsOf,
  withoutForeignClaims,
} from '../../../src/domain/auth/foreign-headers.js';
import { headerFields } from '../../../src/domain/headers.js';

const OURS = 'gw.example.com';
const msg = (...headers: string[]) =>
  Buffer.from(`${headers.join('\r\n')}\r\nSubject: hi\r\n\r\nbody\r\nX-Deskguard-Auth: staff\r\n`);
const names = (raw: Buffer) => headerFields(raw).map((f) => f.name);

describe('authserv-id readings', () => {
  it.each([
    ['gw.example.com; dkim=pass', OURS],
    ['GW.Example.COM; spf=pass', OURS],
    ['gw.example.com.; spf=pass', OURS],
    ['gw.example.com..; spf=pass', OURS],
    ['(forged (nested) comment) gw.example.com; none', OURS],
    ['"gw.example.com"; none', OURS],
    ['"gw.example.com." 1; none', OURS],
    ['gw.example.com 1; none', OURS],
    ['\r\n\tgw.example.com;\r\n\tnone', OURS],
    ['ｇｗ.example.com; none', OURS], // full-width letters
    ['gw\u200B.example.com; none', OURS], // zero-width space
    ['gw.example.com(comment); none', OURS],
    ['gw.example.com/extra; none', OURS], // RFC 2045 token reading stops at "/"
  ])('%j names our authserv-id', (value, id) => {
    expect(authservIdsOf(value)).toContain(id);
  });

  it.each(['mx.other.net; spf=pass', 'gw.example.com.evil; none', 'xgw.example.com; none', '; none', ''])(
    '%j does not',
    (value) => {
      expect(authservIdsOf(value)).not.toContain(OURS);
    },
  );

  it('reads ARC-Authentication-Results past the instance tag', () => {
    expect(arcAuthservIdsOf('i=1; GW.example.com.; dmarc=pass')).toContain(OURS);
    expect(arcAuthservIdsOf(' i = 2 ;\r\n\t(x) "gw.example.com"; arc=pass')).toContain(OURS);
    expect(arcAuthservIdsOf('i=1; mx.google.com; dkim=pass')).not.toContain(OURS);
  });
});

describe('withoutForeignClaims', () => {
  it('removes our whole namespace in any case or spacing, and leaves the body alone', () => {
    const raw = msg(
      'X-Deskguard-Auth: staff; domain=staff.example',
      'x-deskguard-verdict: deliver',
      'X-DESKGUARD-Ticket : DG-FORGED',
      'X-Deskguard: x',
      'X-Deskguardian: kept',
      'X-Deskguard-Notice: 1',
    );
    const out = withoutForeignClaims(raw, OURS);
    expect(names(out.raw)).toEqual(['X-Deskguardian', 'Subject']);
    expect(out.raw.toString()).toMatch(/\r\n\r\nbody\r\nX-Deskguard-Auth: staff\r\n$/);
    expect(out.arcChainRemoved).toBe(false);
  });

  it('removes results claiming our authserv-id and keeps everyone else’s', () => {
    const raw = msg(
      'Authentication-Results: gw.example.com.; dkim=pass header.d=staff.example',
      'authentication-results: (x) "GW.EXAMPLE.COM"; dmarc=pass',
      'Authentication-Results: mx.other.net; spf=pass',
    );
    const out = withoutForeignClaims(raw, 'GW.example.com.');
    expect(headerFields(out.raw).map((f) => f.value.trim())).toEqual(['mx.other.net; spf=pass', 'hi']);
  });

  it('removes a whole ARC chain that carries a result in our name, and only such a chain', () => {
    const chain = (id: string) => [
      'ARC-Seal: i=1; a=rsa-sha256; cv=none; d=evil.test; s=s; b=AAAA',
      'ARC-Message-Signature: i=1; a=rsa-sha256; d=evil.test; s=s; h=from; bh=x; b=BBBB',
      `ARC-Authentication-Results: i=1; ${id}; dmarc=pass header.from=staff.example`,
    ];
    const forged = withoutForeignClaims(msg(...chain('Gw.Example.Com.')), OURS);
    expect(forged.arcChainRemoved).toBe(true);
    expect(names(forged.raw)).toEqual(['Subject']);
    const honest = withoutForeignClaims(msg(...chain('mx.forwarder.net')), OURS);
    expect(honest.arcChainRemoved).toBe(false);
    expect(names(honest.raw)).toHaveLength(4);
  });

  it('reads raw UTF-8 header bytes as UTF-8', () => {
    const raw = Buffer.concat([
      Buffer.from('Authentication-Results: ', 'latin1'),
      Buffer.from('ｇｗ.example.com; none\r\n\r\n'),
    ]);
    expect(names(withoutForeignClaims(raw, OURS).raw)).toEqual([]);
  });

  it('no spelling of our id survives (property)', () => {
    const spelling = fc
      .tuple(
        fc.array(fc.boolean(), { minLength: OURS.length, maxLength: OURS.length }),
        fc.constantFrom('', '.', '..'),
        fc.constantFrom('', '(c) ', ' (a (b)) ', '\r\n\t'),
        fc.boolean(),
        fc.constantFrom('', ' 1', '(v)'),
      )
      .map(([upper, dot, pre, quoted, post]) => {
        const id = Array.from(OURS, (c, i) => (upper[i] ? c.toUpperCase() : c)).join('') + dot;
        return `${pre}${quoted ? `"${id}"` : id}${post}; dkim=pass`;
      });
    fc.assert(
      fc.property(spelling, fc.boolean(), (value, arc) => {
        const field = arc ? `ARC-Authentication-Results: i=1; ${value}` : `Authentication-Results: ${value}`;
        const out = withoutForeignClaims(msg(field), OURS);
        expect(names(out.raw)).toEqual(['Subject']);
      }),
      { numRuns: 300 },
    );
  });
});
