import { createHash, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arc, sealMessage } from 'mailauth/lib/arc/index.js';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startDnsServer, type TestDnsServer, type Zone } from '../helpers/dns-server.js';
import {
  maildirMessages,
  makeTempDir,
  readDb,
  startTestGateway,
  type TestGateway,
} from '../helpers/gateway.js';
import { dotStuff, queueIdOf, SmtpClient } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Staff impersonation over real SMTP, against a test DNS server: every way From and Sender can
 * claim staff (groups, encoded-words, raw UTF-8, quoted local parts, source routes, look-alike
 * domains, Sender), forged fields in our name, source-routed recipients, and notices to senders
 * that cannot or should not receive one.
 */

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const dkimTxt = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;

const zone: Zone = {
  'staff.test': [{ TXT: 'v=spf1 -all' }],
  '_dmarc.staff.test': [{ TXT: 'v=DMARC1; p=reject' }],
  'sel._domainkey.staff.test': [{ TXT: dkimTxt }],
  'customer.test': [{ TXT: 'v=spf1 ip4:127.0.0.1 -all' }, { MX: [10, 'mx.customer.test'] }],
  '_dmarc.customer.test': [{ TXT: 'v=DMARC1; p=none' }],
  'evil.test': [{ TXT: 'v=spf1 ip4:127.0.0.1 -all' }, { A: '192.0.2.66' }],
  'arc._domainkey.forwarder.test': [{ TXT: dkimTxt }],
  'arc._domainkey.gw.test': [{ TXT: dkimTxt }],
};

let dns: TestDnsServer;
let gw: TestGateway;

beforeAll(async () => {
  dns = await startDnsServer(zone);
  const dir = makeTempDir('dg-impersonation-');
  const keyFile = join(dir, 'arc.pem');
  writeFileSync(keyFile, pem);
  gw = await startTestGateway(
    {
      smtp: { hostname: 'gw.test', recipients: ['support@localhost', '@help.localhost'] },
      staff: { domains: ['staff.test'], displayNames: ['Support Team'] },
      dns: { servers: [dns.address], timeoutMs: 400, budgetMs: 1500, cacheTtlSeconds: 0 },
      auth: {
        authservId: 'gw.test',
        arcSeal: { enabled: true, domain: 'gw.test', selector: 'arc', keyFile },
      },
      notify: { windowMinutes: 0 },
    },
    dir,
  );
});

afterAll(async () => {
  await gw?.dispose();
  await dns?.close();
});

const SECRET = 'postgres://app:S3cr3t-Pa55@db.internal:5432/prod';

