import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Each test file's duration (ms) as last measured in a whole run (`npm test`, 2 workers, a loaded 2-core
 * machine); only the order in which files start depends on it.
 */
const MEASURED: Record<string, number> = JSON.parse(
  fs.readFileSync(new URL('./vitest.durations.json', import.meta.url), 'utf8'),
) as Record<string, number>;

/**
 * Longest files first, so that no long file starts last while the other worker has nothing left to do.
 * Vitest orders by the durations it cached in an earlier run; on a clean checkout (CI) it has none and
 * starts the largest files first, which put a 50-second command-line test of 118 lines near the end. A
 * file's duration comes from Vitest's cache when it has one, else from vitest.durations.json, else its size;
 * files that failed last time start before all.
 */
class LongestFirst extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const known = (file: TestSpecification) => {
      const relative = path.relative(root, file.moduleId).split(path.sep).join('/');
      const cached = this.ctx.cache.getFileTestResults(`${file.project.name}:${relative}`);
      return {
        failed: cached?.failed === true,
        // A file measured neither way (a new one): a millisecond per byte, a rough guess.
        duration: cached?.duration ?? MEASURED[relative] ?? fs.statSync(file.moduleId).size,
      };
    };
    const order = new Map(files.map((f) => [f, known(f)] as const));
    const rank = (f: TestSpecification) => order.get(f) ?? { failed: false, duration: 0 };
    return Promise.resolve(
      [...files].sort((a, b) => {
        const x = rank(a);
        const y = rank(b);
        if (x.failed !== y.failed) return x.failed ? -1 : 1;
        return y.duration === x.duration ? 0 : y.duration > x.duration ? 1 : -1;
      }),
    );
  }
}

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
    // A worker runs file after file in one process and keeps the modules it has loaded: re-importing the
    // server's module graph for each file cost a quarter of the suite's worker time (59 files, paired at
    // load 12-16: 909 s wall and 323 s of CPU isolated, 596 s and 157 s not; bench/RESULTS.md, ci2). Files
    // share no state they depend on: each opens its own databases, folders and ports.
    isolate: false,
    sequence: { sequencer: LongestFirst },
    // fast-check's seed: fixed unless FC_SEED says otherwise (vitest.setup.ts).
    setupFiles: ['./vitest.setup.ts'],
    // Two files at once even on two cores: most files spend their time waiting on PostgreSQL, a child
    // command or Chromium, and each uses its own scratch database, data folder and ports. Vitest's default
    // (cores - 1) leaves one worker on a 2-core CI machine. VITEST_MAX_WORKERS=1 runs one at a time.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS) || Math.max(2, os.availableParallelism()),
  },
});
