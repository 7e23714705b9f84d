import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { SMTPServer, SMTPServerSession } from 'smtp-server';
import type { Config } from '../config.js';
import {
  type CutReason,
  chooseShed,
  judge,
  type ProgressLimits,
  type SessionEvent,
  type SessionPhase,
  type SessionProgress,
  startSession,
  step,
} from '../domain/session-progress.js';
import { SMTP_REPLIES, type SmtpReplyName } from '../domain/smtp-reply.js';

type Connection = SMTPServer['connections'] extends Set<infer C> ? C : never;

/** The limits of smtp.timeouts and smtp.progress, in milliseconds. */
export function progressLimits(smtp: Config['smtp']): ProgressLimits {
  const p = smtp.progress;
  return {
    sessionMs: smtp.timeouts.sessionSeconds * 1000,
    lineMs: smtp.timeouts.commandSeconds * 1000,
    commandPhaseMs: p.commandPhaseSeconds * 1000,
    maxCommands: p.maxCommands,
    maxIdleCommands: p.maxIdleCommands,
    minCommandBytesPerSecond: p.minCommandBytesPerSecond,
    minDataBytesPerSecond: p.minDataBytesPerSecond,
    rateWindowMs: p.rateWindowSeconds * 1000,
    shedAfterMs: p.shedAfterSeconds * 1000,
  };
}

interface Tracked {
  conn: Connection;
  socket: Socket;
  onData: (chunk: Buffer) => void;
  progress: SessionProgress;
  /** Our handlers still owe the client a reply (MAIL FROM's disk check, storing a message). */
  busy: number;
  /** The message being received, then answered. */
  data: 'receiving' | 'answering' | undefined;
  closing: boolean;
}

const REPLY: Record<CutReason | 'shed', SmtpReplyName> = {
  session: 'sessionTimeout',
  line: 'commandTimeout',
  slowCommand: 'tooSlow',
  slowData: 'tooSlow',
  noTransaction: 'noProgress',
  commands: 'tooManyCommands',
  idleCommands: 'tooManyCommands',
  shed: 'shedIdle',
};

/**
 * Keeps SMTP slots for clients that are getting somewhere. smtp-server only notices silence, so a
 * client that drips a byte a second, or NOOPs for ever, would hold a slot for the whole session
 * limit; here every session's progress (domain/session-progress.ts) is judged a few times a second
 * and a stalled one is cut with 421. At capacity a new client takes the slot of the session that
 * has been stalled longest instead of being refused. Bytes are watched on the (possibly TLS)
 * socket; commands and the end of each transaction come from smtp-server's logger, the one place
 * it reports them.
 */
