import { expect } from 'vitest';
import { type CliResult, runCli } from './cli.js';
import { SmtpClient } from './smtp-client.js';
import { waitFor } from './wait.js';

/**
 * Outside-in helpers for the staff web UI and API: a cookie-keeping HTTP client, sign-in through the
 * login form, users and tokens made with the real CLI, and mail with a password sent over SMTP.
 */

export type Role = 'viewer' | 'reviewer' | 'admin';
export const ROLES: Role[] = ['viewer', 'reviewer', 'admin'];

/** Runs the CLI with `input` on standard input (not a terminal, so `users add` reads the password). */
export const runCliInput = (args: string[], input: string, timeoutMs = 20_000): Promise<CliResult> =>
  runCli(args, { input, timeoutMs });

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The raw Set-Cookie lines of this answer. */
  setCookies: string[];
  json<T = unknown>(): T;
}

export interface RequestOptions {
  method?: string;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  headers?: Record<string, string>;
  bearer?: string;
}

/** The value of the hidden `_csrf` field of the last form in a page. */
export function csrfFrom(html: string): string | undefined {
  // Attribute order as the UI writes it (name before value); a token is URL-safe base64 and dashes.
  const all = [...html.matchAll(/name="_csrf" value="([^"]+)"/g)];
  return all.at(-1)?.[1];
}

/**
 * One HTTP user agent: keeps the cookies the server sets (a jar without domains: one origin), never
 * follows redirects, so a test sees each 303 and where it points.
 */
export class Browser {
  readonly jar = new Map<string, string>();

  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(path: string, opts: RequestOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (this.jar.size > 0 && !('cookie' in headers)) headers['cookie'] = this.cookieHeader();
    if (opts.bearer) headers['authorization'] = `Bearer ${opts.bearer}`;
    let body: string | undefined;
    if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.form).toString();
    } else if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    }
    const res = await fetch(this.base + path, {
      method: opts.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      redirect: 'manual',
    });
    const text = await res.text();
    const setCookies = res.headers.getSetCookie();
    for (const line of setCookies) this.keep(line);
    return {
      status: res.status,
      headers: res.headers,
      text,
      setCookies,
      json: <T>() => JSON.parse(text) as T,
    };
  }

  private keep(line: string): void {
    const [pair, ...attrs] = line.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    const expired = attrs.some((a) => {
      const [k, v] = a.split('=').map((s) => s.trim().toLowerCase());
      return (k === 'max-age' && Number(v) <= 0) || (k === 'expires' && Date.parse(v ?? '') < Date.now());
    });
    if (expired || value === '') this.jar.delete(name);
    else this.jar.set(name, value);
  }

  /** GETs a page and returns the `_csrf` of its forms. */
  async formToken(path = '/quarantine'): Promise<string> {
    const page = await this.request(path);
    expect(page.status, `GET ${path}`).toBe(200);
    const token = csrfFrom(page.text);
    expect(token, `a _csrf field in ${path}`).toBeTruthy();
    return token!;
  }

  /** Fills in the login form. Returns the answer to the POST (or to the GET, when it has no form). */
  async signIn(name: string, password: string): Promise<Answer> {
    const page = await this.request('/login');
    // A rate-limited or signed-in browser gets no form: that answer is the outcome.
    if (page.status !== 200) return page;
    const token = csrfFrom(page.text);
    expect(token, 'a _csrf field in the login form').toBeTruthy();
    return this.request('/login', { form: { name, password, _csrf: token! } });
  }
}

/** A signed-in browser and the CSRF token of its session, for the API's x-csrf-token header. */
export interface Session {
  browser: Browser;
  csrf: string;
}

export async function signedIn(base: string, name: string, password: string): Promise<Session> {
  const browser = new Browser(base);
  const res = await browser.signIn(name, password);
  expect(res.status, `sign-in of ${name}: ${res.text.slice(0, 200)}`).toBe(303);
  expect(browser.jar.has('dg_session')).toBe(true);
  return { browser, csrf: await browser.formToken() };
}

