import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maildirMessages, readDb } from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';
import { rawConnect, type Served, sampleRss, serve } from './dos-helpers.js';
import { recordReliability } from './record.js';

/**
 * Slowloris: 200 connections against 100 slots, each dripping a byte at a time (commands, or
 * message data after a quick DATA) and reconnecting whenever it is cut, like an attack tool keeps
 * its pressure. A normal client, retrying a refused connection as an MTA would, still delivers.
 * The progress limits are small here so the run is short; what is asserted is the outcome.
 */

const ATTACKERS = 200;

const settings = {
  smtp: {
    maxClients: 100,
    maxConnectionsPerIp: 1000, // every attacker is 127.0.0.1 too
    timeouts: { commandSeconds: 10, idleSeconds: 10, sessionSeconds: 30 },
    progress: {
      commandPhaseSeconds: 8,
      maxCommands: 30,
      maxIdleCommands: 10,
      minCommandBytesPerSecond: 32,
      minDataBytesPerSecond: 1024,
      rateWindowSeconds: 2,
      shedAfterSeconds: 1,
    },
  },
};

interface Attack {
  /** Sessions the gateway ended with a 421 (cut, shed or refused), and bytes each got to send. */
  closedBy421: number;
  connections: number;
  mostBytes: number;
  stop(): void;
}

/**
 * Keeps `n` connections dripping: `prelude` is sent whole (and its replies ignored), then `drip`
 * one byte every `everyMs`; a connection the server closes is replaced at once.
 */
function attack(port: number, n: number, prelude: string, drip: string, everyMs: number): Attack {
  const a: Attack = { closedBy421: 0, connections: 0, mostBytes: 0, stop: () => {} };
  let stopped = false;
  const sockets = new Set<Socket>();
  const one = async (): Promise<void> => {
    if (stopped) return;
    let s: Socket;
    try {
      s = await rawConnect(port);
    } catch {
      if (!stopped) setTimeout(() => void one(), 250);
      return;
    }
    a.connections++;
    sockets.add(s);
    let sent = 0;
    let got421 = false;
    let timer: NodeJS.Timeout | undefined;
    s.on('data', (d: Buffer) => {
      const text = d.toString('latin1');
      if (/(^|\n)421 /.test(text)) got421 = true;
      // After the greeting (a client talking before it is refused at once, not slow).
      if (!timer && text.startsWith('220')) {
        s.write(prelude);
        timer = setInterval(() => {
          if (s.destroyed) return;
          s.write(drip[sent % drip.length]!);
          sent++;
        }, everyMs);
      }
    });
    s.on('error', () => {});
    s.once('close', () => {
      sockets.delete(s);
      clearInterval(timer);
      if (got421) a.closedBy421++;
      a.mostBytes = Math.max(a.mostBytes, sent);
      if (!stopped) setTimeout(() => void one(), 250);
    });
  };
  for (let i = 0; i < n; i++) void one();
  a.stop = () => {
    stopped = true;
    for (const s of sockets) s.destroy();
  };
  return a;
}

/** A normal client: a refused connection (421 greeting) is retried, as an MTA would later. */
async function deliverRetrying(port: number, token: string): Promise<{ code: number; attempts: number }> {
  let attempts = 0;
  for (;;) {
    attempts++;
    const c = await SmtpClient.connect(port, { timeoutMs: 20_000 });
    try {
      if (c.greeting.code !== 220) {
        if (attempts >= 200) return { code: c.greeting.code, attempts };
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      await c.ehlo();
      const r = await c.sendMail('customer@example.org', ['support@localhost'], testMessage(token));
      return { code: r.final.code, attempts };
    } finally {
      await c.quit();
    }
  }
}

describe.each([
  {
    phase: 'commands',
    prelude: '',
    drip: 'NOOP\r\n',
    everyMs: 2500,
  },
  {
    phase: 'DATA',
    prelude: 'EHLO slow.example\r\nMAIL FROM:<slow@example.org>\r\nRCPT TO:<support@localhost>\r\nDATA\r\n',
    drip: 'Subject: drip\r\n',
    everyMs: 500,
  },
])('slowloris in $phase', ({ phase, prelude, drip, everyMs }) => {
  let gw: Served;

  beforeAll(async () => {
    gw = await serve(settings);
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it(`${ATTACKERS} dripping connections do not keep a normal client from delivering`, async () => {
    const rss = sampleRss(gw.serve);
    const a = attack(gw.port, ATTACKERS, prelude, drip, everyMs);
    try {
      // The attack has filled the slots before the normal client comes.
      await waitFor(() => a.connections >= ATTACKERS, { timeoutMs: 20_000, what: 'the attack to connect' });
      const { code, attempts } = await deliverRetrying(gw.port, `slowloris-${phase}`);
      expect(code).toBe(250);
      await waitFor(() => maildirMessages(gw.paths.maildir).length === 1, { what: 'the delivery' });
      // Nothing the attackers sent was stored.
      expect(readDb(gw.paths.db).messages).toHaveLength(1);
      rss.stop();
      recordReliability({
        test: `Slowloris in ${phase}`,
        fault: `${ATTACKERS} connections dripping ${JSON.stringify(drip)} a byte every ${everyMs} ms, reconnecting when cut`,
        sent: 1,
        acknowledged: 1,
        delivered: 1,
        lost: 0,
        refused: a.closedBy421,
        peakRssMb: Math.max(rss.peak, rss.hwm()),
        notes:
          `normal client delivered on connection attempt ${attempts}; ${a.connections} attacker connections, ` +
          `${a.closedBy421} ended with 421 (cut, shed or refused); most bytes one dripped: ${a.mostBytes}`,
      });
    } finally {
      a.stop();
      rss.stop();
    }
  });
});
