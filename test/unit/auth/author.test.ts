import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAddressList } from '../../../src/domain/auth/address-list.js';
import { readAuthorIdentity } from '../../../src/domain/auth/author.js';

const author = (...from: string[]) => readAuthorIdentity(from, []).author;

describe('parseAddressList (RFC 5322 3.4, obsolete syntax and RFC 6854 groups)', () => {
  it('reads every mailbox form to the same local part and domain', () => {
    for (const field of [
      'jane@example.com',
      'Jane Doe <jane@example.com>',
      '"Doe, Jane" <jane@example.com>',
      'jane@example.com (Jane Doe)',
      '(Jane) jane@example.com',
      'jane(comment)@(comment)example.com',
      'jane @ example . com',
      '<@relay.example,@mx.example:jane@example.com>',
      'Jane <\r\n jane@example.com>',
      '=?utf-8?B?SmFuZQ==?= <jane@example.com>',
      'undisclosed: Jane <jane@example.com>;',
      'Doe, Jane <jane@example.com>',
    ]) {
      const list = parseAddressList(field);
      expect(list.error, field).toBeUndefined();
      const boxes = list.entries.flatMap((e) => (e.kind === 'group' ? e.members : [e.mailbox]));
      expect(
        boxes.map((m) => [m.local, m.domain]),
        field,
      ).toEqual([['jane', 'example.com']]);
    }
  });

  it('keeps what a lenient parser loses: quoted @, source routes, groups, comments', () => {
    const quoted = parseAddressList('"ceo@staff.example"@evil.example').entries[0];
    expect(quoted).toMatchObject({
      kind: 'mailbox',
      mailbox: { local: 'ceo@staff.example', quotedLocal: true, domain: 'evil.example' },
    });
    const routed = parseAddressList('<@staff.example:x@evil.example>').entries[0];
    expect(routed).toMatchObject({ mailbox: { route: ['staff.example'], domain: 'evil.example' } });
    const group = parseAddressList('undisclosed: "CEO" <ceo@staff.example>;').entries[0];
    expect(group).toMatchObject({
      kind: 'group',
      name: 'undisclosed',
      members: [{ name: 'CEO', local: 'ceo', domain: 'staff.example' }],
    });
    expect(parseAddressList('x@evil.example (ceo@staff.example)').comments).toEqual(['ceo@staff.example']);
  });

  it.each([
    ['x@evil.example; ceo@staff.example', '";" is not a separator outside a group'],
    ['"unterminated <a@b.example>', 'unterminated quoted string'],
    ['a@b.example (unterminated', 'unterminated comment'],
    ['<a@b.example', 'unclosed angle'],
    ['a@b.example>', 'stray ">"'],
    ['a@b.example)', 'stray ")"'],
    ['a\\@b.example@c.example', 'backslash outside quotes'],
    ['a@b@c.example', 'two @'],
    ['a@b.example.', 'trailing dot'],
    ['a..b@c.example', 'doubled dot'],
    ['.a@c.example', 'leading dot'],
    ['<>', 'empty address'],
    ['Jane Doe', 'a name without address'],
    ['g: h: a@b.example;;', 'a group in a group'],
    ['g: a@b.example', 'an unclosed group'],
    ['<@:a@b.example>', 'a route with no domain'],
    ['a@b.example\r\nBcc: x@y.example', 'a line break that is not folding'],
    ['a@b.example\u0000', 'NUL'],
  ])('%j is not an address list (%s)', (field) => {
    expect(parseAddressList(field).error).toBeDefined();
  });
});