/** Adds a user with the real CLI, the password on standard input. */
export async function addUser(configFile: string, name: string, role: Role, password: string): Promise<void> {
  const r = await runCliInput(
    ['users', 'add', name, '--role', role, '--config', configFile, '--actor', 'tester'],
    `${password}\n`,
  );
  expect(r.code, r.stderr).toBe(0);
}

/** Creates an API token with the real CLI: the last word of its output. */
export async function createToken(configFile: string, name: string, role: Role): Promise<string> {
  const r = await runCliInput(
    ['tokens', 'create', name, '--role', role, '--config', configFile, '--actor', 'tester'],
    '',
  );
  expect(r.code, r.stderr).toBe(0);
  const token = r.stdout.trim().split(/\s+/).at(-1)!;
  expect(token.length).toBeGreaterThanOrEqual(20);
  return token;
}

export interface Mailed {
  /** The queue id, which is also the quarantine item's id. */
  id: string;
  ticket: string;
  subjectMarker: string;
}

/**
 * Sends one mail whose body and subject carry `password` and waits until its quarantine item is
 * listed (through the API, with `adminToken`). Each mail starts a new ticket (no thread headers).
 */
export async function mailPassword(
  smtpPort: number,
  base: string,
  adminToken: string,
  password: string,
  marker: string,
  sender = 'jane@customer.test',
): Promise<Mailed> {
  // A Message-ID takes letters and digits of the marker only (a marker may carry markup).
  const mid = marker.replace(/[^A-Za-z0-9]/g, '');
  const raw = [
    `From: Jane Customer <${sender}>`,
    'To: support@localhost',
    `Subject: ${marker} my password is ${password}`,
    `Message-ID: <${mid}@customer.test>`,
    'Date: Sun, 22 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Hello, I cannot sign in (${marker}).`,
    `My password is ${password}`,
    '',
  ].join('\r\n');
  const c = await SmtpClient.connect(smtpPort);
  let id: string | undefined;
  try {
    await c.ehlo('mx.customer.test');
    const r = await c.sendMail(sender, ['support@localhost'], raw);
    expect(r.final.code).toBe(250);
    id = r.queueId;
  } finally {
    await c.quit();
  }
  expect(id).toBeTruthy();
  const browser = new Browser(base);
  const item = await waitFor(
    async () => {
      const res = await browser.request('/api/quarantine?state=all', { bearer: adminToken });
      return res
        .json<{ items: Array<{ id: string; ticket: string | null }> }>()
        .items.find((i) => i.id === id);
    },
    { what: `quarantine item ${id}` },
  );
  expect(item.ticket).toBeTruthy();
  return { id: id!, ticket: item.ticket!, subjectMarker: marker };
}

export interface AuditRow {
  actor: string;
  action: string;
  item: string | null;
  reason: string | null;
  at?: string;
  time?: string;
}

/** The whole audit log, read with an admin token. */
export async function auditRows(base: string, adminToken: string): Promise<AuditRow[]> {
  const res = await new Browser(base).request('/api/audit?limit=9999', { bearer: adminToken });
  expect(res.status).toBe(200);
  return res.json<{ items: AuditRow[] }>().items;
}

/** An item's state, read with an admin token. */
export async function itemState(base: string, adminToken: string, id: string): Promise<string> {
  const res = await new Browser(base).request('/api/quarantine?state=all&limit=9999', { bearer: adminToken });
  const item = res.json<{ items: Array<{ id: string; state: string }> }>().items.find((i) => i.id === id);
  return item?.state ?? 'missing';
}

/** A ticket's status, read with an admin token. */
export async function ticketStatus(base: string, adminToken: string, ticket: string): Promise<string> {
  const res = await new Browser(base).request('/api/tickets', { bearer: adminToken });
  const t = res.json<{ items: Array<{ id: string; status: string }> }>().items.find((i) => i.id === ticket);
  return t?.status ?? 'missing';
}
