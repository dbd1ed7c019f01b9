import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Where a test run's time goes, per file: Vitest's own phases (environment, harness, importing the file
 * with its module graph, the tests and their hooks) and each test's duration. Used beside the default
 * reporter: `npx vitest run --reporter=default --reporter=./bench/ci/timesReporter.ts`; writes
 * SUITE_TIMES (default bench/out/suite-times.json) and prints the files by wall time (first phase to last).
 */
interface FileTimes {
  file: string;
  state: string;
  /** From the worker's start on this file to the end of its last test, in ms. */
  wall: number;
  environment: number;
  prepare: number;
  /** Importing the test file and everything it imports, and running its describe blocks. */
  collect: number;
  /** Tests and hooks (beforeAll/afterAll included). */
  run: number;
  /** `run` less the tests' own durations: hooks. */
  hooks: number;
  tests: { name: string; state: string; ms: number }[];
}

export default class TimesReporter implements Reporter {
  private readonly files: FileTimes[] = [];
  private started = Date.now();

  onTestRunStart(): void {
    this.started = Date.now();
  }

  onTestModuleEnd(module: TestModule): void {
    const d = module.diagnostic();
    const tests = [...module.children.allTests()].map((t) => ({
      name: t.fullName,
      state: t.result().state,
      ms: Math.round(t.diagnostic()?.duration ?? 0),
    }));
    const testMs = tests.reduce((a, t) => a + t.ms, 0);
    this.files.push({
      file: module.relativeModuleId,
      state: module.state(),
      wall: Math.round(d.environmentSetupDuration + d.prepareDuration + d.collectDuration + d.duration),
      environment: Math.round(d.environmentSetupDuration),
      prepare: Math.round(d.prepareDuration),
      collect: Math.round(d.collectDuration),
      run: Math.round(d.duration),
      hooks: Math.max(0, Math.round(d.duration - testMs)),
      tests,
    });
  }

  onTestRunEnd(): void {
    const out = process.env['SUITE_TIMES'] ?? path.join('bench', 'out', 'suite-times.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const files = [...this.files].sort((a, b) => b.wall - a.wall);
    const sum = (f: (x: FileTimes) => number) => Math.round(files.reduce((a, x) => a + f(x), 0) / 1000);
    fs.writeFileSync(
      out,
      JSON.stringify({ wallSeconds: (Date.now() - this.started) / 1000, files }, null, 2) + '\n',
    );
    const s = (ms: number) => (ms / 1000).toFixed(1).padStart(7);
    const lines = [
      `\nper file (s): wall = environment + prepare + collect + run; run = tests + hooks (${out})`,
      `${'file'.padEnd(64)}    wall collect     run   hooks`,
      ...files
        .slice(0, Number(process.env['SUITE_TIMES_TOP'] ?? 30))
        .map((f) => `${f.file.padEnd(64)} ${s(f.wall)} ${s(f.collect)} ${s(f.run)} ${s(f.hooks)}`),
      `sums: wall ${sum((f) => f.wall)} s, collect ${sum((f) => f.collect)} s, run ${sum((f) => f.run)} s, hooks ${sum((f) => f.hooks)} s, prepare+environment ${sum((f) => f.prepare + f.environment)} s; the run's wall ${((Date.now() - this.started) / 1000).toFixed(0)} s`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
}
