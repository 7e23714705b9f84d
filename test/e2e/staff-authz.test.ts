import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import {
  type Answer,
  addUser,
  auditRows,
  Browser,
  createToken,
  itemState,
  type Mailed,
  mailPassword,
  ROLES,
  type Role,
  type Session,
  signedIn,
  ticketStatus,
} from '../helpers/staff-http.js';

// An outside tester's view of the staff API's access policy: who may call what, as the issue
// specifies it, checked against a real gateway with real mail, real users and tokens made with the
// CLI, and real HTTP.

const SECRET = 'Canary-Pw-7731-Zq!';
const METRICS_TOKEN = 'metrics-0c8f2b7e5a9d41f3';
const PASSWORDS: Record<Role, string> = {
  viewer: 'viewer-pass-4821-long',
  reviewer: 'reviewer-pass-9137-long',
  admin: 'admin-pass-5550-long',
};

type Principal =
  | 'anonymous'
  | 'viewer token'
  | 'reviewer token'
  | 'admin token'
  | 'viewer session'
  | 'reviewer session'
  | 'admin session';
const PRINCIPALS: Principal[] = [
  'anonymous',
  'viewer token',
  'reviewer token',
  'admin token',
  'viewer session',
  'reviewer session',
  'admin session',
];

// The policy. Columns: anonymous, viewer/reviewer/admin token, viewer/reviewer/admin session.
// 401: who you are is unknown; 403: the role may not; 200: done.
// `consumes`: a successful call uses its item or ticket up, so each such cell gets a fresh one.
type Rule = { call: string; expect: number[]; consumes?: boolean };
// biome-ignore format: the policy is a table to be read
const POLICY: Rule[] = [
  //                                                  anon vTok rTok aTok vSes rSes aSes
  { call: 'GET /api/quarantine',              expect: [401, 200, 200, 200, 200, 200, 200] },
  { call: 'GET /api/quarantine/:id',          expect: [401, 200, 200, 200, 200, 200, 200] },
  { call: 'POST /api/quarantine/:id/reveal',  expect: [401, 403, 200, 200, 403, 200, 200] },
  { call: 'POST /api/quarantine/:id/release', expect: [401, 403, 200, 200, 403, 200, 200], consumes: true },
  { call: 'DELETE /api/quarantine/:id',       expect: [401, 403, 200, 200, 403, 200, 200], consumes: true },
  { call: 'GET /api/tickets',                 expect: [401, 200, 200, 200, 200, 200, 200] },
  { call: 'GET /api/tickets/:ticket',         expect: [401, 200, 200, 200, 200, 200, 200] },
  { call: 'POST /api/tickets/:ticket/solve',  expect: [401, 403, 200, 200, 403, 200, 200], consumes: true },
  { call: 'GET /api/audit',                   expect: [401, 403, 200, 200, 403, 200, 200] },
];

/** What a successful state-changing call writes to the audit log, per call. */
const ACTIONS: Record<string, string> = {
  'POST /api/quarantine/:id/reveal': 'reveal',
  'POST /api/quarantine/:id/release': 'release',
  'DELETE /api/quarantine/:id': 'delete',
  'POST /api/tickets/:ticket/solve': 'solve',
};

let t: TestGateway;
let base: string;
const tokens = {} as Record<Role, string>;
const sessions = {} as Record<Role, Session>;
let shared: Mailed;
let seq = 0;

const mail = (marker = `authz${++seq}x`) =>
  mailPassword(t.port, base, tokens.admin, SECRET, marker, `jane.${marker}@customer.test`);

/** One call as `who`; a session sends its CSRF header unless `csrf` is false. */
async function callAs(
  who: Principal,
  method: string,
  path: string,
  json?: unknown,
  opts: { csrf?: boolean } = {},
): Promise<Answer> {
  const body = method === 'GET' ? undefined : json;
  if (who === 'anonymous') return new Browser(base).request(path, { method, json: body });
  const [role, kind] = who.split(' ') as [Role, 'token' | 'session'];
  if (kind === 'token') return new Browser(base).request(path, { method, json: body, bearer: tokens[role] });
  const s = sessions[role];
  const headers: Record<string, string> =
    method !== 'GET' && opts.csrf !== false ? { 'x-csrf-token': s.csrf } : {};
  return s.browser.request(path, { method, json: body, headers });
}

