/**
 * Whether an SMTP session is getting anywhere, decided from what the intake observes of it. A slot
 * is worth keeping while its client moves towards a delivered message: a client that sends NOOP a
 * byte at a time, or message data at a trickle, holds a slot other clients need. Pure: the intake
 * adapter feeds events with their times and carries out the verdicts.
 */

/** Who owes the next bytes: the client (a command, or message data), or we do (a reply, a stored message). */
export type SessionPhase = 'command' | 'data' | 'server';

export interface ProgressLimits {
  /** The whole session, however busy. */
  sessionMs: number;
  /** One line (command or message data) must arrive whole within this. */
  lineMs: number;
  /** Time outside DATA (and not waiting for us) allowed between two completed transactions. */
  commandPhaseMs: number;
  /** Commands other than RCPT between two completed transactions. */
  maxCommands: number;
  /** NOOP, RSET, HELP, VRFY and EXPN between two completed transactions. */
  maxIdleCommands: number;
  /** Bytes per second while a command line is arriving, over each `rateWindowMs` of such time. */
  minCommandBytesPerSecond: number;
  /** Bytes per second of message data, over each `rateWindowMs` of DATA. */
  minDataBytesPerSecond: number;
  rateWindowMs: number;
  /** At capacity, a session stalled this long may lose its slot to a new client. */
  shedAfterMs: number;
}

export type CutReason =
  | 'session'
  | 'line'
  | 'slowCommand'
  | 'slowData'
  | 'noTransaction'
  | 'commands'
  | 'idleCommands';

interface RateWindow {
  ms: number;
  bytes: number;
}

export interface SessionProgress {
  readonly startedAt: number;
  /** Time of the last event: time since then belongs to `phase`. */
  readonly at: number;
  readonly phase: SessionPhase;
  /** When the first byte of a line that has not ended yet arrived. */
  readonly lineOpenSince: number | undefined;
  /** Command-phase time, commands and idle commands since the last completed transaction. */
  readonly commandMs: number;
  readonly commands: number;
  readonly idleCommands: number;
  /** Open-line time and its bytes (command phase), and DATA time and its bytes, of the current windows. */
  readonly lineWindow: RateWindow;
  readonly dataWindow: RateWindow;
  /** A rate window that closed below its minimum: the session is cut for it. */
  readonly slow: 'slowCommand' | 'slowData' | undefined;
}

export type SessionEvent =
  | { kind: 'tick'; at: number }
  | { kind: 'phase'; at: number; phase: SessionPhase }
  /**
   * A chunk from the client; `lineEnded`: it holds a line break, `lineOpen`: it does not end with
   * one (so a line is still arriving: since this chunk when one ended in it, else since before).
   */
  | { kind: 'bytes'; at: number; n: number; lineOpen: boolean; lineEnded: boolean }
  | { kind: 'command'; at: number; verb: string }
  /** A DATA transaction ended (the message was answered, whatever the answer). */
  | { kind: 'transaction'; at: number };

const IDLE_VERBS = new Set(['NOOP', 'RSET', 'HELP', 'VRFY', 'EXPN']);
const EMPTY: RateWindow = { ms: 0, bytes: 0 };

export function startSession(at: number): SessionProgress {
  return {
    startedAt: at,
    at,
    phase: 'command',
    lineOpenSince: undefined,
    commandMs: 0,
    commands: 0,
    idleCommands: 0,
    lineWindow: EMPTY,
    dataWindow: EMPTY,
    slow: undefined,
  };
}

/** A window that reached its length is judged and starts over; a slow one marks the session. */
function closeWindow(
  w: RateWindow,
  minPerSecond: number,
  limits: ProgressLimits,
): { w: RateWindow; slow: boolean } {
  if (w.ms < limits.rateWindowMs) return { w, slow: false };
  return { w: EMPTY, slow: w.bytes * 1000 < minPerSecond * w.ms };
}

/** Time from `s.at` to `at` is credited to the phase the session was in. */
function advance(s: SessionProgress, at: number, limits: ProgressLimits): SessionProgress {
  const dt = Math.max(0, at - s.at);
  if (dt === 0) return s;
  let { commandMs, lineWindow, dataWindow, slow } = s;
  if (s.phase === 'command') {
    commandMs += dt;
    if (s.lineOpenSince !== undefined) {
      const c = closeWindow(
        { ...lineWindow, ms: lineWindow.ms + dt },
        limits.minCommandBytesPerSecond,
        limits,
      );
      lineWindow = c.w;
      if (c.slow) slow ??= 'slowCommand';
    }
  } else if (s.phase === 'data') {
    const c = closeWindow({ ...dataWindow, ms: dataWindow.ms + dt }, limits.minDataBytesPerSecond, limits);
    dataWindow = c.w;
    if (c.slow) slow ??= 'slowData';
  }
  return { ...s, at, commandMs, lineWindow, dataWindow, slow };
}

