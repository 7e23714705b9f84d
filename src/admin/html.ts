import { escapeHtml } from '../stages/notice/notice-template.js';

/**
 * Server-rendered HTML: every interpolated value is escaped unless it is already `Html` (the
 * output of `html` itself), so customer text (subjects, addresses, file names) can never add markup.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(v: Part): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

// A redaction marker as the redactor writes it: `[REDACTED:type]`, the type snake_case.
const MARKER = /\[REDACTED:[a-z_]{1,40}\]/g;

/** Text with its `[REDACTED:…]` markers highlighted, everything else escaped. */
export function withMarkers(text: string): Html {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(MARKER)) {
    out += escapeHtml(text.slice(at, m.index)) + `<mark class="redacted">${escapeHtml(m[0])}</mark>`;
    at = m.index + m[0].length;
  }
  return new Html(out + escapeHtml(text.slice(at)));
}