/** The audit actor a principal is recorded as. */
const actorOf = (who: Principal) =>
  who.endsWith('token') ? `token:${who.split(' ')[0]}-api` : `${who.split(' ')[0]}-user`;

beforeAll(async () => {
  t = await startTestGateway({
    // Sign-in and request limits are the subject of other tests; here they must not interfere.
    http: { metricsToken: METRICS_TOKEN, signIn: { attemptsPerMinute: 1000 }, requestsPerMinute: 100_000 },
  });
  base = `http://127.0.0.1:${t.gateway.httpPort}`;
  for (const role of ROLES) {
    await addUser(t.paths.configFile, `${role}-user`, role, PASSWORDS[role]);
    tokens[role] = await createToken(t.paths.configFile, `${role}-api`, role);
  }
  for (const role of ROLES) sessions[role] = await signedIn(base, `${role}-user`, PASSWORDS[role]);
  shared = await mail('sharedq1');
});
afterAll(async () => {
  await t?.dispose();
});

describe('the access matrix of the staff API', () => {
  it('answers every endpoint × principal as the policy table says, and audits exactly the allowed actions', async () => {
    const expectedRows: Array<{ actor: string; action: string; reason: string | null }> = [];
    const refusedReasons: string[] = [];
    const wrong: string[] = [];
    for (const row of POLICY) {
      const [method, template] = row.call.split(' ') as [string, string];
      for (const [i, who] of PRINCIPALS.entries()) {
        const want = row.expect[i]!;
        const target = row.consumes && want === 200 ? await mail() : shared;
        const path = template.replace(':id', target.id).replace(':ticket', target.ticket);
        const reason = `matrix ${row.call} as ${who}`;
        const res = await callAs(who, method, path, { reason });
        if (res.status !== want) wrong.push(`${row.call} as ${who}: ${res.status}, expected ${want}`);
        const action = ACTIONS[row.call];
        if (!action) continue;
        if (want === 200) {
          // Solve takes no reason in the API; every other action records the one given.
          expectedRows.push({ actor: actorOf(who), action, reason: action === 'solve' ? null : reason });
          if (action === 'release') expect(await itemState(base, tokens.admin, target.id)).toBe('released');
          if (action === 'delete') expect(await itemState(base, tokens.admin, target.id)).toBe('deleted');
          if (action === 'solve')
            expect(await ticketStatus(base, tokens.admin, target.ticket)).toBe('solved');
        } else refusedReasons.push(reason);
      }
    }
    expect(wrong).toEqual([]);
    // The refused calls did nothing to the shared item and its ticket.
    expect(await itemState(base, tokens.admin, shared.id)).toBe('quarantined');
    expect(await ticketStatus(base, tokens.admin, shared.ticket)).toBe('open');
    const rows = await auditRows(base, tokens.admin);
    for (const e of expectedRows) {
      const found = rows.some(
        (r) => r.actor === e.actor && r.action === e.action && (e.reason === null || r.reason === e.reason),
      );
      expect(found, `audit row ${JSON.stringify(e)}`).toBe(true);
    }
    expect(rows.filter((r) => r.reason !== null && refusedReasons.includes(r.reason))).toEqual([]);
  });

  it('refuses a session’s state-changing call without x-csrf-token (403): nothing happens, nothing is audited', async () => {
    const calls = Object.keys(ACTIONS);
    const fresh = await mail();
    for (const role of ['reviewer', 'admin'] as const) {
      for (const call of calls) {
        const [method, template] = call.split(' ') as [string, string];
        const path = template.replace(':id', fresh.id).replace(':ticket', fresh.ticket);
        const reason = `no csrf header ${call} ${role}`;
        const res = await callAs(`${role} session`, method, path, { reason }, { csrf: false });
        expect(res.status, `${call} as ${role} session without x-csrf-token`).toBe(403);
        expect(res.text).not.toContain(SECRET);
      }
    }
    expect(await itemState(base, tokens.admin, fresh.id)).toBe('quarantined');
    expect(await ticketStatus(base, tokens.admin, fresh.ticket)).toBe('open');
    const rows = await auditRows(base, tokens.admin);
    expect(rows.filter((r) => r.reason?.startsWith('no csrf header'))).toEqual([]);
    expect(rows.filter((r) => r.item === fresh.id || r.item === fresh.ticket)).toEqual([]);
  });

  it('refuses a session’s state-changing call whose x-csrf-token belongs to another session', async () => {
    const fresh = await mail();
    const other = sessions.admin.csrf;
    const res = await sessions.reviewer.browser.request(`/api/quarantine/${fresh.id}/release`, {
      json: { reason: 'foreign csrf header' },
      headers: { 'x-csrf-token': other },
    });
    expect(res.status).toBe(403);
    expect(await itemState(base, tokens.admin, fresh.id)).toBe('quarantined');
  });

  it('does not take a session id as a bearer token, nor a bearer token as a session cookie', async () => {
    const sessionId = sessions.admin.browser.jar.get('dg_session')!;
    const asBearer = await new Browser(base).request('/api/quarantine', { bearer: sessionId });
    expect(asBearer.status).toBe(401);
    const asCookie = await new Browser(base).request('/api/quarantine', {
      headers: { cookie: `dg_session=${tokens.admin}` },
    });
    expect(asCookie.status).toBe(401);
  });

  it('lets a bearer call change state without any CSRF token', async () => {
    const fresh = await mail();
    const res = await new Browser(base).request(`/api/quarantine/${fresh.id}/release`, {
      json: { reason: 'bearer needs no csrf' },
      bearer: tokens.reviewer,
    });
    expect(res.status).toBe(200);
    expect(await itemState(base, tokens.admin, fresh.id)).toBe('released');
  });

  it('refuses a reveal without a reason (400) and audits nothing', async () => {
    for (const body of [{}, { reason: '' }, { reason: '   ' }]) {
      const res = await callAs('reviewer token', 'POST', `/api/quarantine/${shared.id}/reveal`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.text).not.toContain(SECRET);
    }
    const rows = await auditRows(base, tokens.admin);
    expect(
      rows.filter((r) => r.action === 'reveal' && (r.reason === null || r.reason.trim() === '')),
    ).toEqual([]);
  });

  it('returns list fields as specified and filters by state, type, sender, from and to', async () => {
    const res = await callAs('viewer token', 'GET', '/api/quarantine?state=all');
    const items = res.json<{ items: Array<Record<string, unknown>> }>().items;
    const item = items.find((i) => i['id'] === shared.id)!;
    for (const key of ['id', 'subject', 'sender', 'reason', 'types', 'ticket', 'receivedAt']) {
      expect(item, key).toHaveProperty(key);
    }
    expect(String(item['subject'])).toContain(shared.subjectMarker);
    expect(String(item['subject'])).not.toContain(SECRET);
    const ids = async (query: string) =>
      (await callAs('viewer token', 'GET', `/api/quarantine?${query}`))
        .json<{ items: Array<{ id: string }> }>()
        .items.map((i) => i.id);
    expect(await ids('sender=jane.sharedq1')).toEqual([shared.id]);
    expect(await ids('type=password&sender=jane.sharedq1')).toEqual([shared.id]);
    expect(await ids('type=iban&sender=jane.sharedq1')).toEqual([]);
    expect(await ids('state=released&sender=jane.sharedq1')).toEqual([]);
    expect(await ids('from=2000-01-01&to=2000-01-02')).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await ids(`from=${today}&sender=jane.sharedq1`)).toEqual([shared.id]);
  });
});

