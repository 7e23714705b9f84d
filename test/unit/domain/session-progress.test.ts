import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chooseShed,
  judge,
  type ProgressLimits,
  type SessionEvent,
  type SessionProgress,
  stalledMs,
  startSession,
  step,
} from '../../../src/domain/session-progress.js';

const limits: ProgressLimits = {
  sessionMs: 900_000,
  lineMs: 30_000,
  commandPhaseMs: 60_000,
  maxCommands: 30,
  maxIdleCommands: 10,
  minCommandBytesPerSecond: 32,
  minDataBytesPerSecond: 1024,
  rateWindowMs: 10_000,
  shedAfterMs: 5_000,
};

/** Runs events from a session start at 0; returns the state and the first cut, with its time. */
function run(
  events: SessionEvent[],
  l = limits,
): { s: SessionProgress; cut?: { reason: string; at: number } } {
  let s = startSession(0);
  for (const e of events) {
    s = step(s, e, l);
    const reason = judge(s, l);
    if (reason) return { s, cut: { reason, at: s.at } };
  }
  return { s };
}

/** One SMTP transaction as a well-behaved client sends it, from `at`: returns the events and the end time. */
const transaction = fc
  .record({
    think: fc.array(fc.integer({ min: 0, max: 1500 }), { minLength: 6, maxLength: 6 }),
    rcpts: fc.integer({ min: 1, max: 60 }),
    serverWait: fc.integer({ min: 0, max: 120_000 }),
    chunks: fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 30 }),
    noops: fc.integer({ min: 0, max: limits.maxIdleCommands }),
  })
  .map((t) => (from: number): { events: SessionEvent[]; end: number } => {
    const events: SessionEvent[] = [];
    let at = from;
    const line = (verb: string, pause: number) => {
      at += pause;
      events.push({ kind: 'bytes', at, n: verb.length + 10, lineOpen: false, lineEnded: true });
      events.push({ kind: 'command', at, verb });
    };
    line('EHLO', t.think[0]!);
    for (let i = 0; i < t.noops; i++) line('NOOP', 10);
    line('MAIL', t.think[1]!);
    // Our MAIL FROM check may take its time: it is ours.
    events.push({ kind: 'phase', at, phase: 'server' });
    at += t.serverWait;
    events.push({ kind: 'phase', at, phase: 'command' });
    for (let i = 0; i < t.rcpts; i++) line('RCPT', 5);
    line('DATA', t.think[2]!);
    events.push({ kind: 'phase', at, phase: 'data' });
    // Data at 4 KiB per chunk or more, a chunk every `ms` (at least twice the minimum rate).
    for (const ms of t.chunks) {
      at += ms;
      const n = Math.ceil((ms * limits.minDataBytesPerSecond * 2) / 1000) + 4096;
      events.push({ kind: 'bytes', at, n, lineOpen: false, lineEnded: true });
    }
    events.push({ kind: 'phase', at, phase: 'server' });
    at += t.serverWait;
    events.push({ kind: 'transaction', at });
    events.push({ kind: 'phase', at, phase: 'command' });
    return { events, end: at };
  });

