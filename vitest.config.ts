import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Most test time is waiting on loopback HTTP and child processes, not CPU: four workers on
    // two cores cut the suite from about 4 minutes to under 2 (tests never assert on wall time).
    maxWorkers: 4,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
