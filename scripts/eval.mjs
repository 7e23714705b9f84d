#!/usr/bin/env node
// Scores detection on the labelled evaluation corpus (test/fixtures/eval/<writer>/labels.json):
//   npm run eval [-- --details] [-- --write] [-- --gate FLOORS.json [--report OUT.json]]
// Each writer wrote its mail blind to the rules, in a `dev` split (read it, tune on it) and a `test`
// split (scored only). Prints recall and precision per split, per type and per language; with
// --details, what was missed or falsely flagged — for `dev` only: the test split's contents are never
// printed, so no one tunes on them by accident. --write puts the tables in docs/detection-quality.md.
// --gate fails (exit 1) when a split's recall or message precision falls below the floors in the
// file (CI runs it: a change that makes detection worse on the blind corpora does not land), and
// --report writes the checks as a vitest-style JSON summary for CI's count.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convert } from 'html-to-text';
import { simpleParser } from 'mailparser';

const root = fileURLToPath(new URL('..', import.meta.url));
const { createDetector } = await import(join(root, 'dist/stages/detect/engine.js'));
const { scanAndRedact } = await import(join(root, 'dist/stages/detect/scan-message.js'));

const argv = process.argv.slice(2);
const args = new Set(argv);
const flagValue = (flag) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
const evalDir = join(root, 'test/fixtures/eval');
const KEY = Buffer.alloc(32, 7);

/** Every labelled mail of every writer, and the company IBANs the writers quoted as their own. */
function corpus() {
  const mails = [];
  const companyIbans = [];
  for (const writer of existsSync(evalDir) ? readdirSync(evalDir).sort() : []) {
    const file = join(evalDir, writer, 'labels.json');
    if (!existsSync(file)) continue;
    for (const entry of JSON.parse(readFileSync(file, 'utf8'))) {
      if (entry.companyIban) companyIbans.push(entry.companyIban.replace(/\s/g, ''));
      if (!entry.file) continue;
      mails.push({ ...entry, writer, path: join(evalDir, writer, entry.file) });
    }
  }
  return { mails, companyIbans };
}

const norm = (s) => s.replace(/\r/g, '');
// Line breaks (also as JSON writes them, `\n`), blanks and reply quoting inside a multi-line value
// are not part of the secret.
const squash = (s) => s.replace(/\\[nr]|[\s>]+/g, '');
const overlaps = (a, b) => {
  const [x, y] = [squash(a), squash(b)];
  return x.length > 0 && y.length > 0 && (x.includes(y) || y.includes(x));
};

/** The texts a reader of the delivered copy could see: raw, decoded parts, HTML as text, nested mail. */
async function visibleTexts(raw, depth = 0) {
  const out = [raw.toString('latin1')];
  let mail;
  try {
    mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  } catch {
    return out;
  }
  out.push(mail.subject ?? '', mail.text ?? '');
  if (typeof mail.html === 'string') out.push(mail.html, convert(mail.html, { wordwrap: false }));
  for (const a of mail.attachments ?? []) {
    out.push(a.filename ?? '', a.content.toString('utf8'), a.content.toString('latin1'));
    if (depth < 3 && a.contentType === 'message/rfc822')
      out.push(...(await visibleTexts(a.content, depth + 1)));
  }
  return out.map(norm);
}

const tally = () => ({
  labelled: 0,
  found: 0,
  leaked: 0,
  reported: 0,
  correct: 0,
  mails: 0,
  flagged: 0,
  falseAlarms: 0,
});
const boards = new Map();
const cell = (...keys) => {
  const k = keys.join('\u0000');
  if (!boards.has(k)) boards.set(k, tally());
  return boards.get(k);
};

const { mails, companyIbans } = corpus();
if (!mails.length) {
  console.error('no labelled mail under test/fixtures/eval');
  process.exit(1);
}
const detector = createDetector({ allowValues: companyIbans });
const details = [];
for (const m of mails) {
  const raw = readFileSync(m.path);
  const { matches, redacted } = await scanAndRedact(raw, { detector, fingerprintKey: KEY });
  const values = matches.map((x) => ({ type: x.match.type, value: norm(x.match.value) }));
  const delivered = await visibleTexts(redacted ?? raw);
  const scopes = [
    ['split', m.split],
    ['lang', `${m.split}\u0000${m.lang}`],
    ['format', `${m.split}\u0000${m.format}`],
    ['writer', `${m.split}\u0000${m.writer}`],
  ];
  for (const [kind, key] of scopes) {
    const t = cell(kind, key);
    t.mails++;
    if (values.length) t.flagged++;
    if (values.length && !m.secrets.length) t.falseAlarms++;
  }
  for (const s of m.secrets) {
    // A label listing several codes ("a | b | c") is found when findings cover each of its parts.
    const found =
      values.some((v) => overlaps(v.value, norm(s.value))) ||
      (s.core?.length > 1 &&
        s.core.every((p) => values.some((v) => squash(norm(v.value)).includes(squash(norm(p))))));
    const leaked = (s.core ?? [s.value]).map(norm).filter((p) => delivered.some((d) => d.includes(p)));
    for (const [kind, key] of [...scopes, ['type', `${m.split}\u0000${s.type}`]]) {
      const t = cell(kind, key);
      t.labelled++;
      if (found) t.found++;
      if (leaked.length) t.leaked++;
    }
    if (m.split === 'dev' && (!found || leaked.length))
      details.push(
        `missed ${m.writer}/${m.file} ${s.type}${found ? ' (found, but leaked)' : ''}: ${JSON.stringify(s.value.slice(0, 50))}`,
      );
  }
  for (const v of values) {
    const correct = m.secrets.some(
      (s) =>
        overlaps(v.value, norm(s.value)) ||
        (s.core?.length > 1 && s.core.some((p) => squash(v.value).includes(squash(norm(p))))),
    );
    for (const [kind, key] of [
      ['split', m.split],
      ['type', `${m.split}\u0000${v.type}`],
    ]) {
      const t = cell(kind, key);
      t.reported++;
      if (correct) t.correct++;
    }
    if (m.split === 'dev' && !correct)
      details.push(`false   ${m.writer}/${m.file} ${v.type}: ${JSON.stringify(v.value.slice(0, 50))}`);
  }
}

