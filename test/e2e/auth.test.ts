import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arc } from 'mailauth/lib/arc/index.js';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type TestDnsServer, type Zone } from '../helpers/dns-server.js';
import { maildirMessages, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SmtpClient } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

// One key pair signs for every test domain; its public half is published under each selector.
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const pub = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const dkimTxt = `v=DKIM1; k=rsa; p=${pub}`;

const zone: Zone = {
  // p=reject staff domain, relaxed alignment
  'reject.test': [{ TXT: 'v=spf1 -all' }],
  '_dmarc.reject.test': [{ TXT: 'v=DMARC1; p=reject' }],
  'sel._domainkey.reject.test': [{ TXT: dkimTxt }],
  'sel._domainkey.mail.reject.test': [{ TXT: dkimTxt }],
  // weaker policy: forgeries are held, not refused
  'quar.test': [{ TXT: 'v=spf1 -all' }],
  '_dmarc.quar.test': [{ TXT: 'v=DMARC1; p=quarantine' }],
  // strict alignment: a signature of a subdomain does not count
  'strict.test': [{ TXT: 'v=spf1 -all' }],
  '_dmarc.strict.test': [{ TXT: 'v=DMARC1; p=reject; adkim=s; aspf=s' }],
  'sel._domainkey.mail.strict.test': [{ TXT: dkimTxt }],
  'sel._domainkey.strict.test': [{ TXT: dkimTxt }],
  // p=none: a forgery is still held
  'none.test': [{ TXT: 'v=spf1 -all' }],
  '_dmarc.none.test': [{ TXT: 'v=DMARC1; p=none' }],
  // a customer whose SPF allows only the address a trusted relay forwards with XCLIENT
  'relayed.test': [{ TXT: 'v=spf1 ip4:198.51.100.7 -all' }],
  // a staff domain whose DNS never answers
  'slow.test': ['TIMEOUT'],
  '_dmarc.slow.test': ['TIMEOUT'],
  // an ordinary customer whose SPF allows the loopback client
  'customer.test': [{ TXT: 'v=spf1 ip4:127.0.0.1 -all' }],
  '_dmarc.customer.test': [{ TXT: 'v=DMARC1; p=none' }],
  // our ARC sealing key
  'arc._domainkey.gw.test': [{ TXT: dkimTxt }],
};

let dns: TestDnsServer;
let gw: TestGateway;

beforeAll(async () => {
  dns = await startDnsServer(zone);
  const dir = (await import('../helpers/gateway.js')).makeTempDir('dg-auth-');
  const keyFile = join(dir, 'arc.pem');
  writeFileSync(keyFile, pem);
  gw = await startTestGateway(
    {
      smtp: { hostname: 'gw.test', trustedRelays: ['127.0.0.1'] },
      staff: {
        domains: ['reject.test', 'quar.test', 'strict.test', 'slow.test', 'none.test'],
        displayNames: ['Reject Support'],
      },
      // Every name but slow.test answers at once. A query slow.test never answers would wait two
      // minutes (timeoutMs): only the per-message budget (1.5 s) can end it within a test.
      dns: { servers: [dns.address], timeoutMs: 120_000, budgetMs: 1500, cacheTtlSeconds: 0 },
      auth: { arcSeal: { enabled: true, domain: 'gw.test', selector: 'arc', keyFile } },
    },
    dir,
  );
});

afterAll(async () => {
  await gw?.dispose();
  await dns?.close();
});

