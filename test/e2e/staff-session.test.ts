import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import {
  type Answer,
  addUser,
  auditRows,
  Browser,
  createToken,
  csrfFrom,
  itemState,
  mailPassword,
  type Session,
  signedIn,
  ticketStatus,
} from '../helpers/staff-http.js';

// An outside tester's view of the staff web UI's sessions: CSRF on the forms, session fixation,
// sign-out and removed users, lockout without user enumeration, and the audit trail of web actions.

const SECRET = 'Canary-Pw-4418-Xv?';
const PW = {
  a: 'reviewer-a-pass-3321',
  b: 'reviewer-b-pass-7702',
  v: 'viewer-v-pass-1180',
  adm: 'admin-pass-6409-xx',
};

let t: TestGateway;
let base: string;
let adminToken: string;
let seq = 0;

const mail = () => mailPassword(t.port, base, adminToken, SECRET, `sess${++seq}x`);
const cli = (...args: string[]) => runCli([...args, '--config', t.paths.configFile, '--actor', 'tester']);

/** The web form actions on an item or its ticket, with what each needs besides `_csrf`. */
const FORMS = {
  reveal: (id: string) => ({ path: `/quarantine/${id}/reveal`, fields: { confirm: 'yes' } }),
  release: (id: string) => ({ path: `/quarantine/${id}/release`, fields: { confirm: 'yes' } }),
  delete: (id: string) => ({ path: `/quarantine/${id}/delete`, fields: { confirm: 'yes' } }),
  solve: (ticket: string) => ({ path: `/tickets/${ticket}/solve`, fields: { confirm: 'yes' } }),
};

/** Asserts that nothing was done to the item and its ticket, and that no audit row names them. */
async function untouched(m: { id: string; ticket: string }, reasonPrefix: string) {
  expect(await itemState(base, adminToken, m.id)).toBe('quarantined');
  expect(await ticketStatus(base, adminToken, m.ticket)).toBe('open');
  const rows = await auditRows(base, adminToken);
  expect(rows.filter((r) => r.item === m.id || r.item === m.ticket)).toEqual([]);
  expect(rows.filter((r) => r.reason?.startsWith(reasonPrefix))).toEqual([]);
}

/** Posts every action form for `m` through `post`; each must be refused with 403. */
async function allRefused(
  m: { id: string; ticket: string },
  reason: string,
  post: (path: string, fields: Record<string, string>) => Promise<Answer>,
) {
  for (const [name, form] of Object.entries(FORMS)) {
    const { path, fields } = form(name === 'solve' ? m.ticket : m.id);
    const res = await post(path, { ...fields, reason: `${reason} ${name}` });
    expect(res.status, `${reason}: POST ${path}`).toBe(403);
    expect(res.text).not.toContain(SECRET);
  }
  await untouched(m, reason);
}

let setupPath = '';

beforeAll(async () => {
  t = await startTestGateway({ http: { signIn: { attemptsPerMinute: 1000 }, requestsPerMinute: 100_000 } });
  // The in-process gateway hands over its setup link (`serve` prints it: staff-setup.test.ts).
  setupPath = t.gateway.setupLink ? new URL(t.gateway.setupLink).pathname : '';
  base = `http://127.0.0.1:${t.gateway.httpPort}`;
  await addUser(t.paths.configFile, 'rev-a', 'reviewer', PW.a);
  await addUser(t.paths.configFile, 'rev-b', 'reviewer', PW.b);
  await addUser(t.paths.configFile, 'view-v', 'viewer', PW.v);
  await addUser(t.paths.configFile, 'adm', 'admin', PW.adm);
  adminToken = await createToken(t.paths.configFile, 'auditor', 'admin');
});
afterAll(async () => {
  await t?.dispose();
});

