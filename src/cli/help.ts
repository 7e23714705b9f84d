import {
  actionsOf,
  COMMANDS,
  type CommandSpec,
  findCommand,
  OPTIONS,
  type OptionName,
  placeholderOf,
} from './commands.js';

const flag = (name: OptionName) => (placeholderOf(name) ? `--${name} ${placeholderOf(name)}` : `--${name}`);

/** `deskguard quarantine list [--state STATE] [--limit N] [--json] [--actor NAME]` */
export function usageLine(spec: CommandSpec): string {
  const opts = spec.options.map((o) => (spec.required?.includes(o) ? flag(o) : `[${flag(o)}]`));
  return ['deskguard', ...spec.path, ...(spec.args ? [spec.args] : []), ...opts].join(' ');
}

function commandHelp(spec: CommandSpec): string {
  const lines = [`usage: ${usageLine(spec)}`, '', spec.summary];
  if (spec.more) lines.push('', spec.more);
  lines.push('', 'options:');
  for (const name of [...spec.options, 'config', 'help'] as OptionName[]) {
    const values = spec.values?.[name];
    const what = values
      ? `${OPTIONS[name].help}: ${values.allowed.join(', ')} (default ${values.default})`
      : OPTIONS[name].help;
    lines.push(`  ${flag(name).padEnd(22)} ${what}`);
  }
  return lines.join('\n');
}

function groupHelp(word: string): string {
  const actions = actionsOf(word);
  return [
    `usage: deskguard ${word} ${actions.map((a) => a.path[1]).join('|')} ...`,
    '',
    ...actions.map((a) => `  ${a.path[1]!.padEnd(10)} ${a.summary}`),
    '',
    `'deskguard ${word} COMMAND --help' shows the options of each.`,
  ].join('\n');
}

const GLOBAL_TAIL = `Every command takes --config FILE and --help. Lists print one line per entry, or one line saying
the list is empty; with --json they print JSON Lines (one object per line) and nothing at all when
the list is empty. Configuration: config/default.yaml, then --config FILE, then DESKGUARD_* variables.

exit status: 0 done, 1 failed, 2 wrong usage (one line on stderr), 70 internal error,
75 the data directory is in use by another gateway, 78 configuration error.`;

function globalHelp(): string {
  return [
    'deskguard — inbound SMTP gateway that keeps secrets out of the support mailbox',
    '',
    'usage:',
    ...COMMANDS.map(
      (c) => `  ${['deskguard', ...c.path, ...(c.args ? [c.args] : [])].join(' ').padEnd(34)} ${c.summary}`,
    ),
    `  ${'deskguard help COMMAND'.padEnd(34)} the options of a command (also: COMMAND --help)`,
    `  ${'deskguard --version'.padEnd(34)} print the version`,
    '',
    GLOBAL_TAIL,
  ].join('\n');
}

/** The help for `deskguard [WORDS] --help`: everything, a group of commands, or one command. */
export function helpText(topic: readonly string[]): string {
  if (topic.length === 0) return globalHelp();
  const spec = findCommand(topic);
  return spec ? commandHelp(spec) : groupHelp(topic[0]!);
}
