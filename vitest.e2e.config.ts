import { defineConfig } from 'vitest/config';

/** Browser tests: one real server (demo data, fresh data folder) for the run, Debian's Chromium, one file at a time. */
export default defineConfig({
  // Vitest's results cache, out of node_modules (npm would find its record of the tree out of date).
  cacheDir: '.cache/vite',
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    // expect.poll waits for what the page shows after a request; a second is too short on a busy machine.
    expect: { poll: { timeout: 10_000, interval: 100 } },
  },
});
