import { defineConfig } from 'vitest/config';

/**
 * Projects: `unit` (pure modules, no database: seconds), `api` (supertest on a real database),
 * `e2e` (the web client in Chromium), and `timing` — the few API tests that measure how fast the
 * service answers under load, run last and alone so that other test files do not share the
 * cores with them. The ones with a database share one template of the county sample, made once
 * per run by the global setup. `npm test` runs them all; `npm test -- --project unit` one.
 */
/** Tests whose assertions are about response times. */
const TIMING = ['tests/api/runtime.test.ts', 'tests/api/instances.test.ts'];

export default defineConfig({
  test: {
    // Two cores: two test files at a time; database tests each get their own database.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      // Pure modules: one module cache per worker (no isolation) spares re-importing Turf and friends per file.
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'api', include: ['tests/api/**/*.test.ts'], exclude: TIMING, globalSetup: ['tests/helpers/global-setup.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], globalSetup: ['tests/helpers/global-setup.ts'] } },
      { extends: true, test: { name: 'timing', include: TIMING, globalSetup: ['tests/helpers/global-setup.ts'], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
