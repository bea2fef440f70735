import { defineConfig } from 'vitest/config';

// Unit tests (src/**/*.test.ts) and database tests (*.db.test.ts, run on PGlite and PostgreSQL).
// Browser tests live in tests/browser and run with vitest.browser.config.ts.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['tests/browser/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: 'test-results/unit.json' }]],
  },
});
