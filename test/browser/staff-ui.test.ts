import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteStaffStore } from '../../src/adapters/sqlite/staff-store.js';
import { staffAuthFor } from '../../src/admin/staff-auth-config.js';
import { maildirMessages, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SmtpClient } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

// Debian's chromium (.ci/run installs it); CHROMIUM overrides the path.
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
];
// Screenshots go where the test output goes (CI keeps .ci-reports).
const SHOTS = join(
  process.env.VITEST_REPORT ? join(process.env.VITEST_REPORT, '..') : '.test-output',
  'screenshots',
);

const PASSWORD = 'Tr0ub4dor&3xyz';
const SECRET = 'Zq8!vN3#pLx62Wm';
const API_KEY = 'sk_live_51HkQ2aLfM8xRvC4tY7uJ0pWn';
const PASTED = 'VPN: carla / N3w-Secret!2026';

/** A port free right now: the staff note's links need the real port before the gateway starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

function mail(subject: string, body: string): string {
  return [
    'From: Carla Customer <carla@customer.test>',
    'To: support@localhost',
    `Subject: ${subject}`,
    `Message-ID: <${subject.replace(/\W/g, '')}.${Date.now()}@customer.test>`,
    'Date: Sun, 29 Nov 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

describe('the staff web UI in a real browser', () => {
  let t: TestGateway;
  let browser: Browser;
  let page: Page;
  let base: string;
  /** Each delivered message as a mail client shows it: subject, then text. */
  const delivered: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startTestGateway({ http: { port, publicUrl: base } });
    const db = openDatabase(t.paths.db);
    try {
      expect(
        await staffAuthFor(t.config, new SqliteStaffStore(db)).addUser('rita', 'reviewer', PASSWORD),
      ).toBe(true);
    } finally {
      db.close();
    }
    const client = await SmtpClient.connect(t.port);
    try {
      await client.ehlo();
      for (const [subject, body] of [
        [
          'VPN login',
          `Hello,\r\n\r\nthe VPN refuses me. My password is ${SECRET} for user carla.\r\n\r\nCarla`,
        ],
        ['Stripe setup', `Hi, here is our key for the integration: ${API_KEY}\r\n\r\nCarla`],
      ] as const)
        expect(
          (await client.sendMail('carla@example.org', ['support@localhost'], mail(subject, body))).final.code,
        ).toBe(250);
    } finally {
      await client.quit();
    }
    await waitFor(() => maildirMessages(t.paths.maildir).length >= 2, {
      timeoutMs: 60_000,
      what: 'two deliveries',
    });
    // The staff note is a MIME part of its own (base64): read as a mail client shows it.
    for (const m of maildirMessages(t.paths.maildir)) {
      const parsed = await simpleParser(m.content);
      delivered.push(`${parsed.subject}\n${parsed.text}`);
    }
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.dispose();
  });

  /** The item link in a delivered message's staff note. */
  const linkIn = (content: string) => new RegExp(`${base}/quarantine/[0-9A-Z]+`).exec(content)?.[0];

  it('the staff note links to the item; the link asks for a sign-in, then opens the item', async () => {
    const vpn = delivered.find((c) => c.includes('VPN login'))!;
    expect(vpn).not.toContain(SECRET);
    const link = linkIn(vpn);
    expect(link).toBeDefined();
    await page.goto(link!);
    await expect.poll(() => page.url()).toContain('/login');
    await page.getByLabel('Name').fill('rita');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(link!);
    const body = await page.locator('pre.body').innerText();
    expect(body).toContain('[REDACTED:password]');
    expect(await page.content()).not.toContain(SECRET);
    expect(await page.locator('mark.redacted').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'item.png'), fullPage: true });
  });

  it('the list filters by type', async () => {
    await page.goto(`${base}/quarantine`);
    expect(await page.locator('tbody tr').count()).toBe(2);
    await page.getByLabel('Type').selectOption('password');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/type=password/);
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody').innerText()).toContain('VPN login');
    await page.getByLabel('Type').selectOption('');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/type=&/);
    await page.screenshot({ path: join(SHOTS, 'list.png'), fullPage: true });
  });

  it('reveal asks for a reason and shows the original once, never cached', async () => {
    await page.goto(linkIn(delivered.find((c) => c.includes('VPN login'))!)!);
    const reveal = page.locator('form[action$="/reveal"]');
    await reveal.getByLabel(/Reason/).fill('customer asked us to check the password');
    await reveal.getByRole('checkbox').check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/reveal') && r.request().method() === 'POST'),
      reveal.getByRole('button', { name: 'Reveal the original' }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toBe('no-store');
    expect(await page.locator('pre.original').innerText()).toContain(SECRET);
  });

  it('release needs a confirmation, then delivers the original', async () => {
    await page.goto(linkIn(delivered.find((c) => c.includes('Stripe setup'))!)!);
    const release = page.locator('form[action$="/release"]');
    await release.getByLabel(/Reason/).fill('our own test key, already revoked');
    // Without the box ticked the browser does not send the form.
    await release.getByRole('button', { name: 'Release to the helpdesk' }).click();
    expect(page.url()).not.toContain('/release');
    await release.getByRole('checkbox').check();
    await release.getByRole('button', { name: 'Release to the helpdesk' }).click();
    await page.waitForURL(/\/release$/);
    expect(await page.getByRole('status').innerText()).toContain('Released');
    await waitFor(() => maildirMessages(t.paths.maildir).some((m) => m.content.includes(API_KEY)), {
      timeoutMs: 60_000,
      what: 'the released original',
    });
  });

  it("the customer's upload link: text and a file, sent from the page, reach reviewers on the ticket", async () => {
    const notices = await waitFor(
      () => {
        const all = maildirMessages(join(t.paths.dir, 'notices'));
        return all.length >= 1 ? all : undefined;
      },
      { timeoutMs: 60_000, what: 'a notice' },
    );
    const notice = await simpleParser(notices[0]!.content);
    const link = new RegExp(`${base}/upload/[A-Za-z0-9_-]{43}`).exec(notice.text ?? '')?.[0];
    expect(link).toBeDefined();
    const customer = await browser.newPage();
    await customer.goto(link!);
    await customer.getByLabel(/Password, key/).fill(PASTED);
    const file = Buffer.from(Array.from({ length: 3_000_000 }, (_, i) => (i * 31) % 256));
    await customer
      .locator('input[type=file]')
      .setInputFiles({ name: 'vpn-debug.log', mimeType: 'text/plain', buffer: file });
    await customer.getByRole('button', { name: 'Send securely' }).click();
    await customer.waitForURL(link!);
    await expect.poll(() => customer.locator('h1').innerText(), { timeout: 60_000 }).toBe('Thank you');
    await customer.screenshot({ path: join(SHOTS, 'upload-done.png') });
    await customer.close();

    const ticket = /DG-[0-9A-Z]+/.exec(notice.subject ?? '')?.[0];
    await page.goto(`${base}/tickets/${ticket}`);
    expect(await page.locator('main').innerText()).toContain('vpn-debug.log');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'vpn-debug.log' }).click(),
    ]);
    const saved = join(SHOTS, 'downloaded.bin');
    await download.saveAs(saved);
    expect(readFileSync(saved).equals(file)).toBe(true);
    const [pasted] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'pasted text' }).click(),
    ]);
    await pasted.saveAs(saved);
    expect(readFileSync(saved, 'utf8')).toBe(PASTED);
  });

  it('the audit view lists each act with who and why', async () => {
    await page.goto(`${base}/audit`);
    const rows = await page.locator('tbody tr').allInnerTexts();
    const row = (action: string, reason: string) =>
      rows.some((r) => r.includes('rita') && r.includes(action) && r.includes(reason));
    expect(row('reveal', 'customer asked us to check the password')).toBe(true);
    expect(row('release', 'our own test key, already revoked')).toBe(true);
    expect(rows.some((r) => r.includes('customer') && r.includes('upload'))).toBe(true);
    expect(rows.some((r) => r.includes('rita') && r.includes('upload_view'))).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'audit.png'), fullPage: true });
  });

  it('signing out ends the session: the pages ask for a sign-in again', async () => {
    await page.goto(`${base}/quarantine`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${base}/audit`);
    expect(page.url()).toContain('/login');
    expect(await page.content()).not.toContain('rita');
  });
});
