import { domainToASCII } from 'node:url';
import { type HeaderField, headerFields, withoutHeaders } from '../headers.js';
import { headerBytesToText } from './header-text.js';

/**
 * Header fields that speak in our name but came from outside. Deskguard's word to the helpdesk is
 * its `X-Deskguard-*` fields and its Authentication-Results; a sender can write the same fields,
 * and a reader that finds two cannot tell ours. So before ours are added, every field of our
 * namespace and every authentication result claiming our authserv-id (RFC 8601 5, in any spelling
 * a reader might accept) is removed.
 *
 * ARC-Authentication-Results is part of the sender's ARC set: its ARC-Seal covers it, so removing
 * only that field breaks the chain, and leaving it keeps a claim in our name sealed by somebody
 * else (RFC 8617 says AAR content is only as good as the sealer, but a helpdesk rule that trusts
 * "our" authserv-id would not look at the sealer). A chain that carries such a claim is a forgery
 * about us, so the whole chain (every ARC-Seal, ARC-Message-Signature and AAR) is removed; our own
 * seal, when configured, then starts a fresh chain, and our Authentication-Results still records
 * what the chain we received validated to.
 */

const NAMESPACE = /^x-deskguard(?:-|$)/i;
const ARC_FIELDS = new Set(['arc-seal', 'arc-message-signature', 'arc-authentication-results']);

// Characters that draw nothing (zero-width, bidi controls, soft hyphen): no reader sees them.
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

/** An authserv-id in the form two spellings of one id share: NFKC, lower case, A-labels, no final dot. */
export function normaliseAuthservId(id: string): string {
  const s = id.normalize('NFKC').replace(INVISIBLE, '').trim().toLowerCase().replace(/\.+$/, '');
  return (/^[\p{L}\p{N}._-]+$/u.test(s) && domainToASCII(s)) || s;
}

/** Skips folding whitespace and (nested, escaped) comments from `i`; returns the next index. */
function skipCfws(s: string, i: number): number {
  let depth = 0;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && depth > 0) i++;
    else if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0 && !/\s/.test(c)) break;
  }
  return i;
}

// RFC 2045 tspecials and whitespace end a token; a lenient reader stops only at space, ";" or "(".
const STRICT_END = /[\s()<>@,;:\\"/[\]?=]/;
const LENIENT_END = /[\s;(]/;

/** The readings of the `value` (token or quoted-string, RFC 2045) starting at `i`. */
function valueReadings(s: string, i: number): string[] {
  if (s[i] === '"') {
    let text = '';
    for (i++; i < s.length && s[i] !== '"'; i++) text += s[i] === '\\' ? (s[++i] ?? '') : s[i];
    return [text];
  }
  const read = (end: RegExp) => {
    let j = i;
    while (j < s.length && !end.test(s[j]!)) j++;
    return s.slice(i, j);
  };
  return [read(STRICT_END), read(LENIENT_END)];
}

/** Every authserv-id a reader could take an Authentication-Results value to name. */
export function authservIdsOf(value: string): string[] {
  return valueReadings(value, skipCfws(value, 0)).map(normaliseAuthservId);
}

/** The same for ARC-Authentication-Results, where `i=N;` comes first (RFC 8617 4.1.1). */
export function arcAuthservIdsOf(value: string): string[] {
  const semi = value.indexOf(';');
  return semi < 0 ? [] : authservIdsOf(value.slice(semi + 1));
}

const fieldName = (f: HeaderField) => f.name.trim().toLowerCase();
// headerFields reads bytes as latin1; raw UTF-8 (RFC 6532) is read as such before comparing.
const valueText = (f: HeaderField) => headerBytesToText(Buffer.from(f.value, 'latin1'));

export interface CleanedHeaders {
  raw: Buffer;
  /** An ARC chain carrying a result in our name was removed: a seal we add starts a new chain. */
  arcChainRemoved: boolean;
}

/** The message without the fields that speak in our name (see above); the body is untouched. */
export function withoutForeignClaims(raw: Buffer, authservId: string): CleanedHeaders {
  const ours = normaliseAuthservId(authservId);
  const claimsUs = (ids: string[]) => ids.includes(ours);
  const fields = headerFields(raw);
  const arcChainRemoved = fields.some(
    (f) => fieldName(f) === 'arc-authentication-results' && claimsUs(arcAuthservIdsOf(valueText(f))),
  );
  const cleaned = withoutHeaders(raw, (f) => {
    const name = fieldName(f);
    if (NAMESPACE.test(name)) return true;
    if (name === 'authentication-results') return claimsUs(authservIdsOf(valueText(f)));
    return arcChainRemoved && ARC_FIELDS.has(name);
  });
  return { raw: cleaned, arcChainRemoved };
}
