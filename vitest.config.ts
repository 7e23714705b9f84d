import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Suites start real servers on free ports and spawn the CLI: two cores, so keep files in few workers.
    maxWorkers: 2,
    // Tests must never reach the machine's resolver (only loopback traffic is allowed here): every
    // gateway a test starts, in-process or spawned, inherits a DNS server on a closed loopback port,
    // which fails at once. Tests of authentication start their own DNS server and point at it.
    env: { DESKGUARD_DNS__SERVERS: '[127.0.0.1:9]' },
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest-report.json' }]] : ['default'],
  },
});
