import type { Budget } from './budget.js';
import { decodeEntityAt } from './html-entities.js';
import { walkZip, type ZipVisitor } from './zip.js';

// The XML parts of OOXML and ODF packages that hold the document's text.
// Entry names are matched by prefix/suffix, so no regular expressions are needed.
const TEXT_PARTS: Array<[prefix: string, suffix: string]> = [
  ['word/document', '.xml'],
  ['word/header', '.xml'],
  ['word/footer', '.xml'],
  ['word/footnotes', '.xml'],
  ['word/endnotes', '.xml'],
  ['word/comments', '.xml'],
  ['xl/sharedStrings', '.xml'],
  ['xl/worksheets/sheet', '.xml'],
  ['xl/comments', '.xml'],
  ['ppt/slides/slide', '.xml'],
  ['ppt/notesSlides/notesSlide', '.xml'],
  ['content', '.xml'],
  ['docProps/core', '.xml'],
];

export const isOfficeTextPart = (name: string): boolean =>
  TEXT_PARTS.some(([p, s]) => name.startsWith(p) && name.endsWith(s));

/** Elements whose end is a line break in the document: paragraphs, rows, shared strings, breaks. */
const LINE_END = new Set([
  'w:p',
  'w:br',
  'w:cr',
  'a:p',
  'a:br',
  'text:p',
  'text:h',
  'text:line-break',
  'row',
  'si',
  'table:table-row',
  'dc:title',
  'dc:subject',
  'dc:description',
  'cp:keywords',
]);
/** Elements that separate cells or tabs on a line. */
const CELL_END = new Set(['c', 'w:tab', 'w:tc', 'table:table-cell', 'text:tab', 'a:tab']);
/** Elements whose text is not document text (formulas, cell references are attributes anyway). */
const SKIPPED = new Set(['f', 'w:instrText', 'w:delText']);

/**
 * The text of an office XML part: character data only, runs joined without separators so that a
 * value split over several runs (`<w:t>AKIA</w:t><w:t>…</w:t>`) comes out whole. Linear scan.
 */
export function officeXmlToText(xml: string): string {
  const out: string[] = [];
  let skipping = 0;
  let i = 0;
  // The next `&` at or after the read position, cached so each one is searched for once.
  let amp = -1;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (!skipping) {
      for (let k = i; k < textEnd; ) {
        if (amp !== Number.POSITIVE_INFINITY && amp < k) {
          const found = xml.indexOf('&', k);
          amp = found < 0 ? Number.POSITIVE_INFINITY : found;
        }
        const stop = Math.min(amp, textEnd);
        out.push(xml.slice(k, stop));
        if (stop === textEnd) break;
        const ref = decodeEntityAt(xml, stop);
        out.push(ref && ref.end <= textEnd ? ref.text : '&');
        k = ref && ref.end <= textEnd ? ref.end : stop + 1;
      }
    }
    if (lt < 0) break;
    const gt = xml.indexOf('>', lt);
    if (gt < 0) break;
    const closing = xml[lt + 1] === '/';
    const selfClosing = xml[gt - 1] === '/';
    let n = lt + (closing ? 2 : 1);
    const start = n;
    while (
      n < gt &&
      xml[n] !== ' ' &&
      xml[n] !== '/' &&
      xml[n] !== '\t' &&
      xml[n] !== '\n' &&
      xml[n] !== '\r'
    )
      n++;
    const name = xml.slice(start, n);
    if (SKIPPED.has(name) && !selfClosing) skipping += closing ? -1 : 1;
    if (skipping < 0) skipping = 0;
    if (closing || selfClosing) {
      if (LINE_END.has(name)) out.push('\n');
      else if (CELL_END.has(name)) out.push('\t');
    }
    i = gt + 1;
  }
  return out.join('');
}

