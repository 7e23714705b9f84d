import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.js';
import { type CliResult, runCli } from '../helpers/cli.js';
import { readDb, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

// Two secrets the detector is sure of; neither may ever appear in what the CLI prints about them.
const PASSWORD = 'Canary-Pw-4417-Xq!';
const AWS_KEY = 'AKIAQ7CANARY7XW3MZ4P';

const lines = (s: string) => s.split('\n').filter((l) => l !== '');
// Each CLI call is a node process opening the database; on a loaded two-core runner that has taken
// longer than the helper's default 20 s.
const SLOW = { timeoutMs: 90_000 };

/** Runs the CLI for each argv, a few at a time (each is a node process on a shared machine). */
async function each(argvs: string[][], run: (argv: string[]) => Promise<CliResult>): Promise<CliResult[]> {
  const results: CliResult[] = [];
  for (let i = 0; i < argvs.length; i += 4)
    results.push(...(await Promise.all(argvs.slice(i, i + 4).map(run))));
  return results;
}

describe('every command answers wrong usage the same way', () => {
  it('an unknown option: exit 2, one line naming it and the help to read', async () => {
    const results = await each(
      COMMANDS.map((c) => [...c.path, '--bogus']),
      (argv) => runCli(argv, SLOW),
    );
    COMMANDS.forEach((c, i) => {
      const r = results[i]!;
      expect(r.code, c.path.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `deskguard: unknown option --bogus; see 'deskguard ${c.path.join(' ')} --help'\n`,
      );
    });
  });

  it('a missing argument or value: exit 2, one line', async () => {
    const argvs = [
      ...COMMANDS.filter((c) => c.args).map((c) => [...c.path]),
      ['queue', 'list', '--state'],
      ['quarantine', 'reveal', 'ID'],
      ['--config'],
      ['tickets'],
    ];
    for (const [i, r] of (await each(argvs, (argv) => runCli(argv, SLOW))).entries()) {
      expect(r.code, argvs[i]!.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(/^deskguard: .*; see 'deskguard[a-z ]* --help'\n$/);
    }
  });

  it('--help of every command: its usage on stdout, exit 0', async () => {
    const results = await each(
      COMMANDS.map((c) => [...c.path, '--help']),
      (argv) => runCli(argv, SLOW),
    );
    COMMANDS.forEach((c, i) => {
      expect(results[i]!.code).toBe(0);
      expect(results[i]!.stdout).toContain(`usage: deskguard ${c.path.join(' ')}`);
    });
  });
});

describe('the CLI on the data of a running gateway', () => {
  let t: TestGateway;
  const cli = (...args: string[]) => runCli([...args, '--config', t.paths.configFile], SLOW);

  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  async function send(token: string, body?: string): Promise<string> {
    const c = await SmtpClient.connect(t.port);
    await c.ehlo();
    const r = await c.sendMail('customer@example.org', ['support@localhost'], testMessage(token, { body }));
    await c.quit();
    expect(r.final.code).toBe(250);
    return r.queueId!;
  }

  // Ten CLI processes, each opening the database: minutes on a loaded two-core runner.
  it('says an empty list is empty in one line; with --json it prints nothing', {
    timeout: 300_000,
  }, async () => {
    const lists = [
      ['queue', 'list'],
      ['queue', 'dead'],
      ['quarantine', 'list', '--state', 'all'],
      ['tickets', 'list', '--state', 'solved'],
      ['audit', 'list'],
    ];
    const text = await each(lists, (argv) => cli(...argv));
    const json = await each(lists, (argv) => cli(...argv, '--json'));
    lists.forEach((argv, i) => {
      const what = argv.join(' ');
      expect(text[i]!.code, what).toBe(0);
      expect(text[i]!.stderr, what).toBe('');
      expect(lines(text[i]!.stdout), what).toHaveLength(1);
      expect(text[i]!.stdout, what).toMatch(/^(no [a-z -]+|the [a-z ]+ is empty)\n$/);
      expect(json[i]!.code, what).toBe(0);
      expect(json[i]!.stdout, what).toBe('');
      expect(json[i]!.stderr, what).toBe('');
    });
  });

  it('refuses an unknown --state before reading anything: exit 2, one line with every valid value', async () => {
    const cases = [
      ['queue', 'received, processing, delivering, delivered, held, dead, all'],
      ['quarantine', 'quarantined, released, deleted, purged, all'],
      ['tickets', 'open, solved, all'],
    ] as const;
    const results = await each(
      cases.map(([cmd]) => [cmd, 'list', '--state', 'bogus']),
      (argv) => cli(...argv),
    );
    cases.forEach(([cmd, values], i) => {
      expect(results[i]!.code).toBe(2);
      expect(results[i]!.stdout).toBe('');
      expect(results[i]!.stderr).toBe(
        `deskguard: --state must be one of ${values} (got bogus); see 'deskguard ${cmd} list --help'\n`,
      );
    });
  });

  let secretId: string;
  let cleanId: string;

  it('queue show gives the verdict, the ticket and how many findings of each type, never a value', {
    timeout: 240_000,
  }, async () => {
    secretId = await send('cli-secret', `My password is ${PASSWORD}\r\nand the AWS key id ${AWS_KEY}`);
    cleanId = await send('cli-clean');
    await waitFor(() => readDb(t.paths.db).messages.every((m) => m.state === 'delivered'), {
      what: 'both messages delivered',
    });

    const [secret, secretJson, clean, cleanJson] = await each(
      [
        ['queue', 'show', secretId],
        ['queue', 'show', secretId, '--json'],
        ['queue', 'show', cleanId],
        ['queue', 'show', cleanId, '--json'],
      ],
      (argv) => cli(...argv),
    );
    for (const r of [secret, secretJson, clean, cleanJson]) {
      expect(r!.code).toBe(0);
      expect(r!.stdout).not.toContain(PASSWORD);
      expect(r!.stdout).not.toContain(AWS_KEY);
    }
    expect(secret!.stdout).toContain('  verdict: redact\n');
    expect(secret!.stdout).toMatch(/ {2}ticket: DG-\S+\n/);
    expect(secret!.stdout).toMatch(/ {2}findings: .*password [1-9]/);
    expect(secret!.stdout).toMatch(/ {2}findings: .*aws_access_key [1-9]/);
    const s = JSON.parse(secretJson!.stdout) as Record<string, unknown>;
    expect(s).toMatchObject({ id: secretId, verdict: 'redact', ticket: expect.stringMatching(/^DG-/) });
    expect((s['findingsByType'] as Record<string, number>)['password']).toBeGreaterThan(0);

    expect(clean!.stdout).toContain('  verdict: deliver\n');
    expect(clean!.stdout).toContain('  findings: none\n');
    expect(JSON.parse(cleanJson!.stdout)).toMatchObject({ verdict: 'deliver', findingsByType: {} });
  });

  it('tickets solve says how many originals it shredded, 0 included; quarantine list --state all shows the state', {
    timeout: 240_000,
  }, async () => {
    const ticketOf = async (id: string) =>
      (JSON.parse((await cli('queue', 'show', id, '--json')).stdout) as { ticket: string }).ticket;
    const [secretTicket, cleanTicket] = [await ticketOf(secretId), await ticketOf(cleanId)];
    expect(secretTicket).not.toBe(cleanTicket);

    const before = await cli('quarantine', 'list', '--state', 'all');
    expect(lines(before.stdout)).toEqual([
      expect.stringMatching(new RegExp(`^${secretId} .* quarantined +redact `)),
    ]);

    const cleanSolve = await cli('tickets', 'solve', cleanTicket);
    expect(cleanSolve.stdout).toBe(`${cleanTicket} solved; no originals were held for this ticket\n`);
    const solve = await cli('tickets', 'solve', secretTicket);
    expect(solve.stdout).toBe(`${secretTicket} solved; 1 quarantined original crypto-shredded\n`);
    const again = await cli('tickets', 'solve', secretTicket);
    expect(again.stdout).toBe(
      `${secretTicket} was solved already; no originals were held for this ticket (1 deleted earlier)\n`,
    );

    const after = await cli('quarantine', 'list', '--state', 'all');
    expect(lines(after.stdout)).toEqual([
      expect.stringMatching(new RegExp(`^${secretId} .* deleted +redact `)),
    ]);
    const none = await cli('quarantine', 'list');
    expect(none.stdout).toBe('no quarantined items\n');
  });
});