describe('CSRF on the web forms', () => {
  let a: Session;
  let b: Session;
  beforeAll(async () => {
    a = await signedIn(base, 'rev-a', PW.a);
    b = await signedIn(base, 'rev-b', PW.b);
  });

  it('refuses a form POST without _csrf', async () => {
    const m = await mail();
    await allRefused(m, 'csrf missing', (path, fields) => a.browser.request(path, { form: fields }));
  });

  it('refuses a form POST with an empty or made-up _csrf', async () => {
    const m = await mail();
    await allRefused(m, 'csrf empty', (path, fields) =>
      a.browser.request(path, { form: { ...fields, _csrf: '' } }),
    );
    const forged = `${a.csrf.slice(0, -4)}AAAA`;
    await allRefused(m, 'csrf forged', (path, fields) =>
      a.browser.request(path, { form: { ...fields, _csrf: forged } }),
    );
  });

  it('refuses a form POST carrying another session’s token', async () => {
    const m = await mail();
    // B's token with A's cookies.
    await allRefused(m, 'csrf other token', (path, fields) =>
      a.browser.request(path, { form: { ...fields, _csrf: b.csrf } }),
    );
    // B's token and B's CSRF cookie, but A's session: a token belongs to one session.
    const mixed = `dg_session=${a.browser.jar.get('dg_session')}; _csrf=${b.browser.jar.get('_csrf')}`;
    await allRefused(m, 'csrf other pair', (path, fields) =>
      a.browser.request(path, { form: { ...fields, _csrf: b.csrf }, headers: { cookie: mixed } }),
    );
  });

  it('refuses a form POST with the token from before sign-in', async () => {
    const m = await mail();
    const browser = new Browser(base);
    const before = csrfFrom((await browser.request('/login')).text)!;
    expect(before).toBeTruthy();
    const res = await browser.request('/login', { form: { name: 'rev-a', password: PW.a, _csrf: before } });
    expect(res.status).toBe(303);
    await allRefused(m, 'csrf pre-login', (path, fields) =>
      browser.request(path, { form: { ...fields, _csrf: before } }),
    );
  });

  it('does the action with the session’s own token (the refusals above are about the token alone)', async () => {
    const m = await mail();
    const res = await a.browser.request(FORMS.release(m.id).path, {
      form: {
        confirm: 'yes',
        reason: 'own token works',
        _csrf: await a.browser.formToken(`/quarantine/${m.id}`),
      },
    });
    expect([200, 303]).toContain(res.status);
    expect(await itemState(base, adminToken, m.id)).toBe('released');
  });

  it('refuses the login form without its _csrf', async () => {
    const browser = new Browser(base);
    await browser.request('/login');
    const res = await browser.request('/login', { form: { name: 'rev-a', password: PW.a } });
    expect(res.status).toBe(403);
    expect(browser.jar.has('dg_session')).toBe(false);
  });
});

