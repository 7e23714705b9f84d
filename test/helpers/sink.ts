import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  mailFrom: string;
  rcptTo: string[];
  content: string;
}

/** What the sink answers to the end of data of its nth DATA (1-based): 250, or a failure code. */
export type SinkPolicy = (n: number) => { code: number; text: string } | undefined;

export interface Sink {
  port: number;
  /** Every message accepted with 250. */
  readonly received: SinkMessage[];
  /** How many DATA commands reached their end (accepted or not). */
  dataCount(): number;
  setPolicy(policy: SinkPolicy): void;
  close(): Promise<void>;
}

/** A port that was free a moment ago (nothing listens on it when this returns). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** A helpdesk stand-in: an smtp-server on 127.0.0.1 that records what it accepts. */
export async function startSink(port = 0, policy: SinkPolicy = () => undefined): Promise<Sink> {
  const received: SinkMessage[] = [];
  let count = 0;
  let current = policy;
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
        count++;
        const failure = current(count);
        if (failure) {
          cb(Object.assign(new Error(failure.text), { responseCode: failure.code }));
          return;
        }
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          content: Buffer.concat(chunks).toString('latin1'),
        });
        cb();
      });
    },
  });
  // smtp-server re-emits a client's socket errors on the server: a gateway killed mid-delivery
  // resets its connection, which is the sink's peer going away, not the sink failing.
  server.on('error', () => undefined);
  const actual = await new Promise<number>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const a = server.server.address();
      resolve(typeof a === 'object' && a ? a.port : port);
    });
  });
  return {
    port: actual,
    received,
    dataCount: () => count,
    setPolicy(p) {
      current = p;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const c of server.connections) c.close();
      }),
  };
}