describe('session progress', () => {
  it('never cuts a client that keeps delivering, however long it waits for us', () => {
    fc.assert(
      fc.property(fc.array(transaction, { minLength: 1, maxLength: 5 }), (txs) => {
        const events: SessionEvent[] = [];
        let at = 0;
        for (const tx of txs) {
          const t = tx(at);
          events.push(...t.events);
          at = t.end;
        }
        const l = { ...limits, sessionMs: Number.MAX_SAFE_INTEGER };
        expect(run(events, l).cut).toBeUndefined();
      }),
    );
  });

  it('cuts a client that drips its commands, within a rate window of open-line time', () => {
    fc.assert(
      fc.property(
        // Slower than the minimum: more than 1000 / 32 ms a byte.
        fc.integer({ min: 40, max: 25_000 }),
        fc.constantFrom('NOOP\r\n', 'EHLO x\r\n', 'RSET\r\n', 'MAIL FROM:<a@b>\r\n'),
        (everyMs, command) => {
          const events: SessionEvent[] = [];
          for (let i = 1; i <= 2000; i++) {
            const byte = command[i % command.length]!;
            const at = i * everyMs;
            events.push({ kind: 'bytes', at, n: 1, lineOpen: byte !== '\n', lineEnded: byte === '\n' });
            if (byte === '\n') events.push({ kind: 'command', at, verb: command.slice(0, 4) });
          }
          const { cut } = run(events);
          expect(cut).toBeDefined();
          // Cut within a window (and a line) of open-line time: a few lines at most.
          expect(cut!.at).toBeLessThanOrEqual(limits.rateWindowMs * 2 + everyMs * command.length * 2);
        },
      ),
    );
  });

  it('cuts a client whose message data trickles below the minimum rate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1023 }),
        fc.integer({ min: 50, max: 1000 }),
        (perSecond, everyMs) => {
          const events: SessionEvent[] = [{ kind: 'phase', at: 0, phase: 'data' }];
          for (let at = everyMs; at < 200_000; at += everyMs) {
            const n = Math.max(1, Math.floor((perSecond * everyMs) / 1000));
            events.push({ kind: 'bytes', at, n, lineOpen: false, lineEnded: true });
          }
          const { cut } = run(events);
          expect(cut?.reason).toBe('slowData');
          expect(cut!.at).toBeLessThanOrEqual(limits.rateWindowMs + everyMs);
        },
      ),
    );
  });

  it('counts NOOP, RSET, HELP, VRFY and commands without a message, and a message starts them over', () => {
    const noops = (n: number, from: number): SessionEvent[] =>
      Array.from({ length: n }, (_, i) => ({ kind: 'command', at: from + i, verb: 'noop' }) as SessionEvent);
    expect(run(noops(limits.maxIdleCommands, 1)).cut).toBeUndefined();
    expect(run(noops(limits.maxIdleCommands + 1, 1)).cut?.reason).toBe('idleCommands');
    const ehlos = Array.from({ length: limits.maxCommands + 1 }, (_, i) => ({
      kind: 'command',
      at: i,
      verb: 'EHLO',
    }));
    expect(run(ehlos as SessionEvent[]).cut?.reason).toBe('commands');
    // RCPT is never counted (the recipient limit answers 452 past it).
    const rcpts = Array.from({ length: 10_000 }, (_, i) => ({ kind: 'command', at: i, verb: 'RCPT' }));
    expect(run(rcpts as SessionEvent[]).cut).toBeUndefined();
    const withMessage = [...noops(10, 1), { kind: 'transaction', at: 20 } as SessionEvent, ...noops(10, 30)];
    expect(run(withMessage).cut).toBeUndefined();
  });

  it('cuts a session that spends commandPhaseMs outside DATA without completing a message', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 5000 }), (everyMs) => {
        // A whole NOOP now and then: fast lines, few enough, but no message ever.
        const l = { ...limits, maxIdleCommands: 1_000_000, maxCommands: 1_000_000 };
        const events: SessionEvent[] = [];
        for (let at = everyMs; at < 200_000; at += everyMs) {
          events.push({ kind: 'bytes', at, n: 6, lineOpen: false, lineEnded: true });
          events.push({ kind: 'command', at, verb: 'NOOP' });
        }
        const { cut } = run(events, l);
        expect(cut?.reason).toBe('noTransaction');
        expect(cut!.at).toBeLessThanOrEqual(l.commandPhaseMs + everyMs);
      }),
    );
  });

  it('sheds the session stalled longest, never one we owe a reply, none stalled less than shedAfterMs', () => {
    const session = fc.record({
      phase: fc.constantFrom('command', 'data', 'server'),
      since: fc.integer({ min: 0, max: 100_000 }),
      dataBytes: fc.integer({ min: 0, max: 200_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(session, { maxLength: 12 }),
        fc.integer({ min: 100_000, max: 200_000 }),
        (specs, now) => {
          const states = specs.map((sp, key) => {
            let s = startSession(sp.since);
            s = step(
              s,
              { kind: 'phase', at: sp.since, phase: sp.phase as 'command' | 'data' | 'server' },
              limits,
            );
            if (sp.phase === 'data')
              s = step(
                s,
                { kind: 'bytes', at: sp.since + 1, n: sp.dataBytes, lineOpen: false, lineEnded: true },
                limits,
              );
            return { key, progress: step(s, { kind: 'tick', at: now }, limits) };
          });
          const victim = chooseShed(states, limits);
          const eligible = states.filter((x) => (stalledMs(x.progress, limits) ?? -1) >= limits.shedAfterMs);
          if (!eligible.length) {
            expect(victim).toBeUndefined();
            return;
          }
          const chosen = states.find((x) => x.key === victim)!;
          expect(chosen.progress.phase).not.toBe('server');
          const max = Math.max(...eligible.map((x) => stalledMs(x.progress, limits)!));
          expect(stalledMs(chosen.progress, limits)).toBe(max);
        },
      ),
    );
  });

  it('keeps a fresh session over an old idle one when a newcomer needs a slot', () => {
    const idle = step(startSession(0), { kind: 'tick', at: 20_000 }, limits);
    const fresh = step(startSession(19_000), { kind: 'tick', at: 20_000 }, limits);
    expect(
      chooseShed(
        [
          { key: 'fresh', progress: fresh },
          { key: 'idle', progress: idle },
        ],
        limits,
      ),
    ).toBe('idle');
    expect(chooseShed([{ key: 'fresh', progress: fresh }], limits)).toBeUndefined();
  });

  it('gives a newcomer from a quiet address the slot of the address holding the most sessions', () => {
    // Every session fresh (stalled less than shedAfter): one address keeps reconnecting.
    const at = 20_000;
    const fresh = (start: number) => step(startSession(start), { kind: 'tick', at }, limits);
    const flood = Array.from({ length: 8 }, (_, i) => ({
      key: `flood-${i}`,
      progress: fresh(at - 100 - i),
      peer: '203.0.113.9',
    }));
    const others = [
      { key: 'a', progress: fresh(at - 900), peer: '198.51.100.1' },
      { key: 'b', progress: fresh(at - 900), peer: '198.51.100.2' },
    ];
    const all = [...others, ...flood];
    expect(chooseShed(all, limits)).toBeUndefined();
    // The most stalled session of the biggest holder, never another sender's.
    expect(chooseShed(all, limits, '192.0.2.7')).toBe('flood-7');
    expect(chooseShed(all, limits, '198.51.100.1')).toBe('flood-7');
    // The flooding address itself gains nothing by opening one more.
    expect(chooseShed(all, limits, '203.0.113.9')).toBeUndefined();
    // Peers with one session each: no one holds more than a newcomer would, no one is shed.
    expect(chooseShed(others, limits, '192.0.2.7')).toBeUndefined();
  });

  it('never sheds a session we owe a reply, whoever holds the most', () => {
    const at = 20_000;
    const owed = step(startSession(at - 100), { kind: 'phase', at: at - 50, phase: 'server' }, limits);
    expect(stalledMs(owed, limits)).toBeUndefined();
    const sessions = Array.from({ length: 4 }, (_, i) => ({
      key: `s${i}`,
      progress: owed,
      peer: '203.0.113.9',
    }));
    expect(chooseShed(sessions, limits, '192.0.2.7')).toBeUndefined();
  });
});