const ratio = (a, b) => (b === 0 ? '–' : (a / b).toFixed(3));
const table = (kind, title, header) => {
  const rows = [...boards.entries()]
    .filter(([k]) => k.startsWith(`${kind}\u0000`))
    .map(([k, t]) => [k.split('\u0000').slice(1), t])
    .sort(([a], [b]) => a.join(' ').localeCompare(b.join(' ')));
  const lines = [`### ${title}`, '', `| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const [key, t] of rows) {
    const msgPrecision = ratio(t.flagged - t.falseAlarms, t.flagged);
    lines.push(
      `| ${key.join(' | ')} | ${t.labelled} | ${ratio(t.found, t.labelled)} | ${t.leaked} | ` +
        (kind === 'type'
          ? `${ratio(t.correct, t.reported)} (${t.correct}/${t.reported}) |`
          : `${t.mails} | ${msgPrecision} | ${t.falseAlarms} |`),
    );
  }
  return lines.join('\n');
};
const common = ['secrets', 'recall', 'leaked'];
const report = [
  table('split', 'Per split', ['split', ...common, 'mails', 'message precision', 'false alarms']),
  table('type', 'Per type (finding precision: findings that match a label)', [
    'split',
    'type',
    ...common,
    'finding precision',
  ]),
  table('lang', 'Per language', [
    'split',
    'language',
    ...common,
    'mails',
    'message precision',
    'false alarms',
  ]),
  table('format', 'Per format', ['split', 'format', ...common, 'mails', 'message precision', 'false alarms']),
  table('writer', 'Per writer (each corpus written blind, at a different time)', [
    'split',
    'writer',
    ...common,
    'mails',
    'message precision',
    'false alarms',
  ]),
].join('\n\n');

console.log(report);
if (args.has('--details')) console.log(`\n### dev: missed and false findings\n\n${details.join('\n')}`);
if (args.has('--write')) {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {}
  const doc = [
    '# Detection quality',
    '',
    'Measured by `npm run eval` on the labelled corpus in test/fixtures/eval/: support mail written by',
    'writers who had not read the rules, each in a `dev` split (read and tuned on) and a `test` split',
    '(scored only). *Recall*: labelled secrets that a finding covers; *leaked*: labelled secrets with a',
    'piece still readable in the delivered copy (raw, decoded, HTML as text, nested mail); *message',
    'precision*: flagged mails that hold a labelled secret; *false alarms*: flagged mails that hold none.',
    '',
    `Date ${new Date().toISOString().slice(0, 10)}, commit ${commit}, ${mails.length} mails.`,
    '',
    report,
    '',
  ].join('\n');
  writeFileSync(join(root, 'docs/detection-quality.md'), doc);
  console.log('\nwrote docs/detection-quality.md');
}

const gateFile = flagValue('--gate');
if (gateFile !== undefined) {
  const floors = JSON.parse(readFileSync(gateFile, 'utf8'));
  const checks = [];
  for (const [split, floor] of Object.entries(floors.splits ?? {})) {
    const t = boards.get(`split\u0000${split}`) ?? tally();
    const recall = t.labelled ? t.found / t.labelled : 0;
    const precision = t.flagged ? (t.flagged - t.falseAlarms) / t.flagged : 0;
    checks.push([`${split} recall`, recall, floor.recall]);
    checks.push([`${split} message precision`, precision, floor.messagePrecision]);
  }
  const failed = checks.filter(([, value, floor]) => !(value >= floor));
  console.log('\n### gate\n');
  for (const [name, value, floor] of checks)
    console.log(`${value >= floor ? 'ok  ' : 'FAIL'} ${name} ${value.toFixed(3)} (floor ${floor})`);
  const reportFile = flagValue('--report');
  if (reportFile !== undefined)
    writeFileSync(
      reportFile,
      JSON.stringify({
        numPassedTests: checks.length - failed.length,
        numFailedTests: failed.length,
        success: failed.length === 0 && checks.length > 0,
      }),
    );
  if (failed.length || !checks.length) process.exit(1);
}
