import { defineConfig } from 'vitest/config';

// One suite, two backends: embedded PGlite by default, a PostgreSQL/PostGIS server when
// TEST_DATABASE_URL is set (CI runs both). Every test file gets its own fresh database.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
    globalSetup: ['tests/setup/global.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: `.test-results/${process.env.TEST_DATABASE_URL ? 'server' : 'embedded'}.json` }]],
  },
});
