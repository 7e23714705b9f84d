import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanCommand } from '../../../src/cli/scan-command.js';
import { UsageError } from '../../../src/cli/usage-error.js';
import { leaf, message } from '../../fixtures/mail/builders.mjs';
import { PASSWORD } from '../extract/samples.js';
import { parseMail, survivors } from '../redact/helpers.js';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'dg-scan-'));
  const fields = { From: 'a@example.org', To: 'support@localhost', Subject: 'x', 'Message-ID': '<c@x>' };
  const secret = join(dir, 'secret.eml');
  const clean = join(dir, 'clean.eml');
  writeFileSync(secret, message(fields, leaf(`Password: ${PASSWORD}\n`)));
  writeFileSync(clean, message(fields, leaf('All good, thanks!\n')));
  return { dir, secret, clean };
}

describe('deskguard scan', () => {
  it('prints one JSON object per file, values only with --show-secrets', async () => {
    const { secret, clean } = setup();
    const lines: string[] = [];
    expect(await scanCommand([secret, clean], { json: true, showSecrets: false }, (l) => lines.push(l))).toBe(
      0,
    );
    const [a, b] = lines.map((l) => JSON.parse(l));
    expect(a).toMatchObject({
      file: secret,
      verdict: 'sensitive',
      findings: [{ type: 'password', where: 'body' }],
    });
    expect(a.findings[0].value).toBeUndefined();
    expect(lines.join('\n')).not.toContain(PASSWORD);
    expect(b).toMatchObject({ file: clean, verdict: 'clean', findings: [] });
    const shown: string[] = [];
    await scanCommand([secret], { json: true, showSecrets: true }, (l) => shown.push(l));
    expect(JSON.parse(shown[0] as string).findings[0].value).toBe(PASSWORD);
  });

  it('prints a short human summary', async () => {
    const { secret, clean } = setup();
    const lines: string[] = [];
    await scanCommand([secret, clean], { json: false, showSecrets: false }, (l) => lines.push(l));
    expect(lines[0]).toBe(`${secret}: sensitive (1 finding)`);
    expect(lines[1]).toMatch(/^ {2}password in body \(/);
    expect(lines[2]).toBe(`${clean}: clean`);
  });

  it('writes every message as it would be delivered with --out', async () => {
    const { dir, secret, clean } = setup();
    const out = join(dir, 'out');
    await scanCommand([secret, clean], { json: true, showSecrets: false, outDir: out }, () => undefined);
    expect(readFileSync(join(out, 'clean.eml')).equals(readFileSync(clean))).toBe(true);
    const redacted = readFileSync(join(out, 'secret.eml'));
    expect(await survivors(redacted, [PASSWORD])).toEqual([]);
    expect((await parseMail(redacted)).text).toContain('[REDACTED:password]');
  });

  it('rejects bad input with a one-line UsageError', async () => {
    const { dir, secret } = setup();
    const run = (files: string[], outDir?: string) =>
      scanCommand(files, { json: false, showSecrets: false, outDir }, () => undefined);
    await expect(run([join(dir, 'missing.eml')])).rejects.toThrow(UsageError);
    await expect(run([dir])).rejects.toThrow(/not a file/);
    await expect(run([])).rejects.toThrow(/usage/);
    await expect(run([secret], dir)).rejects.toThrow(/would overwrite/);
    await expect(run([secret], secret)).rejects.toThrow(UsageError);
  });
});
