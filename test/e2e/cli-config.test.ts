import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeTempDir, removeDir } from '../helpers/gateway.js';

const EX_CONFIG = 78;
const EX_USAGE = 2;

const stderrLines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

describe('a broken config stops start-up with one line naming the key', () => {
  let dir: string;
  const file = (name: string, yaml: string) => {
    const path = join(dir, name);
    writeFileSync(path, yaml);
    return path;
  };

  beforeAll(() => {
    dir = makeTempDir();
  });
  afterAll(() => {
    removeDir(dir);
  });

  it('a value of the wrong type: smtp.port: "abc"', async () => {
    const r = await runCli(['serve', '--config', file('port.yaml', 'smtp:\n  port: "abc"\n')]);
    expect(r.code).toBe(EX_CONFIG);
    expect(stderrLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('smtp.port');
  });

  it('an unknown key: smtp.prot', async () => {
    const r = await runCli(['serve', '--config', file('prot.yaml', 'smtp:\n  prot: 25\n')]);
    expect(r.code).toBe(EX_CONFIG);
    expect(stderrLines(r.stderr)).toHaveLength(1);
    // The admin is told the full path of the key, as for every other error.
    expect(r.stderr).toContain('smtp.prot');
  });

  it('a bad environment value: DESKGUARD_SMTP__MAX_RECIPIENTS=zero', async () => {
    const r = await runCli(['serve'], { env: { DESKGUARD_SMTP__MAX_RECIPIENTS: 'zero' } });
    expect(r.code).toBe(EX_CONFIG);
    expect(stderrLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('smtp.maxRecipients');
  });

  it('an unknown environment key: DESKGUARD_SMTP__PROT', async () => {
    const r = await runCli(['serve'], { env: { DESKGUARD_SMTP__PROT: '25' } });
    expect(r.code).toBe(EX_CONFIG);
    expect(stderrLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('DESKGUARD_SMTP__PROT');
  });

  it('an out-of-range value: delivery.retry.maxDelaySeconds below minDelaySeconds', async () => {
    const yaml = 'delivery:\n  retry:\n    minDelaySeconds: 10\n    maxDelaySeconds: 5\n';
    const r = await runCli(['serve', '--config', file('retry.yaml', yaml)]);
    expect(r.code).toBe(EX_CONFIG);
    expect(stderrLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('delivery.retry.maxDelaySeconds');
  });

  it('a recipient that is not an address: smtp.recipients', async () => {
    const r = await runCli(['serve', '--config', file('rcpt.yaml', 'smtp:\n  recipients: [support]\n')]);
    expect(r.code).toBe(EX_CONFIG);
    expect(stderrLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('smtp.recipients');
  });

  it('a missing file and a file that is not YAML', async () => {
    const missing = await runCli(['serve', '--config', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(EX_CONFIG);
    expect(stderrLines(missing.stderr)).toHaveLength(1);
    const broken = await runCli(['serve', '--config', file('broken.yaml', 'smtp: [1\n')]);
    expect(broken.code).toBe(EX_CONFIG);
    expect(stderrLines(broken.stderr)).toHaveLength(1);
  });

  it('config print shows the merged result with secrets masked', async () => {
    const r = await runCli(['config', 'print', '--config', file('ok.yaml', 'smtp:\n  maxRecipients: 7\n')], {
      env: { DESKGUARD_DELIVERY__SMTP__PASS: 'hunter2-very-secret', DESKGUARD_SMTP__PORT: '2600' },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('maxRecipients: 7');
    expect(r.stdout).toContain('port: 2600');
    expect(r.stdout).not.toContain('hunter2-very-secret');
  });
});

describe('bad command-line usage exits 2 with one line on stderr', () => {
  it.each([
    [['frobnicate']],
    [['--bogus']],
    [[]],
    [['serve', 'extra']],
    [['queue', 'list', '--limit', 'x']],
    [['config']],
  ])('deskguard %j', async (args) => {
    const r = await runCli(args);
    expect(r.code).toBe(EX_USAGE);
    expect(stderrLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^deskguard: /);
    expect(r.stdout).toBe('');
  });

  it('--help and --version exit 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('deskguard serve');
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
