/**
 * Passwords given to command-line tools, as customers paste them from a terminal, a crontab, a
 * shell history or a script: each tool's password options are facts from its manual, kept here as
 * data (`curl -u user:X`, `redis-cli -a X`, `docker login -p X`, `net use … /user:D\u X`,
 * `mysql -pX`, `smbclient -U user%X`, `sqlcmd -P X`, `7z -pX`, `openssl -passin pass:X` …). The line
 * after the tool's name is split into arguments (quotes kept together) and only its options are read.
 */
import { passwordShaped } from './password-evidence.js';
import { looksLikePassword, plausiblePassword } from './password-values.js';
import type { Rule, Span } from './rule.js';

/** How an option carries the password. */
type Form =
  /** The option's value is the password. */
  | 'secret'
  /** The value is "user<sep>password" (curl -u, smbclient -U, lftp -u). */
  | 'pair'
  /** The value is the user; the next argument, if not an option, is the password (net use /user:). */
  | 'then-secret'
  /** An argument naming a password variable; the next argument is its value (setx NAME value). */
  | 'named-secret';

interface CliOption {
  /** As typed: "-p", "--password", "/p:"; an option ending in "=" or ":" takes its value glued. */
  flag: string;
  form: Form;
  /** The value may be glued to a short flag ("-pSECRET"): mysql, 7z, rar. */
  glued?: boolean;
  /** The value may be the next argument. */
  separate?: boolean;
  /** Separator of a `pair` value. */
  pairSep?: string;
  /** A prefix the value carries ("pass:" for openssl). */
  prefix?: string;
  /** A value in the next argument must look chosen (the flag has another meaning for the tool). */
  shaped?: boolean;
}

interface CliTool {
  names: readonly string[];
  /** Options count only after this word (docker login, oc login). */
  after?: string;
  /** Flags compared without case (Windows tools: /USER:, /P:). */
  anyCase?: boolean;
  options: readonly CliOption[];
}

const secret = (flag: string, extra: Partial<CliOption> = {}): CliOption => ({
  flag,
  form: 'secret',
  separate: !/[=:]$/.test(flag),
  ...extra,
});

// A variable's name that names a password: its last part ("SMTP_PASSWORD", "db-pass", "AdminPwd");
// "PASSWORD_POLICY" names a setting about it.
const PASSWORD_NAME =
  /(?:^|[_.-]|[a-z](?=[A-Z]))(?:pass(?:word|wd)?|pwd|pw|kennwort|passwort|wachtwoord|senha|haslo)$/i;

