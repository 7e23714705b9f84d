import { readAttachment } from './attachment.js';
import { Budget, TIME_BUDGET_REASON } from './budget.js';
import { decodeTextPart, transferDecode } from './decode.js';
import { headerTexts } from './header-units.js';
import { htmlToTextWithMap } from './html-text.js';
import { type ExtractLimits, resolveLimits } from './limits.js';
import { hasAncestor, type MimePart, splitMime } from './mime-tree.js';
import { addText, type Collector, decodeHtmlPart } from './text-unit.js';
import type { Extraction, HeaderRef, UnitOrigin } from './types.js';

interface Scope {
  /** `where` prefix of this message: '' at the top, `attachment:fwd.eml!` inside a forward. */
  prefix: string;
  /** `part` prefix: '' at the top, `5/` inside the forwarded message held by node 5. */
  partPrefix: string;
  depth: number;
  /** Set inside archives: every unit belongs to that (non-editable) part. */
  container?: UnitOrigin;
}

/** A body part is text without a file name that is not marked as an attachment (as mailparser reads it). */
export const isBodyPart = (p: MimePart): boolean =>
  !p.node.filename &&
  p.node.disposition !== 'attachment' &&
  (p.node.contentType || 'text/plain').startsWith('text/');

/**
 * The part's file name as it may be shown and stored (`where`, notes): with any secret in it
 * already replaced by its marker (cleanName); a readable, unique-enough name for a part without one.
 */
export function partName(p: MimePart, cleanName: (name: string) => string = (n) => n): string {
  if (p.node.filename) return cleanName(p.node.filename);
  return p.node.contentType === 'message/rfc822' ? `forwarded-${p.index}.eml` : `unnamed-${p.index}`;
}

/**
 * Where a header text is: `subject` for a message's Subject (as before), otherwise
 * `header:<field>` or `header:<field>;<param>`, after `attachment:<name>!` for a part's own header.
 */
function headerWhere(prefix: string, owner: string, ref: HeaderRef): string {
  if (!owner && ref.field === 'subject') return `${prefix}subject`;
  return `${prefix}${owner}header:${ref.field.slice(0, 64)}${ref.param ? `;${ref.param.slice(0, 64)}` : ''}`;
}

/** Encrypted containers are skipped whole: encrypted content is not leaked content. */
const isEncryptedContainer = (p: MimePart): boolean => p.node.multipart === 'encrypted';

async function walkMessage(raw: Buffer, scope: Scope, c: Collector): Promise<void> {
  let tree: Awaited<ReturnType<typeof splitMime>>;
  try {
    tree = await splitMime(raw);
  } catch (err) {
    const origin = scope.container ?? { part: `${scope.partPrefix}0`, kind: 'container', name: 'message' };
    c.unscannable.push({
      where: `${scope.prefix}message`,
      reason: `unparseable MIME (${(err as Error).message})`,
      encrypted: false,
      origin,
    });
    return;
  }
  const name = (p: MimePart): string => partName(p, c.cleanName);
  const prefixes = new Map<MimePart, string>();
  const prefixOf = (p: MimePart): string => {
    const parent = p.parent;
    if (!parent) return scope.prefix;
    const known = prefixes.get(p);
    if (known !== undefined) return known;
    const own = prefixOf(parent) + (parent.node.messageNode ? `attachment:${name(parent)}!` : '');
    prefixes.set(p, own);
    return own;
  };
  for (const part of tree.parts) {
    const { node } = part;
    const key = `${scope.partPrefix}${part.index}`;
    const prefix = prefixOf(part);
    const originOf = (kind: UnitOrigin['kind']): UnitOrigin =>
      scope.container ?? { part: key, kind, name: name(part) };
    // Inside an encrypted container everything is ciphertext; the container's own header is not.
    if (hasAncestor(part, isEncryptedContainer)) continue;
    const messageLevel = !part.parent || Boolean(part.parent.node.messageNode);
    const owner = messageLevel ? '' : `attachment:${name(part)}!`;
    for (const { ref, text } of headerTexts(node)) {
      const origin = originOf('header');
      addText(
        c,
        headerWhere(prefix, owner, ref),
        text,
        origin.kind === 'header' ? { ...origin, header: ref } : origin,
      );
    }
    if (isEncryptedContainer(part) || node.multipart || node.messageNode) continue;
    if (c.budget.expired()) {
      c.unscannable.push({
        where: `${prefix}${isBodyPart(part) ? 'body' : `attachment:${name(part)}`}`,
        reason: TIME_BUDGET_REASON,
        encrypted: false,
        origin: originOf('container'),
      });
      continue;
    }
    if (isBodyPart(part) && node.contentType === 'text/html') {
      const html = htmlToTextWithMap(decodeHtmlPart(part), c.budget.limits.maxTextBytesPerUnit);
      const max = c.budget.limits.maxTextBytesPerUnit;
      if (html.truncated) {
        const reason = `text longer than ${max} characters`;
        c.unscannable.push({
          where: `${prefix}html`,
          reason,
          encrypted: false,
          origin: originOf('html'),
          truncatedAt: max,
        });
      }
      addText(c, `${prefix}html`, html.text, originOf('html'));
    } else if (isBodyPart(part)) {
      addText(c, `${prefix}body`, decodeTextPart(part), originOf('text'));
    } else if (node.contentType === 'message/rfc822' && scope.depth + 1 <= c.budget.limits.maxDepth) {
      const inner = {
        prefix: `${prefix}attachment:${name(part)}!`,
        partPrefix: `${key}/`,
        depth: scope.depth + 1,
        container: scope.container,
      };
      await walkMessage(transferDecode(part), inner, c);
    } else {
      const params = node._parsedContentType ? node._parsedContentType.params : {};
      await readAttachment(
        c,
        {
          bytes: transferDecode(part),
          name: name(part),
          contentType: node.contentType || 'application/octet-stream',
          smimeType: params['smime-type'] ?? '',
          charset: node.charset,
          where: `${prefix}attachment:${name(part)}`,
          origin: originOf('container'),
          inPlace: !scope.container,
          depth: scope.depth,
        },
        (bytes, where, container, depth) =>
          walkMessage(bytes, { prefix: where, partPrefix: '', depth, container }, c),
      );
    }
  }
}

export interface ExtractOptions {
  /**
   * Replaces secrets in a file name by their markers, so that names in `where`, in origins and in
   * the notes that replace removed parts carry none (the names are scanned as texts as well).
   */
  cleanName?: (name: string) => string;
}

/** Every text a message carries, as units to scan, and the parts that could not be read. */
export async function extractMessage(
  raw: Buffer,
  limits?: Partial<ExtractLimits>,
  opts: ExtractOptions = {},
): Promise<Extraction> {
  const c: Collector = {
    units: [],
    unscannable: [],
    budget: new Budget(resolveLimits(limits)),
    cleanName: opts.cleanName ?? ((n) => n),
  };
  await walkMessage(raw, { prefix: '', partPrefix: '', depth: 0 }, c);
  return { units: c.units, unscannable: c.unscannable };
}
