// Relay benchmark: messages/s and p50/p99 latency of `deskguard serve` against a bare smtp-server
// sink, in the same run on the same machine. deskguard runs twice: durable (fsync, SQLite
// synchronous=FULL) and with durability off, to show what storing before 250 costs.
// Rounds are interleaved (sink, durable, off, sink, ...) and medians reported, so a burst of other
// load on the machine shifts every target alike. "accepted/s" is the SMTP intake rate (250 replies);
// "delivered/s" is the end-to-end rate until the last message is in the maildir.
// Usage: npm run bench   (env: BENCH_ROUNDS, BENCH_SMALL, BENCH_LARGE)
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoad, summarize } from './smtp-load.mjs';

const root = new URL('..', import.meta.url).pathname;
const CONNECTIONS = 8;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIZES = [
  { label: '2 KB', bytes: 2048, total: Number(process.env.BENCH_SMALL ?? 3000) },
  { label: '2 MB', bytes: 2 * 1024 * 1024, total: Number(process.env.BENCH_LARGE ?? 60) },
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function startSink() {
  return new Promise((resolve) => {
    const child = fork(join(root, 'bench/sink.mjs'), { stdio: 'ignore' });
    child.once('message', (m) =>
      resolve({ port: m.port, delivered: null, stop: async () => child.kill('SIGTERM') }),
    );
  });
}

async function listening(port) {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((r) => {
      const c = connect(port, '127.0.0.1');
      c.once('data', () => {
        c.destroy();
        r(true);
      });
      c.once('error', () => r(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`nothing listening on ${port}`);
}

async function startDeskguard(fsync, auth = false, extra = '') {
  const dir = mkdtempSync(join(tmpdir(), 'dg-bench-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const cfg = join(dir, 'config.yaml');
  writeFileSync(
    cfg,
    [
      `smtp: { port: ${port}, maxConnectionsPerIp: 100, messagesPerMinutePerIp: 0 }`,
      'http: { enabled: false }',
      `dataDir: ${join(dir, 'data')}`,
      `quarantine: { dir: ${join(dir, 'quarantine')} }`,
      extra,
      process.env.BENCH_EXTRA ?? '',
      `spool: { fsync: ${fsync}, minFreeBytes: 0 }`,
      `delivery: { maildir: ${join(dir, 'mailbox')} }`,
      'log: { level: warn }',
      // Never the machine's resolver: a closed loopback port answers at once (SPF/DMARC temperror).
      `auth: { enabled: ${auth} }`,
      "dns: { servers: ['127.0.0.1:9'] }",
    ].join('\n'),
  );
  const child = spawn(process.execPath, [join(root, 'dist/cli.js'), 'serve', '--config', cfg], {
    stdio: 'inherit',
  });
  await listening(port);
  return {
    port,
    delivered: () => readdirSync(join(dir, 'mailbox', 'new')).length,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

const TARGETS = [
  ['bare smtp-server sink', startSink],
  // The relay of the foundation issue: store, then deliver; no detection, authentication or notices.
  [
    'deskguard relay only (durable; detection, auth, notices off)',
    () => startDeskguard(true, false, 'detect: { enabled: false }\nnotify: { enabled: false }'),
  ],
  ['deskguard, durable (fsync + synchronous=FULL)', () => startDeskguard(true)],
  ['deskguard, durability off (no fsync)', () => startDeskguard(false)],
  ['deskguard, durable + sender authentication', () => startDeskguard(true, true)],
];

const rows = [];
for (const size of SIZES) {
  const servers = [];
  for (const [name, start] of TARGETS) servers.push({ name, server: await start(), runs: [] });
  for (const s of servers)
    await runLoad({
      port: s.server.port,
      connections: CONNECTIONS,
      total: Math.ceil(size.total / 10),
      messageBytes: size.bytes,
    });
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of servers) {
      const before = s.server.delivered?.() ?? 0;
      const t0 = performance.now();
      const load = await runLoad({
        port: s.server.port,
        connections: CONNECTIONS,
        total: size.total,
        messageBytes: size.bytes,
      });
      let deliveredPerSecond = null;
      if (s.server.delivered) {
        while (s.server.delivered() < before + size.total) await sleep(5);
        deliveredPerSecond = size.total / ((performance.now() - t0) / 1000);
      }
      s.runs.push({ ...summarize(s.name, load), deliveredPerSecond });
    }
  }
  for (const s of servers) {
    await s.server.stop();
    const med = (k) => median(s.runs.map((r) => r[k]));
    rows.push({
      size: size.label,
      target: s.name,
      perSecond: med('perSecond'),
      deliveredPerSecond: s.server.delivered ? med('deliveredPerSecond') : null,
      p50: med('p50'),
      p99: med('p99'),
      failures: s.runs.reduce((a, r) => a + r.failures, 0),
      ratios: s.runs.map((r, i) => r.perSecond / servers[0].runs[i].perSecond),
    });
  }
}

console.log(`\n${CONNECTIONS} connections, ${ROUNDS} interleaved rounds, medians; node ${process.version}\n`);
console.log(
  '| size | target | accepted/s | ratio to sink (median of rounds) | delivered/s | p50 ms | p99 ms | failures |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.size} | ${r.target} | ${r.perSecond.toFixed(0)} | ${median(r.ratios).toFixed(2)} | ${r.deliveredPerSecond?.toFixed(0) ?? '–'} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.failures} |`,
  );
