import { errorText } from '../../../domain/error-text.js';
import { decodeTextPart, transferDecode } from '../extract/decode.js';
import { joinMime, type MimeTree, splitMime } from '../extract/mime-tree.js';
import { decodeAttachmentText, decodeHtmlPart } from '../extract/text-unit.js';
import { redactHtml, redactText } from './apply-spans.js';
import { redactHeaders } from './header-writer.js';
import { noteText, replaceWithNote, setMessageBody, setTextBody } from './part-writer.js';
import { isEmptyPlan, type PartEdit, type PartRemoval, type RedactionPlan } from './plan.js';

/** Splits `5/2` into the node index `5` and the rest inside that node's message, `2`. */
function head(part: string): [number, string | undefined] {
  const slash = part.indexOf('/');
  return slash < 0 ? [Number(part), undefined] : [Number(part.slice(0, slash)), part.slice(slash + 1)];
}

/** The plan for the message inside node `index`, with that node's prefix taken off. */
function innerPlan(plan: RedactionPlan, index: number): RedactionPlan {
  const strip = <T extends { part: string }>(items: T[]): T[] =>
    items.flatMap((item) => {
      const [i, rest] = head(item.part);
      return i === index && rest !== undefined ? [{ ...item, part: rest }] : [];
    });
  return { edits: strip(plan.edits), removals: strip(plan.removals) };
}

/** Rewrites a body part (text, HTML, text attachment) in place with its spans replaced. */
function applyBodyEdit(tree: MimeTree, edit: PartEdit, index: number): void {
  const part = tree.parts[index];
  if (!part) return;
  const text = (): string => {
    switch (edit.kind) {
      case 'header':
        throw new Error('header edits go through redactHeaders');
      case 'text':
        return redactText(decodeTextPart(part), edit.spans, edit.truncateAt);
      case 'html':
        return redactHtml(decodeHtmlPart(part), edit.spans, edit.truncateAt);
      case 'attachment':
        return redactText(decodeAttachmentText(transferDecode(part), part.node.charset), edit.spans);
    }
  };
  setTextBody(part, text());
}

/**
 * A message whose MIME structure could not be read cannot be edited part by part: its header
 * block is kept (minus Content-*) and the whole body becomes a note.
 */
function wholeMessageNote(raw: Buffer, reason: string): Buffer {
  const text = raw.toString('latin1');
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
  const headerBlock = end < 0 ? text : text.slice(0, end);
  // A header line and its folded continuation lines (starting with blanks) form one header.
  const headers = headerBlock.split(/\r?\n(?![ \t])/);
  // The part's own Content-* and MIME-Version headers are replaced by those of the note.
  const kept = headers.filter((h) => h && !/^(content-|mime-version:)/i.test(h));
  const lines = [
    ...kept,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 7bit',
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${noteText('the message body', reason)}`, 'latin1');
}

/**
 * Rebuilds a message with each planned span replaced by `[REDACTED:<type>]` (header fields,
 * parameters and display names, text and HTML bodies, text attachments in place) and each planned removal replaced by a note. Parts and
 * headers not in the plan keep their bytes; an empty plan returns `raw` itself, byte for byte.
 */
export async function redactMessage(raw: Buffer, plan: RedactionPlan): Promise<Buffer> {
  if (isEmptyPlan(plan)) return raw;
  let tree: MimeTree;
  try {
    tree = await splitMime(raw);
  } catch (err) {
    return wholeMessageNote(raw, `its MIME structure could not be read (${errorText(err)})`);
  }
  const removed = new Set<number>();
  const nested = new Set<number>();
  for (const r of plan.removals as PartRemoval[]) {
    const [index, rest] = head(r.part);
    const part = tree.parts[index];
    if (rest !== undefined) nested.add(index);
    else if (part) {
      replaceWithNote(part, r.label, r.reason);
      removed.add(index);
    }
  }
  const headerEdits = new Map<number, PartEdit[]>();
  for (const e of plan.edits) {
    const [index, rest] = head(e.part);
    if (rest !== undefined) nested.add(index);
    else if (e.kind === 'header') headerEdits.set(index, [...(headerEdits.get(index) ?? []), e]);
    else if (!removed.has(index)) applyBodyEdit(tree, e, index);
  }
  // After the bodies: rewriting a body updates Content-Type, whose parameters may be edited here.
  for (const [index, edits] of headerEdits) {
    const part = tree.parts[index];
    if (part) redactHeaders(part.node, edits);
  }
  for (const index of nested) {
    const part = tree.parts[index];
    if (!part || removed.has(index)) continue;
    setMessageBody(part, await redactMessage(transferDecode(part), innerPlan(plan, index)));
  }
  return joinMime(tree);
}
