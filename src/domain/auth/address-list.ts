import { lexAddressField, type Token } from './address-tokens.js';

/**
 * RFC 5322 3.4 address lists, obsolete syntax included (4.4: CFWS around dots and `@`, empty list
 * elements, source routes), groups as RFC 6854 allows them in From and Sender. A strict reading
 * on purpose: nodemailer's addressparser (which mailauth and mailparser use) is made to salvage
 * something from any input, and its salvage differs between copies and from what mail clients
 * show (a quoted `@` in the local part, a source route, a group, `;` as a separator).
 */

export interface Mailbox {
  /** The display name as written (quoted parts unquoted, encoded-words not decoded), if any. */
  name?: string | undefined;
  /** The local part, quoted parts unquoted. */
  local: string;
  /** Whether any word of the local part was a quoted string. */
  quotedLocal: boolean;
  /** The domain as written (dot-atom) or the content of a domain literal. */
  domain: string;
  domainLiteral: boolean;
  /** Domains of an obsolete source route (`<@relay:user@domain>`), which RFC 5322 says to ignore. */
  route: string[];
}

export type AddressEntry =
  | { kind: 'mailbox'; mailbox: Mailbox }
  | { kind: 'group'; name: string; members: Mailbox[] };

export interface AddressList {
  entries: AddressEntry[];
  comments: string[];
  /** Why the field is not a valid address list; `entries` then holds what was read before. */
  error?: string | undefined;
}

class SyntaxError_ extends Error {}

/** A display name cut off by an unquoted comma, joined to the next mailbox once the list is read. */
type Entry = AddressEntry | { kind: 'fragment'; name: string };

type Word = { text: string; quoted: boolean } | '.';

