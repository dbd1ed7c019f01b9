import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests run the workspace packages from source, not from their build.
    conditions: ['source'],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts', 'e2e/**/*.test.ts'],
    // Generous: with two files sharing the cores (and other work on a shared machine) a test can take
    // twice its time alone; a timeout is for a hang, and no test asserts wall-clock time.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
