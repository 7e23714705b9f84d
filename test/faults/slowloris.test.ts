import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maildirMessages, readDb } from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';
import { rawConnect, type Served, sampleRss, serve } from './dos-helpers.js';
import { recordReliability } from './record.js';

/**
 * Slowloris: 200 connections against 100 slots, from 20 addresses (127.0.1.1–20, ten each: the
 * per-address limit), each dripping a byte at a time (commands, or message data after a quick
 * DATA) and reconnecting whenever it is cut, like an attack tool keeps its pressure. A normal
 * client from another address (127.0.0.2) is served on its first connection and delivers — an MTA
 * refused with 421 would come back only minutes later. The progress limits are small here so the
 * run is short; what is asserted is the outcome, and the time it took is recorded.
 */

const ATTACKERS = 200;
const ATTACKER_ADDRESSES = 20;
const attackerAddress = (i: number) => `127.0.1.${(i % ATTACKER_ADDRESSES) + 1}`;
const NORMAL_CLIENT = '127.0.0.2';

const settings = {
  smtp: {
    maxClients: 100,
    maxConnectionsPerIp: ATTACKERS / ATTACKER_ADDRESSES,
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
  const one = async (i: number): Promise<void> => {
    if (stopped) return;
    let s: Socket;
    try {
      s = await rawConnect(port, attackerAddress(i));
    } catch {
      if (!stopped) setTimeout(() => void one(i), 250);
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
      if (!stopped) setTimeout(() => void one(i), 250);
    });
  };
  for (let i = 0; i < n; i++) void one(i);
  a.stop = () => {
    stopped = true;
    for (const s of sockets) s.destroy();
  };
  return a;
}

/** A normal client from its own address: one connection, one message. */
async function deliverOnce(
  port: number,
  token: string,
): Promise<{ greeting: number; code: number; ms: number }> {
  const started = Date.now();
  const c = await SmtpClient.connect(port, { timeoutMs: 20_000, localAddress: NORMAL_CLIENT });
  try {
    if (c.greeting.code !== 220) return { greeting: c.greeting.code, code: 0, ms: Date.now() - started };
    await c.ehlo();
    const r = await c.sendMail('customer@example.org', ['support@localhost'], testMessage(token));
    return { greeting: 220, code: r.final.code, ms: Date.now() - started };
  } finally {
    await c.quit();
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
      // Let the attack churn (cut sessions reconnecting) before the normal client comes.
      await new Promise((r) => setTimeout(r, 2 * everyMs));
      const normal = await deliverOnce(gw.port, `slowloris-${phase}`);
      expect(normal.greeting).toBe(220);
      expect(normal.code).toBe(250);
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
          `normal client from its own address served on its first connection, 250 after ${normal.ms} ms; ` +
          `${a.connections} attacker connections from ${ATTACKER_ADDRESSES} addresses, ` +
          `${a.closedBy421} ended with 421 (cut, shed or refused); most bytes one dripped: ${a.mostBytes}`,
      });
    } finally {
      a.stop();
      rss.stop();
    }
  });
});
