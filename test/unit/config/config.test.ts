import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, deepMerge, loadConfig, maskSecrets } from '../../../src/config.js';

const tmpFile = (text: string) => {
  const f = join(mkdtempSync(join(tmpdir(), 'dg-config-')), 'c.yaml');
  writeFileSync(f, text);
  return f;
};

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('runs on the embedded defaults of DESIGN.md', () => {
    const c = loadConfig({ env: {} });
    expect(c.smtp).toMatchObject({ host: '127.0.0.1', port: 2525, recipients: ['support@localhost'] });
    expect(c.http).toMatchObject({ host: '127.0.0.1', port: 8025 });
    expect(c.dataDir).toBe('data');
    expect(c.quarantine).toMatchObject({ dir: 'quarantine', retentionDays: 7 });
    expect(c.delivery).toMatchObject({ mode: 'maildir', maildir: 'data/mailbox' });
    expect(c.delivery.retry).toEqual({ minDelaySeconds: 60, maxDelaySeconds: 3600, maxAgeHours: 120 });
    expect(c.dns).toMatchObject({ servers: [], timeoutMs: 5000 });
    expect(Object.isFrozen(c.smtp.timeouts)).toBe(true);
  });

  it('deep-merges a partial file, then environment variables over it', () => {
    const file = tmpFile(
      'smtp:\n  port: 2600\n  recipients: ["@Example.com"]\ndelivery:\n  retry:\n    minDelaySeconds: 5\n',
    );
    const c = loadConfig({
      file,
      env: {
        DESKGUARD_SMTP__PORT: '2700',
        DESKGUARD_DATA_DIR: '/var/lib/dg',
        DESKGUARD_DNS__SERVERS: '[127.0.0.1:5353]',
      },
    });
    expect(c.smtp.port).toBe(2700);
    expect(c.smtp.host).toBe('127.0.0.1'); // untouched default survives the merge
    expect(c.smtp.recipients).toEqual(['@example.com']);
    expect(c.delivery.retry).toEqual({ minDelaySeconds: 5, maxDelaySeconds: 3600, maxAgeHours: 120 });
    expect(c.dataDir).toBe('/var/lib/dg');
    expect(c.dns.servers).toEqual(['127.0.0.1:5353']);
  });

  it('keeps string values from the environment as strings', () => {
    const c = loadConfig({
      env: { DESKGUARD_SMTP__HOSTNAME: '12345', DESKGUARD_DELIVERY__SMTP__PASS: 'true' },
    });
    expect(c.smtp.hostname).toBe('12345');
    expect(c.delivery.smtp.pass).toBe('true');
  });

  it.each([
    ['smtp:\n  port: abc\n', 'smtp.port'],
    ['smtp:\n  prot: 25\n', 'prot'],
    ['smtp:\n  recipients: [nobody]\n', 'smtp.recipients.0'],
    ['delivery:\n  mode: carrier-pigeon\n', 'delivery.mode'],
    [
      'delivery:\n  retry:\n    minDelaySeconds: 100\n    maxDelaySeconds: 10\n',
      'delivery.retry.maxDelaySeconds',
    ],
    ['dns:\n  servers: ["bad host:xx"]\n', 'dns.servers.0'],
  ])('names the bad key in one line: %j', (yaml, key) => {
    const msg = errorOf(() => loadConfig({ file: tmpFile(yaml), env: {} }));
    expect(msg).toContain(key);
    expect(msg).not.toContain('\n');
  });

  it('refuses unknown environment keys instead of ignoring a typo', () => {
    expect(errorOf(() => loadConfig({ env: { DESKGUARD_SMTP__MAX_RECIPENTS: '5' } }))).toContain(
      'DESKGUARD_SMTP__MAX_RECIPENTS',
    );
    // reserved names are not config keys and are left alone: the config is the same as without them
    expect(loadConfig({ env: { DESKGUARD_MASTER_KEY: 'x', DESKGUARD_MASTER_KEY_FILE: '/k' } })).toEqual(
      loadConfig({ env: {} }),
    );
  });

  it('reports unreadable and malformed files', () => {
    expect(errorOf(() => loadConfig({ file: '/nonexistent/deskguard.yaml', env: {} }))).toContain('ENOENT');
    expect(errorOf(() => loadConfig({ file: tmpFile('smtp: [unclosed\n'), env: {} }))).toContain(
      'not valid YAML',
    );
    expect(errorOf(() => loadConfig({ file: tmpFile('- a list\n'), env: {} }))).toContain('mapping');
  });
});

