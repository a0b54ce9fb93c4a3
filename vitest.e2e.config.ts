import { defineConfig } from 'vitest/config';

/** Servers, and test files at a time (LUOSHI_E2E_SERVERS, 1 unless set, as in CI): see test/e2e/global-setup.ts. */
const servers = Math.max(1, Number(process.env.LUOSHI_E2E_SERVERS ?? 1) || 1);

/**
 * Browser tests: real servers (demo data, each its own fresh data folder), one per test worker, Debian's Chromium; one
 * file at a time per server.
 */
export default defineConfig({
  // Vitest's results cache, out of node_modules (npm would find its record of the tree out of date).
  cacheDir: '.cache/vite',
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: servers > 1,
    maxWorkers: servers,
    // In CI a failed browser test runs once more: on two loaded cores a click can land while a list still animates.
    // A test that passes only on its retry is named after the run and counted in CI's closing line
    // (test/e2e/retried-reporter.ts), so a flaky test is seen and fixed, not hidden; one that fails twice fails CI.
    retry: process.env.CI ? 1 : 0,
    // expect.poll waits for what the page shows after a request; a second is too short on a busy machine.
    expect: { poll: { timeout: 10_000, interval: 100 } },
  },
});
