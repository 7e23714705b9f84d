import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';
import { makeTempDir, removeDir } from '../helpers/gateway.js';
import { secretsIn } from '../helpers/secret-search.js';

const corpus = join(REPO, 'test/fixtures/corpus');
const positive = join(corpus, 'positive/002-plain-qp-fr.eml');
const negative = join(corpus, 'negative/000.eml');
const out = makeTempDir('dg-scan-');
afterAll(() => removeDir(out));

describe('deskguard scan', () => {
  it('prints one JSON object per file, values only with --show-secrets, and writes what would be delivered', async () => {
    const r = await runCli(['scan', '--json', '--out', out, positive, negative]);
    expect(r.code).toBe(0);
    const [pos, neg] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(pos).toMatchObject({ file: positive, verdict: 'sensitive' });
    // The file's label (test/fixtures/corpus/labels.json): one AWS access key id, in the QP body.
    expect(pos.findings.map((f: { type: string; where: string }) => [f.type, f.where])).toEqual([
      ['aws_access_key', 'body'],
    ]);
    for (const f of pos.findings) expect(f).not.toHaveProperty('value');
    expect(neg).toMatchObject({ file: negative, verdict: 'clean', findings: [] });
    const redacted = await simpleParser(readFileSync(join(out, '002-plain-qp-fr.eml')));
    expect(redacted.text).toContain('[REDACTED:');
    expect(readFileSync(join(out, '000.eml'))).toEqual(readFileSync(negative));

    const shown = await runCli(['scan', '--json', '--show-secrets', positive]);
    const values = JSON.parse(shown.stdout.trim()).findings.map((f: { value?: string }) => f.value);
    expect(values).toEqual(['AKIAB533AC2GXZEWBJHQ']);
    expect(secretsIn(readFileSync(positive), values)).toHaveLength(1); // there before, in some encoding
    expect(secretsIn(readFileSync(join(out, '002-plain-qp-fr.eml')), values)).toEqual([]);
  });

  it('answers bad input with exit 2 and one line', async () => {
    const r = await runCli(['scan', join(out, 'missing.eml')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
