import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/command-line.js';
import { COMMANDS, type CommandSpec, OPTIONS, type OptionName } from '../../../src/cli/commands.js';
import { helpText } from '../../../src/cli/help.js';
import { UsageError } from '../../../src/cli/usage-error.js';

/** The usage error of `argv`, checked for the one shape every such error has. */
function usageErrorOf(argv: string[], helpFor: readonly string[] = []): string {
  let caught: unknown;
  try {
    parseCommandLine(argv);
  } catch (err) {
    caught = err;
  }
  expect(caught, `deskguard ${argv.join(' ')} should be refused`).toBeInstanceOf(UsageError);
  const msg = (caught as Error).message;
  expect(msg).not.toMatch(/[\r\n]/);
  expect(msg.endsWith(`; see 'deskguard${helpFor.map((w) => ` ${w}`).join('')} --help'`), msg).toBe(true);
  return msg;
}

const argsFor = (spec: CommandSpec) => (spec.args ? ['X1'] : []);
const valueFor = (spec: CommandSpec, o: OptionName): string[] => {
  const placeholder = (OPTIONS[o] as { value?: string }).value;
  if (!placeholder) return [`--${o}`];
  return [`--${o}`, spec.values?.[o]?.allowed[0] ?? (o === 'limit' ? '5' : 'x')];
};
const ALL = Object.keys(OPTIONS) as OptionName[];
// Letters, digits and dashes that are not an option's name: what a typo or an old flag looks like.
const unknownName = fc
  .stringMatching(/^[a-z][a-z0-9-]{0,15}$/)
  .filter((n) => !(n in OPTIONS) && !n.includes('=') && !n.startsWith('-'));

describe('every command in the table', () => {
  it.each(COMMANDS.map((c) => [c.path.join(' '), c] as const))(
    '%s: parses with every option it lists',
    (_, spec) => {
      const required = (spec.required ?? []).flatMap((o) => valueFor(spec, o));
      const all = spec.options.filter((o) => !spec.required?.includes(o)).flatMap((o) => valueFor(spec, o));
      for (const extra of [[], all]) {
        const line = parseCommandLine([
          ...spec.path,
          ...argsFor(spec),
          ...required,
          ...extra,
          '--config',
          'c.yaml',
        ]);
        expect(line.kind).toBe('run');
      }
    },
  );

  it.each(COMMANDS.map((c) => [c.path.join(' '), c] as const))(
    '%s: --help and help show its usage',
    (_, spec) => {
      for (const argv of [
        [...spec.path, '--help'],
        ['help', ...spec.path],
        [...spec.path, '--bogus', '-h'],
      ]) {
        const line = parseCommandLine(argv);
        expect(line).toEqual({ kind: 'help', topic: spec.path });
      }
      const text = helpText(spec.path);
      expect(text).toContain(`usage: deskguard ${spec.path.join(' ')}`);
      for (const o of spec.options) expect(text).toContain(`--${o}`);
      for (const [, v] of Object.entries(spec.values ?? {}))
        for (const a of v.allowed) expect(text).toContain(a);
    },
  );

  it.each(COMMANDS.map((c) => [c.path.join(' '), c] as const))(
    '%s: any unknown option is one line pointing at its help',
    (_, spec) => {
      fc.assert(
        fc.property(unknownName, fc.boolean(), (name, before) => {
          const base = [
            ...spec.path,
            ...argsFor(spec),
            ...(spec.required ?? []).flatMap((o) => valueFor(spec, o)),
          ];
          const argv = before ? [`--${name}`, ...base] : [...base, `--${name}`];
          expect(usageErrorOf(argv, spec.path)).toContain(`unknown option --${name}`);
        }),
        { numRuns: 25 },
      );
    },
  );

  it.each(COMMANDS.map((c) => [c.path.join(' '), c] as const))(
    '%s: options of other commands are refused by name',
    (_, spec) => {
      for (const o of ALL.filter((x) => !spec.options.includes(x) && x !== 'config' && x !== 'help')) {
        const msg = usageErrorOf([...spec.path, ...argsFor(spec), ...valueFor(spec, o)], spec.path);
        expect(msg).toContain(`--${o}`);
      }
    },
  );

  it.each(COMMANDS.map((c) => [c.path.join(' '), c] as const))(
    '%s: a value option without its value, a missing or extra argument',
    (_, spec) => {
      const required = (spec.required ?? []).flatMap((o) => valueFor(spec, o));
      for (const o of spec.options.filter((x) => (OPTIONS[x] as { value?: string }).value)) {
        expect(usageErrorOf([...spec.path, ...argsFor(spec), `--${o}`], spec.path)).toContain(
          `--${o} needs a value`,
        );
        expect(usageErrorOf([...spec.path, ...argsFor(spec), `--${o}=  `], spec.path)).toContain(
          `--${o} needs a value`,
        );
      }
      if (spec.args)
        expect(usageErrorOf([...spec.path, ...required], spec.path)).toMatch(/needs (an ID|a NAME|a file)/);
      if (spec.args !== 'FILE.eml...')
        expect(usageErrorOf([...spec.path, ...argsFor(spec), 'surplus', ...required], spec.path)).toContain(
          'unexpected argument surplus',
        );
    },
  );
});