/** The value of attribute `name` in a start tag such as `<c r="A1" t="s">`. */
function attribute(tag: string, name: string): string | undefined {
  const at = tag.indexOf(` ${name}="`);
  if (at < 0) return undefined;
  const start = at + name.length + 3;
  const end = tag.indexOf('"', start);
  return end < 0 ? undefined : tag.slice(start, end);
}

/** Zero-based column of a cell reference such as `C7` (`undefined` without one). */
function columnOf(ref: string | undefined): number | undefined {
  if (!ref) return undefined;
  let col = 0;
  let i = 0;
  for (; i < ref.length && ref.charCodeAt(i) >= 65 && ref.charCodeAt(i) <= 90; i++)
    col = col * 26 + ref.charCodeAt(i) - 64;
  return i ? col - 1 : undefined;
}

/**
 * A worksheet as a table: cells in their columns (by the `r` reference, tab-separated, empty
 * cells kept as empty columns), rows on lines, shared strings (`t="s"`) resolved, so a
 * "Password" header and the values under it read as a table. Formulas (`<f>`) are skipped.
 */
export function xlsxSheetText(xml: string, shared: readonly string[], used = new Set<number>()): string {
  const out: string[] = [];
  let cellType: string | undefined;
  let cell = '';
  let capture = false;
  let column = 0;
  for (let i = xml.indexOf('<'); i >= 0 && i < xml.length; ) {
    const gt = xml.indexOf('>', i);
    if (gt < 0) break;
    const tag = xml.slice(i, gt + 1);
    const next = xml.indexOf('<', gt);
    const text = xml.slice(gt + 1, next < 0 ? xml.length : next);
    // The element name ends at the first blank, slash or `>` of the tag.
    const name = tag.slice(tag[1] === '/' ? 2 : 1).split(/[\s/>]/, 1)[0];
    if (tag[1] !== '/') {
      if (name === 'row') column = 0;
      if (name === 'c') {
        cellType = attribute(tag, 't');
        // Tabs before the cell: its column minus the previous cell's; at least one after a cell.
        const target = Math.max(columnOf(attribute(tag, 'r')) ?? column, column);
        out.push('\t'.repeat(column === 0 ? target : target - column + 1));
        column = target + 1;
        cell = '';
      }
      capture = (name === 'v' || name === 't') && !tag.endsWith('/>');
      if (capture) cell += officeXmlToText(text);
    } else {
      capture = false;
      if (name === 'c' && cellType === 's') used.add(Number(cell));
      if (name === 'c') out.push(cellType === 's' ? (shared[Number(cell)] ?? '') : cell);
      else if (name === 'row') out.push('\n');
    }
    i = next;
  }
  return out.join('');
}

/** The strings of xl/sharedStrings.xml, one per `<si>` (rich-text runs joined). */
export function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (let at = xml.indexOf('<si'); at >= 0; ) {
    const end = xml.indexOf('</si>', at);
    if (end < 0) break;
    out.push(officeXmlToText(xml.slice(at, end)));
    at = xml.indexOf('<si', end);
  }
  return out;
}

/** Reads the text parts of a docx/xlsx/pptx/odt/ods/odp package. */
export async function officeText(buf: Buffer, budget: Budget, skip: ZipVisitor['skip']): Promise<string> {
  const parts = new Map<string, string>();
  await walkZip(buf, budget, {
    wanted: isOfficeTextPart,
    async entry({ name }, bytes) {
      parts.set(name, bytes.toString('utf8'));
    },
    skip,
  });
  const shared = sharedStrings(parts.get('xl/sharedStrings.xml') ?? '');
  const texts: string[] = [];
  const used = new Set<number>();
  for (const [name, xml] of parts) {
    if (name === 'xl/sharedStrings.xml') continue;
    texts.push(name.startsWith('xl/worksheets/') ? xlsxSheetText(xml, shared, used) : officeXmlToText(xml));
  }
  // Strings no sheet refers to (or from sheets over the limits) are still text of the file.
  texts.push(shared.filter((_, i) => !used.has(i)).join('\n'));
  return texts.join('\n');
}
