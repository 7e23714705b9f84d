import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, ServeProcess } from '../helpers/cli.js';
import { makeTempDir, pathsIn, removeDir, writeConfigFile } from '../helpers/gateway.js';
import { Browser, csrfFrom } from '../helpers/staff-http.js';
import { waitFor } from '../helpers/wait.js';

// An outside tester's view of a fresh `deskguard serve` behind a TLS-terminating proxy (publicUrl
// https): the one-time setup link on standard error, Secure cookies, and the sign-in rate limit at
// its default (10 attempts per client address and minute).

const PUBLIC = 'https://deskguard.example';
const ADMIN_PW = 'first-admin-pass-2207';

let dir: string;
let serve: ServeProcess;
let base: string;

beforeAll(async () => {
  dir = makeTempDir('dg-setup-');
  writeConfigFile(dir, { http: { publicUrl: PUBLIC } });
  serve = await ServeProcess.start(pathsIn(dir).configFile);
  base = `http://127.0.0.1:${serve.httpPort}`;
});
afterAll(async () => {
  await serve?.stop();
  if (dir) removeDir(dir);
});

const usersList = async () =>
  (await runCli(['users', 'list', '--json', '--config', pathsIn(dir).configFile])).stdout;

describe('first start and sign-in behind TLS', () => {
  let setupPath: string;

  it('prints a one-time setup link on standard error when there is no administrator', async () => {
    // Rationale: the link is the public base, /setup/, and a URL-safe token up to the next blank.
    const link = await waitFor(() =>
      new RegExp(`${PUBLIC.replace(/\./g, '\\.')}(/setup/[A-Za-z0-9_-]+)`).exec(serve.stderrText),
    );
    setupPath = link[1]!;
    expect(setupPath.length).toBeGreaterThan('/setup/'.length + 15);
    const wrong = await new Browser(base).request(`/setup/${'x'.repeat(32)}`);
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect(csrfFrom(wrong.text)).toBeUndefined();
  });

  it('creates the first administrator once, with Secure, HttpOnly, SameSite=Strict cookies', async () => {
    const b = new Browser(base);
    const form = await b.request(setupPath);
    expect(form.status).toBe(200);
    expect(form.headers.get('cache-control')).toMatch(/no-store/);
    const res = await b.request(setupPath, {
      form: { name: 'root-admin', password: ADMIN_PW, _csrf: csrfFrom(form.text)! },
    });
    expect([200, 303]).toContain(res.status);
    const cookies = [...form.setCookies, ...res.setCookies];
    expect(cookies.length).toBeGreaterThan(0);
    for (const line of cookies) {
      expect(line, line).toMatch(/;\s*Secure/i);
      expect(line, line).toMatch(/;\s*HttpOnly/i);
      expect(line, line).toMatch(/;\s*SameSite=Strict/i);
    }
    expect(await usersList()).toMatch(/"name":"root-admin","role":"admin"/);

    // The link is spent: neither its page nor another POST makes a second administrator.
    const again = new Browser(base);
    const page = await again.request(setupPath);
    expect(page.status).toBeGreaterThanOrEqual(400);
    const token = csrfFrom((await again.request('/login')).text)!;
    const second = await again.request(setupPath, {
      form: { name: 'intruder', password: 'intruder-pass-0001', _csrf: token },
    });
    expect(second.status).toBeGreaterThanOrEqual(400);
    expect(await usersList()).not.toContain('intruder');
  });

  it('marks the session cookie Secure when signing in at the login form', async () => {
    const b = new Browser(base);
    const res = await b.signIn('root-admin', ADMIN_PW);
    expect(res.status).toBe(303);
    const session = res.setCookies.find((c) => c.startsWith('dg_session='));
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Strict/i);
  });

  it('limits sign-in attempts per client address (429 beyond attemptsPerMinute), whatever the account', async () => {
    // Earlier tests of this file signed in once at most; attempts on made-up names count too.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await new Browser(base).signIn(`nobody-${i}`, 'not-the-password-1')).status);
    }
    expect(statuses).toContain(429);
    const first429 = statuses.indexOf(429);
    // At most 10 attempts a minute: the 429 comes by the 11th, and not before the 9th (the sign-in
    // of the test before and the setup may count).
    expect(first429).toBeLessThanOrEqual(10);
    expect(first429).toBeGreaterThanOrEqual(8);
    const right = await new Browser(base).signIn('root-admin', ADMIN_PW);
    expect(right.status).toBe(429);
    expect(right.setCookies.some((c) => c.startsWith('dg_session='))).toBe(false);
    // A client cannot pass for another address by saying so in a header.
    for (const [i, header] of ['x-forwarded-for', 'x-real-ip', 'forwarded'].entries()) {
      const b = new Browser(base);
      const value = header === 'forwarded' ? `for=203.0.113.${i + 1}` : `203.0.113.${i + 1}`;
      const page = await b.request('/login', { headers: { [header]: value } });
      const token = csrfFrom(page.text) ?? '';
      const res = await b.request('/login', {
        form: { name: 'root-admin', password: ADMIN_PW, _csrf: token },
        headers: { [header]: value },
      });
      expect(res.status, header).toBe(429);
    }
  });
});
