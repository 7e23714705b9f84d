import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/stages/parse.js';
import { conformanceDir } from './data-dir.js';

const limits = { maxParts: 50, maxDepth: 5 };
const signal = new AbortController().signal;

function emlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return emlFiles(p);
    return n.endsWith('.eml') ? [p] : [];
  });
}

describe('parseMessage on the third-party MIME corpora', () => {
  const files = emlFiles(conformanceDir('mime-corpus'));

  it('finds the corpora', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it.each(files.map((f) => [f.slice(f.indexOf('mime-corpus')), f]))('%s: headers parse', async (_, f) => {
    const p = await parseMessage(readFileSync(f), limits, signal);
    expect(Array.isArray(p.overLimits)).toBe(true);
    expect(typeof p.headers.subject).toBe('string');
  });
});