export function step(s: SessionProgress, e: SessionEvent, limits: ProgressLimits): SessionProgress {
  const t = advance(s, Math.max(s.at, e.at), limits);
  switch (e.kind) {
    case 'tick':
      return t;
    case 'phase':
      // A window only measures time the client owed us without a break: a new phase starts it over.
      return e.phase === t.phase ? t : { ...t, phase: e.phase, dataWindow: EMPTY };
    case 'bytes': {
      const lineOpenSince = e.lineOpen ? (e.lineEnded ? t.at : (t.lineOpenSince ?? t.at)) : undefined;
      if (t.phase === 'data') return { ...t, lineOpenSince, dataWindow: add(t.dataWindow, e.n) };
      if (t.phase === 'command' && (t.lineOpenSince !== undefined || e.lineOpen))
        return { ...t, lineOpenSince, lineWindow: add(t.lineWindow, e.n) };
      return { ...t, lineOpenSince };
    }
    case 'command': {
      const verb = e.verb.toUpperCase();
      if (verb === 'RCPT') return t; // bounded by the recipient limit, answered 452 past it
      return {
        ...t,
        commands: t.commands + 1,
        idleCommands: t.idleCommands + (IDLE_VERBS.has(verb) ? 1 : 0),
      };
    }
    case 'transaction':
      return { ...t, commandMs: 0, commands: 0, idleCommands: 0, lineWindow: EMPTY, dataWindow: EMPTY };
  }
}

const add = (w: RateWindow, n: number): RateWindow => ({ ms: w.ms, bytes: w.bytes + n });

/** Why the session must end now, if it must. */
export function judge(s: SessionProgress, limits: ProgressLimits): CutReason | undefined {
  if (s.at - s.startedAt > limits.sessionMs) return 'session';
  // A line left open while we owe the client a reply is not the client's delay.
  if (s.phase !== 'server' && s.lineOpenSince !== undefined && s.at - s.lineOpenSince > limits.lineMs)
    return 'line';
  if (s.slow) return s.slow;
  if (s.commandMs > limits.commandPhaseMs) return 'noTransaction';
  if (s.commands > limits.maxCommands) return 'commands';
  if (s.idleCommands > limits.maxIdleCommands) return 'idleCommands';
  return undefined;
}

/**
 * How long the session has gone without the progress it owes: its command-phase time since its
 * last transaction, or in DATA how far its data is behind the minimum rate. Undefined while we owe
 * the client something (a reply, storing its message): such a session is never shed.
 */
export function stalledMs(s: SessionProgress, limits: ProgressLimits): number | undefined {
  if (s.phase === 'server') return undefined;
  if (s.phase === 'command') return s.commandMs;
  const owed = (s.dataWindow.bytes * 1000) / Math.max(1, limits.minDataBytesPerSecond);
  return Math.max(0, s.dataWindow.ms - owed);
}

/**
 * At capacity: the session to close so a new client can be served. First the one stalled longest
 * (the oldest among equals), provided it has been stalled at least `shedAfterMs`. Failing that, a
 * newcomer from a peer that holds fewer sessions than the biggest holder takes the slot of that
 * holder's most stalled session: one address that keeps opening connections (each fresh one not
 * yet stalled long enough to be shed) must not keep every other sender out. A session we owe a
 * reply is never shed, and a newcomer from the biggest holder itself is refused.
 */
export function chooseShed<K>(
  sessions: Iterable<{ key: K; progress: SessionProgress; peer?: string }>,
  limits: ProgressLimits,
  newcomer?: string,
): K | undefined {
  let best: { key: K; stalled: number; startedAt: number } | undefined;
  const held = new Map<string, number>();
  const waiting: { key: K; stalled: number; startedAt: number; peer: string }[] = [];
  for (const { key, progress, peer } of sessions) {
    if (peer !== undefined) held.set(peer, (held.get(peer) ?? 0) + 1);
    const stalled = stalledMs(progress, limits);
    if (stalled === undefined) continue;
    if (peer !== undefined) waiting.push({ key, stalled, startedAt: progress.startedAt, peer });
    if (stalled < limits.shedAfterMs) continue;
    if (!best || stalled > best.stalled || (stalled === best.stalled && progress.startedAt < best.startedAt))
      best = { key, stalled, startedAt: progress.startedAt };
  }
  if (best || newcomer === undefined) return best?.key;
  const mine = held.get(newcomer) ?? 0;
  let fairest: (typeof waiting)[number] | undefined;
  for (const w of waiting) {
    const count = held.get(w.peer) ?? 0;
    if (count <= mine + 1) continue;
    const top = fairest ? (held.get(fairest.peer) ?? 0) : 0;
    if (
      !fairest ||
      count > top ||
      (count === top &&
        (w.stalled > fairest.stalled || (w.stalled === fairest.stalled && w.startedAt < fairest.startedAt)))
    )
      fairest = w;
  }
  return fairest?.key;
}
