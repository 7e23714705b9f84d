import {
  looksLikePassword,
  PASSWORD_KEYWORDS,
  PASSWORD_VALUE,
  plausiblePassword,
  refinePassword,
  VALUE_GROUPS,
} from './password-values.js';
import type { Rule, Span } from './rule.js';

const HEADER_LABELS = new Set([
  'password',
  'passwort',
  'kennwort',
  'pw',
  'pwd',
  'pass',
  'passwd',
  'contraseña',
  'contrasena',
  'clave',
  'mot de passe',
  'mdp',
  'senha',
  'wachtwoord',
  'initial password',
  'temp password',
  'new password',
]);
const MAX_HEADER = 300;
const MAX_ROWS = 200;
// Table lines (headers and rows) examined per text: real mail has a few dozen, hostile input
// hundreds of thousands; the budget keeps the cost of one scan bounded.
const MAX_TABLE_LINES = 5000;

interface Cell {
  text: string;
  start: number;
}

// Separators per layout; single character classes, so splitting stays linear.
const SEPARATORS = { pipe: /\|/g, tab: /\t+/g, space: / {2,}|\t+/g } as const;
// Cheap test before splitting a line into cells: does it mention a password column at all?
const MENTIONS_LABEL = /pass|pw|kennwort|contrase|clave|mot de passe|mdp|senha|wachtwoord/i;

/** Cells of a table row: pipe tables, tab-separated, or columns separated by two or more spaces. */
function cells(line: string, offset: number, mode: 'pipe' | 'tab' | 'space'): Cell[] {
  const sep = SEPARATORS[mode];
  sep.lastIndex = 0;
  const out: Cell[] = [];
  let from = 0;
  const push = (a: number, b: number) => {
    const raw = line.slice(a, b);
    const lead = raw.length - raw.trimStart().length;
    out.push({ text: raw.trim(), start: offset + a + lead });
  };
  for (let m = sep.exec(line); m !== null; m = sep.exec(line)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, line.length);
  if (mode === 'pipe') {
    if (out[0]?.text === '') out.shift();
    if (out.at(-1)?.text === '') out.pop();
  }
  return mode === 'space' ? out.filter((c, i) => c.text !== '' || i > 0) : out;
}

function modeOf(line: string): 'pipe' | 'tab' | 'space' {
  return line.includes('|') ? 'pipe' : line.includes('\t') ? 'tab' : 'space';
}

/** Rows under a header that has a password column; the cell in that column is the secret. */
export function* findTablePasswords(text: string): Generator<Span> {
  let pos = 0;
  let budget = MAX_TABLE_LINES;
  while (pos < text.length && budget > 0) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(pos, end).replace(/\r$/, '');
    pos = end + 1;
    if (line.length > MAX_HEADER || !MENTIONS_LABEL.test(line)) continue;
    budget--;
    const mode = modeOf(line);
    const header = cells(
      line.replace(/^[ \t>]*/, (m) => ' '.repeat(m.length)),
      0,
      mode,
    );
    const col = header.findIndex((c) => HEADER_LABELS.has(c.text.toLowerCase().replace(/:$/, '')));
    if (col < 0 || header.length < 2) continue;
    // Aligned-column headers are short labels, not a sentence that happens to contain two spaces.
    if (mode === 'space' && header.some((c) => c.text.length > 30 || c.text.split(' ').length > 3)) continue;
    for (let rows = 0; rows < MAX_ROWS && pos < text.length && budget-- > 0; rows++) {
      const rnl = text.indexOf('\n', pos);
      const rend = rnl === -1 ? text.length : rnl;
      const row = text.slice(pos, rend).replace(/\r$/, '');
      const rowStart = pos;
      if (row.trim() === '' || modeOf(row) !== mode) break;
      pos = rend + 1;
      if (/^[\s|:+-]+$/.test(row)) continue;
      const rc = cells(row, rowStart, mode);
      const cell = rc[col];
      if (rc.length !== header.length || !cell) break;
      if (!plausiblePassword(cell.text)) continue;
      if (mode === 'space' && /\s/.test(cell.text)) continue;
      yield { start: cell.start, end: cell.start + cell.text.length };
    }
  }
}

