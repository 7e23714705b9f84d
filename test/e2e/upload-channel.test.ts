import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteStaffStore } from '../../src/adapters/sqlite/staff-store.js';
import { UploadStore } from '../../src/adapters/sqlite/upload-store.js';
import { secretHash } from '../../src/adapters/staff-secrets.js';
import { staffAuthFor } from '../../src/admin/staff-auth-config.js';
import { configuredKeyring, uploadChannel } from '../../src/workflows/quarantine-services.js';
import { filesIn, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SmtpClient } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

const tus = createRequire(import.meta.url)('tus-js-client') as typeof import('tus-js-client');

const PASTED = 'db admin / Pa55-for-the-upload-test!';
const FILE_NAME = 'core-dump-customer-7.bin';

describe('the secure channel: upload links bound to a ticket', () => {
  let t: TestGateway;
  let base: string;
  let ticket: string;
  let db: ReturnType<typeof openDatabase>;
  let reviewer: string;
  let viewer: string;

  const channel = () => uploadChannel(t.config, db, configuredKeyring(t.config, false).keyring);
  const form = (token: string, fields: Record<string, string>) =>
    fetch(`${base}/upload/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
  /** A file through the resumable protocol with the real client, as the page sends it. */
  const tusUpload = (token: string, data: Buffer, name = FILE_NAME) =>
    new Promise<string>((resolve, reject) => {
      const u = new tus.Upload(data, {
        endpoint: `${base}/upload/files`,
        headers: { 'deskguard-upload-token': token },
        metadata: { filename: name },
        chunkSize: 300_000,
        retryDelays: [],
        onError: reject,
        onSuccess: () => resolve(u.url!.split('/').pop()!),
      });
      u.start();
    });

  beforeAll(async () => {
    t = await startTestGateway();
    base = `http://127.0.0.1:${t.gateway.httpPort}`;
    const client = await SmtpClient.connect(t.port);
    try {
      await client.ehlo();
      const mail =
        'From: c@example.org\r\nTo: support@localhost\r\nSubject: VPN\r\n\r\nmy password is Hx7!kq2Lm9#w\r\n';
      expect((await client.sendMail('c@example.org', ['support@localhost'], mail)).final.code).toBe(250);
    } finally {
      await client.quit();
    }
    db = openDatabase(t.paths.db);
    ticket = await waitFor(
      () => (db.prepare('SELECT id FROM tickets').get() as { id: string } | undefined)?.id,
      {
        timeoutMs: 30_000,
        what: 'the ticket',
      },
    );
    const auth = staffAuthFor(t.config, new SqliteStaffStore(db));
    reviewer = (await auth.createToken('rev', 'reviewer'))!;
    viewer = (await auth.createToken('view', 'viewer'))!;
  });

  afterAll(async () => {
    db?.close();
    await t?.dispose();
  });

  it('opening the page (as a mail scanner does) spends nothing; the submission does, once', async () => {
    const token = channel().createLink(ticket);
    for (let i = 0; i < 3; i++) {
      const page = await fetch(`${base}/upload/${token}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(await page.text()).toContain(ticket);
    }
    const bytes = Buffer.alloc(1_000_000, 7);
    const id = await tusUpload(token, bytes);
    const done = await form(token, { text: PASTED, files: id });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Thank you');
    expect((await form(token, { text: 'again' })).status).toBe(410);
    expect((await fetch(`${base}/upload/${token}`)).status).toBe(410);
    await expect(tusUpload(token, Buffer.from('late'))).rejects.toThrow(/403/);
  });

  it('what arrives is sealed at rest, named only to reviewers, and read back exactly (audited)', async () => {
    const token = channel().createLink(ticket);
    const bytes = Buffer.from(Array.from({ length: 2_500_000 }, (_, i) => (i * 7919) % 251));
    const id = await tusUpload(token, bytes);
    expect((await form(token, { files: id, text: PASTED })).status).toBe(200);
    for (const f of filesIn(`${t.config.quarantine.dir}/uploads`)) {
      const raw = channel().files.rawBytes(f.replace(/\.dgu$/, ''));
      const at = await raw;
      expect(at.includes(Buffer.from(PASTED))).toBe(false);
      expect(at.includes(bytes.subarray(1000, 1064))).toBe(false);
    }
    const dump = JSON.stringify(db.prepare('SELECT * FROM ticket_uploads').all());
    expect(dump).not.toContain(FILE_NAME);
    expect(dump).not.toContain('Pa55');

    const asViewer = await fetch(`${base}/api/tickets/${ticket}`, {
      headers: { authorization: `Bearer ${viewer}` },
    });
    expect(((await asViewer.json()) as { uploads?: unknown }).uploads).toBeUndefined();
    expect(
      (
        await fetch(`${base}/api/tickets/${ticket}/uploads/${id}`, {
          headers: { authorization: `Bearer ${viewer}` },
        })
      ).status,
    ).toBe(403);
    const listed = (await (
      await fetch(`${base}/api/tickets/${ticket}`, { headers: { authorization: `Bearer ${reviewer}` } })
    ).json()) as { uploads: Array<{ id: string; name: string; kind: string }> };
    expect(listed.uploads.map((u) => u.name)).toContain(FILE_NAME);
    const got = await fetch(`${base}/api/tickets/${ticket}/uploads/${id}`, {
      headers: { authorization: `Bearer ${reviewer}` },
    });
    expect(got.status).toBe(200);
    expect(got.headers.get('cache-control')).toBe('no-store');
    expect(got.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    const text = listed.uploads.find((u) => u.kind === 'text')!;
    const pasted = await fetch(`${base}/api/tickets/${ticket}/uploads/${text.id}`, {
      headers: { authorization: `Bearer ${reviewer}` },
    });
    expect(await pasted.text()).toBe(PASTED);
    const audit = db.prepare("SELECT actor, item FROM audit_log WHERE action = 'upload_view'").all();
    expect(audit).toEqual(expect.arrayContaining([{ actor: 'token:rev', item: id }]));
  });

  it('an expired link or a made-up one is refused, and says so', async () => {
    const expired = 'x'.repeat(43);
    new UploadStore(db).addLink({
      tokenHash: secretHash(expired),
      ticketId: ticket,
      language: 'en',
      createdAt: 0,
      expiresAt: 1,
    });
    const page = await fetch(`${base}/upload/${expired}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('expired');
    expect((await form(expired, { text: PASTED })).status).toBe(410);
    expect((await fetch(`${base}/upload/${'y'.repeat(43)}`)).status).toBe(404);
  });

  it("solving the ticket shreds what the customer sent and ends the ticket's links", async () => {
    const token = channel().createLink(ticket);
    const files = `${t.config.quarantine.dir}/uploads`;
    expect(filesIn(files).length).toBeGreaterThan(0);
    const solved = await fetch(`${base}/api/tickets/${ticket}/solve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reviewer}` },
    });
    expect(solved.status).toBe(200);
    expect(filesIn(files)).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM ticket_uploads').get()).toEqual({ n: 0 });
    expect((await fetch(`${base}/upload/${token}`)).status).toBe(410);
    const rows = db.prepare("SELECT reason FROM audit_log WHERE action = 'upload_shred'").all() as Array<{
      reason: string;
    }>;
    expect(rows[0]?.reason).toMatch(/upload\(s\) deleted/);
  });
});
