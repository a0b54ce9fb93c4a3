import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vitest's results cache, out of node_modules (npm would find its record of the tree out of date).
  cacheDir: '.cache/vite',
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The test files of a worker share its module graph instead of each loading the server's modules afresh.
    // Measured on the quiet 2-core machine, two files at a time as CI runs them: the PGlite suite 548 → 331 s, the
    // database files on PostgreSQL 266 → 146 s (the 266 with the build beside it) and on Citus 245 → 163 s, every
    // test passing. Each file still opens its own test database; a file that changes a module's state for its own
    // tests (src/cli/lazy.test.ts) resets the modules it mocks (vi.resetModules, vi.doMock).
    isolate: false,
  },
});