describe('readAuthorIdentity: one author domain or none (RFC 7489 6.6.1)', () => {
  it('finds the author in a single mailbox and in a group of one', () => {
    expect(author('CEO <ceo@Staff.Example>')).toEqual({
      kind: 'one',
      address: 'ceo@staff.example',
      domain: 'staff.example',
    });
    expect(author('undisclosed: "CEO" <ceo@staff.example>;')).toMatchObject({
      kind: 'one',
      domain: 'staff.example',
    });
    expect(author('"ceo@staff.example"@evil.example')).toMatchObject({
      kind: 'one',
      address: '"ceo@staff.example"@evil.example',
      domain: 'evil.example',
    });
    expect(author('<@staff.example:x@evil.example>')).toMatchObject({ kind: 'one', domain: 'evil.example' });
    expect(author('jürgen@Bücher.example')).toMatchObject({ kind: 'one', domain: 'xn--bcher-kva.example' });
    expect(author('ceo@ＳＴＡＦＦ.example')).toMatchObject({ kind: 'one', domain: 'staff.example' });
  });

  it('holds what names no domain: no From, an empty field or group, an address literal', () => {
    expect(author()).toMatchObject({ kind: 'none' });
    expect(author('')).toMatchObject({ kind: 'none' });
    expect(author('undisclosed-recipients:;')).toMatchObject({ kind: 'none' });
    expect(author('ceo@[192.0.2.1]')).toMatchObject({ kind: 'none' });
  });

  it('refuses what is not one valid From', () => {
    expect(author('a@b.example', 'c@d.example')).toMatchObject({ kind: 'invalid', several: true });
    expect(author('a@b.example, c@d.example')).toMatchObject({ kind: 'invalid', several: true });
    expect(author('team: a@b.example, c@b.example;')).toMatchObject({ kind: 'invalid', several: true });
    expect(author('a@b.example; c@d.example')).toMatchObject({ kind: 'invalid', several: false });
    expect(author('ceo\u202E@evil.example')).toMatchObject({ kind: 'invalid', several: false });
    expect(author('ceo@sta\u200Bff.example')).toMatchObject({ kind: 'invalid', several: false });
    expect(author('ceo@staff_.example%')).toMatchObject({ kind: 'invalid', several: false });
    expect(readAuthorIdentity(['a@b.example'], ['x@y.example', 'z@y.example']).author).toMatchObject({
      kind: 'invalid',
      several: true,
    });
    expect(readAuthorIdentity([`"${'x'.repeat(3000)}" <a@b.example>`], []).author).toMatchObject({
      kind: 'invalid',
    });
    expect(
      readAuthorIdentity(['a@b.example'], [`"${'x'.repeat(30)}" <a@b.example>`], { maxFieldBytes: 32 })
        .author,
    ).toMatchObject({
      kind: 'invalid',
    });
  });

  it('reads raw 8-bit names as UTF-8, or as windows-1252 when they are not UTF-8', () => {
    const utf8 = readAuthorIdentity([Buffer.from('Zoë <z@example.com>', 'utf8')], []);
    const legacy = readAuthorIdentity([Buffer.from('Zoë <z@example.com>', 'latin1')], []);
    expect(utf8.texts.find((t) => t.where === 'display name')?.text).toBe('Zoë');
    expect(legacy.texts.find((t) => t.where === 'display name')?.text).toBe('Zoë');
  });

  it('any mailbox written in any RFC 5322 form yields its own domain (property)', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
    // A top-level label is never all digits (a.0 reads as an IPv4 address to every host parser).
    const tld = fc.stringMatching(/^[a-z][a-z0-9]{1,5}$/);
    const domain = fc
      .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), tld)
      .map(([l, t]) => [...l, t].join('.'));
    const local = fc.oneof(
      fc.stringMatching(
        /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,10}(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,10}){0,2}$/,
      ),
      fc
        .string({ minLength: 1, maxLength: 12 })
        .filter((s) => /^[\x20-\x7e]+$/.test(s))
        .map((s) => ({ quoted: s })),
    );
    const name = fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z .,@()<>"]{0,15}$/), { nil: undefined });
    const q = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;
    fc.assert(
      fc.property(local, domain, name, fc.nat(5), fc.boolean(), (l, d, n, form, cfws) => {
        const lp = typeof l === 'string' ? l : q(l.quoted);
        const spec = cfws ? `${lp} (c) @ ${d}` : `${lp}@${d}`;
        const phrase = n === undefined ? '' : q(n);
        const field = [
          spec,
          `${phrase} <${spec}>`,
          `${phrase} <@relay.example:${spec}>`,
          `${spec} (${(n ?? '').replace(/[()\\]/g, '')})`,
          `group: ${phrase} <${spec}>;`,
          `\r\n ${phrase}\r\n <${spec}>`,
        ][form]!;
        const a = author(field);
        expect(a).toMatchObject({ kind: 'one', domain: d });
        expect(a.kind === 'one' && a.address.endsWith(`@${d}`)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
