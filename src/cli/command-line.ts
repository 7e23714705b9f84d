import {
  actionsOf,
  type CommandSpec,
  findCommand,
  isCommandWord,
  OPTIONS,
  type OptionName,
  placeholderOf,
} from './commands.js';
import { UsageError } from './usage-error.js';

/** The options a command runs with, checked against its spec, defaults filled in. */
export interface RunOptions {
  config: string | undefined;
  json: boolean;
  /** The --state value, or the command's default for it (undefined when it has no --state). */
  state: string | undefined;
  limit: number;
  reason: string | undefined;
  actor: string | undefined;
  showSecrets: boolean;
  out: string | undefined;
  role: string | undefined;
}

export type CommandLine =
  | { kind: 'help'; topic: readonly string[] }
  | { kind: 'version' }
  | { kind: 'run'; spec: CommandSpec; args: string[]; options: RunOptions };

const DEFAULT_LIMIT = 100;
const EVERYWHERE: readonly OptionName[] = ['config', 'help'];

/** A word from the command line as an error shows it: quoted when it has spaces or odd characters. */
const shown = (s: string) => {
  const cut = s.length > 60 ? `${s.slice(0, 60)}…` : s;
  // Printable ASCII without spaces or quotes reads unambiguously as it is.
  return /^[\x21\x23-\x26\x28-\x7e]+$/.test(cut) ? cut : JSON.stringify(cut);
};

/** `what is wrong; see 'deskguard TOPIC --help'`: every usage error points at the help to read. */
const usage = (what: string, topic: readonly string[]) =>
  new UsageError(`${what}; see 'deskguard${topic.map((w) => ` ${w}`).join('')} --help'`);

function optionNamed(flag: string): OptionName | undefined {
  if (flag.startsWith('--')) return flag.slice(2) in OPTIONS ? (flag.slice(2) as OptionName) : undefined;
  const short = flag.slice(1);
  return (Object.keys(OPTIONS) as OptionName[]).find(
    (n) => (OPTIONS[n] as { short?: string }).short === short,
  );
}

interface Scanned {
  words: string[];
  given: Map<OptionName, string | true>;
  /** The first thing wrong with an option: reported once we know which command's help to name. */
  problem: string | undefined;
}

/** Splits argv into words and options; `--` ends the options, `--name=value` and `--name value` both work. */
function scan(argv: readonly string[]): Scanned {
  const words: string[] = [];
  const given = new Map<OptionName, string | true>();
  let problem: string | undefined;
  const fail = (p: string) => {
    problem ??= p;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (arg.length < 2 || !arg.startsWith('-')) {
      words.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const name = optionNamed(flag);
    if (!name) {
      fail(`unknown option ${shown(flag)}`);
      continue;
    }
    const placeholder = placeholderOf(name);
    let value: string | true = true;
    if (placeholder) {
      const next = argv[i + 1];
      if (eq > 0) value = arg.slice(eq + 1);
      else if (next !== undefined && !(next.startsWith('-') && next.length > 1)) {
        value = next;
        i++;
      } else value = '';
      if (value.trim() === '') {
        fail(`--${name} needs a value (--${name} ${placeholder})`);
        continue;
      }
    } else if (eq > 0) {
      fail(`--${name} takes no value`);
      continue;
    }
    if (given.has(name)) fail(`--${name} is given twice`);
    given.set(name, value);
  }
  return { words, given, problem };
}

/** The command the words name, or the usage error that says why they name none. */
function resolve(words: readonly string[], s: Scanned): CommandSpec | { group: string } {
  const [first, second] = words;
  if (first === undefined) throw usage(s.problem ?? 'a command is required', []);
  if (!isCommandWord(first)) throw usage(s.problem ?? `unknown command ${shown(first)}`, []);
  const actions = actionsOf(first);
  if (!actions.length) return findCommand([first])!;
  const names = actions.map((a) => a.path[1]).join(', ');
  if (second === undefined) {
    if (s.given.has('help')) return { group: first };
    throw usage(s.problem ?? `${first} needs one of: ${names}`, [first]);
  }
  const spec = findCommand([first, second]);
  if (!spec)
    throw usage(s.problem ?? `unknown ${first} command ${shown(second)} (one of: ${names})`, [first]);
  return spec;
}

function checkArgs(spec: CommandSpec, args: string[], topic: readonly string[]): void {
  const name = spec.path.join(' ');
  if (spec.args === 'ID' && args.length === 0) throw usage(`${name} needs an ID`, topic);
  if (spec.args === 'NAME' && args.length === 0) throw usage(`${name} needs a NAME`, topic);
  if (spec.args === 'FILE.eml...' && args.length === 0) throw usage(`${name} needs a file to scan`, topic);
  const max = spec.args === 'ID' || spec.args === 'NAME' ? 1 : spec.args ? Number.POSITIVE_INFINITY : 0;
  if (args.length > max) throw usage(`unexpected argument ${shown(args[max]!)}`, topic);
}

/** Checks every option against the command's spec, the enumerated ones against its table of values. */
function checkOptions(spec: CommandSpec, given: Map<OptionName, string | true>, topic: readonly string[]) {
  const name = spec.path.join(' ');
  for (const option of given.keys())
    if (!EVERYWHERE.includes(option) && !spec.options.includes(option))
      throw usage(`${name} has no option --${option}`, topic);
  for (const [option, { allowed }] of Object.entries(spec.values ?? {})) {
    const value = given.get(option as OptionName);
    if (typeof value === 'string' && !allowed.includes(value))
      throw usage(`--${option} must be one of ${allowed.join(', ')} (got ${shown(value)})`, topic);
  }
  for (const option of spec.required ?? [])
    if (!given.has(option))
      throw usage(`${name} needs --${option} ${placeholderOf(option) ?? ''}`.trimEnd(), topic);
  const limit = given.get('limit');
  // Digits only: "1e3", "0x10" and "5.0" are not counts anyone types on purpose.
  if (
    typeof limit === 'string' &&
    (!/^\d+$/.test(limit) || Number(limit) < 1 || !Number.isSafeInteger(Number(limit)))
  )
    throw usage(`--limit must be a positive whole number (got ${shown(limit)})`, topic);
}

/** Reads argv (without node and the script) into what to do; wrong usage is a UsageError, exit 2. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const s = scan(argv);
  const words = s.words[0] === 'help' ? s.words.slice(1) : s.words;
  const wantsHelp = s.words[0] === 'help' || s.given.has('help');
  if (wantsHelp && words.length === 0) return { kind: 'help', topic: [] };
  if (s.given.has('version') && s.words.length === 0 && !s.problem) return { kind: 'version' };
  const found = resolve(words, { ...s, given: wantsHelp ? new Map([['help', true]]) : s.given });
  if ('group' in found) return { kind: 'help', topic: [found.group] };
  const topic = found.path;
  if (wantsHelp) return { kind: 'help', topic };
  if (s.problem) throw usage(s.problem, topic);
  checkOptions(found, s.given, topic);
  const args = words.slice(topic.length);
  checkArgs(found, args, topic);
  const str = (n: OptionName) => {
    const v = s.given.get(n);
    return typeof v === 'string' ? v : undefined;
  };
  return {
    kind: 'run',
    spec: found,
    args,
    options: {
      config: str('config'),
      json: s.given.has('json'),
      state: str('state') ?? found.values?.state?.default,
      limit: str('limit') === undefined ? DEFAULT_LIMIT : Number(str('limit')),
      reason: str('reason'),
      actor: str('actor'),
      showSecrets: s.given.has('show-secrets'),
      out: str('out'),
      role: str('role'),
    },
  };
}
