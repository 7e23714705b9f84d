import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * Compiles src/ into dist/ before any test runs. Worker threads, the pipeline thread and the spawned
 * CLI load dist/, so without this a runner started on its own would test whatever was built last.
 * tsc is incremental enough here (a few seconds) to run every time.
 */
export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
