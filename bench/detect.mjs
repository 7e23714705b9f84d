// Detection benchmark: detector throughput (MB/s) on a 50 MB mix of mail text, and mails/s of a
// full scan (parse, extract, detect, redact) over the .eml corpora, each against a
// single-pass baseline measured in the same run: a plain byte scan that touches every byte once
// (the least any scanner must do). Usage: npm run build && node bench/detect.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDetector } from '../dist/stages/detect/engine.js';
import { extractMessage } from '../dist/stages/detect/extract/extract-message.js';
import { scanAndRedact } from '../dist/stages/detect/scan-message.js';

const root = new URL('..', import.meta.url).pathname;
const MB = 1024 * 1024;
const TARGET = Number(process.env.BENCH_DETECT_MB ?? 50) * MB;

// Plain byte scanning: one pass, one comparison per byte (counting newlines).
function baselineScan(buf) {
  let n = 0;
  for (let i = 0; i < buf.length; i++) if (buf[i] === 10) n++;
  return n;
}

// The mail texts the detector is given in production: every text unit (header fields, decoded
// bodies, attachment texts) extracted from the .eml corpora (the labelled corpus and the blind
// evaluation corpora), and the labelled text snippets.
const emls = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.eml')) emls.push(readFileSync(p));
  }
};
walk(join(root, 'test/fixtures/corpus'));
walk(join(root, 'test/fixtures/eval'));
const texts = readFileSync(join(root, 'test/fixtures/detect/corpus.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l).text);
for (const e of emls) for (const u of (await extractMessage(e)).units) texts.push(u.text);

// The mix: the corpus texts, over and over, one text per scan.
const mix = [];
let size = 0;
for (let i = 0; size < TARGET; i++) {
  const t = texts[i % texts.length];
  mix.push(t);
  size += Buffer.byteLength(t);
}
const mixBuffers = mix.map((t) => Buffer.from(t));

const detector = createDetector();
const time = (fn) => {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
};

const baseS = time(() => {
  for (const b of mixBuffers) baselineScan(b);
});
let found = 0;
const detS = time(() => {
  for (const t of mix) found += detector.scan(t).length;
});

const key = Buffer.alloc(32, 7);
const rounds = Number(process.env.BENCH_SCAN_ROUNDS ?? 4);
const t0 = performance.now();
for (let r = 0; r < rounds; r++)
  for (const e of emls) await scanAndRedact(e, { detector, fingerprintKey: key });
const scanS = (performance.now() - t0) / 1000;
const scanBaseS = time(() => {
  for (let r = 0; r < rounds; r++) for (const e of emls) baselineScan(e);
});

const mbs = (s) => (size / MB / s).toFixed(1);
console.log(
  `\nnode ${process.version}, mix ${(size / MB).toFixed(1)} MB in ${mix.length} texts, corpus ${emls.length} mails x ${rounds}\n`,
);
console.log('| measure | baseline (plain byte scan) | deskguard | ratio |');
console.log('|---|---|---|---|');
console.log(
  `| detector on the mix, MB/s | ${mbs(baseS)} | ${mbs(detS)} (${found} findings) | ${(baseS / detS).toFixed(3)} |`,
);
const mps = (s) => ((emls.length * rounds) / s).toFixed(0);
console.log(
  `| scan (parse, extract, detect, redact), mails/s | ${mps(scanBaseS)} | ${mps(scanS)} | ${(scanBaseS / scanS).toFixed(4)} |`,
);
