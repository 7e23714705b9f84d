// One large text mail (BENCH_LARGE_MB, default 12 MB: a support thread with pasted logs and a few
// secrets) through the whole scan (parse, extract, detect, redact), against mailparser's
// simpleParser alone parsing and decoding the same message in the same run.
// Usage: npm run build && node bench/scan-large.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { createDetector } from '../dist/stages/detect/engine.js';
import { scanAndRedact } from '../dist/stages/detect/scan-message.js';

const root = new URL('..', import.meta.url).pathname;
const MB = 1024 * 1024;
const size = Number(process.env.BENCH_LARGE_MB ?? 12) * MB;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

// The body: the labelled text snippets (secrets and hard negatives) between stretches of ordinary
// support prose and log lines, over and over.
const snippets = readFileSync(join(root, 'test/fixtures/detect/corpus.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l).text);
const prose =
  'Hello support team,\r\nafter the update last week the export to CSV stops at about 80 % and the\r\n' +
  'page shows a spinner until the session times out. I tried another browser and cleared the cache.\r\n' +
  '2026-11-20T10:15:02Z INFO worker-3 job=export-7781 rows=120000 elapsed=51.2s status=timeout\r\n' +
  '2026-11-20T10:15:03Z WARN worker-3 retrying export-7781 (attempt 2 of 5) after 30s backoff\r\n' +
  'Could you have a look at the account? Order 2026-4471, invoice INV-88213. Thanks, Maria\r\n\r\n';
const parts = [];
let length = 0;
for (let i = 0; length < size; i++) {
  const chunk = i % 8 === 7 ? `${snippets[i % snippets.length].replace(/\r?\n/g, '\r\n')}\r\n\r\n` : prose;
  parts.push(chunk);
  length += chunk.length;
}
const raw = Buffer.from(
  'From: Maria <maria@example.org>\r\nTo: support@example.com\r\nSubject: export stops\r\n' +
    'Message-ID: <large@example.org>\r\nDate: Fri, 20 Nov 2026 10:20:00 +0000\r\nMIME-Version: 1.0\r\n' +
    `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${parts.join('')}`,
);

const detector = createDetector();
const key = Buffer.alloc(32, 7);
const limits = { maxTextBytesPerUnit: raw.length * 2 };
const best = async (fn) => {
  let t = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    await fn();
    t = Math.min(t, performance.now() - t0);
  }
  return t / 1000;
};
const parseS = await best(() => simpleParser(raw));
let findings = 0;
const scanS = await best(async () => {
  findings = (await scanAndRedact(raw, { detector, fingerprintKey: key, limits })).findings.length;
});
// The command a user runs: `deskguard scan FILE` (a process of its own, start-up included).
const dir = mkdtempSync(join(tmpdir(), 'deskguard-bench-'));
const file = join(dir, 'large.eml');
writeFileSync(file, raw);
let cliStatus = 0;
const cliS = await best(() => {
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'scan', file], { stdio: 'ignore' });
  cliStatus = r.status;
});
// The same for mailparser: a process that reads the file and runs simpleParser on it, so both
// sides pay for starting, loading their modules and a cold JIT.
const parseScript =
  "import { readFileSync } from 'node:fs'; import { simpleParser } from 'mailparser';" +
  'await simpleParser(readFileSync(process.argv[1]));';
const parseCliS = await best(() => {
  spawnSync(process.execPath, ['--input-type=module', '-e', parseScript, file], {
    stdio: 'ignore',
    cwd: root,
  });
});
rmSync(dir, { recursive: true, force: true });
const mbs = (s) => (raw.length / MB / s).toFixed(1);
console.log(
  `\nnode ${process.version}, one ${(raw.length / MB).toFixed(1)} MB text mail, best of ${rounds}\n`,
);
console.log('| measure | mailparser simpleParser | deskguard scan | ratio |');
console.log('|---|---|---|---|');
console.log(
  `| scan in process, MB/s | ${mbs(parseS)} | ${mbs(scanS)} (${findings} findings) | ${(parseS / scanS).toFixed(2)} |`,
);
console.log(
  `| a process per file (\`deskguard scan FILE\`), MB/s | ${mbs(parseCliS)} | ${mbs(cliS)} (exit ${cliStatus}) | ${(parseCliS / cliS).toFixed(2)} |`,
);