export class SessionGuard {
  private readonly sessions = new Map<string, Tracked>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** The server's connections (smtp-server's `connections`), looked up lazily: the server is built after its logger. */
    private readonly connections: () => Iterable<Connection>,
    private readonly limits: ProgressLimits,
    /** Sessions served at once; one more is a shed or a refusal. */
    private readonly capacity: number,
    private readonly onCut: (reason: CutReason | 'shed', remoteAddress: string) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** A logger for smtp-server's `logger` option: it reports each command and each end of DATA. */
  logger(): Record<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', (...args: unknown[]) => void> {
    const none = () => {};
    const watch = (data: unknown) => {
      const d = data as { tnx?: string; cid?: string; command?: string } | undefined;
      if (!d?.cid) return;
      if (d.tnx === 'command' && d.command) {
        // Judged at once: the command past a limit is answered 421 instead of being carried out
        // (smtp-server writes nothing on a connection closed before its handler runs).
        this.event(d.cid, { kind: 'command', at: this.now(), verb: d.command });
        this.check(d.cid);
      } else if (d.tnx === 'data') {
        const t = this.sessions.get(d.cid);
        if (t) t.data = undefined;
        this.event(d.cid, { kind: 'transaction', at: this.now() });
        this.syncPhase(d.cid);
      }
    };
    return { trace: none, debug: watch, info: watch, warn: none, error: none, fatal: none };
  }

  start(): void {
    const tick = Math.max(50, Math.min(250, this.limits.lineMs / 4, this.limits.rateWindowMs / 4));
    this.timer = setInterval(() => this.sweep(), tick);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * A new session (from onConnect): tracked, and at capacity given the slot of the longest-stalled
   * session. Returns the reply to refuse it with when no session can give up its slot.
   */
  admit(session: SMTPServerSession): SmtpReplyName | undefined {
    const conn = [...this.connections()].find((c) => c.id === session.id);
    if (!conn) return undefined; // already gone
    const open = [...this.sessions.entries()].filter(([, t]) => !t.closing);
    if (open.length >= this.capacity) {
      const at = this.now();
      const victim = chooseShed(
        open.map(([key, t]) => ({
          key,
          progress: step(t.progress, { kind: 'tick', at }, this.limits),
          peer: t.conn.session?.remoteAddress ?? t.conn.remoteAddress,
        })),
        this.limits,
        session.remoteAddress,
      );
      if (victim === undefined) return 'serverBusy';
      this.cut(victim, 'shed');
    }
    const socket = conn._socket as Socket;
    const t: Tracked = {
      conn,
      socket,
      onData: () => {},
      progress: startSession(this.now()),
      busy: 0,
      data: undefined,
      closing: false,
    };
    this.watch(session.id, t, socket);
    this.sessions.set(session.id, t);
    return undefined;
  }

  closed(sessionId: string): void {
    const t = this.sessions.get(sessionId);
    if (!t) return;
    t.socket.removeListener('data', t.onData);
    this.sessions.delete(sessionId);
  }

  /** Our handler started (true) or answered (false): time in between is ours, not the client's. */
  busy(sessionId: string, busy: boolean): void {
    const t = this.sessions.get(sessionId);
    if (!t) return;
    t.busy = Math.max(0, t.busy + (busy ? 1 : -1));
    this.syncPhase(sessionId);
  }

  /** DATA began: the client owes us the message until its end, then we owe it the answer. */
  dataStarted(sessionId: string, stream: Readable): void {
    const t = this.sessions.get(sessionId);
    if (!t) return;
    t.data = 'receiving';
    const answering = () => {
      if (t.data === 'receiving') t.data = 'answering';
      this.syncPhase(sessionId);
    };
    stream.once('end', answering);
    stream.once('close', answering);
    this.syncPhase(sessionId);
  }

  private watch(id: string, t: Tracked, socket: Socket): void {
    t.socket.removeListener('data', t.onData);
    t.socket = socket;
    t.onData = (chunk: Buffer) => {
      const nl = chunk.lastIndexOf(0x0a);
      this.event(id, {
        kind: 'bytes',
        at: this.now(),
        n: chunk.length,
        lineOpen: nl !== chunk.length - 1,
        lineEnded: nl >= 0,
      });
    };
    socket.on('data', t.onData);
  }

  private phaseOf(t: Tracked): SessionPhase {
    if (t.busy > 0 || t.data === 'answering') return 'server';
    // A paused socket is our backpressure (the message is being written): not the client's delay.
    if (t.data === 'receiving') return t.socket.isPaused() ? 'server' : 'data';
    return 'command';
  }

  private syncPhase(id: string): void {
    const t = this.sessions.get(id);
    if (t) this.event(id, { kind: 'phase', at: this.now(), phase: this.phaseOf(t) });
  }

  private event(id: string, e: SessionEvent): void {
    const t = this.sessions.get(id);
    if (t && !t.closing) t.progress = step(t.progress, e, this.limits);
  }

  private sweep(): void {
    for (const [id, t] of this.sessions) {
      if (t.closing) continue;
      // STARTTLS replaced the socket: watch the plaintext side from now on.
      if (t.conn._socket !== t.socket) this.watch(id, t, t.conn._socket as Socket);
      this.syncPhase(id);
      this.event(id, { kind: 'tick', at: this.now() });
      this.check(id);
    }
  }

  private check(id: string): void {
    const t = this.sessions.get(id);
    const reason = t && !t.closing ? judge(t.progress, this.limits) : undefined;
    if (reason) this.cut(id, reason);
  }

  private cut(id: string, reason: CutReason | 'shed'): void {
    const t = this.sessions.get(id);
    if (!t || t.closing) return;
    t.closing = true;
    const r = SMTP_REPLIES[REPLY[reason]];
    this.onCut(reason, t.conn.session?.remoteAddress ?? t.conn.remoteAddress);
    t.conn.send(r.code, r.text);
    t.conn.close();
    // close() waits for the client to hang up; one that never does is cut at the socket.
    setTimeout(() => t.conn._socket.destroy(), 2000).unref();
  }
}
