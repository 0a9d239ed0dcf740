import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.{ts,tsx}', 'flows/**/*.test.ts', 'bench/**/*.test.ts'],
    pool: 'forks',
    // Most suites wait on real servers, processes and PostgreSQL rather than on a core: two test
    // files at a time on the 2-core machines (Vitest's default there is one: cores − 1).
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
