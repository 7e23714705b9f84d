import { simpleParser } from 'mailparser';

/** What a viewer sees of a quarantined message: the redacted copy's subject, text and attachments. */
export interface RedactedView {
  subject: string;
  from: string;
  date: string | null;
  /** The text body of the redacted copy (HTML bodies as text), cut to `maxChars`. */
  text: string;
  truncated: boolean;
  attachments: Array<{ name: string; size: number }>;
  /** Set instead of the content when the original is too large to render here. */
  omitted?: string;
}

export interface RedactedViewOptions {
  /**
   * The copy the helpdesk got, rebuilt from the original (off this thread: detection is the costly
   * part); `undefined` when it could not be scanned within its limits.
   */
  redact: (original: Buffer) => Promise<Buffer | undefined>;
  /** Originals above this are not rendered in the browser: reveal or release them instead. */
  maxBytes: number;
  maxChars: number;
}

/** A view with nothing rendered, saying why. */
const omitted = (why: string): RedactedView => ({
  subject: '',
  from: '',
  date: null,
  text: '',
  truncated: false,
  attachments: [],
  omitted: why,
});

/**
 * Renders the copy the helpdesk got, from the original: detection runs again on it, so what the
 * page shows has every secret replaced by its `[REDACTED:type]` marker, as in the delivered copy.
 */
export async function redactedView(original: Buffer, o: RedactedViewOptions): Promise<RedactedView> {
  if (original.length > o.maxBytes)
    return omitted(`the message is ${original.length} bytes, more than the ${o.maxBytes} shown here`);
  const redacted = await o.redact(original);
  if (!redacted) return omitted('the message could not be scanned within its limits');
  const parsed = await simpleParser(redacted, {
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
    maxHtmlLengthToParse: o.maxChars * 4,
  });
  const body = parsed.text ?? '';
  return {
    subject: parsed.subject ?? '',
    from: parsed.from?.text ?? '',
    date: parsed.date ? parsed.date.toISOString() : null,
    text: body.slice(0, o.maxChars),
    truncated: body.length > o.maxChars,
    attachments: parsed.attachments.map((a, i) => ({
      name: a.filename ?? `attachment ${i + 1}`,
      size: a.size,
    })),
  };
}
