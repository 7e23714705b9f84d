// Hostile-input benchmark: how long the detector, and each rule alone, takes over 1 MB of text
// built to make regular expressions backtrack, against 1 MB of ordinary mail text scanned in the
// same run (the baseline). Tests bound this work in steps (test/unit/detect/adversarial.test.ts);
// the time lives here. Usage: npm run build && node bench/detect-adversarial.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDetector, createRuleDetector } from '../dist/stages/detect/engine.js';
import { extractMessage } from '../dist/stages/detect/extract/extract-message.js';
import { htmlToTextWithMap } from '../dist/stages/detect/extract/html-text.js';
import { RULES } from '../dist/stages/detect/rules/index.js';
import { leaf, message, multipart, zip } from '../test/fixtures/mail/builders.mjs';

const root = new URL('..', import.meta.url).pathname;
const MB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_ADVERSARIAL_MB ?? 1) * MB;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** `unit` repeated to exactly SIZE characters. */
const fill = (unit) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

const INPUTS = {
  'one char': fill('a'),
  'base64 alphabet': fill('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
  digits: fill('1'),
  'digits and spaces': fill('1 '),
  'card-like groups': fill('4111 '),
  '=': fill('='),
  'password words': fill('password '),
  'password labels': fill('Password: '),
  'password prose': fill('my password is for the '),
  'pw is': fill('pw is '),
  'login pairs': fill('login a / '),
  'PEM headers without END': fill('-----BEGIN RSA PRIVATE KEY-----\n'),
  'jwt segments': fill('eyJhbGciOi.'),
  'url userinfo': fill('https://a:b@'),
  'db url userinfo': fill('postgres://a:'),
  'token labels': fill('token: '),
  'api key labels': fill('api_key=abcdefghijklmno '),
  'iban-like groups': fill('DE89 3704 '),
  'pipe table rows': fill('| user | password |\n'),
  'tab table headers': fill('System\tPassword\tAPI key / token\n'),
  'wide tab rows': `Token\tPassword\n${fill(`${'x\t'.repeat(300)}\n`)}`,
  'trailing labels': fill('Xy1! (password '),
  'html password inputs': fill('<input type="password" '),
  'spaces, then a password': `${fill(' ').slice(9)}password`,
  'tabs, then a password': `${fill('\t').slice(9)}password`,
};

// The baseline: ordinary support mail without secrets (the negatives of the labelled text corpus),
// over and over, to the same size.
const corpus = readFileSync(join(root, 'test/fixtures/detect/corpus.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l))
  .filter((c) => c.secrets.length === 0)
  .map((c) => c.text)
  .join('\n\n');
const ordinary = fill(corpus);

/** Best of ROUNDS single scans, in ms: other processes share the machine, a blow-up lasts. */
function best(scan, text) {
  let ms = Number.POSITIVE_INFINITY;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    scan(text);
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

const detector = createDetector();
for (const text of [ordinary, ...Object.values(INPUTS)]) detector.scan(text.slice(0, 4096)); // warm up
const base = best(detector.scan, ordinary);

console.log(`\nnode ${process.version}, ${SIZE / MB} MB per input, best of ${ROUNDS}\n`);
console.log('Whole detector:\n');
console.log('| input | ms | ratio to ordinary mail |');
console.log('|---|---|---|');
console.log(`| ordinary mail (baseline) | ${base.toFixed(1)} | 1.00 |`);
for (const [name, text] of Object.entries(INPUTS)) {
  const ms = best(detector.scan, text);
  console.log(`| ${name} | ${ms.toFixed(1)} | ${(ms / base).toFixed(2)} |`);
}

console.log('\nEach rule alone, its slowest input:\n');
console.log('| rule | ms on ordinary mail | slowest input | ms | ratio |');
console.log('|---|---|---|---|---|');
for (const rule of RULES) {
  const alone = createRuleDetector([rule]);
  const own = best(alone.scan, ordinary);
  let worst = { name: '', ms: 0 };
  for (const [name, text] of Object.entries(INPUTS)) {
    const ms = best(alone.scan, text);
    if (ms > worst.ms) worst = { name, ms };
  }
  console.log(
    `| ${rule.id} | ${own.toFixed(1)} | ${worst.name} | ${worst.ms.toFixed(1)} | ${(worst.ms / Math.max(own, 0.1)).toFixed(1)} |`,
  );
}

// Extraction: hostile HTML (unclosed attributes and tags, bare entity starts) against ordinary HTML
// of the same size, and a nested zip bomb (two 64 MiB entries of zeros) against a small zip.
console.log('\nExtraction:\n');
console.log('| input | ms | baseline | ms | ratio |');
console.log('|---|---|---|---|---|');
const hostileHtml = `${'<a x="'.repeat(20_000)}${'<'.repeat(50_000)}${'&#'.repeat(50_000)}${'<style>'.repeat(5000)}`;
const plainHtml = fill('<p>Hello, <b>the printer</b> on floor 2 is &amp; was broken.</p>\n').slice(
  0,
  hostileHtml.length,
);
const h = best((t) => htmlToTextWithMap(t, 1_000_000), hostileHtml);
const hb = best((t) => htmlToTextWithMap(t, 1_000_000), plainHtml);
console.log(
  `| hostile HTML, ${(hostileHtml.length / 1024).toFixed(0)} KB | ${h.toFixed(1)} | ordinary HTML | ${hb.toFixed(1)} | ${(h / hb).toFixed(2)} |`,
);
const withZip = (bytes) =>
  message(
    { From: 'a@example.org', To: 'support@localhost', Subject: 'files' },
    multipart('mixed', [leaf('attached'), leaf(bytes, { type: 'application/zip', filename: 'a.zip' })]),
  );
const bombZip = zip({ 'zeros.bin': Buffer.alloc(64 * MB) }, 9);
const bomb = withZip(zip({ 'one.zip': bombZip, 'two.zip': bombZip }));
const small = withZip(zip({ 'notes.txt': 'nothing to see here\n'.repeat(100) }));
const timeAsync = async (fn) => {
  let ms = Number.POSITIVE_INFINITY;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    await fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
};
const z = await timeAsync(() => extractMessage(bomb));
const zb = await timeAsync(() => extractMessage(small));
console.log(
  `| nested zip bomb (2 x 64 MiB) | ${z.toFixed(1)} | small zip | ${zb.toFixed(1)} | ${(z / zb).toFixed(2)} |`,
);
