import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDb, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { ConnectionClosed, type Reply, SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';
import { recordReliability } from './record.js';

/**
 * Property: whatever sequence of commands a client sends — valid, out of order, malformed, binary,
 * over-long, pipelined — every command gets one well-formed reply (or the session is closed after a
 * 221/421/5xx), the gateway stays up for the next client, and a message is stored exactly when its
 * DATA was answered 250.
 */

type Step =
  | { kind: 'line'; line: string }
  | { kind: 'data'; body: string }
  | { kind: 'pipelined'; lines: string[] };

const addr = fc.oneof(
  fc.constant('support@localhost'),
  fc.constant('SUPPORT@LOCALHOST'),
  fc.constant('other@example.org'),
  fc.constant(''),
  fc.constant('@relay.example:support@localhost'),
  fc.constant('"quoted local"@localhost'),
  fc.string({ maxLength: 40 }),
  fc.stringMatching(/^[a-z]{1,10}@[a-z]{1,10}\.[a-z]{2,4}$/),
);

const junk = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('\u0000', '\u00ff\u00fe', '\x1b[2J', 'A'.repeat(1500), 'x'.repeat(70_000)),
);

// Control characters and CR/LF inside a command line would split it into two lines: that is a
// different (also covered) case, the pipelined one.
const oneLine = (s: string) => s.replace(/[\r\n]/g, ' ');

const command = fc
  .oneof(
    fc.constantFrom('EHLO client.test', 'HELO client.test', 'EHLO', 'HELO', 'ehlo x'),
    addr.map((a) => `MAIL FROM:<${a}>`),
    addr.map((a) => `MAIL FROM:<${a}> SIZE=abc BODY=8BITMIME SMTPUTF8`),
    fc.nat({ max: 2 ** 40 }).map((n) => `MAIL FROM:<a@example.org> SIZE=${n}`),
    addr.map((a) => `RCPT TO:<${a}>`),
    addr.map((a) => `rcpt to: ${a}`),
    fc.constantFrom('RSET', 'NOOP', 'HELP', 'VRFY root', 'EXPN staff', 'QUIT', 'STARTTLS', 'TURN', 'ETRN x'),
    fc.constantFrom(
      'AUTH PLAIN AGFhAGI=',
      'AUTH LOGIN',
      'BDAT 10 LAST',
      'XCLIENT ADDR=10.0.0.1',
      'XFORWARD NAME=x',
    ),
    fc.constantFrom('PROXY TCP4 1.2.3.4 5.6.7.8 1 2', 'GET / HTTP/1.1', 'DATA'),
    junk,
  )
  .map((line) => ({ kind: 'line', line: oneLine(line) }) as Step);

const body = fc.oneof(
  fc.constant(testMessage('fuzz')),
  fc.string({ maxLength: 500 }).map((s) => `Subject: x\r\n\r\n${s.replace(/\r?\n/g, '\r\n')}`),
  fc.string({ unit: 'binary', maxLength: 500 }),
  fc.constantFrom('\r\n', 'Subject: bare lf\n\nbody\n', 'Subject: dots\r\n\r\n..\r\n.x\r\n'),
);

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: command },
  { weight: 2, arbitrary: body.map((b) => ({ kind: 'data', body: b }) as Step) },
  {
    weight: 1,
    arbitrary: fc
      .array(command, { minLength: 2, maxLength: 6 })
      .map((cs) => ({ kind: 'pipelined', lines: cs.map((c) => (c as { line: string }).line) }) as Step),
  },
);

const wellFormed = (r: Reply) => r.code >= 200 && r.code <= 599;

interface Tally {
  sessions: number;
  commands: number;
  accepted: number;
  closedBy: Record<string, number>;
}

/** Runs one session; returns when the steps are done or the server closed the connection. */
async function runSession(port: number, steps: Step[], tally: Tally): Promise<void> {
  const c = await SmtpClient.connect(port);
  tally.sessions++;
  expect(c.greeting.code).toBe(220);
  let last: Reply = c.greeting;
  try {
    for (const s of steps) {
      if (s.kind === 'pipelined') {
        await c.write(s.lines.map((l) => `${l}\r\n`).join(''));
        for (const _ of s.lines) {
          last = await c.read(15_000);
          tally.commands++;
          expect(wellFormed(last), last.text).toBe(true);
        }
        continue;
      }
      const line = s.kind === 'data' ? 'DATA' : s.line;
      last = await c.send(line, 15_000);
      tally.commands++;
      expect(wellFormed(last), `${line.slice(0, 40)} → ${last.code} ${last.text}`).toBe(true);
      if (last.code === 354) {
        const data = s.kind === 'data' ? s.body : '';
        const stuffed = data.replace(/(^|\n)\./g, '$1..');
        await c.write(`${stuffed}${stuffed.endsWith('\r\n') || !stuffed ? '' : '\r\n'}.\r\n`);
        last = await c.read(30_000);
        expect(wellFormed(last), last.text).toBe(true);
        if (last.code === 250) tally.accepted++;
      }
    }
    await c.quit().catch(() => undefined);
  } catch (err) {
    if (!(err instanceof ConnectionClosed)) throw err;
    // A server may end a session, but only after saying why: 221 (QUIT), 421 or a 5xx.
    expect([221, 421].includes(last.code) || last.code >= 500, `closed after ${last.code} ${last.text}`).toBe(
      true,
    );
    const k = String(last.code);
    tally.closedBy[k] = (tally.closedBy[k] ?? 0) + 1;
  }
}

describe('SMTP sessions under arbitrary command sequences', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ smtp: { maxRecipients: 5 } });
  });
  afterAll(async () => gw?.dispose());

  it('answers every command, stays up, and stores exactly what it acknowledged', async () => {
    const tally: Tally = { sessions: 0, commands: 0, accepted: 0, closedBy: {} };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        await runSession(gw.port, steps, tally);
        // The gateway still serves an ordinary client after whatever came before.
        const probe = await SmtpClient.connect(gw.port);
        await probe.ehlo();
        await probe.quit();
      }),
      { numRuns: 60, seed: Number(process.env.FUZZ_SEED ?? 20261128), endOnFailure: true },
    );
    // Every message the gateway stored was acknowledged with 250, and every 250 was stored.
    const rows = await waitFor(() => readDb(gw.paths.db).messages, { what: 'the database' });
    expect(rows.length).toBe(tally.accepted);
    // The generator reaches the interesting path: some sessions do deliver a message.
    expect(tally.accepted).toBeGreaterThan(0);
    recordReliability({
      test: 'SMTP command fuzzing',
      fault: `${tally.sessions} fast-check sessions of up to 12 arbitrary, malformed or pipelined commands`,
      sent: tally.commands,
      acknowledged: tally.accepted,
      lost: rows.length - tally.accepted,
      notes: `every command answered with a valid code; sessions closed by the server after: ${JSON.stringify(tally.closedBy)}`,
    });
  });
});