function message(from: string, token: string, extraHeaders = ''): string {
  return [
    `From: ${from}`,
    'To: support@localhost',
    `Subject: auth ${token}`,
    `Message-ID: <${token}@auth.test>`,
    'Date: Sun, 22 Nov 2026 10:00:00 +0000',
    extraHeaders,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Body of ${token}.`,
    '',
  ]
    .filter((l, i) => l !== '' || i > 5)
    .join('\r\n');
}

async function signed(msg: string, domain: string, maxBodyLength?: number): Promise<string> {
  const res = await dkimSign(msg, {
    signatureData: [
      {
        signingDomain: domain,
        selector: 'sel',
        privateKey: pem,
        ...(maxBodyLength ? { maxBodyLength } : {}),
      },
    ],
  } as never);
  return res.signatures + msg;
}

async function send(mailFrom: string, msg: string) {
  const c = await SmtpClient.connect(gw.port);
  await c.ehlo('client.customer.test');
  const r = await c.sendMail(mailFrom, ['support@localhost'], msg);
  await c.quit();
  return r;
}

const delivered = (token: string) =>
  waitFor(() => maildirMessages(gw.paths.maildir).find((m) => m.content.includes(`<${token}@auth.test>`)), {
    what: `delivery of ${token}`,
  });

const stateOf = async (queueId: string) => {
  const { openDatabase } = await import('../../src/adapters/sqlite/database.js');
  const db = openDatabase(join(gw.config.dataDir, 'deskguard.db'));
  try {
    return db.prepare('SELECT state, reason FROM messages WHERE id = ?').get(queueId) as {
      state: string;
      reason: string;
    };
  } finally {
    db.close();
  }
};

describe('sender authentication over SMTP', () => {
  it('delivers ordinary customer mail with our Authentication-Results and verdict', async () => {
    const r = await send('jane@customer.test', message('Jane <jane@customer.test>', 'cust1'));
    expect(r.final.code).toBe(250);
    const m = await delivered('cust1');
    expect(m.content).toMatch(/^Authentication-Results: gw\.test;[\s\S]*spf=pass/m);
    expect(m.content).toContain('X-Deskguard-Auth: customer');
  });

  it('delivers signed staff mail as authenticated staff, ARC-sealed', async () => {
    const r = await send(
      'alice@reject.test',
      await signed(message('Alice <alice@reject.test>', 'staff1'), 'reject.test'),
    );
    expect(r.final.code).toBe(250);
    const m = await delivered('staff1');
    expect(m.content).toContain('X-Deskguard-Auth: staff; domain=reject.test');
    expect(m.content).toMatch(/dkim=pass/);
    expect(m.content).toMatch(/^ARC-Seal: i=1;/m);
    // the seal verifies against the key we publish
    const raw = Buffer.from(m.content, 'latin1');
    const v = await dkimVerify(raw, { resolver: dnsResolve } as never);
    const chain = await arc(
      (v as unknown as { arc: unknown }).arc as never,
      { resolver: dnsResolve } as never,
    );
    expect(chain.status.result).toBe('pass');
  });

  it('refuses forged staff mail at SMTP time when the staff domain says p=reject', async () => {
    const r = await send('alice@reject.test', message('Alice <alice@reject.test>', 'forged1'));
    expect(r.final.code).toBe(550);
    expect(r.final.text).toMatch(/5\.7\.1/);
  });

  it('holds forged staff mail of a domain with a weaker policy', async () => {
    const r = await send('bob@quar.test', message('Bob <bob@quar.test>', 'forged2'));
    expect(r.final.code).toBe(250);
    const st = await waitFor(async () => {
      const s = await stateOf(r.queueId!);
      return s.state === 'held' ? s : undefined;
    });
    expect(st.reason).toMatch(/^staff_spoof/);
  });

  it('does not count a subdomain signature under adkim=s', async () => {
    const r = await send(
      'carol@strict.test',
      await signed(message('Carol <carol@strict.test>', 'strict1'), 'mail.strict.test'),
    );
    expect(r.final.code).toBe(550);
    const ok = await send(
      'carol@strict.test',
      await signed(message('Carol <carol@strict.test>', 'strict2'), 'strict.test'),
    );
    expect(ok.final.code).toBe(250);
  });

  it('relaxed alignment accepts a subdomain signature', async () => {
    const r = await send(
      'alice@reject.test',
      await signed(message('Alice <alice@reject.test>', 'relaxed1'), 'mail.reject.test'),
    );
    expect(r.final.code).toBe(250);
    await delivered('relaxed1');
  });

  it('never counts a DKIM signature with l= (appended content is unsigned)', async () => {
    const base = message('Alice <alice@reject.test>', 'ltag1');
    const signedMsg = await signed(base, 'reject.test', 10);
    const r = await send('alice@reject.test', `${signedMsg}Please send me your password.\r\n`);
    expect(r.final.code).toBe(550);
  });

  it('holds look-alike domains and staff display names, whatever their authentication', async () => {
    const look = await send('ceo@rejec7.test', message('CEO <ceo@rejec7.test>', 'look1'));
    expect(look.final.code).toBe(250);
    const name = await send('jane@customer.test', message('"Reject Support" <jane@customer.test>', 'name1'));
    expect(name.final.code).toBe(250);
    for (const id of [look.queueId!, name.queueId!]) {
      const st = await waitFor(async () => {
        const s = await stateOf(id);
        return s.state === 'held' ? s : undefined;
      });
      expect(st.reason).toMatch(/^staff_spoof/);
    }
  });

  it('rejects two From headers outright', async () => {
    const msg = message('Jane <jane@customer.test>', 'twofrom1', 'From: Alice <alice@reject.test>');
    const r = await send('jane@customer.test', msg);
    expect(r.final.code).toBe(550);
    expect(r.final.text).toMatch(/From/);
  });

  it('answers 451 within the DNS budget when a staff domain does not answer', async () => {
    // Without the budget the reply would come after timeoutMs (2 minutes), past the client's wait.
    const r = await send('dave@slow.test', message('Dave <dave@slow.test>', 'slow1'));
    expect(r.final.code).toBe(451);
    expect(r.final.text).toMatch(/4\.4\.3/);
  });

  it('refuses staff mail whose signed body was changed in transit', async () => {
    const good = await signed(message('Alice <alice@reject.test>', 'tamper1'), 'reject.test');
    const r = await send(
      'alice@reject.test',
      good.replace('Body of tamper1.', 'Body of tamper1, and send me your password.'),
    );
    expect(r.final.code).toBe(550);
  });

  it('holds a forgery of a staff domain that publishes p=none', async () => {
    const r = await send('erin@none.test', message('Erin <erin@none.test>', 'none1'));
    expect(r.final.code).toBe(250);
    const st = await waitFor(async () => {
      const s = await stateOf(r.queueId!);
      return s.state === 'held' ? s : undefined;
    });
    expect(st.reason).toMatch(/^staff_spoof/);
  });

  it('judges SPF by the client a trusted relay forwards with XCLIENT', async () => {
    const c = await SmtpClient.connect(gw.port);
    await c.ehlo('relay.test');
    const x = await c.send('XCLIENT ADDR=198.51.100.7 NAME=mx.relayed.test HELO=mx.relayed.test');
    expect(x.code).toBe(220);
    await c.ehlo('mx.relayed.test');
    const r = await c.sendMail(
      'user@relayed.test',
      ['support@localhost'],
      message('User <user@relayed.test>', 'xclient1'),
    );
    await c.quit();
    expect(r.final.code).toBe(250);
    const m = await delivered('xclient1');
    expect(m.content).toMatch(/spf=pass[^;]*smtp\.mailfrom=user@relayed\.test/);
  });

  it('removes forged Authentication-Results claiming our authserv-id', async () => {
    const forged = 'Authentication-Results: GW.test (ours?); dkim=pass header.d=forged-marker.example';
    const r = await send('jane@customer.test', message('Jane <jane@customer.test>', 'forgedar1', forged));
    expect(r.final.code).toBe(250);
    const m = await delivered('forgedar1');
    expect(m.content).not.toContain('forged-marker');
    expect(m.content.match(/^Authentication-Results: gw\.test/gm)).toHaveLength(1);
  });
});

// A resolver for the verification above that asks our test DNS server directly.
async function dnsResolve(name: string, rrtype: string) {
  const { Resolver } = await import('node:dns/promises');
  const r = new Resolver({ timeout: 1000, tries: 1 });
  r.setServers([dns.address]);
  return r.resolve(name, rrtype as 'TXT');
}
