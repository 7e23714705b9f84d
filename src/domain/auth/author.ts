import { domainToASCII } from 'node:url';
import { type Mailbox, parseAddressList } from './address-list.js';
import { headerBytesToText } from './header-text.js';

/**
 * Who a message says wrote it, read from every From and Sender field. RFC 7489 6.6.1: DMARC needs
 * exactly one author domain; a From that cannot be reduced to one is not trusted. Besides the
 * author, everything else those fields show a reader is kept, because each is a place to claim to
 * be staff: the Sender, source-route domains, display names, group names, comments, local parts.
 */

export type Author =
  /** One mailbox with a host-name domain: the RFC5322.From domain DMARC is evaluated for. */
  | { kind: 'one'; address: string; domain: string }
  /** Syntactically possible but naming no domain to check: no From, an empty group, [1.2.3.4]. */
  | { kind: 'none'; reason: string }
  /** Not one valid From: several fields or mailboxes, or a field that is not an address list. */
  | { kind: 'invalid'; reason: string; several: boolean };

export type ShownWhere = 'display name' | 'group name' | 'comment' | 'local part' | 'From' | 'Sender';

export interface AuthorIdentity {
  author: Author;
  /** Domains of other identities shown: the Sender's mailboxes and source routes (ASCII, lower case). */
  others: Array<{ where: 'Sender' | 'source route'; domain: string }>;
  /** Texts a reader sees next to the address, encoded-words not yet decoded. */
  texts: Array<{ where: ShownWhere; text: string; quoted?: boolean }>;
}

// A host name after IDNA mapping: LDH labels (underscore too, as DNS carries it), 63 octets each.
const HOST_NAME =
  /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
// Characters that change how an address is displayed without being visible: no mailbox has them.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/u;

/** The DNS form of a domain as written (IDNA: case folding, width, U-labels → A-labels), or ''. */
export function asciiDomain(domain: string): string {
  const ascii = domainToASCII(domain.normalize('NFKC'));
  return HOST_NAME.test(ascii) ? ascii : '';
}

type Field = Buffer | string;

// dot-atom-text (RFC 5322 3.2.3, with RFC 6532's non-ASCII): a local part that needs no quotes.
const DOT_ATOM =
  /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10FFFF}]+(?:\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10FFFF}]+)*$/u;
const quoteLocal = (local: string) => (DOT_ATOM.test(local) ? local : `"${local.replace(/["\\]/g, '\\$&')}"`);

function mailboxTexts(m: Mailbox, out: AuthorIdentity['texts']): void {
  if (m.name !== undefined) out.push({ where: 'display name', text: m.name });
  out.push({ where: 'local part', text: m.local, quoted: m.quotedLocal });
}

export interface IdentityLimits {
  /** A From or Sender field longer than this (octets) is not read: the message is refused. */
  maxFieldBytes: number;
}

const byteLength = (f: Field) => (typeof f === 'string' ? Buffer.byteLength(f) : f.length);

/**
 * The author and everything else From and Sender show. RFC 5322 3.6 allows one From and at most one
 * Sender field; more than that, or a field longer than any real address needs, is refused before
 * any of it is parsed, so a message cannot make this cost more than a few fields' worth of work.
 */
export function readAuthorIdentity(
  fromFields: readonly Field[],
  senderFields: readonly Field[],
  limits: IdentityLimits = { maxFieldBytes: 2048 },
): AuthorIdentity {
  const refuse = (reason: string, several = false): AuthorIdentity => ({
    author: { kind: 'invalid', several, reason },
    others: [],
    texts: [],
  });
  if (fromFields.length > 1) return refuse('more than one From field', true);
  if (senderFields.length > 1) return refuse('more than one Sender field', true);
  if ([...fromFields, ...senderFields].some((f) => byteLength(f) > limits.maxFieldBytes))
    return refuse(`a From or Sender field is longer than ${limits.maxFieldBytes} octets`);
  const others: AuthorIdentity['others'] = [];
  const texts: AuthorIdentity['texts'] = [];
  const fromMailboxes: Mailbox[] = [];
  let fromError: string | undefined;

  for (const [role, fields] of [
    ['From', fromFields],
    ['Sender', senderFields],
  ] as const) {
    for (const field of fields) {
      const value = headerBytesToText(field);
      const list = parseAddressList(value);
      for (const c of list.comments) texts.push({ where: 'comment', text: c });
      if (list.error) {
        // What could not be parsed is still shown to someone: all of it is scanned as text.
        texts.push({ where: role, text: value });
        if (role === 'From') fromError ??= list.error;
      }
      for (const e of list.entries) {
        const boxes = e.kind === 'group' ? e.members : [e.mailbox];
        if (e.kind === 'group') texts.push({ where: 'group name', text: e.name });
        for (const m of boxes) {
          mailboxTexts(m, texts);
          // A domain that is no host name is still read by someone: it is scanned as text.
          const shown = (where: 'Sender' | 'source route', domain: string) => {
            const ascii = asciiDomain(domain);
            if (ascii) others.push({ where, domain: ascii });
            else texts.push({ where: role, text: domain });
          };
          for (const r of m.route) shown('source route', r);
          if (role === 'From') fromMailboxes.push(m);
          else if (!m.domainLiteral) shown('Sender', m.domain);
        }
      }
    }
  }
  return { author: authorOf(fromFields.length, fromMailboxes, fromError), others, texts };
}

function authorOf(fields: number, boxes: Mailbox[], error: string | undefined): Author {
  if (error) return { kind: 'invalid', several: false, reason: `From is not an address: ${error}` };
  if (boxes.length > 1) return { kind: 'invalid', several: true, reason: 'more than one From address' };
  const m = boxes[0];
  if (fields === 0) return { kind: 'none', reason: 'the message has no From field' };
  if (!m) return { kind: 'none', reason: 'From names no mailbox' };
  if (m.domainLiteral) return { kind: 'none', reason: 'the From domain is an address literal' };
  if (HIDDEN.test(m.local) || HIDDEN.test(m.domain))
    return {
      kind: 'invalid',
      several: false,
      reason: 'the From address has invisible or control characters',
    };
  const domain = asciiDomain(m.domain);
  if (!domain) return { kind: 'invalid', several: false, reason: 'the From domain is not a host name' };
  return { kind: 'one', address: `${quoteLocal(m.local)}@${domain}`, domain };
}