export function parseAddressList(value: string): AddressList {
  const lexed = lexAddressField(value);
  const entries: Entry[] = [];
  const t = lexed.tokens;
  let i = 0;
  const peek = (): Token | undefined => t[i];
  const isSpecial = (text: string, tok = peek()) => tok?.kind === 'special' && tok.text === text;
  const fail = (why: string): never => {
    throw new SyntaxError_(why);
  };
  const expect = (text: string, why: string) => {
    if (!isSpecial(text)) fail(why);
    i++;
  };

  // A run of words and dots: a phrase (display name) or a local part, told apart by what follows.
  const words = (): Word[] => {
    const out: Word[] = [];
    for (let tok = peek(); tok; tok = peek()) {
      if (tok.kind === 'atom' || tok.kind === 'quoted')
        out.push({ text: tok.text, quoted: tok.kind === 'quoted' });
      else if (isSpecial('.', tok)) out.push('.');
      else break;
      i++;
    }
    return out;
  };

  const domain = (): { text: string; literal: boolean } => {
    const tok = peek();
    if (tok?.kind === 'literal') {
      i++;
      return { text: tok.text, literal: true };
    }
    const labels: string[] = [];
    for (;;) {
      const label = peek();
      if (label?.kind !== 'atom') return fail('a domain is missing or broken');
      labels.push(label.text);
      i++;
      if (!isSpecial('.')) break;
      i++;
    }
    return { text: labels.join('.'), literal: false };
  };

  // local-part = word *("." word): no leading, trailing or doubled dots (RFC 5322 3.4.1, 4.4).
  const localPart = (ws: Word[]): { local: string; quoted: boolean } => {
    if (ws.length === 0) fail('an address has no local part');
    let local = '';
    let quoted = false;
    ws.forEach((w, k) => {
      if ((w === '.') !== (k % 2 === 1)) fail('a local part has misplaced dots');
      if (w === '.') local += '.';
      else {
        local += w.text;
        quoted ||= w.quoted;
      }
    });
    if (ws.length % 2 === 0) fail('a local part ends with a dot');
    return { local, quoted };
  };

  const addrSpec = (ws: Word[], name: string | undefined, route: string[]): Mailbox => {
    const { local, quoted } = localPart(ws);
    expect('@', 'an address has no @');
    const d = domain();
    return { name, local, quotedLocal: quoted, domain: d.text, domainLiteral: d.literal, route };
  };

  // angle-addr = "<" [obs-route] addr-spec ">"; obs-route = obs-domain-list ":"
  const angleAddr = (name: string | undefined): Mailbox => {
    expect('<', 'expected <');
    const route: string[] = [];
    if (isSpecial('@') || isSpecial(',')) {
      while (isSpecial('@') || isSpecial(',')) {
        if (isSpecial('@')) {
          i++;
          route.push(domain().text);
        } else i++;
      }
      if (route.length === 0) fail('a source route names no domain');
      expect(':', 'a source route is not closed by ":"');
    }
    const mailbox = addrSpec(words(), name, route);
    expect('>', 'an address is not closed by ">"');
    return mailbox;
  };

  const phraseText = (ws: Word[]): string => ws.map((w) => (w === '.' ? '.' : w.text)).join(' ');

  const mailboxOrGroup = (inGroup: boolean): Entry => {
    if (isSpecial('<')) return { kind: 'mailbox', mailbox: angleAddr(undefined) };
    const ws = words();
    if (isSpecial('<')) {
      if (ws.length === 0) fail('an empty display name');
      return { kind: 'mailbox', mailbox: angleAddr(phraseText(ws)) };
    }
    if (isSpecial('@')) return { kind: 'mailbox', mailbox: addrSpec(ws, undefined, []) };
    if (isSpecial(':') && !inGroup && ws.length > 0) {
      i++;
      const members: Mailbox[] = [];
      for (;;) {
        if (isSpecial(';')) {
          i++;
          return { kind: 'group', name: phraseText(ws), members };
        }
        if (isSpecial(',')) {
          i++;
          continue;
        }
        if (!peek()) fail('a group is not closed by ";"');
        const member = mailboxOrGroup(true);
        if (member.kind !== 'mailbox') fail('a group inside a group');
        else members.push(member.mailbox);
        if (!isSpecial(',') && !isSpecial(';')) fail('group members are not separated by ","');
      }
    }
    if (ws.length > 0 && (isSpecial(',') || !peek()) && !inGroup) {
      // "Doe, Jane <jane@example.com>": an unquoted comma inside a display name, which many
      // clients write and every reader joins. Only a display name, never an address, is joined.
      return { kind: 'fragment', name: phraseText(ws) };
    }
    return fail(ws.length === 0 ? 'an address is missing' : 'a display name has no address');
  };

  try {
    if (lexed.error) fail(`the field has ${lexed.error}`);
    while (i < t.length) {
      if (isSpecial(',')) {
        i++;
        continue;
      }
      entries.push(mailboxOrGroup(false));
      if (i < t.length) expect(',', 'addresses are not separated by ","');
    }
    return { entries: joinSplitNames(entries), comments: lexed.comments };
  } catch (err) {
    if (!(err instanceof SyntaxError_)) throw err;
    const read = entries.filter((e): e is AddressEntry => e.kind !== 'fragment');
    return { entries: read, comments: lexed.comments, error: err.message };
  }
}

/** Folds display-name fragments into the display name of the mailbox after them. */
function joinSplitNames(entries: Entry[]): AddressEntry[] {
  const out: AddressEntry[] = [];
  let pending: string[] = [];
  for (const e of entries) {
    if (e.kind === 'fragment') {
      pending.push(e.name);
      continue;
    }
    if (pending.length > 0) {
      if (e.kind !== 'mailbox' || e.mailbox.name === undefined)
        throw new SyntaxError_('a display name has no address');
      e.mailbox.name = `${pending.join(', ')}, ${e.mailbox.name}`;
      pending = [];
    }
    out.push(e);
  }
  if (pending.length > 0) throw new SyntaxError_('a display name has no address');
  return out;
}
