import os from 'node:os';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests run the workspace packages from source, not from their build.
    conditions: ['source'],
  },
  // Tests run on the server side (Vite's ssr environment), which has conditions of its own: without
  // 'source' here the server's tests ran @homecoming/linkage and names from their last build (dist/).
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts', 'e2e/**/*.test.ts'],
    // Generous: with two files sharing the cores (and other work on a shared machine) a test can take
    // twice its time alone; a timeout is for a hang, and no test asserts wall-clock time.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Two files at once even on two cores: most files spend their time waiting on PostgreSQL, a child
    // command or Chromium, and each uses its own scratch database, data folder and ports. Vitest's default
    // (cores - 1) leaves one worker on a 2-core CI machine. VITEST_MAX_WORKERS=1 runs one at a time.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS) || Math.max(2, os.availableParallelism()),
  },
});