describe('enumerated options: one table of allowed values', () => {
  const enumerated = COMMANDS.flatMap((c) =>
    Object.entries(c.values ?? {}).map(([o, v]) => [c.path.join(' '), c, o as OptionName, v] as const),
  );

  it.each(enumerated)(
    '%s --%s: each allowed value parses, anything else lists them all',
    (_, spec, option, v) => {
      for (const value of v.allowed) {
        const line = parseCommandLine([...spec.path, `--${option}`, value]);
        expect(line.kind === 'run' && line.options.state).toBe(value);
      }
      const def = parseCommandLine([...spec.path]);
      expect(def.kind === 'run' && def.options.state).toBe(v.default);
      fc.assert(
        fc.property(
          fc
            .string({ minLength: 1 })
            .filter((s) => !v.allowed.includes(s) && s.trim() !== '' && !s.startsWith('-')),
          (value) => {
            const msg = usageErrorOf([...spec.path, `--${option}`, value], spec.path);
            expect(msg).toContain(`--${option} must be one of ${v.allowed.join(', ')}`);
          },
        ),
        { numRuns: 50 },
      );
    },
  );

  it('--limit takes a positive whole number only', () => {
    expect(parseCommandLine(['queue', 'list', '--limit=7'])).toMatchObject({ options: { limit: 7 } });
    for (const bad of ['0', 'x', '1.5', '1e3', '0x10', '99999999999999999999'])
      expect(usageErrorOf(['queue', 'list', '--limit', bad], ['queue', 'list'])).toContain('--limit must be');
  });
});

describe('whatever the words, the answer is a parse or one usage line', () => {
  it('never throws anything else, and every message points at a help page', () => {
    const words = fc.oneof(
      fc.constantFrom(...new Set(COMMANDS.flatMap((c) => c.path)), 'help', '--', 'X1'),
      fc.constantFrom(...ALL.map((o) => `--${o}`), '-c', '-h', '-V', '-x', '--json=1', '--state=all'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 8 }), (argv) => {
        try {
          parseCommandLine(argv);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          expect((err as Error).message).toMatch(/^[^\r\n]+; see 'deskguard( [a-z]+){0,2} --help'$/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('names the command and the group in what it refuses', () => {
    expect(usageErrorOf([])).toBe("a command is required; see 'deskguard --help'");
    expect(usageErrorOf(['frob'])).toBe("unknown command frob; see 'deskguard --help'");
    expect(usageErrorOf(['queue'], ['queue'])).toBe(
      "queue needs one of: list, show, retry, dead; see 'deskguard queue --help'",
    );
    expect(usageErrorOf(['queue', 'frob'], ['queue'])).toContain('unknown queue command frob');
    expect(usageErrorOf(['queue', 'list', '--json=yes'], ['queue', 'list'])).toContain(
      '--json takes no value',
    );
    expect(usageErrorOf(['queue', 'list', '--json', '--json'], ['queue', 'list'])).toContain('given twice');
    // A word with control characters is quoted, so the one line stays one line.
    expect(usageErrorOf(['queue', 'show', 'a', 'b\nc'], ['queue', 'show'])).toContain('"b\\nc"');
  });

  it('takes options anywhere, -- ends them, and --version and --help stand alone', () => {
    expect(parseCommandLine(['--config', 'f.yaml', 'queue', 'show', '--json', 'ID'])).toMatchObject({
      kind: 'run',
      args: ['ID'],
      options: { config: 'f.yaml', json: true },
    });
    expect(parseCommandLine(['scan', '--', '--odd-name.eml'])).toMatchObject({ args: ['--odd-name.eml'] });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
    expect(parseCommandLine(['-h'])).toEqual({ kind: 'help', topic: [] });
    expect(parseCommandLine(['queue', '--help'])).toEqual({ kind: 'help', topic: ['queue'] });
    expect(helpText([])).toContain('deskguard quarantine list');
    expect(helpText(['queue'])).toContain('retry');
  });
});
