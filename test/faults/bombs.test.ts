import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config.js';
import { readDb, removeDir } from '../helpers/gateway.js';
import { secretsIn } from '../helpers/secret-search.js';
import { testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';
import {
  attachment,
  deepForwards,
  deepMultipart,
  manyEntryZip,
  manyParts,
  mixed,
  nestedZips,
  zipBomb,
} from './bomb-builders.js';
import {
  deliveredCopy,
  type HostileGateway,
  originals,
  Sender,
  startHostileGateway,
} from './hostile-support.js';
import { recordReliability } from './record.js';
import { peakRssMb, settled } from './support.js';

/**
 * MIME and archive bombs through a running gateway: nesting thousands deep (multipart and
 * message/rfc822), tens of thousands of parts, a zip that inflates to gigabytes (honest and lying
 * about its size), zips nested past the depth limit, a zip of tens of thousands of entries, and a
 * base64 text that decodes past what the detector reads. Each is sized from the limit it tests
 * (read from the gateway's own configuration) and carries a fresh secret where a reader that
 * stopped early would miss it. Each must get a clear answer: a 5xx naming the limit, held with its
 * original readable, or delivered with the unread part removed and said so (never a copy that
 * silently lost content, never the secret in the clear); the gateway then serves a normal message.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const AWS = `AKIA${Array.from({ length: 16 }, () => BASE32[randomInt(32)]).join('')}`;
const SECRET = `aws_access_key_id = ${AWS}`;
const MiB = 1024 * 1024;

/** A refusal or hold reason that names the configured limit (its number). */
const limitText = (limit: number) => new RegExp(`\\b${limit}\\b`);
/** A hold reason for a part that could not be read within the archive or text limits. */
const UNSCANNABLE = /unscannable|limit|larger than|ratio|entries|deeper/i;

interface Outcome {
  name: string;
  code: number;
  state?: string;
  how: string;
}

describe('MIME and archive bombs', () => {
  let h: HostileGateway;
  let cfg: Config;
  let sender: Sender;
  const outcomes: Outcome[] = [];
  let normals = 0;

  beforeAll(async () => {
    h = await startHostileGateway({ log: { level: 'info' } });
    cfg = loadConfig({ file: h.paths.configFile, env: {} });
    sender = new Sender(h.gw.smtpPort);
  });

  afterAll(async () => {
    await sender?.close();
    await h?.gw.stop();
    if (h) removeDir(h.dir);
  });

  /**
   * Sends one bomb and checks its answer; then a normal message must get 250 and be delivered.
   * `limit` is the text a refusal or hold reason must name.
   */
  async function bomb(name: string, raw: Buffer, limit: RegExp): Promise<void> {
    const sent = await sender.send(raw);
    const { code, text } = sent.reply;
    expect(code === 250 || (code >= 500 && code < 600), `${name}: ${code} ${text}`).toBe(true);
    if (code !== 250) {
      // Refused at SMTP time: the refusal names the limit, and nothing was stored.
      expect(text, name).toMatch(limit);
      outcomes.push({ name, code, how: `refused ${code}: ${text.split('\n')[0]}` });
    } else {
      const id = sent.queueId!;
      const row = await waitFor(
        () =>
          readDb(h.paths.db).messages.find(
            (m) => m.id === id && ['delivered', 'held', 'dead'].includes(m.state),
          ),
        { timeoutMs: 45_000, what: `${name} to reach its end state` },
      );
      expect(row.state, `${name}: ${row.reason}`).not.toBe('dead');
      const original = (await originals(h, [id])).get(id);
      if (row.state === 'held') {
        // Held as too complex or unscannable, the reason naming the limit, the original readable.
        expect(row.reason ?? '', name).toMatch(limit);
        expect(
          original instanceof Buffer && original.equals(raw),
          `${name}: the original of a held message`,
        ).toBe(true);
        outcomes.push({ name, code, state: 'held', how: `held: ${row.reason}` });
      } else {
        // Delivered: the secret was found and redacted, or the part the limit kept from being read
        // was removed and said so; either way the original is in the quarantine.
        const got = deliveredCopy(h, id);
        expect(got, `${name}: delivered copy`).toBeDefined();
        expect(secretsIn(got!, [AWS]), name).toEqual([]);
        const findings = /^X-Deskguard-Findings: (.*)$/m.exec(got!.toString('latin1'))?.[1] ?? '';
        expect(findings, `${name}: the delivered copy says what was removed`).toMatch(
          /unscannable|aws_access_key/,
        );
        expect(
          original instanceof Buffer && original.equals(raw),
          `${name}: the original of a redacted message`,
        ).toBe(true);
        outcomes.push({ name, code, state: 'delivered', how: `delivered with findings ${findings}` });
      }
    }
    const normal = await sender.send(Buffer.from(testMessage(`after-${outcomes.length}`)));
    expect(normal.reply.code, `a normal message after ${name}`).toBe(250);
    await waitFor(() => deliveredCopy(h, normal.queueId!), {
      timeoutMs: 30_000,
      what: `the message after ${name}`,
    });
    normals++;
  }

  it('nests multipart thousands of levels deep', async () => {
    const depth = cfg.pipeline.parse.maxDepth * 250;
    await bomb(
      `multipart nested ${depth} deep`,
      deepMultipart(depth, SECRET),
      limitText(cfg.pipeline.parse.maxDepth),
    );
  });

  it('nests message/rfc822 thousands of levels deep', async () => {
    const depth = cfg.pipeline.parse.maxDepth * 150;
    await bomb(
      `message/rfc822 nested ${depth} deep`,
      deepForwards(depth, SECRET),
      limitText(cfg.pipeline.parse.maxDepth),
    );
  });

  it('sends tens of thousands of parts', async () => {
    const parts = cfg.pipeline.parse.maxParts * 60;
    await bomb(`${parts} MIME parts`, manyParts(parts, SECRET), limitText(cfg.pipeline.parse.maxParts));
  });

  it('sends a zip that inflates to gigabytes, honest and lying about its size', async () => {
    // Past maxTotalBytes twenty times over, at deflate's best ratio (about 1000:1).
    const copies = Math.ceil((cfg.detect.limits.maxTotalBytes * 20) / (16 * MiB));
    const honest = zipBomb(copies);
    expect(honest.zip.length).toBeLessThan(cfg.smtp.maxMessageBytes / 2);
    expect(honest.size / honest.zip.length).toBeGreaterThan(cfg.detect.limits.maxRatio);
    const withText = (z: Buffer, label: string) =>
      mixed(label, [
        { headers: ['Content-Type: text/plain'], body: 'The logs you asked for.' },
        attachment(z, 'application/zip', 'logs.zip'),
        attachment(Buffer.from(SECRET), 'text/plain', 'keys.txt'),
      ]);
    await bomb(
      `zip bomb ${Math.round(honest.size / MiB)} MiB`,
      withText(honest.zip, 'zip bomb'),
      UNSCANNABLE,
    );
    const liar = zipBomb(copies, 'small.bin', 1000);
    await bomb('zip bomb declaring 1000 bytes', withText(liar.zip, 'lying zip bomb'), UNSCANNABLE);
  });

  it('nests zips past the depth limit, the secret in the innermost', async () => {
    const levels = cfg.detect.limits.maxDepth + 7;
    await bomb(
      `${levels} nested zips`,
      mixed('nested zips', [attachment(nestedZips(levels, SECRET), 'application/zip', 'nested.zip')]),
      UNSCANNABLE,
    );
  });

  it('sends a zip of tens of thousands of entries, the secret in the last', async () => {
    const entries = cfg.detect.limits.maxEntries * 20;
    await bomb(
      `zip of ${entries} entries`,
      mixed('many entries', [attachment(manyEntryZip(entries, SECRET), 'application/zip', 'many.zip')]),
      UNSCANNABLE,
    );
  });

  it('sends a base64 text that decodes past what the detector reads, the secret at its end', async () => {
    const size = cfg.detect.limits.maxTextBytesPerUnit + MiB;
    const line = 'log line: nothing to see here, just filler text for the size of it\n';
    const text = Buffer.from(line.repeat(Math.ceil(size / line.length)).slice(0, size) + SECRET, 'utf8');
    const raw = mixed('big base64', [attachment(text, 'text/plain; charset=utf-8', 'big.log')]);
    expect(raw.length).toBeLessThan(cfg.smtp.maxMessageBytes);
    await bomb(`base64 text of ${Math.round(text.length / MiB)} MiB`, raw, UNSCANNABLE);
  });

  it('stays within its memory bound and loses nothing', async () => {
    await waitFor(() => settled(h.paths.db), { timeoutMs: 30_000, what: 'everything settled' });
    const rows = readDb(h.paths.db).messages;
    const peak = peakRssMb(h.gw);
    recordReliability({
      test: 'MIME and archive bombs',
      fault: outcomes.map((o) => o.name).join('; '),
      sent: outcomes.length + normals,
      acknowledged: rows.length,
      delivered: rows.filter((r) => r.state === 'delivered').length,
      held: rows.filter((r) => r.state === 'held').length,
      dead: rows.filter((r) => r.state === 'dead').length,
      refused: outcomes.filter((o) => o.code !== 250).length,
      lost: 0,
      peakRssMb: peak,
      notes: outcomes.map((o) => `${o.name}: ${o.how}`).join('; '),
    });
    expect(outcomes.length).toBe(8);
    expect(normals).toBe(8);
    expect(rows.every((r) => r.state !== 'dead')).toBe(true);
    // Generous: the gateway with its worker threads, after inflating what the limits allow.
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(1024);
  });
});