describe('an environment error names the variable, the value it got and the key', () => {
  it.each([
    [{ DESKGUARD_SMTP__PORT: 'abc' }, 'DESKGUARD_SMTP__PORT=abc: smtp.port must be a number'],
    [{ DESKGUARD_SMTP__PORT: '2.5' }, 'DESKGUARD_SMTP__PORT=2.5: smtp.port must be a whole number'],
    [{ DESKGUARD_SMTP__PORT: '70000' }, 'DESKGUARD_SMTP__PORT=70000: smtp.port must be at most 65535'],
    [{ DESKGUARD_SMTP__PORT: '' }, 'DESKGUARD_SMTP__PORT="": smtp.port must be a number'],
    [
      { DESKGUARD_DELIVERY__MODE: 'pigeon' },
      'DESKGUARD_DELIVERY__MODE=pigeon: delivery.mode must be one of maildir, smtp',
    ],
    [
      { DESKGUARD_SMTP__RECIPIENTS: '[]' },
      'DESKGUARD_SMTP__RECIPIENTS=[]: smtp.recipients: at least one recipient must be accepted',
    ],
    [
      { DESKGUARD_SMTP__RECIPIENTS: '[a b]' },
      'DESKGUARD_SMTP__RECIPIENTS="[a b]": smtp.recipients.0: expected an address',
    ],
    [
      { DESKGUARD_AUTH__ENABLED: 'yes please' },
      'DESKGUARD_AUTH__ENABLED="yes please": auth.enabled must be true or false',
    ],
    [{ DESKGUARD_SMTP__PROT: '25' }, 'DESKGUARD_SMTP__PROT: smtp.prot is not a setting'],
  ])('%j', (env, expected) => {
    expect(errorOf(() => loadConfig({ env }))).toContain(expected);
  });

  it('never shows the value of a secret, nor of a mapping that holds one', () => {
    const secret = 'hunter2-Sup3r-Secret';
    for (const env of [
      { DESKGUARD_DELIVERY__SMTP: `{pass: ${secret}, port: nope}` },
      { DESKGUARD_HTTP: `{webhookSecret: ${secret}, port: -1}` },
      { DESKGUARD_DELIVERY__SMTP: `[unclosed, pass: ${secret}` },
    ]) {
      const msg = errorOf(() => loadConfig({ env }));
      expect(msg).not.toContain(secret);
      expect(msg).toContain(`${Object.keys(env)[0]}=********`);
    }
  });

  it('cuts long values and quotes control characters, so the error stays one line', () => {
    const msg = errorOf(() =>
      loadConfig({ env: { DESKGUARD_SMTP__MAX_CLIENTS: `${'x'.repeat(500)}\nnext` } }),
    );
    expect(msg).not.toContain('\n');
    expect(msg.length).toBeLessThan(200);
  });

  it('a problem in the --config file names the file, not a variable', () => {
    const file = tmpFile('smtp:\n  port: abc\n');
    expect(errorOf(() => loadConfig({ file, env: {} }))).toBe(`${file}: smtp.port must be a number`);
    expect(errorOf(() => loadConfig({ file: tmpFile('smtp:\n  prot: 1\n'), env: {} }))).toMatch(
      /c\.yaml: smtp\.prot is not a setting$/,
    );
  });
});

describe('paths below dataDir follow it unless set', () => {
  it('derives both maildirs from dataDir, from a file or the environment', () => {
    const viaEnv = loadConfig({ env: { DESKGUARD_DATA_DIR: '/srv/dg' } });
    expect(viaEnv.delivery.maildir).toBe('/srv/dg/mailbox');
    expect(viaEnv.notify.maildir).toBe('/srv/dg/notices');
    const viaFile = loadConfig({ file: tmpFile('dataDir: /var/lib/deskguard\n'), env: {} });
    expect(viaFile.delivery.maildir).toBe('/var/lib/deskguard/mailbox');
    expect(viaFile.notify.maildir).toBe('/var/lib/deskguard/notices');
  });

  it('keeps a maildir that is set explicitly, wherever dataDir is', () => {
    const c = loadConfig({
      file: tmpFile('dataDir: /srv/dg\ndelivery:\n  maildir: /mail/helpdesk\n'),
      env: { DESKGUARD_NOTIFY__MAILDIR: '/mail/notices' },
    });
    expect(c.delivery.maildir).toBe('/mail/helpdesk');
    expect(c.notify.maildir).toBe('/mail/notices');
    // The quarantine is kept apart from dataDir on purpose (its own disk, its own backups).
    expect(c.quarantine.dir).toBe('quarantine');
  });
});

describe('deepMerge and maskSecrets', () => {
  it('replaces arrays and scalars, merges objects', () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, d: 2 })).toEqual({
      a: { b: 1, c: [3] },
      d: 2,
    });
  });

  it('masks credentials by key name at any depth, and storage.url by path', () => {
    const masked = maskSecrets({
      http: { webhookSecret: 'w', metricsToken: 't' },
      storage: { url: 'postgres://u:pw@db/dg' },
      notify: { pgp: { url: 'https://example.com/key.asc' } },
    });
    expect(masked).toEqual({
      http: { webhookSecret: '********', metricsToken: '********' },
      storage: { url: '********' },
      notify: { pgp: { url: 'https://example.com/key.asc' } },
    });
  });

  it('masks secret-looking values but keeps empty ones visible', () => {
    const masked = maskSecrets({ delivery: { smtp: { user: 'u', pass: 'hunter2' } }, x: { apiToken: '' } });
    expect(masked).toEqual({ delivery: { smtp: { user: 'u', pass: '********' } }, x: { apiToken: '' } });
  });
});
