import { connect as netConnect, type Socket } from 'node:net';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';

export interface Reply {
  code: number;
  /** Text of every line, without the code and separator. */
  lines: string[];
  /** The lines joined by a newline. */
  text: string;
}

/** Thrown by reads when the server closed the connection before (or instead of) a reply. */
export class ConnectionClosed extends Error {
  override name = 'ConnectionClosed';
}

const CRLF = '\r\n';

/**
 * A deliberately small SMTP client over node:net for protocol-level tests: one command at a time
 * (no pipelining unless a test writes several commands at once with `write`), multi-line replies
 * read whole, and a clear view of what the server did with the socket.
 */
export class SmtpClient {
  private socket: Socket | TLSSocket;
  private buffer = '';
  private readonly replies: Reply[] = [];
  private partial: string[] = [];
  private waiters: Array<{ resolve: (r: Reply) => void; reject: (e: Error) => void }> = [];
  private ended = false;
  private closedResolve!: () => void;
  /** Resolves when the server (or we) closed the connection. */
  readonly closed: Promise<void>;
  greeting!: Reply;
  /** Socket errors seen (ECONNRESET after a server cut, for instance). */
  readonly errors: Error[] = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    this.closed = new Promise((r) => {
      this.closedResolve = r;
    });
    this.attach(socket);
  }

  /**
   * Connects and reads the greeting (which may be a 421 refusal). `preamble` is written before the
   * greeting is awaited (a PROXY protocol header).
   */
  static async connect(
    port: number,
    opts: { host?: string; timeoutMs?: number; preamble?: string; localAddress?: string } = {},
  ): Promise<SmtpClient> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = netConnect({
        port,
        host: opts.host ?? '127.0.0.1',
        ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
      });
      s.once('connect', () => {
        s.removeListener('error', reject);
        resolve(s);
      });
      s.once('error', reject);
    });
    socket.setNoDelay(true);
    const client = new SmtpClient(socket);
    if (opts.preamble) await client.write(opts.preamble);
    client.greeting = await client.read(opts.timeoutMs ?? 10_000);
    return client;
  }

  private attach(socket: Socket | TLSSocket): void {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (err) => this.errors.push(err));
    socket.on('close', () => this.onClose());
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const nl = this.buffer.indexOf('\n');
      if (nl < 0) break;
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      const m = /^(\d{3})([ -]?)(.*)$/.exec(line);
      if (!m) {
        this.partial.push(line);
        continue;
      }
      this.partial.push(m[3]!);
      if (m[2] === '-') continue;
      const reply: Reply = { code: Number(m[1]), lines: this.partial, text: this.partial.join('\n') };
      this.partial = [];
      const w = this.waiters.shift();
      if (w) w.resolve(reply);
      else this.replies.push(reply);
    }
  }

  private onClose(): void {
    if (this.ended) return;
    this.ended = true;
    for (const w of this.waiters.splice(0)) w.reject(new ConnectionClosed('connection closed by server'));
    this.closedResolve();
  }

  get isClosed(): boolean {
    return this.ended;
  }

  /** The next reply from the server. */
  read(timeoutMs = 10_000): Promise<Reply> {
    const queued = this.replies.shift();
    if (queued) return Promise.resolve(queued);
    if (this.ended) return Promise.reject(new ConnectionClosed('connection already closed'));
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`no SMTP reply within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (r: Reply) => {
        clearTimeout(timer);
        resolve(r);
      };
      this.waiters.push({
        resolve: done,
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  /** Every reply until the server closes the connection. */
  async readAllUntilClose(timeoutMs = 10_000): Promise<Reply[]> {
    const out: Reply[] = [];
    for (;;) {
      try {
        out.push(await this.read(timeoutMs));
      } catch (err) {
        if (err instanceof ConnectionClosed) return out;
        throw err;
      }
    }
  }

  /** Writes raw bytes (no CRLF added). Waits for the socket to drain when its buffer is full. */
  async write(data: string | Buffer): Promise<void> {
    if (this.ended) throw new ConnectionClosed('connection closed');
    const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    if (!this.socket.write(buf)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          cleanup();
          resolve();
        };
        const onClose = () => {
          cleanup();
          reject(new ConnectionClosed('connection closed while writing'));
        };
        const cleanup = () => {
          this.socket.removeListener('drain', onDrain);
          this.socket.removeListener('close', onClose);
        };
        this.socket.on('drain', onDrain);
        this.socket.on('close', onClose);
      });
    }
  }

  /** Sends one command line and reads its reply. */
  async send(line: string, timeoutMs?: number): Promise<Reply> {
    await this.write(line + CRLF);
    return this.read(timeoutMs);
  }

  async ehlo(name = 'client.test'): Promise<Reply> {
    const r = await this.send(`EHLO ${name}`);
    if (r.code !== 250) throw new Error(`EHLO refused: ${r.code} ${r.text}`);
    return r;
  }

  /** Upgrades the connection with STARTTLS (the test CA is not verified) and says EHLO again. */
  async startTls(servername = 'localhost'): Promise<Reply> {
    const r = await this.send('STARTTLS');
    if (r.code !== 220) throw new Error(`STARTTLS refused: ${r.code} ${r.text}`);
    const plain = this.socket as Socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    const secure = await new Promise<TLSSocket>((resolve, reject) => {
      const s = tlsConnect({ socket: plain, servername, rejectUnauthorized: false }, () => resolve(s));
      s.once('error', reject);
    });
    this.socket = secure;
    this.attach(secure);
    return this.ehlo();
  }

  get encrypted(): boolean {
    return 'encrypted' in this.socket && this.socket.encrypted === true;
  }

  /**
   * One whole transaction: MAIL, RCPT for each recipient, DATA and the message (dot-stuffed here).
   * Returns every reply; `final` is the reply to the end of data, or the first refusal.
   */
  async sendMail(
    from: string,
    to: string[],
    message: string | Buffer,
  ): Promise<{ final: Reply; rcpt: Reply[]; queueId: string | undefined }> {
    const mail = await this.send(`MAIL FROM:<${from}>`);
    if (mail.code !== 250) return { final: mail, rcpt: [], queueId: undefined };
    const rcpt: Reply[] = [];
    for (const r of to) rcpt.push(await this.send(`RCPT TO:<${r}>`));
    if (!rcpt.some((r) => r.code === 250)) {
      await this.send('RSET');
      return { final: rcpt[rcpt.length - 1]!, rcpt, queueId: undefined };
    }
    const data = await this.send('DATA');
    if (data.code !== 354) return { final: data, rcpt, queueId: undefined };
    await this.write(Buffer.concat([dotStuff(message), Buffer.from('.\r\n')]));
    const final = await this.read(30_000);
    return { final, rcpt, queueId: queueIdOf(final) };
  }

  async quit(): Promise<void> {
    if (this.ended) return;
    try {
      await this.send('QUIT', 2000);
    } catch {
      // the server may already be gone
    }
    this.destroy();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Ends the message with CRLF if needed and doubles leading dots (RFC 5321 4.5.2). */
export function dotStuff(message: string | Buffer): Buffer {
  let s = typeof message === 'string' ? message : message.toString('latin1');
  if (!s.endsWith(CRLF)) s += CRLF;
  s = s.replace(/(^|\r\n)\./g, '$1..');
  return Buffer.from(s, 'latin1');
}

/** The queue id in `250 2.0.0 Ok: queued as <ID>`. */
export function queueIdOf(reply: Reply): string | undefined {
  if (reply.code !== 250) return undefined;
  return /queued as ([0-9A-Z]+)/.exec(reply.text)?.[1];
}

/** A small well-formed message carrying `token` in its Message-ID, subject and body. */
export function testMessage(token: string, opts: { from?: string; to?: string; body?: string } = {}): string {
  return [
    `From: ${opts.from ?? 'Customer <customer@example.org>'}`,
    `To: ${opts.to ?? 'support@localhost'}`,
    `Subject: test ${token}`,
    `Message-ID: <${token}@e2e.test>`,
    'Date: Sun, 22 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    opts.body ?? `Hello, this is message ${token}.`,
    `TOKEN:${token}`,
    '',
  ].join(CRLF);
}