export const CLI_TOOLS: readonly CliTool[] = [
  // Windows "setx SMTP_PASSWORD X /M": the value after a password variable's name, quoted or not.
  { names: ['setx'], anyCase: true, options: [{ flag: '', form: 'named-secret' }] },
  { names: ['sshpass'], options: [secret('-p', { glued: true })] },
  {
    names: ['mysql', 'mysqldump', 'mysqladmin', 'mysqlimport', 'mysqlcheck', 'mariadb', 'mariadb-dump'],
    // "-p dbname" prompts and names a database: a separate value must look chosen.
    options: [secret('-p', { glued: true, shaped: true }), secret('--password=')],
  },
  { names: ['redis-cli', 'valkey-cli', 'keydb-cli'], options: [secret('-a'), secret('--pass')] },
  {
    names: ['curl'],
    options: [
      { flag: '-u', form: 'pair', separate: true, glued: true, pairSep: ':' },
      { flag: '--user', form: 'pair', separate: true, pairSep: ':' },
      { flag: '--user=', form: 'pair', pairSep: ':' },
      { flag: '-U', form: 'pair', separate: true, pairSep: ':' },
      { flag: '--proxy-user', form: 'pair', separate: true, pairSep: ':' },
    ],
  },
  {
    names: ['wget'],
    options: ['--password', '--http-password', '--ftp-password', '--proxy-password'].flatMap((f) => [
      secret(f),
      secret(`${f}=`),
    ]),
  },
  {
    names: ['docker', 'podman', 'nerdctl', 'buildah', 'skopeo', 'helm', 'oc', 'cf', 'argocd', 'az'],
    after: 'login',
    options: [secret('-p'), secret('--password'), secret('--password=')],
  },
  {
    names: ['smbclient', 'rpcclient'],
    options: [{ flag: '-U', form: 'pair', separate: true, pairSep: '%' }],
  },
  { names: ['lftp'], options: [{ flag: '-u', form: 'pair', separate: true, pairSep: ',' }] },
  {
    names: ['net'],
    after: 'use',
    anyCase: true,
    options: [{ flag: '/user:', form: 'then-secret' }],
  },
  { names: ['cmdkey'], anyCase: true, options: [secret('/pass:')] },
  { names: ['schtasks'], anyCase: true, options: [secret('/rp')] },
  { names: ['psexec', 'psexec64'], options: [secret('-p')] },
  { names: ['xfreerdp', 'wlfreerdp'], anyCase: true, options: [secret('/p:')] },
  { names: ['rdesktop'], options: [secret('-p')] },
  { names: ['plink', 'pscp', 'psftp'], options: [secret('-pw')] },
  {
    names: ['ldapsearch', 'ldapmodify', 'ldapadd', 'ldapdelete', 'ldappasswd', 'ldapwhoami'],
    options: [secret('-w')],
  },
  { names: ['sqlcmd', 'bcp', 'osql'], options: [secret('-P')] },
  {
    names: ['mongo', 'mongosh', 'mongodump', 'mongorestore', 'mongoexport', 'mongoimport'],
    options: [secret('-p'), secret('--password'), secret('--password=')],
  },
  { names: ['zip', 'unzip'], options: [secret('-P')] },
  { names: ['7z', '7za', '7zz', 'rar', 'unrar'], options: [secret('-p', { glued: true, separate: false })] },
  {
    names: ['openssl'],
    options: ['-passin', '-passout', '-pass'].map((f) => secret(f, { prefix: 'pass:' })),
  },
  { names: ['convertto-securestring'], anyCase: true, options: [secret('-string')] },
];

// What wakes the rule: each tool's name, with its subcommand or a blank where the name alone is a
// common word or a piece of one ("net", "zip", "oc", "az" occur in most texts).
const COMMAND_KEYWORDS = [
  ...new Set([
    ...CLI_TOOLS.flatMap((t) =>
      t.names.map((n) => (t.after ? `${n} ${t.after}` : n.length <= 5 ? `${n} ` : n).toLowerCase()),
    ),
    // "helm registry login"
    'registry login',
  ]),
];

const BY_NAME = new Map<string, CliTool>();
for (const t of CLI_TOOLS) for (const n of t.names) BY_NAME.set(n, t);

