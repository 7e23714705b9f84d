import { Readable } from 'node:stream';
import * as mailsplit from '@zone-eu/mailsplit';

/** The parts of a mailsplit header block this module uses. */
export interface MimeHeaders {
  get(key: string): string[];
  getFirst(key: string): string;
  getList(): Array<{ key: string; line: string }>;
  update(key: string, value: string): void;
  remove(key: string): void;
  add(key: string, value: string, index?: number): void;
  /** Set when a line of getList() was replaced in place: the block is then rebuilt from the lines. */
  changed: boolean;
}

/** The parts of a mailsplit MimeNode this module uses (its bundled types are shadowed in src/types). */
export interface MimeNode {
  type: 'node';
  root: boolean;
  parentNode: MimeNode | false;
  contentType: string | false;
  charset: string | false;
  encoding: string | false;
  disposition: string | false;
  filename: string | false;
  multipart: string | false;
  flowed: boolean;
  delSp: boolean;
  messageNode?: boolean;
  headers: MimeHeaders;
  _parsedContentType: { value: string; params: Record<string, string> } | false;
  _parsedContentDisposition: { value: string; params: Record<string, string> } | false;
  getHeaders(): Buffer;
  setCharset(charset?: string | false): void;
  setContentType(contentType?: string | false): void;
}

interface BodyItem {
  type: 'body' | 'data';
  node: MimeNode;
  value: Buffer;
}
type Item = MimeNode | BodyItem;

export interface MimePart {
  /** Position of the node in the message, the `part` of a UnitOrigin. */
  index: number;
  node: MimeNode;
  parent: MimePart | undefined;
  children: MimePart[];
  /** The body as it is on the wire (still transfer-encoded). */
  body: Buffer;
  /** Set by redaction: the new wire body; the node's headers are updated alongside. */
  replacement?: Buffer;
}

export interface MimeTree {
  parts: MimePart[];
  items: Item[];
}

const SplitterCtor = (mailsplit as unknown as { Splitter: new (o?: object) => NodeJS.ReadWriteStream })
  .Splitter;

/** Splits a raw message into its MIME nodes with mailparser's own splitter, so both see the same tree. */
export async function splitMime(raw: Buffer): Promise<MimeTree> {
  const items: Item[] = [];
  const splitter = new SplitterCtor();
  await new Promise<void>((resolve, reject) => {
    splitter.on('data', (d: Item) => items.push(d));
    splitter.on('end', resolve);
    splitter.on('error', reject);
    Readable.from([raw]).pipe(splitter as unknown as NodeJS.WritableStream);
  });
  const parts: MimePart[] = [];
  const byNode = new Map<MimeNode, MimePart>();
  const bodies = new Map<MimePart, Buffer[]>();
  for (const item of items) {
    if (item.type === 'node') {
      const parent = item.parentNode ? byNode.get(item.parentNode) : undefined;
      const part: MimePart = { index: parts.length, node: item, parent, children: [], body: Buffer.alloc(0) };
      parent?.children.push(part);
      parts.push(part);
      byNode.set(item, part);
      bodies.set(part, []);
    } else if (item.type === 'body') {
      const part = byNode.get(item.node);
      if (part) bodies.get(part)?.push(item.value);
    }
  }
  // A body that arrived as one chunk (the usual case: the message is split from one buffer) is
  // that chunk itself, not a copy of it.
  for (const [part, chunks] of bodies) part.body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  return { parts, items };
}

/** Rebuilds the message: untouched nodes keep their bytes, replaced ones get their new body. */
export function joinMime(tree: MimeTree): Buffer {
  const replaced = new Map<MimeNode, MimePart>();
  for (const p of tree.parts) if (p.replacement) replaced.set(p.node, p);
  const out: Buffer[] = [];
  for (const item of tree.items) {
    if (item.type === 'node') {
      out.push(item.getHeaders());
      const part = replaced.get(item);
      if (part?.replacement) out.push(part.replacement);
    } else if (item.type === 'data' || !replaced.has(item.node)) {
      out.push(item.value);
    }
  }
  return Buffer.concat(out);
}

/** True when a node has an ancestor marked with `pred` (used to skip encrypted subtrees). */
export function hasAncestor(part: MimePart, pred: (p: MimePart) => boolean): boolean {
  for (let p = part.parent; p; p = p.parent) if (pred(p)) return true;
  return false;
}