// "username / password: jdoe / X": the labels themselves come as a pair.
const USER_SLASH_PASSWORD =
  '(?:user(?:name)?|benutzer(?:name)?|usuario|utilisateur)[ \\t]*/[ \\t]*(?:password|passwort|kennwort|pw|pwd|contraseña|mot de passe|mdp)';

export const passwordLayoutRules: Rule[] = [
  {
    id: 'password-pair',
    type: 'password',
    rationale: '"login admin / S3cret!", "credentials: admin/hunter2", "Zugangsdaten Router: admin / X".',
    keywords: PASSWORD_KEYWORDS,
    // Keyword, up to five words, optional ":", then user, a slash, and the password.
    pattern: new RegExp(
      `(?<![\\p{L}\\p{N}])(login|logon|account|konto|compte|cuenta|credentials|creds|zugangsdaten|zugang|identifiants|accès|acceso|credenciales|${USER_SLASH_PASSWORD})(?!\\p{L})(?:[ \\t]+[^\\s:/]{1,24}){0,5}?[ \\t]*[:=]?[ \\t]*[\\p{L}\\p{N}._@+-]{1,64}[ \\t]*/[ \\t]*${PASSWORD_VALUE}`,
      'iu',
    ),
    group: VALUE_GROUPS.map((g) => g + 1),
    refine: refinePassword,
    validate: (v, ctx) => {
      // A URL path ("accounts.acme.io/verify?token=…") is not user/password.
      if (!plausiblePassword(v) || ctx.match?.[0].includes('://') || /^[\w.-]+\?\w+=/.test(v)) return false;
      // "login page / dashboard" is prose; explicit credential keywords may carry plain words.
      const explicit = /^(?:credentials|creds|zugangsdaten|identifiants|credenciales|\p{L}+[ \t]*\/)/iu.test(
        ctx.match?.[1] ?? '',
      );
      return explicit ? !/^[a-z]+$/i.test(v) || v.length >= 6 : looksLikePassword(v);
    },
    confidence: 0.8,
    samples: {
      match: [
        { text: 'Login admin / S3cret! works on staging.', secret: 'S3cret!' },
        { text: 'credentials: admin/hunter22', secret: 'hunter22' },
        { text: 'username / password: jdoe / Jd0e$2024', secret: 'Jd0e$2024' },
        { text: "It's the finance account: finance@gardenco.com / Gard3n&Co2024", secret: 'Gard3n&Co2024' },
        { text: 'Zugangsdaten Router: admin / Fritz!7590x', secret: 'Fritz!7590x' },
        { text: 'Windows login for the reception PC: reception / Recep2024!', secret: 'Recep2024!' },
      ],
      noMatch: [
        'login page / dashboard both return 502',
        'credentials: username/password',
        'login and/or password',
        'last login 12/03/2024',
      ],
    },
  },
  {
    id: 'password-table',
    type: 'password',
    rationale: 'Rows under a table header with a password column (markdown pipes, tabs, aligned columns).',
    keywords: ['pass', 'pw', 'kennwort', 'contrase', 'clave', 'mot de passe', 'mdp', 'senha', 'wachtwoord'],
    pattern: /password/i,
    find: findTablePasswords,
    confidence: 0.8,
    samples: {
      match: [
        {
          text: '| Server | User | Password |\n|---|---|---|\n| web01 | deploy | D3ploy!web01 |',
          secret: 'D3ploy!web01',
        },
        { text: 'Username        Password\nalice           Al1ce-2024\n', secret: 'Al1ce-2024' },
        { text: 'Name\tUsername\tPassword\nAnna Berg\taberg\tBer9!anna', secret: 'Ber9!anna' },
      ],
      noMatch: [
        '| Setting | Value |\n|---|---|\n| timeout | 30s |',
        '| User | Password |\n|---|---|\n| admin | ******** |',
        'Username  Password\n(ask IT for both)',
      ],
    },
  },
];