describe('web actions by role, and their audit rows', () => {
  it('refuses a viewer’s reveal, release, delete and solve forms (403) even with a valid token', async () => {
    const v = await signedIn(base, 'view-v', PW.v);
    const m = await mail();
    await allRefused(m, 'viewer form', async (path, fields) =>
      // The token comes from the list page: opening the item page would itself be audited (a view).
      v.browser.request(path, { form: { ...fields, _csrf: await v.browser.formToken('/quarantine') } }),
    );
  });

  it('writes an audit row with the user name and the reason for every web reveal, release, delete and solve', async () => {
    const a = await signedIn(base, 'rev-a', PW.a);
    const [m1, m2, m3, m4] = [await mail(), await mail(), await mail(), await mail()];
    const post = async (path: string, fields: Record<string, string>, page: string) =>
      a.browser.request(path, { form: { ...fields, _csrf: await a.browser.formToken(page) } });
    const reveal = await post(
      FORMS.reveal(m1.id).path,
      { confirm: 'yes', reason: 'web audit reveal' },
      `/quarantine/${m1.id}`,
    );
    expect(reveal.status).toBe(200);
    expect(reveal.text).toContain(SECRET);
    const release = await post(
      FORMS.release(m2.id).path,
      { confirm: 'yes', reason: 'web audit release' },
      `/quarantine/${m2.id}`,
    );
    expect([200, 303]).toContain(release.status);
    const del = await post(
      FORMS.delete(m3.id).path,
      { confirm: 'yes', reason: 'web audit delete' },
      `/quarantine/${m3.id}`,
    );
    expect([200, 303]).toContain(del.status);
    const solve = await post(FORMS.solve(m4.ticket).path, { confirm: 'yes' }, `/tickets/${m4.ticket}`);
    expect([200, 303]).toContain(solve.status);
    expect(await itemState(base, adminToken, m2.id)).toBe('released');
    expect(await itemState(base, adminToken, m3.id)).toBe('deleted');
    expect(await ticketStatus(base, adminToken, m4.ticket)).toBe('solved');
    const rows = await auditRows(base, adminToken);
    const has = (action: string, item: string, reason?: string) =>
      rows.some(
        (r) =>
          r.actor === 'rev-a' && r.action === action && r.item === item && (!reason || r.reason === reason),
      );
    expect(has('reveal', m1.id, 'web audit reveal')).toBe(true);
    expect(has('release', m2.id, 'web audit release')).toBe(true);
    expect(has('delete', m3.id, 'web audit delete')).toBe(true);
    expect(has('solve', m4.ticket)).toBe(true);
    for (const r of rows) expect(r.at ?? r.time, JSON.stringify(r)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('refuses a release or delete form without its confirmation, and nothing happens', async () => {
    const a = await signedIn(base, 'rev-a', PW.a);
    const m = await mail();
    for (const action of ['release', 'delete'] as const) {
      const res = await a.browser.request(FORMS[action](m.id).path, {
        form: { reason: 'unconfirmed', _csrf: await a.browser.formToken(`/quarantine/${m.id}`) },
      });
      expect(res.status, action).toBeGreaterThanOrEqual(400);
    }
    expect(await itemState(base, adminToken, m.id)).toBe('quarantined');
  });
});

describe('session fixation, sign-out and removal', () => {
  it('does not keep a dg_session cookie the client had before sign-in', async () => {
    const browser = new Browser(base);
    const fixed = 'Fx3dSessionChosenByAttacker00000000000000000';
    browser.jar.set('dg_session', fixed);
    const res = await browser.signIn('rev-a', PW.a);
    expect(res.status).toBe(303);
    expect(browser.jar.get('dg_session')).toBeTruthy();
    expect(browser.jar.get('dg_session')).not.toBe(fixed);
    const withFixed = await new Browser(base).request('/api/quarantine', {
      headers: { cookie: `dg_session=${fixed}` },
    });
    expect(withFixed.status).toBe(401);
  });

  it('does not lift a planted, valid session to the account that signs in with it', async () => {
    // The attacker signs in as a viewer and plants that session cookie in the victim's browser.
    const attacker = await signedIn(base, 'view-v', PW.v);
    const planted = attacker.browser.jar.get('dg_session')!;
    // The attacker plants both cookies, so the form token of the planted session is valid; a
    // signed-in browser is sent on from /login, so the token comes from a page of that session.
    const victim = new Browser(base);
    for (const [k, v] of attacker.browser.jar) victim.jar.set(k, v);
    const token = await victim.formToken('/quarantine');
    const res = await victim.request('/login', { form: { name: 'adm', password: PW.adm, _csrf: token } });
    expect(res.status).toBe(303);
    expect(victim.jar.get('dg_session')).not.toBe(planted);
    const asAttacker = await new Browser(base).request('/api/audit', {
      headers: { cookie: `dg_session=${planted}` },
    });
    expect([401, 403]).toContain(asAttacker.status);
    expect((await victim.request('/api/audit')).status).toBe(200);
  });

  it('ends the session on sign-out: the old cookie no longer works', async () => {
    const s = await signedIn(base, 'rev-a', PW.a);
    const old = s.browser.jar.get('dg_session')!;
    const out = await s.browser.request('/logout', { form: { _csrf: s.csrf } });
    expect([200, 302, 303]).toContain(out.status);
    const api = await new Browser(base).request('/api/quarantine', {
      headers: { cookie: `dg_session=${old}` },
    });
    expect(api.status).toBe(401);
    const page = await new Browser(base).request('/quarantine', { headers: { cookie: `dg_session=${old}` } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/login/);
  });

  it('ends a removed user’s sessions, and a revoked token stops working', async () => {
    await addUser(t.paths.configFile, 'leaver', 'reviewer', 'leaver-pass-88231');
    const s = await signedIn(base, 'leaver', 'leaver-pass-88231');
    expect((await s.browser.request('/api/quarantine')).status).toBe(200);
    const removed = await cli('users', 'remove', 'leaver');
    expect(removed.code, removed.stderr).toBe(0);
    expect((await s.browser.request('/api/quarantine')).status).toBe(401);
    const page = await s.browser.request('/quarantine');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/login/);

    const token = await createToken(t.paths.configFile, 'temp-bot', 'reviewer');
    expect((await new Browser(base).request('/api/quarantine', { bearer: token })).status).toBe(200);
    const revoked = await cli('tokens', 'revoke', 'temp-bot');
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((await new Browser(base).request('/api/quarantine', { bearer: token })).status).toBe(401);
  });
});

describe('what the web UI does with what others choose', () => {
  it('sends a signed-in user only to a page of this site, whatever `next` says', async () => {
    const evil = ['https://evil.example/x', '//evil.example/x', '/\\evil.example/x', 'javascript:alert(1)'];
    for (const next of evil) {
      const browser = new Browser(base);
      const q = `?next=${encodeURIComponent(next)}`;
      const page = await browser.request(`/login${q}`);
      expect(page.status).toBe(200);
      const res = await browser.request(`/login${q}`, {
        form: { name: 'rev-a', password: PW.a, _csrf: csrfFrom(page.text)!, next },
      });
      expect(res.status, next).toBe(303);
      const location = res.headers.get('location') ?? '';
      expect(location, next).toMatch(/^\/(?![/\\])/);
    }
  });

  it('shows markup a customer put in the subject and sender name as text, never as markup', async () => {
    const v = await signedIn(base, 'view-v', PW.v);
    const marker = `xss${++seq}x`;
    const m = await mailPassword(t.port, base, adminToken, SECRET, `${marker} <img src=x onerror=alert(1)>`);
    const pages = ['/quarantine', `/quarantine/${m.id}`, '/tickets', `/tickets/${m.ticket}`];
    for (const path of pages) {
      const page = await v.browser.request(path);
      expect(page.status, path).toBe(200);
      expect(page.text, path).toContain(marker);
      expect(page.text, path).not.toContain('<img src=x onerror');
    }
  });
});

describe('accounts that change', () => {
  it('does not bring an old session back when a removed user is added again (with a lower role)', async () => {
    await addUser(t.paths.configFile, 'again', 'admin', 'again-admin-pass-001');
    const old = await signedIn(base, 'again', 'again-admin-pass-001');
    expect((await cli('users', 'remove', 'again')).code).toBe(0);
    await addUser(t.paths.configFile, 'again', 'viewer', 'again-viewer-pass-002');
    expect((await old.browser.request('/api/quarantine')).status).toBe(401);
    expect((await old.browser.request('/api/audit')).status).toBe(401);
  });

  it('refuses the sign-out form without its _csrf: the session goes on', async () => {
    const s = await signedIn(base, 'rev-b', PW.b);
    const out = await s.browser.request('/logout', { form: {} });
    expect(out.status).toBe(403);
    expect((await s.browser.request('/api/quarantine')).status).toBe(200);
  });

  it('does not open the setup link once an administrator exists (made with the CLI)', async () => {
    expect(setupPath).toMatch(/^\/setup\//);
    const b = new Browser(base);
    const page = await b.request(setupPath);
    expect(page.status).toBeGreaterThanOrEqual(400);
    const token = csrfFrom((await b.request('/login')).text)!;
    const res = await b.request(setupPath, {
      form: { name: 'late-admin', password: 'late-admin-pass-0001', _csrf: token },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect((await cli('users', 'list')).stdout).not.toContain('late-admin');
  });
});

describe('lockout', () => {
  /** The answer to a sign-in with its varying parts (CSRF tokens) blanked, to compare two answers. */
  const shape = (r: Answer) => ({
    status: r.status,
    location: r.headers.get('location'),
    sessionCookie: r.setCookies.some((c) => c.startsWith('dg_session=')),
    body: r.text.replace(/value="[^"]*"/g, 'value=""'),
  });

  it('locks an account after maxFailures (5) wrong passwords: the right one is refused too, and users list shows it', async () => {
    await addUser(t.paths.configFile, 'locky', 'viewer', 'locky-right-pass-1');
    for (let i = 0; i < 5; i++) {
      const res = await new Browser(base).signIn('locky', `wrong-pass-${i}-xxxxx`);
      expect(res.status).not.toBe(303);
    }
    const right = await new Browser(base).signIn('locky', 'locky-right-pass-1');
    expect(right.status).not.toBe(303);
    expect(right.setCookies.some((c) => c.startsWith('dg_session='))).toBe(false);
    const list = await cli('users', 'list', '--json');
    const users = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { name: string; locked: unknown });
    expect(users.find((u) => u.name === 'locky')?.locked).toBeTruthy();
    expect(users.find((u) => u.name === 'rev-a')?.locked).toBeFalsy();
    expect((await cli('users', 'list')).stdout.split('\n').find((l) => l.startsWith('locky '))).toMatch(
      /lock/i,
    );
    // Others are not locked out with it.
    expect((await new Browser(base).signIn('rev-b', PW.b)).status).toBe(303);
  });

  it('keeps the lock whatever the case or spacing of the name', async () => {
    // 'locky' was locked by the test before.
    for (const name of ['LOCKY', 'Locky', ' locky', 'locky ', 'locky\t']) {
      const res = await new Browser(base).signIn(name, 'locky-right-pass-1');
      expect(
        res.setCookies.some((c) => c.startsWith('dg_session=')),
        JSON.stringify(name),
      ).toBe(false);
    }
  });

  it('counts failures in a row: a successful sign-in starts the count again', async () => {
    await addUser(t.paths.configFile, 'streak', 'viewer', 'streak-right-pass-1');
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) {
        expect((await new Browser(base).signIn('streak', `wrong-${round}-${i}-xxxxxx`)).status).not.toBe(303);
      }
      expect((await new Browser(base).signIn('streak', 'streak-right-pass-1')).status).toBe(303);
    }
  });

  it('answers a wrong password for an unknown user exactly like one for a known user, also past maxFailures', async () => {
    await addUser(t.paths.configFile, 'known-k', 'viewer', 'known-right-pass-1');
    // The account exists and signs in; a refusal below is about the password alone.
    expect((await new Browser(base).signIn('known-k', 'known-right-pass-1')).status).toBe(303);
    const first = await new Browser(base).signIn('known-k', 'wrong-pass-first-xx');
    expect(first.status).not.toBe(303);
    expect(first.text, 'a failed sign-in shows the form again').toContain('name="password"');
    const diffs: string[] = [];
    for (let i = 0; i < 6; i++) {
      const known = shape(await new Browser(base).signIn('known-k', `wrong-pass-${i}-xxxxx`));
      const unknown = shape(await new Browser(base).signIn('unknown-u', `wrong-pass-${i}-xxxxx`));
      if (JSON.stringify(known) !== JSON.stringify(unknown)) {
        diffs.push(`attempt ${i + 1}: known ${JSON.stringify(known)} vs unknown ${JSON.stringify(unknown)}`);
      }
    }
    expect(diffs).toEqual([]);
  });
});
