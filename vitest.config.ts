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
  },
});
