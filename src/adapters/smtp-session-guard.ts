import type { Socket } from 'node:net';
import type { SMTPServer } from 'smtp-server';
import { SMTP_REPLIES } from '../domain/smtp-reply.js';

type Connection = SMTPServer['connections'] extends Set<infer C> ? C : never;

interface Watch {
  startedAt: number;
  socket: Socket;
  /** When the first byte of a line that has not ended yet arrived; 0 when no line is open. */
  lineOpenSince: number;
  onData: (chunk: Buffer) => void;
}

export interface SessionDeadlines {
  commandMs: number;
  sessionMs: number;
}

/**
 * Deadlines smtp-server has no option for. Its socket timeout only notices silence, so a client
 * that drips one byte a minute would hold a slot for ever; here every line must arrive whole within
 * `commandMs` and a session may last at most `sessionMs`. Watching bytes on the (possibly TLS)
 * socket keeps this independent of the protocol state.
 */
export class SessionGuard {
  private readonly watches = new WeakMap<Connection, Watch>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly server: SMTPServer,
    private readonly deadlines: SessionDeadlines,
    private readonly onCut: (reason: 'session' | 'command', remoteAddress: string) => void = () => {},
  ) {}

  start(): void {
    const tick = Math.max(50, Math.min(1000, this.deadlines.commandMs / 4));
    this.timer = setInterval(() => this.sweep(Date.now()), tick);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sweep(now: number): void {
    for (const conn of this.server.connections) {
      let w = this.watches.get(conn);
      const socket = conn._socket as Socket;
      if (!w || w.socket !== socket) {
        // First sight, or STARTTLS replaced the socket: watch the plaintext side from now on.
        if (w) w.socket.removeListener('data', w.onData);
        const watch: Watch = { startedAt: w?.startedAt ?? now, socket, lineOpenSince: 0, onData: () => {} };
        watch.onData = (chunk: Buffer) => {
          const t = Date.now();
          const lastNl = chunk.lastIndexOf(0x0a);
          if (lastNl === chunk.length - 1) watch.lineOpenSince = 0;
          else if (lastNl >= 0 || watch.lineOpenSince === 0) watch.lineOpenSince = t;
        };
        socket.on('data', watch.onData);
        this.watches.set(conn, watch);
        w = watch;
      }
      if (now - w.startedAt > this.deadlines.sessionMs) this.cut(conn, 'sessionTimeout', 'session');
      else if (w.lineOpenSince && now - w.lineOpenSince > this.deadlines.commandMs)
        this.cut(conn, 'commandTimeout', 'command');
    }
  }

  private cut(
    conn: Connection,
    reply: 'sessionTimeout' | 'commandTimeout',
    why: 'session' | 'command',
  ): void {
    const r = SMTP_REPLIES[reply];
    this.onCut(why, conn.session?.remoteAddress ?? conn.remoteAddress);
    conn.send(r.code, r.text);
    conn.close();
    // close() waits for the client to hang up; one that never does is cut at the socket.
    setTimeout(() => conn._socket.destroy(), 2000).unref();
  }
}
