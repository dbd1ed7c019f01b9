import os from 'node:os';
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
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core CI machine, which
    // then idles while a file waits on PostgreSQL, a child command, a server or Chromium. Each file runs
    // in a process and databases of its own (scratch PostgreSQL databases, PGlite in memory or in a
    // temporary folder, free ports), so files do not meet. VITEST_MAX_WORKERS overrides this.
    maxWorkers: Math.max(2, os.availableParallelism()),
  },
});
