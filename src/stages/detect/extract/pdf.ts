import { type Budget, TIME_BUDGET_REASON, withDeadline } from './budget.js';

export type PdfResult =
  | { ok: true; text: string; truncatedPages?: number }
  | { ok: false; reason: string; encrypted: boolean };

interface TextItem {
  str?: string;
  hasEOL?: boolean;
}
interface PdfPage {
  getTextContent(): Promise<{ items: TextItem[] }>;
  cleanup(): void;
}
interface PdfDocument {
  numPages: number;
  getPage(n: number): Promise<PdfPage>;
  destroy(): Promise<void>;
}
interface PdfModule {
  getDocument(src: Record<string, unknown>): { promise: Promise<PdfDocument>; destroy(): Promise<void> };
}

let pdfjs: Promise<PdfModule> | undefined;
// Loaded on first use: most mail has no PDF, and the module is large.
const loadPdfjs = (): Promise<PdfModule> =>
  (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs') as unknown as Promise<PdfModule>);

async function readPages(doc: PdfDocument, pages: number, budget: Budget): Promise<string> {
  const out: string[] = [];
  for (let n = 1; n <= pages; n++) {
    if (budget.expired()) throw new Error(TIME_BUDGET_REASON);
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    // Items on one line are joined without a separator: pdfjs keeps the spaces inside `str`,
    // and a token that a PDF writer split into several items must come out whole.
    for (const item of content.items) out.push((item.str ?? '') + (item.hasEOL ? '\n' : ''));
    out.push('\n');
    page.cleanup();
  }
  return out.join('');
}

/**
 * Text of a PDF through pdfjs (legacy build for Node, its in-process "fake" worker, no eval,
 * no fonts): compressed streams and encodings are pdfjs's job. Bounded in bytes, pages and time.
 */
export async function pdfText(buf: Buffer, budget: Budget): Promise<PdfResult> {
  const { limits } = budget;
  if (buf.length > limits.maxPdfBytes)
    return { ok: false, reason: `PDF larger than ${limits.maxPdfBytes} bytes`, encrypted: false };
  const { getDocument } = await loadPdfjs();
  const task = getDocument({
    data: new Uint8Array(buf),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    disableAutoFetch: true,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    const doc = await withDeadline(task.promise, budget.remainingMs(), () => void task.destroy());
    const pages = Math.min(doc.numPages, limits.maxPdfPages);
    const text = await withDeadline(
      readPages(doc, pages, budget),
      budget.remainingMs(),
      () => void task.destroy(),
    );
    return doc.numPages > pages ? { ok: true, text, truncatedPages: pages } : { ok: true, text };
  } catch (err) {
    const name = (err as Error)?.name;
    if (name === 'PasswordException') return { ok: false, reason: 'password-protected PDF', encrypted: true };
    const message = (err as Error)?.message ?? String(err);
    return {
      ok: false,
      reason: message === TIME_BUDGET_REASON ? message : `unreadable PDF (${name ?? 'error'})`,
      encrypted: false,
    };
  } finally {
    await task.destroy().catch(() => undefined);
  }
}