/** A message as UTF-8 bytes; `from` undefined leaves the From field out. */
function message(
  from: string | undefined,
  token: string,
  extra: string[] = [],
  body = `Body of ${token}.`,
): Buffer {
  const lines = [
    ...extra,
    ...(from === undefined ? [] : [`From: ${from}`]),
    'To: support@localhost',
    `Subject: impersonation ${token}`,
    `Message-ID: <${token}@imp.test>`,
    'Date: Sun, 22 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

async function signed(msg: Buffer, domain: string): Promise<Buffer> {
  const res = await dkimSign(msg, {
    signatureData: [{ signingDomain: domain, selector: 'sel', privateKey: pem }],
  } as never);
  return Buffer.concat([Buffer.from(res.signatures), msg]);
}

/** One transaction; MAIL FROM and RCPT TO are written as UTF-8 bytes (bidi characters included). */
async function send(mailFrom: string, msg: Buffer, rcpt = 'support@localhost') {
  const c = await SmtpClient.connect(gw.port);
  try {
    await c.ehlo('client.customer.test');
    for (const line of [`MAIL FROM:<${mailFrom}>`, `RCPT TO:<${rcpt}>`]) {
      await c.write(Buffer.from(`${line}\r\n`, 'utf8'));
      const r = await c.read();
      if (r.code !== 250) return { final: r, queueId: undefined };
    }
    expect((await c.send('DATA')).code).toBe(354);
    await c.write(Buffer.concat([dotStuff(msg), Buffer.from('.\r\n')]));
    const final = await c.read(30_000);
    return { final, queueId: queueIdOf(final) };
  } finally {
    await c.quit();
  }
}

const row = (queueId: string) => readDb(gw.paths.db).messages.find((m) => m.id === queueId);
const settled = (queueId: string) =>
  waitFor(
    () => {
      const r = row(queueId);
      return r && ['held', 'delivered', 'dead'].includes(r.state) ? r : undefined;
    },
    { what: `message ${queueId} to settle` },
  );
const delivered = (token: string) =>
  waitFor(() => maildirMessages(gw.paths.maildir).find((m) => m.content.includes(`<${token}@imp.test>`)), {
    what: `delivery of ${token}`,
  });
const noticesFor = (token: string) =>
  maildirMessages(join(gw.paths.dir, 'notices')).filter((m) => m.content.includes(`<${token}@imp.test>`));

/** Accepted, then held as a staff spoof (or an unverifiable sender), with the reason given. */
async function expectHeld(mailFrom: string, msg: Buffer, reason: RegExp) {
  const r = await send(mailFrom, msg);
  expect(r.final.code).toBe(250);
  const st = await settled(r.queueId!);
  expect(st.state).toBe('held');
  expect(st.reason).toMatch(reason);
  return r.queueId!;
}

describe('a From in group syntax is held to DMARC like any other (issue 11)', () => {
  it('refuses an unauthenticated group From of a p=reject staff domain at SMTP time', async () => {
    const r = await send('ceo@staff.test', message('undisclosed: "CEO" <ceo@staff.test>;', 'group1'));
    expect(r.final.code).toBe(550);
    expect(r.final.text).toMatch(/^5\.7\.1 /);
  });

  it('delivers the same group From as staff when the staff domain signed it', async () => {
    const msg = await signed(message('undisclosed: "CEO" <ceo@staff.test>;', 'group2'), 'staff.test');
    const r = await send('ceo@staff.test', msg);
    expect(r.final.code).toBe(250);
    expect((await delivered('group2')).content).toContain('X-Deskguard-Auth: staff; domain=staff.test');
  });

  it('refuses a group of several mailboxes, and holds an empty group', async () => {
    const several = await send('x@evil.test', message('team: x@evil.test, ceo@staff.test;', 'group3'));
    expect(several.final.code).toBe(550);
    await expectHeld(
      'x@evil.test',
      message('undisclosed-recipients:;', 'group4'),
      /^unverified sender: From names no mailbox/,
    );
  });
});

describe('encoded and raw UTF-8 display names are read as a person reads them (issue 12)', () => {
  it.each([
    ['=?utf-8?B?U3VwcG9ydCBUZWFt?= <x@evil.test>', 'B, utf-8'],
    ['=?ISO-8859-1?Q?Support_Team?= <x@evil.test>', 'Q, latin1'],
    ['=?utf-16le?B?UwB1AHAAcABvAHIAdAAgAFQAZQBhAG0A?= <x@evil.test>', 'B, utf-16le'],
    ['=?utf-8?B?U3Vw?= =?utf-8?B?cG9ydCBUZWFt?= <x@evil.test>', 'two adjacent words'],
    ['=?utf-8?B?Y2VvQHN0YWZmLnRlc3Q=?= <x@evil.test>', 'an encoded staff address'],
    ['=?koi8-r?B?U3VwcM9ydCBUxWFt?= <x@evil.test>', 'Cyrillic look-alike letters in koi8-r'],
    ['"Ｓｕｐｐｏｒｔ Ｔｅａｍ" <x@evil.test>', 'raw UTF-8, full-width'],
    ['Sup\u200Bport Team <x@evil.test>', 'raw UTF-8, zero-width space'],
    ['"\u202Emaet troppuS" <x@evil.test>', 'right-to-left override'],
    ['x@evil.test (=?utf-8?Q?Support_Team?=)', 'encoded comment'],
  ])('holds %s (%s)', async (from, _why) => {
    const token = `enc-${createHash('sha256').update(from).digest('hex').slice(0, 12)}`;
    await expectHeld('x@evil.test', message(from, token), /^staff_spoof: /);
  });
});

describe('fields in our name from outside never reach the helpdesk (issue 13)', () => {
  it('removes forged X-Deskguard-* fields and results for our authserv-id in any spelling, ARC chain included', async () => {
    const base = message('Jane <jane@customer.test>', 'ournames1', [
      'X-Deskguard-Auth: staff; domain=staff.test (forged-marker)',
      'x-deskguard-verdict: deliver',
      'X-DESKGUARD-Ticket : DG-FORGED-MARKER',
      'Authentication-Results: GW.TEST.; dkim=pass header.d=staff.test (forged-marker)',
      'Authentication-Results: (ours?) "gw.test"; dmarc=pass (forged-marker)',
      'Authentication-Results: ｇｗ.test; dmarc=pass (forged-marker)',
      'Authentication-Results: mx.customer.test; spf=pass (kept-marker)',
    ]);
    // A real ARC set sealed by another domain, whose AAR claims to be ours.
    const set = await sealMessage(base, {
      signingDomain: 'forwarder.test',
      selector: 'arc',
      privateKey: pem,
      authResults: 'Gw.Test.; dmarc=pass header.from=staff.test (forged-marker)',
      cv: 'none',
    } as never);
    const r = await send('jane@customer.test', Buffer.concat([set, base]));
    expect(r.final.code).toBe(250);
    const m = await delivered('ournames1');
    const head = m.content.slice(0, m.content.indexOf('\r\n\r\n'));
    expect(head).not.toMatch(/forged-marker|staff\.test/i);
    expect(head).toContain('kept-marker');
    expect(head.match(/^Authentication-Results: gw\.test;/gm)).toHaveLength(1);
    expect(head.match(/^X-Deskguard-Auth:/gim)).toEqual(['X-Deskguard-Auth:']);
    expect(head).toContain('X-Deskguard-Auth: customer');
    // Only our ARC set is left, and it validates with the key we publish.
    expect(head.match(/^ARC-Seal:/gm)).toHaveLength(1);
    expect(head.match(/^ARC-Authentication-Results: i=1; gw\.test;/gm)).toHaveLength(1);
    const raw = Buffer.from(m.content, 'latin1');
    const v = await dkimVerify(raw, { resolver: dnsResolve } as never);
    const chain = await arc(
      (v as unknown as { arc: unknown }).arc as never,
      { resolver: dnsResolve } as never,
    );
    expect(chain.status.result).toBe('pass');
  });

  it('keeps an ARC chain that makes no claim in our name', async () => {
    const base = message('Jane <jane@customer.test>', 'honestarc1');
    const set = await sealMessage(base, {
      signingDomain: 'forwarder.test',
      selector: 'arc',
      privateKey: pem,
      authResults: 'mx.forwarder.test; spf=pass smtp.mailfrom=customer.test',
      cv: 'none',
    } as never);
    expect((await send('jane@customer.test', Buffer.concat([set, base]))).final.code).toBe(250);
    const head = (await delivered('honestarc1')).content.split('\r\n\r\n')[0]!;
    expect(head).toMatch(/^ARC-Authentication-Results: i=1; mx\.forwarder\.test;/m);
    expect(head).toMatch(/^ARC-Seal: i=2;[\s\S]*?cv=pass/m);
  });

  it('a held forgery released by staff carries our verdict, not the sender’s', async () => {
    const msg = message('Support Team <x@evil.test>', 'release1', [
      'X-Deskguard-Auth: staff; domain=staff.test',
      'Authentication-Results: gw.test; dmarc=pass header.from=staff.test',
    ]);
    const id = await expectHeld('x@evil.test', msg, /^staff_spoof: /);
    const release = await runCli([
      'quarantine',
      'release',
      id,
      '--config',
      gw.paths.configFile,
      '--actor',
      'alice',
    ]);
    expect(release.code).toBe(0);
    const m = await delivered('release1');
    const head = m.content.split('\r\n\r\n')[0]!;
    expect(head).toContain('X-Deskguard-Released: by alice');
    expect(head.match(/^X-Deskguard-Auth: .*/gm)).toEqual([
      expect.stringMatching(/^X-Deskguard-Auth: staff_spoof; /),
    ]);
    expect(head.match(/^Authentication-Results: .*/gm)).toHaveLength(1);
    expect(head).not.toContain('header.from=staff.test');
  });
});

describe('the author domain is read from every address form (issue 14)', () => {
  it.each([
    ['ceo@staff.test.evil.test', /^staff_spoof: From domain staff\.test\.evil\.test looks like staff\.test/],
    ['"ceo@staff.test"@evil.test', /^staff_spoof: local part shows an address at staff\.test/],
    ['CEO <@staff.test:x@evil.test>', /^staff_spoof: source route domain staff\.test is a staff domain/],
    ['x@evil.test (ceo@staff.test)', /^staff_spoof: comment shows an address at staff\.test/],
    ['"ceo@staff.test": x@evil.test;', /^staff_spoof: group name shows an address at staff\.test/],
  ])('holds From: %s', async (from, reason) => {
    const token = `form-${createHash('sha256').update(from).digest('hex').slice(0, 12)}`;
    await expectHeld('x@evil.test', message(from, token), reason);
  });

  it('holds an empty or missing From whose Sender is staff, and a missing From without one', async () => {
    await expectHeld(
      'x@evil.test',
      message('', 'sender1', ['Sender: ceo@staff.test']),
      /^staff_spoof: Sender domain/,
    );
    await expectHeld(
      'x@evil.test',
      message(undefined, 'sender2', ['Sender: CEO <ceo@staff.test>']),
      /^staff_spoof: Sender/,
    );
    await expectHeld(
      'x@evil.test',
      message(undefined, 'nofrom1'),
      /^unverified sender: the message has no From field/,
    );
  });

  it('refuses a From that is not one valid address with a clear reply', async () => {
    for (const [from, token] of [
      ['x@evil.test; ceo@staff.test', 'bad1'],
      ['"unterminated <ceo@staff.test>', 'bad2'],
      ['CEO <ceo@staff.test', 'bad3'],
      ['ceo@staff.test.', 'bad4'],
      ['ceo\u202E@evil.test', 'bad5'],
    ] as const) {
      const r = await send('x@evil.test', message(from, token));
      expect(r.final.code, from).toBe(550);
      expect(r.final.text).toMatch(
        /^5\.7\.1 Message not accepted: its From or Sender field is not one valid address/,
      );
    }
  });

  it('refuses unread a From or Sender longer than auth.maxAddressFieldBytes, and a second Sender', async () => {
    const long = `"${'Jane '.repeat(500)}" <jane@customer.test>`;
    expect((await send('jane@customer.test', message(long, 'long1'))).final.code).toBe(550);
    const longSender = message('Jane <jane@customer.test>', 'long2', [`Sender: ${long}`]);
    expect((await send('jane@customer.test', longSender)).final.code).toBe(550);
    const twoSenders = message('Jane <jane@customer.test>', 'twosender1', [
      'Sender: a@customer.test',
      'Sender: b@customer.test',
    ]);
    const r = await send('jane@customer.test', twoSenders);
    expect(r.final.code).toBe(550);
    expect(r.final.text).toMatch(/more than one From \(or Sender\)/);
  });
});

describe('recipients with a source route (RFC 5321 4.1.1.3)', () => {
  it('ignores the route: only the mailbox, which is ours, is accepted and nothing of the route goes on', async () => {
    const r = await send(
      'jane@customer.test',
      message('Jane <jane@customer.test>', 'route1'),
      '@relay.evil.test:support@localhost',
    );
    expect(r.final.code).toBe(250);
    const m = await delivered('route1');
    expect(JSON.parse(row(r.queueId!)!.rcpt_to)).toEqual(['support@localhost']);
    expect(m.content).not.toContain('relay.evil.test');
  });

  it('refuses a route to a mailbox that is not ours, and routing hacks under a whole-domain entry', async () => {
    for (const rcpt of [
      '@support.localhost:victim@evil.test',
      '@help.localhost,@relay.test:victim@evil.test',
      'victim%evil.test@help.localhost',
      'evil.test!victim@help.localhost',
      ':victim@help.localhost',
    ]) {
      const r = await send('jane@customer.test', message('Jane <jane@customer.test>', 'route2'), rcpt);
      expect(r.final.code, rcpt).toBe(550);
    }
  });
});

describe('notices go only to clean senders whose domain takes mail (issue 14)', () => {
  const withSecret = (token: string) =>
    message('Jane <jane@customer.test>', token, [], `Our database: ${SECRET}\r\nThanks.`);

  /** Delivered redacted, and no notice queued or written for it. */
  async function expectDeliveredWithoutNotice(token: string, queueId: string) {
    expect((await delivered(token)).content).toContain('[REDACTED:connection_string]');
    // The notice would have been queued in the same commit as the delivery.
    const queued = readDb(gw.paths.db).outbox.filter((o) => o.message_id === queueId && o.kind === 'notice');
    expect(queued).toEqual([]);
    expect(noticesFor(token)).toEqual([]);
  }

  it('sends one to a sender whose domain has an MX', async () => {
    expect((await send('jane@customer.test', withSecret('notice1'))).final.code).toBe(250);
    await waitFor(() => noticesFor('notice1')[0], { what: 'the notice' });
  });

  it('sends none to a domain that does not exist, and the ticket is delivered', async () => {
    const r = await send('jane@nowhere.customer.test', withSecret('notice2'));
    expect(r.final.code).toBe(250);
    await expectDeliveredWithoutNotice('notice2', r.queueId!);
  });

  it('sends none to an address with bidi, zero-width or other format characters', async () => {
    let accepted = 0;
    for (const [i, mailFrom] of [
      'ja\u202Ene@customer.test', // right-to-left override
      'jane\u200D@customer.test', // zero-width joiner
      'jane\u00AD@customer.test', // soft hyphen
      'jane@cust\u2066omer.test', // bidi isolate in the domain
      'jane\u200B@customer.test', // zero-width space (smtp-server refuses it at MAIL FROM)
    ].entries()) {
      const token = `hidden${i}`;
      const r = await send(mailFrom, withSecret(token));
      if (r.final.code !== 250) {
        expect(r.final.code).toBeGreaterThanOrEqual(500);
        continue;
      }
      accepted++;
      await expectDeliveredWithoutNotice(token, r.queueId!);
    }
    expect(accepted).toBeGreaterThanOrEqual(3);
  });
});

// A resolver for the verification above that asks our test DNS server directly.
async function dnsResolve(name: string, rrtype: string) {
  const { Resolver } = await import('node:dns/promises');
  const r = new Resolver({ timeout: 1000, tries: 1 });
  r.setServers([dns.address]);
  return r.resolve(name, rrtype as 'TXT');
}
