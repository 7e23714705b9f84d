#!/usr/bin/env node
// Runs the third-party conformance suites against a data folder given as the one argument:
//   npm run test:conformance -- ../shared/conformance
// Without the folder it fails loudly instead of passing on nothing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [dir, ...rest] = process.argv.slice(2);
if (!dir || !existsSync(dir)) {
  console.error(
    `test:conformance needs the conformance data folder as its argument${dir ? ` (not found: ${dir})` : ''}`,
  );
  console.error(
    'usage: npm run test:conformance -- <folder with spf-openspf/, arc-valimail/, mime-corpus/, …>',
  );
  process.exit(2);
}
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const r = spawnSync(process.execPath, [vitest, 'run', '--project', 'conformance', ...rest], {
  stdio: 'inherit',
  env: { ...process.env, DESKGUARD_CONFORMANCE_DIR: resolve(dir) },
});
process.exit(r.status ?? 1);
