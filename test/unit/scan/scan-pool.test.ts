import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanPool, defaultWorkerUrl, type ScanPool } from '../../../src/stages/detect/scan-pool.js';
import { leaf, message, multipart, pdf } from '../../fixtures/mail/builders.mjs';
import { AWS, PASSWORD } from '../extract/samples.js';
import { parseMail, survivors } from '../redact/helpers.js';

const KEY = Buffer.alloc(32, 3);
const WORKER = new URL('../../../dist/stages/detect/scan-worker.js', import.meta.url);
const mail = (text: string) =>
  message(
    { From: 'a@example.org', To: 'support@localhost', Subject: 'x', 'Message-ID': '<p@x>' },
    leaf(text),
  );

describe('scan pool (worker threads, compiled dist)', () => {
  let pool: ScanPool;
  beforeAll(() => {
    // `npm test` builds first; a bare `vitest run` of this file builds the worker once if missing.
    if (!existsSync(WORKER)) {
      try {
        execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'ignore' });
      } catch {
        // type errors elsewhere still emit JavaScript
      }
    }
    pool = createScanPool({ fingerprintKey: KEY, size: 2 });
  }, 120_000);
  afterAll(() => pool.close());

  it('finds the worker in dist when running from src', () => {
    expect(defaultWorkerUrl().pathname).toMatch(/\/dist\/stages\/detect\/scan-worker\.js$/);
  });

  it('scans and redacts in a worker', async () => {
    const raw = mail(`Password: ${PASSWORD}\nAWS key ${AWS}\n`);
    const r = await pool.scan(raw);
    expect(r.complete).toBe(true);
    expect(r.findings.map((f) => f.type).sort()).toEqual(['aws_access_key', 'password']);
    expect(await survivors(r.redacted as Buffer, [PASSWORD, AWS])).toEqual([]);
    expect((await parseMail(r.redacted as Buffer)).messageId).toBe('<p@x>');
    // The caller's buffer is copied, not transferred: it is still whole after the scan.
    expect(raw.toString('latin1')).toContain(`Password: ${PASSWORD}`);
  });

  it('reads PDFs inside a worker thread (pdfjs without its own worker)', async () => {
    const raw = message(
      { From: 'a@example.org', To: 'support@localhost', Subject: 'pdf', 'Message-ID': '<q@x>' },
      multipart('mixed', [
        leaf('attached'),
        leaf(pdf([`AWS key ${AWS}`]), { type: 'application/pdf', filename: 'scan.pdf' }),
      ]),
    );
    const r = await pool.scan(raw);
    expect(r.findings.map((f) => [f.type, f.where])).toEqual([
      ['aws_access_key', 'attachment 1 (application/pdf)'],
    ]);
    expect(r.sender).toEqual({
      places: [{ in: 'attachment', attachment: { position: 1, name: 'scan.pdf' } }],
      removed: [{ in: 'attachment', attachment: { position: 1, name: 'scan.pdf' } }],
    });
    expect((await parseMail(r.redacted as Buffer)).attachments).toEqual([]);
  });

  it('runs many messages on a fixed number of workers', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => pool.scan(mail(i % 2 ? `Password: ${PASSWORD}` : 'nothing here'))),
    );
    expect(results.map((r) => r.findings.length)).toEqual(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? 1 : 0)),
    );
    expect(results.filter((r) => r.redacted === undefined)).toHaveLength(6);
  });

  it('reads a message in shared memory where it is, and leaves it unchanged', async () => {
    const plain = mail(`Password: ${PASSWORD}\nAWS key ${AWS}\n`);
    const shared = Buffer.from(new SharedArrayBuffer(plain.length));
    plain.copy(shared);
    const [a, b] = [await pool.scan(plain), await pool.scan(shared)];
    expect(b.findings.map((f) => f.type)).toEqual(a.findings.map((f) => f.type));
    expect((b.redacted as Buffer).equals(a.redacted as Buffer)).toBe(true);
    expect(shared.equals(plain)).toBe(true);
  });

  it('replaces a worker after a big message, so the heap it grew for it goes with it', async () => {
    const recycling = createScanPool({ fingerprintKey: KEY, size: 1, recycleAfterBytes: 4096 });
    try {
      expect(recycling.workersStarted()).toBe(1);
      await recycling.scan(mail('small'));
      expect(recycling.workersStarted()).toBe(1);
      const big = await recycling.scan(mail(`${'filler text '.repeat(1000)}\nPassword: ${PASSWORD}`));
      expect(big.findings.map((f) => f.type)).toEqual(['password']);
      expect(recycling.workersStarted()).toBe(2);
      // The fresh worker scans the next message as the old one would have.
      expect((await recycling.scan(mail(`Password: ${PASSWORD}`))).findings.map((f) => f.type)).toEqual([
        'password',
      ]);
    } finally {
      await recycling.close();
    }
  });

  it('replaces a worker that overruns its time limit and reports the message unscannable', async () => {
    const slow = createScanPool({ fingerprintKey: KEY, size: 1, timeoutMs: 1 });
    try {
      const big = mail(`${'lorem ipsum dolor '.repeat(200_000)}\nPassword: ${PASSWORD}`);
      const r = await slow.scan(big);
      expect(r.complete).toBe(false);
      expect(r.redacted).toBeUndefined();
      expect(r.findings).toMatchObject([
        { type: 'unscannable', where: 'message', preview: 'time budget exceeded' },
      ]);
    } finally {
      await slow.close();
    }
    // The shared pool is unaffected and a fresh one with a sane limit works.
    expect((await pool.scan(mail('fine'))).complete).toBe(true);
  });
});
