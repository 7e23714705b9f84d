import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type AddressObject, simpleParser } from 'mailparser';
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

  // parseMessage reads the header block alone; mailparser over the whole file is the reference for
  // what that block says (a header block cut in the wrong place shows as a difference here).
  it.each(files.map((f) => [f.slice(f.indexOf('mime-corpus')), f]))(
    '%s: headers read as mailparser reads the whole message',
    async (_, f) => {
      const raw = readFileSync(f);
      const p = await parseMessage(raw, limits, signal);
      const whole = await simpleParser(raw, {
        skipTextToHtml: true,
        skipTextLinks: true,
        skipHtmlToText: true,
      });
      const fromObjects: AddressObject[] = Array.isArray(whole.from)
        ? whole.from
        : whole.from
          ? [whole.from]
          : [];
      const from = fromObjects.flatMap((a) => a.value.map((v) => v.address ?? '').filter(Boolean));
      expect(p.headers).toMatchObject({
        subject: whole.subject ?? '',
        messageId: whole.messageId,
        fromAddresses: from,
        inReplyTo: whole.inReplyTo,
      });
    },
  );
});
