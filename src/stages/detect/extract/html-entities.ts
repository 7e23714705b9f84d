/**
 * The named character references seen in real mail HTML. An unknown name stays literal text,
 * which is harmless: the detector then sees `&name;` and redaction keeps it as it was.
 */
// biome-ignore format: a compact lookup table reads better than one entry per line
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '', zwnj: '', zwj: '',
  copy: '©', reg: '®', trade: '™', euro: '€', pound: '£', yen: '¥', cent: '¢', sect: '§',
  deg: '°', middot: '·', bull: '•', hellip: '…', ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’',
  sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', laquo: '«', raquo: '»', times: '×', divide: '÷',
  auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß',
  aacute: 'á', eacute: 'é', iacute: 'í', oacute: 'ó', uacute: 'ú', Aacute: 'Á', Eacute: 'É',
  Iacute: 'Í', Oacute: 'Ó', Uacute: 'Ú', agrave: 'à', egrave: 'è', ugrave: 'ù', Agrave: 'À',
  Egrave: 'È', acirc: 'â', ecirc: 'ê', icirc: 'î', ocirc: 'ô', ucirc: 'û', euml: 'ë', iuml: 'ï',
  ccedil: 'ç', Ccedil: 'Ç', ntilde: 'ñ', Ntilde: 'Ñ', iexcl: '¡', iquest: '¿', oelig: 'œ',
  ensp: ' ', emsp: ' ', thinsp: ' ', hyphen: '-', dash: '-', colon: ':', sol: '/', num: '#',
  commat: '@', equals: '=', lowbar: '_', period: '.', comma: ',', excl: '!', quest: '?',
  plus: '+', percnt: '%', dollar: '$', lpar: '(', rpar: ')', ast: '*', Tab: '\t', NewLine: '\n',
};

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Decodes the character reference starting at `html[at]` (an `&`). Returns the text and the
 * index after the reference, or undefined when it is not one (the `&` is then plain text).
 */
export function decodeEntityAt(html: string, at: number): { text: string; end: number } | undefined {
  let i = at + 1;
  const limit = Math.min(html.length, at + 40);
  if (html.charCodeAt(i) === 35) {
    i++;
    const hex = html.charCodeAt(i) === 120 || html.charCodeAt(i) === 88;
    if (hex) i++;
    const start = i;
    while (i < limit && isAlnum(html.charCodeAt(i))) i++;
    const digits = html.slice(start, i);
    const code = Number.parseInt(digits, hex ? 16 : 10);
    // The loop took any letters; a reference is only valid if all of them are digits of its base.
    if (!digits || Number.isNaN(code) || (hex ? /[^0-9a-f]/i : /\D/).test(digits)) return undefined;
    const end = html.charCodeAt(i) === 59 ? i + 1 : i;
    const safe = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return { text: safe ? String.fromCodePoint(code) : '\ufffd', end };
  }
  const start = i;
  while (i < limit && isAlnum(html.charCodeAt(i))) i++;
  if (html.charCodeAt(i) !== 59) return undefined;
  const text = NAMED[html.slice(start, i)];
  return text === undefined ? undefined : { text, end: i + 1 };
}

/** Escapes text for insertion into HTML, in text or in a quoted attribute value. */
export function escapeHtml(text: string): string {
  let out = '';
  for (const ch of text) {
    out +=
      ch === '&'
        ? '&amp;'
        : ch === '<'
          ? '&lt;'
          : ch === '>'
            ? '&gt;'
            : ch === '"'
              ? '&quot;'
              : ch === "'"
                ? '&#39;'
                : ch;
  }
  return out;
}