describe('no data without credentials', () => {
  it('answers anonymous, bogus-token and bogus-session GETs of every page and API path with 401 or a redirect to /login, without the item', async () => {
    const { id, ticket } = shared;
    const paths = [
      '/',
      '/quarantine',
      '/quarantine?state=all',
      '/quarantine?sender=jane',
      `/quarantine/${id}`,
      '/tickets',
      `/tickets/${ticket}`,
      '/audit',
      '/api/quarantine',
      '/api/quarantine?state=all',
      '/api/quarantine?sender=jane',
      `/api/quarantine/${id}`,
      '/api/tickets',
      `/api/tickets/${ticket}`,
      '/api/audit',
    ];
    const strangers: Array<[string, Record<string, string>]> = [
      ['anonymous', {}],
      ['a bogus bearer token', { authorization: 'Bearer dgt_notarealtokenatallnotarealtoken00' }],
      ['a bogus session cookie', { cookie: 'dg_session=RLhQ_CG6nZpQI8X7dZLBATQQrGJaEKy6v_rKsyxH9eg' }],
    ];
    const leaks: string[] = [];
    for (const [who, headers] of strangers) {
      for (const path of paths) {
        let res = await new Browser(base).request(path, { headers });
        // `/` may send a stranger on to another page first; what counts is where the hops end.
        for (let hop = 0; hop < 3 && [302, 303, 307].includes(res.status); hop++) {
          const next = res.headers.get('location') ?? '';
          if (next.startsWith('/login') || !next.startsWith('/')) break;
          res = await new Browser(base).request(next, { headers });
        }
        const location = res.headers.get('location') ?? '';
        const refused =
          res.status === 401 || ([302, 303, 307].includes(res.status) && location.startsWith('/login'));
        if (!refused) leaks.push(`${who} GET ${path}: ${res.status} ${location}`);
        for (const needle of [shared.subjectMarker, 'jane.sharedq1', id, ticket, SECRET]) {
          if (res.text.includes(needle)) leaks.push(`${who} GET ${path}: body holds ${needle}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it('answers a stranger alike for an item or ticket that exists and one that does not', async () => {
    const pairs = [
      [`/api/quarantine/${shared.id}`, '/api/quarantine/0MX0000000000000000'],
      [`/api/tickets/${shared.ticket}`, '/api/tickets/DG-ZZZZZZ'],
      [`/quarantine/${shared.id}`, '/quarantine/0MX0000000000000000'],
      [`/tickets/${shared.ticket}`, '/tickets/DG-ZZZZZZ'],
    ];
    for (const [real, made] of pairs) {
      const a = await new Browser(base).request(real!);
      const b = await new Browser(base).request(made!);
      expect(b.status, `${real} vs ${made}`).toBe(a.status);
      expect(b.text.replaceAll(made!, '').length, `${real} vs ${made}`).toBe(
        a.text.replaceAll(real!, '').length,
      );
    }
  });

  it('refuses anonymous state changes on the web forms and the API, and nothing happens', async () => {
    const fresh = await mail();
    const posts = [
      `/quarantine/${fresh.id}/reveal`,
      `/quarantine/${fresh.id}/release`,
      `/quarantine/${fresh.id}/delete`,
      `/tickets/${fresh.ticket}/solve`,
      `/api/quarantine/${fresh.id}/reveal`,
      `/api/quarantine/${fresh.id}/release`,
      `/api/tickets/${fresh.ticket}/solve`,
    ];
    for (const path of posts) {
      const res = await new Browser(base).request(path, {
        form: { reason: 'anonymous try', confirm: 'yes' },
      });
      expect([401, 403, 303], `POST ${path}`).toContain(res.status);
      if (res.status === 303) expect(res.headers.get('location')).toMatch(/^\/login/);
      expect(res.text).not.toContain(SECRET);
    }
    const del = await new Browser(base).request(`/api/quarantine/${fresh.id}`, { method: 'DELETE' });
    expect(del.status).toBe(401);
    expect(await itemState(base, tokens.admin, fresh.id)).toBe('quarantined');
    expect(await ticketStatus(base, tokens.admin, fresh.ticket)).toBe('open');
    expect((await auditRows(base, tokens.admin)).filter((r) => r.item === fresh.id)).toEqual([]);
  });

  it('keeps /metrics behind http.metricsToken', async () => {
    const anon = await new Browser(base).request('/metrics');
    expect([401, 403]).toContain(anon.status);
    expect(anon.text).not.toContain('deskguard_messages_received_total');
    const wrong = await new Browser(base).request('/metrics', { bearer: `${METRICS_TOKEN}x` });
    expect([401, 403]).toContain(wrong.status);
    const staff = await new Browser(base).request('/metrics', { bearer: tokens.admin });
    expect([401, 403]).toContain(staff.status);
    const right = await new Browser(base).request('/metrics', { bearer: METRICS_TOKEN });
    expect(right.status).toBe(200);
    expect(right.text).toMatch(/^deskguard_messages_received_total \d+$/m);
  });
});

describe('headers and what answers hold', () => {
  it('marks every page no-store with a Content-Security-Policy, and shows the mailed password nowhere but in a reveal', async () => {
    const pages = [
      '/quarantine',
      '/quarantine?state=all',
      `/quarantine/${shared.id}`,
      '/tickets',
      `/tickets/${shared.ticket}`,
      '/audit',
      `/quarantine/NOSUCHITEM0000000000`,
      `/tickets/DG-NOSUCH`,
    ];
    const api = [
      '/api/quarantine?state=all',
      `/api/quarantine/${shared.id}`,
      '/api/tickets',
      `/api/tickets/${shared.ticket}`,
      '/api/audit',
      '/api/openapi.json',
    ];
    const problems: string[] = [];
    for (const role of ROLES) {
      for (const path of pages) {
        const res = await sessions[role].browser.request(path);
        if (!/no-store/.test(res.headers.get('cache-control') ?? ''))
          problems.push(`${role} ${path}: not no-store`);
        if (!res.headers.get('content-security-policy')) problems.push(`${role} ${path}: no CSP`);
        if (res.text.includes(SECRET)) problems.push(`${role} ${path}: holds the password`);
      }
      for (const path of api) {
        for (const res of [
          await sessions[role].browser.request(path),
          await new Browser(base).request(path, { bearer: tokens[role] }),
        ]) {
          if (res.text.includes(SECRET)) problems.push(`${role} ${path}: holds the password`);
        }
      }
    }
    const login = await new Browser(base).request('/login');
    if (!/no-store/.test(login.headers.get('cache-control') ?? '')) problems.push('/login: not no-store');
    if (!login.headers.get('content-security-policy')) problems.push('/login: no CSP');
    expect(problems).toEqual([]);
  });

  it('answers a reveal, on the web and in the API, with the original and Cache-Control: no-store', async () => {
    const api = await callAs('reviewer token', 'POST', `/api/quarantine/${shared.id}/reveal`, {
      reason: 'headers check',
    });
    expect(api.status).toBe(200);
    expect(api.text).toContain(SECRET);
    expect(api.headers.get('cache-control')).toMatch(/no-store/);
    const s = sessions.reviewer;
    const web = await s.browser.request(`/quarantine/${shared.id}/reveal`, {
      form: {
        _csrf: await s.browser.formToken(`/quarantine/${shared.id}`),
        reason: 'web headers check',
        confirm: 'yes',
      },
    });
    expect(web.status).toBe(200);
    expect(web.text).toContain(SECRET);
    expect(web.headers.get('cache-control')).toMatch(/no-store/);
    expect(web.headers.get('content-security-policy')).toBeTruthy();
    // Once revealed, the item page and the lists still show only the redacted copy.
    expect((await s.browser.request(`/quarantine/${shared.id}`)).text).not.toContain(SECRET);
    expect((await callAs('reviewer token', 'GET', `/api/quarantine/${shared.id}`)).text).not.toContain(
      SECRET,
    );
  });

  it('sets the session and CSRF cookies HttpOnly and SameSite=Strict, and not Secure over plain HTTP', async () => {
    const b = new Browser(base);
    const page = await b.request('/login');
    const res = await b.signIn('viewer-user', PASSWORDS.viewer);
    expect(res.status).toBe(303);
    const lines = [...page.setCookies, ...res.setCookies];
    const session = lines.filter((l) => l.startsWith('dg_session='));
    expect(session).toHaveLength(1);
    for (const line of lines) {
      expect(line, line).toMatch(/;\s*HttpOnly/i);
      expect(line, line).toMatch(/;\s*SameSite=Strict/i);
    }
    expect(session[0]).not.toMatch(/;\s*Secure/i);
  });
});
