import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.{ts,tsx}', 'flows/**/*.test.ts', 'bench/**/*.test.ts'],
    pool: 'forks',
    // Most suites wait on real servers, processes and PostgreSQL rather than on a core: three test
    // files at a time on the 2-core machines (Vitest's default there is one: cores − 1). A fresh
    // clone's `.ci/run` took 5 min 46 s with two and 4 min 53 s with three (2026-12-06, quiet).
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
