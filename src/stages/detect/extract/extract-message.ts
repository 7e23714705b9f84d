import libmime from 'libmime';
import { readAttachment } from './attachment.js';
import { Budget, TIME_BUDGET_REASON } from './budget.js';
import { decodeTextPart, transferDecode } from './decode.js';
import { htmlToTextWithMap } from './html-text.js';
import { type ExtractLimits, resolveLimits } from './limits.js';
import { hasAncestor, type MimePart, splitMime } from './mime-tree.js';
import { addText, type Collector, decodeHtmlPart } from './text-unit.js';
import type { Extraction, UnitOrigin } from './types.js';

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

export const subjectOf = (p: MimePart): string => {
  const raw = p.node.headers.getFirst('subject');
  try {
    return libmime.decodeWords(raw);
  } catch {
    return raw;
  }
};

/** A readable, unique-enough name for a part without a file name. */
export function partName(p: MimePart): string {
  if (p.node.filename) return p.node.filename;
  return p.node.contentType === 'message/rfc822' ? `forwarded-${p.index}.eml` : `unnamed-${p.index}`;
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
  const prefixes = new Map<MimePart, string>();
  const prefixOf = (p: MimePart): string => {
    const parent = p.parent;
    if (!parent) return scope.prefix;
    const known = prefixes.get(p);
    if (known !== undefined) return known;
    const own = prefixOf(parent) + (parent.node.messageNode ? `attachment:${partName(parent)}!` : '');
    prefixes.set(p, own);
    return own;
  };
  for (const part of tree.parts) {
    const { node } = part;
    const key = `${scope.partPrefix}${part.index}`;
    const prefix = prefixOf(part);
    const originOf = (kind: UnitOrigin['kind']): UnitOrigin =>
      scope.container ?? { part: key, kind, name: partName(part) };
    if (isEncryptedContainer(part) || hasAncestor(part, isEncryptedContainer)) continue;
    if (!part.parent || part.parent.node.messageNode) {
      const subject = subjectOf(part);
      if (subject) addText(c, `${prefix}subject`, subject, originOf('subject'));
    }
    if (node.multipart || node.messageNode) continue;
    if (c.budget.expired()) {
      c.unscannable.push({
        where: `${prefix}${isBodyPart(part) ? 'body' : `attachment:${partName(part)}`}`,
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
        prefix: `${prefix}attachment:${partName(part)}!`,
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
          name: partName(part),
          contentType: node.contentType || 'application/octet-stream',
          smimeType: params['smime-type'] ?? '',
          charset: node.charset,
          where: `${prefix}attachment:${partName(part)}`,
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

/** Every text a message carries, as units to scan, and the parts that could not be read. */
export async function extractMessage(raw: Buffer, limits?: Partial<ExtractLimits>): Promise<Extraction> {
  const c: Collector = { units: [], unscannable: [], budget: new Budget(resolveLimits(limits)) };
  await walkMessage(raw, { prefix: '', partPrefix: '', depth: 0 }, c);
  return { units: c.units, unscannable: c.unscannable };
}
