import { errorText } from '../../../domain/error-text.js';
import { readAttachment } from './attachment.js';
import { Budget, TIME_BUDGET_REASON } from './budget.js';
import { decodeTextPart, transferDecode } from './decode.js';
import { headerTexts } from './header-units.js';
import { htmlToTextWithMap } from './html-text.js';
import { type ExtractLimits, resolveLimits } from './limits.js';
import { hasAncestor, type MimePart, splitMime } from './mime-tree.js';
import { type Place, type PlaceStep, placeOf, stepInto } from './place.js';
import { addText, addUnscannable, type Collector, decodeHtmlPart } from './text-unit.js';
import type { Extraction, HeaderRef, UnitOrigin } from './types.js';

interface Scope {
  /** The steps to this message: none at the top, the forwarded message's (or archive's) inside one. */
  steps: readonly PlaceStep[];
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
 * The part's file name for the scan CLI's `where` and, where its sender may see it, notes and the
 * notice: with any secret in it already replaced by its marker (cleanName); a readable,
 * unique-enough name for a part without one. Never stored: stored places name parts by position.
 */
export function partName(p: MimePart, cleanName: (name: string) => string = (n) => n): string {
  if (p.node.filename) return cleanName(p.node.filename);
  return p.node.contentType === 'message/rfc822' ? `forwarded-${p.index}.eml` : `unnamed-${p.index}`;
}

/**
 * Where a header text is: `subject` for a message's Subject, otherwise a field (and parameter) of
 * the header block of the message, of an attachment (the steps end with it), or of another part.
 */
function headerPlace(steps: readonly PlaceStep[], ref: HeaderRef, partName: string | undefined): Place {
  if (partName === undefined && ref.field === 'subject' && ref.param === undefined)
    return placeOf(steps, 'subject');
  return {
    steps,
    part: 'header',
    header: {
      field: ref.field,
      ...(ref.param !== undefined ? { param: ref.param } : {}),
      ...(partName !== undefined ? { partName } : {}),
    },
  };
}

/** Encrypted containers are skipped whole: encrypted content is not leaked content. */
const isEncryptedContainer = (p: MimePart): boolean => p.node.multipart === 'encrypted';

/**
 * What a mail client lists as the attachments of each message: every leaf that is not a body
 * text, and every forwarded message, numbered from 1 in order within the message that holds it.
 */
function attachmentPositions(parts: readonly MimePart[]): Map<MimePart, number> {
  const positions = new Map<MimePart, number>();
  const counts = new Map<MimePart | undefined, number>();
  const messageOf = (p: MimePart): MimePart | undefined => {
    for (let a = p.parent; a; a = a.parent) if (a.node.messageNode) return a;
    return undefined;
  };
  for (const p of parts) {
    if (p.node.multipart || (!p.node.messageNode && isBodyPart(p))) continue;
    if (isEncryptedContainer(p) || hasAncestor(p, isEncryptedContainer)) continue;
    const holder = messageOf(p);
    const n = (counts.get(holder) ?? 0) + 1;
    counts.set(holder, n);
    positions.set(p, n);
  }
  return positions;
}

async function walkMessage(raw: Buffer, scope: Scope, c: Collector): Promise<void> {
  let tree: Awaited<ReturnType<typeof splitMime>>;
  try {
    tree = await splitMime(raw);
  } catch (err) {
    const place = placeOf(scope.steps, 'message');
    const origin = scope.container ?? { part: `${scope.partPrefix}0`, kind: 'container', place };
    addUnscannable(c, place, `unparseable MIME (${errorText(err)})`, origin);
    return;
  }
  const name = (p: MimePart): string => partName(p, c.cleanName);
  const positions = attachmentPositions(tree.parts);
  const attachmentStep = (p: MimePart): PlaceStep => ({
    kind: 'attachment',
    position: positions.get(p) ?? 0,
    name: name(p),
    contentType: p.node.contentType || 'application/octet-stream',
  });
  // The steps to the message a part belongs to: the forwarded messages (message nodes) around it.
  const known = new Map<MimePart, readonly PlaceStep[]>();
  const stepsOf = (p: MimePart): readonly PlaceStep[] => {
    const parent = p.parent;
    if (!parent) return scope.steps;
    let steps = known.get(p);
    if (!steps) {
      steps = parent.node.messageNode ? stepInto(stepsOf(parent), attachmentStep(parent)) : stepsOf(parent);
      known.set(p, steps);
    }
    return steps;
  };
  for (const part of tree.parts) {
    const { node } = part;
    const key = `${scope.partPrefix}${part.index}`;
    const steps = stepsOf(part);
    const originOf = (kind: UnitOrigin['kind'], place: Place): UnitOrigin =>
      scope.container ?? { part: key, kind, place };
    // Inside an encrypted container everything is ciphertext; the container's own header is not.
    if (hasAncestor(part, isEncryptedContainer)) continue;
    const messageLevel = !part.parent || Boolean(part.parent.node.messageNode);
    // A part's own header block: an attachment's is placed in that attachment; a body part's or a
    // multipart's carries the part's name for the scan CLI only.
    const isAttachment = positions.has(part);
    const ownerSteps = !messageLevel && isAttachment ? stepInto(steps, attachmentStep(part)) : steps;
    const ownerName = messageLevel || isAttachment ? undefined : name(part);
    for (const { ref, text } of headerTexts(node)) {
      const place = headerPlace(ownerSteps, ref, ownerName);
      const origin = originOf('header', place);
      addText(c, place, text, origin.kind === 'header' ? { ...origin, header: ref } : origin);
    }
    if (isEncryptedContainer(part) || node.multipart || node.messageNode) continue;
    const filePlace = placeOf(stepInto(steps, attachmentStep(part)), 'file');
    if (c.budget.expired()) {
      const place = isBodyPart(part) ? placeOf(steps, 'body') : filePlace;
      addUnscannable(c, place, TIME_BUDGET_REASON, originOf('container', place));
      continue;
    }
    if (isBodyPart(part) && node.contentType === 'text/html') {
      const html = htmlToTextWithMap(decodeHtmlPart(part), c.budget.limits.maxTextBytesPerUnit);
      const max = c.budget.limits.maxTextBytesPerUnit;
      const place = placeOf(steps, 'html');
      if (html.truncated)
        addUnscannable(c, place, `text longer than ${max} characters`, originOf('html', place), {
          truncatedAt: max,
        });
      addText(c, place, html.text, originOf('html', place));
    } else if (isBodyPart(part)) {
      const place = placeOf(steps, 'body');
      addText(c, place, decodeTextPart(part), originOf('text', place));
    } else if (node.contentType === 'message/rfc822' && scope.depth + 1 <= c.budget.limits.maxDepth) {
      const inner = {
        steps: filePlace.steps,
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
          place: filePlace,
          origin: originOf('container', filePlace),
          inPlace: !scope.container,
          depth: scope.depth,
        },
        (bytes, innerSteps, container, depth) =>
          walkMessage(bytes, { steps: innerSteps, partPrefix: '', depth, container }, c),
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
  await walkMessage(raw, { steps: [], partPrefix: '', depth: 0 }, c);
  return { units: c.units, unscannable: c.unscannable };
}