// A tool's name where a command starts: after the line start, a prompt ("$ ", "# ", "> "), a pipe, a
// cron schedule or "sudo"; a literal alternation of the names, each bounded by non-name characters.
const NAMES = [...BY_NAME.keys()].sort((a, b) => b.length - a.length).map((n) => n.replace(/[-.]/g, '\\$&'));
const COMMAND = new RegExp(`(?<![\\w./\\\\-])(?:${NAMES.join('|')})(?:\\.exe)?(?=[ \\t])`, 'gi');
// Only the rest of the command's line is read, at most this many characters.
const SEGMENT = 400;
// An argument: a quoted string or a run of non-blanks (bounded; a line is at most SEGMENT long).
const ARG = /"[^"\n]{0,200}"|'[^'\n]{0,200}'|[^\s"']+(?:(?:"[^"\n]{0,200}"|'[^'\n]{0,200}')[^\s"']*)?/g;
// Shell operators end a command: the next one is another tool's.
const OPERATOR = /^(?:\||\|\||&&|;|>|>>|<|2>)$/;

// The rest of a torn quoted argument: the next line's first run, then the closing quote.
const TORN_VALUE = /^\r?\n[ \t>]{0,8}([^\s'"]{1,128})(['"])/;

interface Arg {
  text: string;
  start: number;
}

const spanOf = (a: Arg): Span => ({ start: a.start, end: a.start + a.text.length });

function args(text: string, from: number): Arg[] {
  let segment = text.slice(from, from + SEGMENT);
  const nl = segment.search(/[\r\n]/);
  if (nl !== -1) segment = segment.slice(0, nl);
  const out: Arg[] = [];
  ARG.lastIndex = 0;
  for (let m = ARG.exec(segment); m !== null; m = ARG.exec(segment)) {
    if (OPERATOR.test(m[0])) break;
    out.push({ text: m[0], start: from + m.index });
  }
  // A quote opened at the line's end and closed on the next line ("sshpass -p '" / "X' ssh …"): an
  // HTML paragraph or a mail client's wrap tore the argument; its value is the next line's first run.
  const torn = nl === -1 ? null : /(?:^|[ \t])(['"])[ \t]*$/.exec(segment);
  if (torn) {
    const q = torn[1] as string;
    const below = TORN_VALUE.exec(text.slice(from + nl, from + nl + 200));
    if (below?.[1] && below[2] === q) {
      const value = below[1];
      out.push({ text: value, start: from + nl + below[0].length - 1 - value.length });
    }
  }
  return out;
}

/** The inside of a quoted argument (or a glued value with its quotes: -p'S3cret'), as a span. */
function unquote(text: string, start: number): Span {
  const q = text[0];
  if ((q === '"' || q === "'") && text.length >= 2 && text.endsWith(q))
    return { start: start + 1, end: start + text.length - 1 };
  return { start, end: start + text.length };
}

function acceptable(value: string, shaped: boolean): boolean {
  if (!plausiblePassword(value) || value.startsWith('-') || value === '*') return false;
  return !shaped || looksLikePassword(value) || passwordShaped(value);
}

/** The password span an option carries in `value` (an argument or the part glued to the flag). */
function carried(text: string, opt: CliOption, value: Span, shaped: boolean): Span | undefined {
  let span = unquote(text.slice(value.start, value.end), value.start);
  let v = text.slice(span.start, span.end);
  if (opt.prefix) {
    if (!v.startsWith(opt.prefix)) return undefined;
    span = { start: span.start + opt.prefix.length, end: span.end };
    v = v.slice(opt.prefix.length);
  }
  if (opt.form === 'pair') {
    const at = v.indexOf(opt.pairSep ?? ':');
    if (at <= 0) return undefined;
    span = { start: span.start + at + 1, end: span.end };
    v = v.slice(at + 1);
  }
  return acceptable(v, shaped) ? span : undefined;
}

function* commandPasswords(text: string, tool: CliTool, list: readonly Arg[]): Generator<Span> {
  let from = 0;
  if (tool.after) {
    from = list.findIndex((a) => a.text.toLowerCase() === tool.after) + 1;
    if (from === 0) return;
  }
  for (let i = from; i < list.length; i++) {
    const arg = list[i] as Arg;
    const typed = tool.anyCase ? arg.text.toLowerCase() : arg.text;
    for (const opt of tool.options) {
      const next = list[i + 1];
      let span: Span | undefined;
      if (opt.form === 'named-secret') {
        if (PASSWORD_NAME.test(arg.text) && !/^[-/]/.test(arg.text) && next && !next.text.startsWith('/'))
          span = carried(text, { ...opt, form: 'secret' }, spanOf(next), false);
      } else if (opt.form === 'then-secret') {
        // net use … /user:DOMAIN\user SECRET: the argument after the user, unless an option or "*".
        if (
          typed.length > opt.flag.length &&
          typed.startsWith(opt.flag) &&
          next &&
          !next.text.startsWith('/')
        )
          span = carried(text, { ...opt, form: 'secret' }, spanOf(next), false);
      } else if (typed === opt.flag && opt.separate && next)
        span = carried(text, opt, spanOf(next), opt.shaped === true);
      else if (
        typed.length > opt.flag.length &&
        typed.startsWith(opt.flag) &&
        (opt.glued || /[=:]$/.test(opt.flag))
      )
        span = carried(
          text,
          opt,
          { start: arg.start + opt.flag.length, end: arg.start + arg.text.length },
          false,
        );
      if (span) {
        yield span;
        break;
      }
    }
  }
}

function* findCommandPasswords(text: string): Generator<Span> {
  COMMAND.lastIndex = 0;
  let rejected = 0;
  for (let m = COMMAND.exec(text); m !== null && rejected < 4000; m = COMMAND.exec(text)) {
    const name = m[0].toLowerCase().replace(/\.exe$/, '');
    const tool = BY_NAME.get(name);
    const end = m.index + m[0].length;
    if (!tool) continue;
    const list = args(text, end);
    let any = false;
    for (const span of commandPasswords(text, tool, list)) {
      any = true;
      yield span;
    }
    if (!any) rejected++;
    // The next tool starts after this command's arguments (a pipe's second tool is on the same line).
    const last = list.at(-1);
    COMMAND.lastIndex = Math.max(end, last ? last.start + last.text.length : end);
  }
}

export const passwordCommandRules: Rule[] = [
  {
    id: 'password-command-line',
    type: 'password',
    rationale:
      'Passwords given to command-line tools through their documented options (curl -u, redis-cli -a, docker login -p, net use /user:, mysql -p, sqlcmd -P, 7z -p, openssl -passin pass:).',
    keywords: COMMAND_KEYWORDS,
    pattern: COMMAND,
    find: findCommandPasswords,
    confidence: 0.8,
    samples: {
      match: [
        { text: "sshpass -p 'Sh!pass99' ssh deploy@10.1.1.1", secret: 'Sh!pass99' },
        { text: 'setx SMTP_PASSWORD Kr8!mountain /M', secret: 'Kr8!mountain' },
        { text: 'C:\\> setx /M DB_PASS "Ab12 cd!x"', secret: 'Ab12 cd!x' },
        // The quote torn across lines by an HTML paragraph.
        { text: "sshpass -p '\nhammarby5984' ssh root@186.73.75.37 -p 2222", secret: 'hammarby5984' },
        { text: 'mysql -u root -pR00t!pw -h db', secret: 'R00t!pw' },
        { text: "mysql -u root -p'S3nh@Root!2024' fretes < backup.sql", secret: 'S3nh@Root!2024' },
        {
          text: '$ redis-cli -h r7.cache.es -p 6380 --tls -a CXMxdVljgz2bO7r3 ping',
          secret: 'CXMxdVljgz2bO7r3',
        },
        { text: '$ curl -s -u logistica:OerEcbRrTu_964 https://api.example.it/v1', secret: 'OerEcbRrTu_964' },
        {
          text: '*/10 * * * * curl -s -u panel:Panel_Api_55 https://localhost:8443/x',
          secret: 'Panel_Api_55',
        },
        {
          text: 'PS C:\\> net use S: \\\\fs01\\share /user:ACME\\erik FtTUfBxfvHPL82',
          secret: 'FtTUfBxfvHPL82',
        },
        { text: '$ docker login registry.acme.es -u ci -p TSfv-B_2oVg1ywe1', secret: 'TSfv-B_2oVg1ywe1' },
        { text: 'smbclient //nas/backup -U backup%Nas!2024x', secret: 'Nas!2024x' },
        { text: 'sqlcmd -S db01 -U sa -P "Sql$erver2024" -Q "select 1"', secret: 'Sql$erver2024' },
        { text: '7z x archive.7z -pArch1v!9', secret: 'Arch1v!9' },
        { text: 'openssl pkcs12 -in c.p12 -passin pass:P12-export!7', secret: 'P12-export!7' },
        { text: 'ldapsearch -x -D cn=admin,dc=acme -w Ldap#2024 -b dc=acme', secret: 'Ldap#2024' },
        { text: 'wget --user=anna --password=Wg3t!pass https://files.acme.de/x.zip', secret: 'Wg3t!pass' },
      ],
      noMatch: [
        'mysql -u root -p -h db (it prompts)',
        'mysql -u root -p shopdb < dump.sql',
        'sshpass -p $SSHPASS ssh host',
        'setx PATH C:\\tools /M',
        'setx DB_PASSWORD %OLD_PASSWORD%',
        'setx PASSWORD_POLICY strict',
        'docker run -p 8080:80 nginx',
        'curl -u "$USER:$PASS" https://api.acme.io',
        'net use S: \\\\fs01\\share /user:ACME\\erik /persistent:yes',
        'net use S: \\\\fs01\\share * /user:ACME\\erik',
        'I tried curl -u with my credentials and it fails',
        'redis-cli -a $REDIS_PASSWORD ping',
      ],
    },
  },
];
