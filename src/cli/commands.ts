import { QUARANTINE_STATES } from '../adapters/sqlite/quarantine-index.js';
import { TICKET_STATUSES } from '../adapters/sqlite/ticket-schema.js';
import { MESSAGE_STATES } from '../domain/message.js';
import { ROLES } from '../domain/staff/roles.js';

/** Every option the command line knows. Each command lists the ones it accepts. */
export const OPTIONS = {
  config: { value: 'FILE', short: 'c', help: 'a partial config file, deep-merged over the defaults' },
  help: { short: 'h', help: 'show this help' },
  version: { short: 'V', help: 'print the version' },
  json: { help: 'JSON Lines: one object per line; an empty list prints nothing' },
  state: { value: 'STATE', help: 'only entries in this state' },
  limit: { value: 'N', help: 'at most N entries, newest first (default 100)' },
  reason: { value: 'TEXT', help: 'why, kept in the audit log' },
  actor: { value: 'NAME', help: 'who acts, for the audit log (default: the operating-system user)' },
  'show-secrets': { help: 'print the matched values (your own test mail only)' },
  out: { value: 'DIR', help: 'write each message as it would be delivered to DIR/<file name>' },
  role: { value: 'ROLE', help: `the staff role: ${ROLES.join(', ')}` },
} as const satisfies Record<string, { value?: string; short?: string; help: string }>;

export type OptionName = keyof typeof OPTIONS;

/** The placeholder of an option's value (FILE, N), or undefined for a flag. */
export const placeholderOf = (name: OptionName): string | undefined =>
  (OPTIONS[name] as { value?: string }).value;

export interface CommandSpec {
  /** The words that name it: ['quarantine', 'list']. */
  path: readonly string[];
  /** Positional arguments: none, exactly one ID, or one or more files. */
  args?: 'ID' | 'NAME' | 'FILE.eml...';
  summary: string;
  /** Options besides --config and --help. */
  options: readonly OptionName[];
  /** Options that must be given. */
  required?: readonly OptionName[];
  /** Enumerated options: the one table of what each accepts here, and the value when absent. */
  values?: Partial<Record<OptionName, { allowed: readonly string[]; default: string }>>;
  more?: string;
}

// Every command on the quarantine accepts --actor, so a script can pass it to all of them.
const ADMIN = ['actor'] as const;

export const COMMANDS: readonly CommandSpec[] = [
  {
    path: ['serve'],
    summary: 'run the gateway: SMTP intake, pipeline, admin HTTP',
    options: [],
    more:
      'One gateway per data directory: a second one on the same dataDir exits with status 75 and\n' +
      'names the pid holding it. Commands that read the queue work while the gateway runs.',
  },
  { path: ['config', 'print'], summary: 'show the merged configuration, secrets masked', options: [] },
  {
    path: ['queue', 'list'],
    summary: 'messages in the queue, newest first',
    options: ['state', 'limit', 'json'],
    values: { state: { allowed: [...MESSAGE_STATES, 'all'], default: 'all' } },
  },
  {
    path: ['queue', 'show'],
    args: 'ID',
    summary: 'one message: verdict, ticket, findings by type, deliveries',
    options: ['json'],
  },
  { path: ['queue', 'retry'], args: 'ID', summary: 'send a dead or held message through again', options: [] },
  { path: ['queue', 'dead'], summary: 'dead-lettered messages', options: ['limit', 'json'] },
  {
    path: ['scan'],
    args: 'FILE.eml...',
    summary: 'dry run of parse, detect and redact; no gateway needed',
    options: ['json', 'show-secrets', 'out'],
  },
  {
    path: ['quarantine', 'list'],
    summary: 'quarantined originals, newest first',
    options: ['state', 'limit', 'json', ...ADMIN],
    values: { state: { allowed: [...QUARANTINE_STATES, 'all'], default: 'quarantined' } },
  },
  {
    path: ['quarantine', 'show'],
    args: 'ID',
    summary: 'the metadata of one item (audited)',
    options: ['json', ...ADMIN],
  },
  {
    path: ['quarantine', 'reveal'],
    args: 'ID',
    summary: 'print the original message (audited)',
    options: ['reason', ...ADMIN],
    required: ['reason'],
  },
  {
    path: ['quarantine', 'release'],
    args: 'ID',
    summary: 'deliver the original to the helpdesk (audited)',
    options: ['reason', ...ADMIN],
  },
  {
    path: ['quarantine', 'delete'],
    args: 'ID',
    summary: 'crypto-shred the original (audited)',
    options: ['reason', ...ADMIN],
  },
  {
    path: ['tickets', 'list'],
    summary: 'tickets, most recently updated first',
    options: ['state', 'limit', 'json', ...ADMIN],
    values: { state: { allowed: [...TICKET_STATUSES, 'all'], default: 'all' } },
  },
  {
    path: ['tickets', 'show'],
    args: 'ID',
    summary: 'a ticket with its messages and findings',
    options: ['json', ...ADMIN],
  },
  {
    path: ['tickets', 'solve'],
    args: 'ID',
    summary: 'mark solved and crypto-shred its quarantined originals (audited)',
    options: [...ADMIN],
  },
  { path: ['audit', 'list'], summary: 'the audit log, newest first', options: ['limit', 'json', ...ADMIN] },
  { path: ['audit', 'verify'], summary: 'check the audit log hash chain', options: [...ADMIN] },
  { path: ['keys', 'list'], summary: 'master keys, the current one marked', options: ['json', ...ADMIN] },
  {
    path: ['keys', 'rotate'],
    summary: 'add a master key and re-wrap every item with it',
    options: ['reason', ...ADMIN],
  },
  {
    path: ['users', 'add'],
    args: 'NAME',
    summary: 'add a staff user for the web UI',
    options: ['role', ...ADMIN],
    required: ['role'],
    more:
      'The password is read from standard input (its first line, at least 12 characters); at a\n' +
      'terminal one is generated and printed once. viewer: lists and redacted views; reviewer: also\n' +
      'reveal, release, delete, solve and the audit log; admin: also users and tokens.',
  },
  { path: ['users', 'list'], summary: 'staff users and their roles', options: ['json', ...ADMIN] },
  {
    path: ['users', 'remove'],
    args: 'NAME',
    summary: 'remove a staff user and end their sessions',
    options: [...ADMIN],
  },
  {
    path: ['tokens', 'create'],
    args: 'NAME',
    summary: 'create an API bearer token, printed once as the last word',
    options: ['role', ...ADMIN],
    required: ['role'],
  },
  {
    path: ['tokens', 'list'],
    summary: 'API tokens, their roles and last use',
    options: ['json', ...ADMIN],
  },
  { path: ['tokens', 'revoke'], args: 'NAME', summary: 'revoke an API token', options: [...ADMIN] },
  {
    path: ['purge'],
    summary: 'delete originals older than quarantine.retentionDays now',
    options: [...ADMIN],
  },
];

/** The commands under a first word (queue → list, show, retry, dead); empty for a word on its own. */
export const actionsOf = (word: string): CommandSpec[] =>
  COMMANDS.filter((c) => c.path[0] === word && c.path.length > 1);

export const isCommandWord = (word: string): boolean => COMMANDS.some((c) => c.path[0] === word);

export const findCommand = (path: readonly string[]): CommandSpec | undefined =>
  COMMANDS.find((c) => c.path.length === path.length && c.path.every((w, i) => w === path[i]));
