import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServeProcess } from '../helpers/cli.js';
import { makeTempDir, pathsIn, removeDir, writeConfigFile } from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';
import { recordReliability } from './record.js';
import { peakRssMb, queueState, SECRET_LINE, sendOne, serve, settled } from './support.js';

// Every notice names its ticket (DG-xxxxxx): with this rule each gateway finds "something" in the
// other's notices, so only loop detection (not an empty finding list) keeps it from answering.
const RULES = `rules:
  - id: ticket-reference
    type: generic_api_key
    rationale: Test only - makes every Deskguard notice carry a finding.
    pattern: "DG-[0-9A-Z]{6}"
    keywords: ["dg-"]
    samples:
      match: ["see ticket DG-7K3QF9"]
      noMatch: ["no ticket here"]
`;

/**
 * What the mail between the two gateways goes through, chosen by a word in the subject: `direct`
 * passes the notice as it is (null sender); `rewrite` is a forwarder that replaces the null sender
 * with the From address, as badly configured ones do; `strip` also drops our X-Deskguard-Notice.
 */
type Route = 'direct' | 'rewrite' | 'strip';
const ROUTES: Route[] = ['direct', 'rewrite', 'strip'];

interface Relay {
  port: number;
  readonly relayed: Array<{ route: Route; mailFrom: string }>;
  close(): Promise<void>;
}

async function startRelay(target: () => number): Promise<Relay> {
  const relayed: Relay['relayed'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        let raw = Buffer.concat(chunks).toString('latin1');
        const route = (/^Subject:.*\broute-(direct|rewrite|strip)\b/im.exec(raw)?.[1] ?? 'direct') as Route;
        let mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        if (route !== 'direct') mailFrom = /^From:.*<([^<>\s]+)>/im.exec(raw)?.[1] ?? mailFrom;
        // The header field, with any folded continuation lines.
        if (route === 'strip') raw = raw.replace(/^X-Deskguard-Notice:.*\r\n(?:[ \t].*\r\n)*/gim, '');
        relayed.push({ route, mailFrom });
        const rcpt = session.envelope.rcptTo.map((r) => r.address);
        SmtpClient.connect(target())
          .then(async (c) => {
            await c.ehlo('relay.test');
            const { final } = await c.sendMail(mailFrom, rcpt, raw);
            await c.quit();
            cb(
              final.code === 250 ? null : Object.assign(new Error(final.text), { responseCode: final.code }),
            );
          })
          .catch((err: Error) => cb(Object.assign(err, { responseCode: 451 })));
      });
    },
  });
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const a = server.server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
  return { port, relayed, close: () => new Promise((r) => server.close(() => r())) };
}

describe('two gateways mailing notices to each other', () => {
  const dirs: string[] = [];
  const procs: ServeProcess[] = [];
  const relays: Relay[] = [];

  afterEach(async () => {
    await Promise.all(procs.splice(0).map((p) => p.stop()));
    await Promise.all(relays.splice(0).map((r) => r.close()));
    for (const d of dirs.splice(0)) removeDir(d);
  });

  it('recognise every notice (null sender, X-Deskguard-Notice, Auto-Submitted) and never answer one', async () => {
    const ports = { a: 0, b: 0 };
    const toA = await startRelay(() => ports.a);
    const toB = await startRelay(() => ports.b);
    relays.push(toA, toB);
    // Two data directories: each gateway owns its own.
    const setup = (name: 'a' | 'b', relay: Relay) => {
      const dir = makeTempDir(`dg-faults-loop-${name}-`);
      dirs.push(dir);
      writeFileSync(join(dir, 'rules.yaml'), RULES);
      writeConfigFile(dir, {
        smtp: { recipients: [`support@${name}.test`] },
        detect: { rulesFile: join(dir, 'rules.yaml') },
        notify: {
          from: `Support ${name.toUpperCase()} <support@${name}.test>`,
          mode: 'smtp',
          smtp: { host: '127.0.0.1', port: relay.port },
          windowMinutes: 0,
        },
      });
      return pathsIn(dir);
    };
    const paths = { a: setup('a', toB), b: setup('b', toA) };
    const a = await serve(paths.a.configFile, { http: false });
    procs.push(a);
    const b = await serve(paths.b.configFile, { http: false });
    procs.push(b);
    ports.a = a.smtpPort;
    ports.b = b.smtpPort;

    // Each gateway gets, for each route, a message with a password from the other's support
    // address: its notice goes to the other gateway, whose notice would come back, and so on.
    const seed = async (to: 'a' | 'b', route: Route) => {
      const other = to === 'a' ? 'b' : 'a';
      const token = `seed-${to}-${route}`;
      const r = await sendOne(to === 'a' ? a.smtpPort : b.smtpPort, token, {
        from: `support@${other}.test`,
        to: `support@${to}.test`,
        message: testMessage(token, {
          from: `Support ${other.toUpperCase()} <support@${other}.test>`,
          to: `support@${to}.test`,
          body: SECRET_LINE,
        }).replace(`Subject: test ${token}`, `Subject: route-${route} ${token}`),
      });
      expect(r.code).toBe(250);
    };
    await Promise.all(ROUTES.flatMap((route) => [seed('a', route), seed('b', route)]));

    await waitFor(() => toA.relayed.length >= 3 && toB.relayed.length >= 3, {
      timeoutMs: 30_000,
      what: 'a notice for each seed',
    });
    await waitFor(() => settled(paths.a.db) && settled(paths.b.db), {
      timeoutMs: 30_000,
      intervalMs: 200,
      what: 'both queues to settle',
    });
    const peak = Math.max(peakRssMb(a), peakRssMb(b));
    await Promise.all([a.stop(), b.stop()]);

    // Each seed got exactly one notice; no notice got one.
    expect(toB.relayed.map((r) => r.route).sort()).toEqual([...ROUTES].sort());
    expect(toA.relayed.map((r) => r.route).sort()).toEqual([...ROUTES].sort());
    for (const g of [a, b]) {
      const processed = g.logs.filter((l) => l['msg'] === 'message processed');
      const skipped = processed.map((l) => l['notice']).filter((n) => n !== 'queued');
      // Three seeds noticed, three notices recognised, one reason each.
      expect(processed.filter((l) => l['notice'] === 'queued')).toHaveLength(3);
      expect(skipped.sort()).toEqual(['auto_submitted', 'null_sender', 'own_notice']);
    }
    // Three seeds and three notices each, all delivered to their helpdesk, and nothing else.
    for (const db of [paths.a.db, paths.b.db])
      expect([...queueState(db).states.values()]).toEqual(Array(6).fill('delivered'));

    recordReliability({
      test: 'Notice loop between two gateways',
      fault: "A's notices go to B's support address and B's to A's, directly and through forwarders",
      sent: 6,
      acknowledged: 12,
      delivered: 12,
      held: 0,
      dead: 0,
      refused: 0,
      lost: 0,
      duplicates: 0,
      peakRssMb: peak,
      notes:
        '6 seeds → 6 notices → 0 replies; recognised by the null sender, by X-Deskguard-Notice when a ' +
        'forwarder replaced the null sender, and by Auto-Submitted when it also stripped our header',
    });
  });
});
