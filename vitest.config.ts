import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (pure modules, no database: seconds), `api` (supertest on a real
 * database) and `e2e` (the web client in Chromium). The two with a database share one template
 * of the county sample, made once per run by the global setup. `npm test` runs them all;
 * `npm test -- --project unit` only the first.
 */
export default defineConfig({
  test: {
    // Two cores: two test files at a time; database tests each get their own database.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      // Pure modules: one module cache per worker (no isolation) spares re-importing Turf and friends per file.
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'api', include: ['tests/api/**/*.test.ts'], globalSetup: ['tests/helpers/global-setup.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], globalSetup: ['tests/helpers/global-setup.ts'] } },
    ],
  },
});
