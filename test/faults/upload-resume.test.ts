import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteStaffStore } from '../../src/adapters/sqlite/staff-store.js';
import { staffAuthFor } from '../../src/admin/staff-auth-config.js';
import { loadConfig } from '../../src/config.js';
import { configuredKeyring, uploadChannel } from '../../src/workflows/quarantine-services.js';
import { ServeProcess } from '../helpers/cli.js';
import { makeTempDir, pathsIn, removeDir, writeConfigFile } from '../helpers/gateway.js';
import { SmtpClient } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';
import { SHIPPED_ENV, sampleRss } from './dos-helpers.js';
import { recordReliability } from './record.js';

const MIB = 1024 * 1024;
const SIZE = 1024 * MIB;
const CUT_AT = 512 * MIB;

/** Block i of the upload: 1 MiB of random bytes with i in front, so every MiB differs and is checkable. */
const RANDOM = createHash('sha512').update('deskguard upload resume').digest();
function block(i: number): Buffer {
  const b = Buffer.allocUnsafe(MIB);
  for (let at = 0; at < MIB; at += RANDOM.length) RANDOM.copy(b, at);
  b.writeUInt32BE(i, 0);
  return b;
}

/**
 * One PATCH of the tus protocol from `offset`: 1 MiB blocks with backpressure. With `cutAfter`, the
 * connection is destroyed once that many bytes are written, as a dropped network would.
 */
function patch(url: string, token: string, offset: number, cutAfter?: number): Promise<number | 'cut'> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'PATCH',
      headers: {
        'tus-resumable': '1.0.0',
        'upload-offset': String(offset),
        'content-type': 'application/offset+octet-stream',
        'deskguard-upload-token': token,
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(Number(res.headers['upload-offset'])));
    });
    req.on('error', (err) => (cutAfter !== undefined ? resolve('cut') : reject(err)));
    let at = offset;
    const pump = () => {
      while (at < SIZE) {
        if (cutAfter !== undefined && at >= cutAfter) {
          req.destroy();
          return;
        }
        const i = Math.floor(at / MIB);
        const chunk = block(i).subarray(at - i * MIB);
        at += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('the secure channel: a 1 GiB upload cut halfway resumes, in flat memory', () => {
  let dir: string;
  let gw: ServeProcess;

  beforeAll(async () => {
    dir = makeTempDir('deskguard-upload-');
    writeConfigFile(dir, { http: { port: 0 } });
    gw = await ServeProcess.start(pathsIn(dir).configFile, { env: SHIPPED_ENV, startTimeoutMs: 45_000 });
  });
  afterAll(async () => {
    await gw?.stop();
    removeDir(dir);
  });

  it('resumes at the sealed offset, repeats nothing, reads back byte for byte', {
    timeout: 600_000,
  }, async () => {
    const client = await SmtpClient.connect(gw.smtpPort);
    try {
      await client.ehlo();
      const mail =
        'From: c@example.org\r\nTo: support@localhost\r\nSubject: dump\r\n\r\nmy password is Hx7!kq2Lm9#w\r\n';
      expect((await client.sendMail('c@example.org', ['support@localhost'], mail)).final.code).toBe(250);
    } finally {
      await client.quit();
    }
    const config = loadConfig({ file: pathsIn(dir).configFile, env: {} });
    const db = openDatabase(pathsIn(dir).db);
    try {
      const ticket = await waitFor(
        () => (db.prepare('SELECT id FROM tickets').get() as { id: string } | undefined)?.id,
        {
          timeoutMs: 60_000,
          what: 'the ticket',
        },
      );
      const token = uploadChannel(config, db, configuredKeyring(config, false).keyring).createLink(ticket);
      const reviewer = (await staffAuthFor(config, new SqliteStaffStore(db)).createToken('rev', 'reviewer'))!;
      const base = `http://127.0.0.1:${gw.httpPort}`;
      const created = await fetch(`${base}/upload/files`, {
        method: 'POST',
        headers: {
          'tus-resumable': '1.0.0',
          'upload-length': String(SIZE),
          'upload-metadata': `filename ${Buffer.from('dump.bin').toString('base64')}`,
          'deskguard-upload-token': token,
        },
      });
      expect(created.status).toBe(201);
      const url = new URL(created.headers.get('location')!, base).href;

      const rss = sampleRss(gw);
      expect(await patch(url, token, 0, CUT_AT)).toBe('cut');
      // The server learns of the cut when the socket closes; the offset settles once it has sealed what it had.
      const offsetNow = async () =>
        Number(
          (
            await fetch(url, {
              method: 'HEAD',
              headers: { 'tus-resumable': '1.0.0', 'deskguard-upload-token': token },
            })
          ).headers.get('upload-offset'),
        );
      let resumeAt = -1;
      await waitFor(
        async () => {
          const o = await offsetNow();
          const settled = o === resumeAt;
          resumeAt = o;
          return settled;
        },
        { timeoutMs: 60_000, intervalMs: 500, what: 'the offset to settle after the cut' },
      );
      expect(resumeAt).toBeGreaterThan(CUT_AT / 2);
      expect(resumeAt).toBeLessThanOrEqual(CUT_AT);
      expect(await patch(url, token, resumeAt)).toBe(SIZE);
      rss.stop();

      const id = url.split('/').pop()!;
      const sent = await fetch(`${base}/upload/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ files: id }),
      });
      expect(sent.status).toBe(200);

      const expected = createHash('sha256');
      for (let i = 0; i < SIZE / MIB; i++) expected.update(block(i));
      const got = createHash('sha256');
      let bytes = 0;
      const res = await fetch(`${base}/api/tickets/${ticket}/uploads/${id}`, {
        headers: { authorization: `Bearer ${reviewer}` },
      });
      expect(res.status).toBe(200);
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        got.update(chunk);
        bytes += chunk.length;
      }
      expect(bytes).toBe(SIZE);
      expect(got.digest('hex')).toBe(expected.digest('hex'));
      // Flat: the gateway holds a chunk or two of an upload, never the upload.
      expect(rss.peak - rss.first).toBeLessThan(160);
      recordReliability({
        test: 'upload-resume',
        fault: 'a 1 GiB upload through the secure channel, its connection cut at 512 MiB, then resumed',
        peakRssMb: rss.peak,
        notes: `resumed at ${(resumeAt / MIB).toFixed(1)} MiB; RSS ${rss.first} MB before, ${rss.peak} MB at peak; read back byte for byte`,
      });
    } finally {
      db.close();
    }
  });
});
