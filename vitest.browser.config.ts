import { defineConfig } from 'vitest/config';

// Browser tests: a real Ponte server and Debian's Chromium driven by playwright-core, axe-core inside.
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default', ['json', { outputFile: 'test-results/browser.json' }]],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
