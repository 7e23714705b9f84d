// A lean SMTP load client: one socket per connection, transactions back to back, MAIL/RCPT/DATA
// pipelined (every server measured here advertises PIPELINING). It measures the server, not itself.
import net from 'node:net';

function replies(socket) {
  let buf = '';
  const waiters = [];
  const lines = [];
  socket.on('data', (d) => {
    buf += d.toString('latin1');
    for (let i = buf.indexOf('\r\n'); i >= 0; i = buf.indexOf('\r\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (line[3] === '-') continue; // continuation of a multi-line reply
      lines.push(line);
    }
    while (waiters.length && lines.length) waiters.shift()(lines.shift());
  });
  return () => new Promise((resolve) => (lines.length ? resolve(lines.shift()) : waiters.push(resolve)));
}

// Every message is its own conversation (its own Message-ID): the gateway files duplicates of a
// Message-ID as already delivered, which would make a benchmark of one repeated message meaningless.
const head = (i) =>
  Buffer.from(
    `From: bench@example.com\r\nTo: support@localhost\r\nSubject: bench ${i}\r\nMessage-ID: <bench-${i}-${process.pid}-${Date.now()}@example.com>\r\n\r\n`,
    'latin1',
  );

export function makeBody(bytes) {
  const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n';
  let body = '';
  while (body.length < bytes - 120) body += line;
  return Buffer.from(`${body}.\r\n`, 'latin1');
}

/** Sends `total` messages over `connections` sockets; returns per-message latencies in ms. */
export async function runLoad({ port, connections, total, messageBytes }) {
  const body = makeBody(messageBytes);
  const latencies = [];
  let next = 0;
  let failures = 0;
  const worker = async () => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    const read = replies(socket);
    await read(); // greeting
    socket.write('EHLO bench.example.com\r\n');
    await read();
    while (next < total) {
      const n = next++;
      const t0 = performance.now();
      socket.write('MAIL FROM:<bench@example.com>\r\nRCPT TO:<support@localhost>\r\nDATA\r\n');
      const [m, r, d] = [await read(), await read(), await read()];
      if (!m.startsWith('250') || !r.startsWith('250') || !d.startsWith('354'))
        throw new Error(`refused: ${m} / ${r} / ${d}`);
      socket.write(head(n));
      socket.write(body);
      const done = await read();
      if (!done.startsWith('250')) failures++;
      latencies.push(performance.now() - t0);
    }
    socket.end('QUIT\r\n');
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { seconds, latencies, failures };
}

export function summarize(name, { seconds, latencies, failures }) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return {
    name,
    messages: latencies.length,
    failures,
    perSecond: latencies.length / seconds,
    p50: q(0.5),
    p99: q(0.99),
  };
}
