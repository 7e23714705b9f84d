import { defineConfig } from 'vitest/config';

// Tests must never reach the machine's resolver (only loopback traffic is allowed here): every
// gateway a test starts, in-process or spawned, inherits a DNS server on a closed loopback port,
// which fails at once. Tests of authentication start their own DNS server and point at it.
const env = { DESKGUARD_DNS__SERVERS: '[127.0.0.1:9]' };

export default defineConfig({
  test: {
    // Safety nets for a hung test, not measures: tests bound their work, and on a loaded two-core
    // runner a gateway that starts in 2 s alone may take 30.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Worker and pipeline threads and the spawned CLI run dist/: the global setup compiles src/ first,
    // so no runner (npm test, npx vitest, an editor) ever tests stale code.
    globalSetup: ['test/global-setup.ts'],
    // Suites start real servers on free ports and spawn the CLI: two cores, so keep files in few workers.
    maxWorkers: 2,
    reporters: process.env.CI ? ['default', ['json', { outputFile: process.env.VITEST_REPORT ?? '.vitest-report.json' }]] : ['default'],
    projects: [
      // The repository's own suite: needs nothing outside the repository.
      { extends: true, test: { name: 'main', include: ['test/unit/**/*.test.ts', 'test/e2e/**/*.test.ts'], env } },
      // Third-party data (../shared/conformance in CI): `npm run test:conformance -- DIR`.
      { extends: true, test: { name: 'conformance', include: ['test/conformance/**/*.test.ts'], env } },
      // Crashes, outages and hostile input against running gateways: `npm run test:faults`.
      // Each fault test is held to the 60 s.
      {
        extends: true,
        test: { name: 'faults', include: ['test/faults/**/*.test.ts'], env, maxWorkers: 1, testTimeout: 60_000 },
      },
      // The staff web UI in Debian's chromium (playwright-core): `npm run test:browser`.
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], env, maxWorkers: 1 } },
    ],
  },
});
