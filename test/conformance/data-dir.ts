import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The third-party data folder (../shared/conformance in CI), given to `npm run test:conformance` as an
 * argument and passed on in DESKGUARD_CONFORMANCE_DIR. Without it these suites fail loudly: a
 * conformance run that silently tested nothing would read as a pass.
 */
export function conformanceDir(...sub: string[]): string {
  const root = process.env.DESKGUARD_CONFORMANCE_DIR;
  if (!root) {
    throw new Error(
      'DESKGUARD_CONFORMANCE_DIR is not set: run `npm run test:conformance -- <conformance data folder>`',
    );
  }
  const dir = resolve(root, ...sub);
  if (!existsSync(dir)) {
    throw new Error(`conformance data not found: ${dir}`);
  }
  return join(dir);
}
