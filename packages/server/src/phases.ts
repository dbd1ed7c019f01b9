import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
/**
 * Wall-clock time per named phase of a long job (an import's lookups, scoring, writes …), for finding where
 * the time goes. Off unless HOMECOMING_PROFILE=1; then `homecoming import` prints the table to stderr at the
 * end. Phases that run beside each other (a batch resolved while the one before it is written) overlap, so
 * their sum may exceed the job's time. Names only, never data.
 */
const enabled = process.env['HOMECOMING_PROFILE'] === '1';
const totals = new Map<string, { ms: number; calls: number }>();

/** Runs `fn`, adding its time to `phase` when profiling is on. */
export async function timed<T>(phase: string, fn: () => Promise<T>): Promise<T> {
  if (!enabled) return fn();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    addPhase(phase, performance.now() - t0);
  }
}

/** Runs synchronous `fn`, adding its time to `phase` when profiling is on. */
export function timedSync<T>(phase: string, fn: () => T): T {
  if (!enabled) return fn();
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    addPhase(phase, performance.now() - t0);
  }
}

/** Adds `ms` to `phase` (a time measured elsewhere) when profiling is on. */
export function addPhase(phase: string, ms: number): void {
  if (!enabled) return;
  const t = totals.get(phase);
  if (t) {
    t.ms += ms;
    t.calls++;
  } else totals.set(phase, { ms, calls: 1 });
}

/** Adds `n` to a count shown beside the phases (rows found, candidates scored …) when profiling is on. */
export function tally(name: string, n: number): void {
  if (!enabled) return;
  const t = counts.get(name);
  if (t) {
    t.n += n;
    t.calls++;
  } else counts.set(name, { n, calls: 1 });
}
const counts = new Map<string, { n: number; calls: number }>();

/**
 * Samples the process's memory when profiling is on: the resident set, the JavaScript heap in use and the
 * memory outside it (buffers, and PGlite's WebAssembly memory), keeping each one's peak in MB.
 */
export function sampleMemory(): void {
  if (!enabled) return;
  const m = process.memoryUsage();
  const peak = (name: string, bytes: number): void => {
    const mb = Math.round(bytes / 1e6);
    const t = counts.get(name);
    if (t) {
      t.n = Math.max(t.n, mb);
      t.calls++;
    } else counts.set(name, { n: mb, calls: 1 });
  };
  peak('memory: peak RSS (MB)', m.rss);
  peak('memory: peak JS heap used (MB)', m.heapUsed);
  peak('memory: peak outside the JS heap (MB)', m.external);
}

/** Keeps the peak of `mb` under `name` beside the phases when profiling is on (a figure in MB). */
export function samplePeak(name: string, mb: number): void {
  if (!enabled) return;
  const t = counts.get(name);
  if (t) {
    t.n = Math.max(t.n, Math.round(mb));
    t.calls++;
  } else counts.set(name, { n: Math.round(mb), calls: 1 });
}

/**
 * The CPU (user + system, ms) process `pid` has used so far, from /proc (Linux), or null where it cannot be
 * read. With HOMECOMING_PROFILE_BACKENDS=1 and a PostgreSQL server on this machine, the driver reads it of
 * each statement's backend before and after the statement: PostgreSQL's CPU by statement (pg_stat_statements
 * needs a restart of a shared server to load).
 */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces), from its closing parenthesis: utime is the 12th.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * The bytes process `pid` has read so far through read() (from the page cache or the disk: `rchar` of
 * /proc/PID/io, readable only by its owner or root), or null. A PostgreSQL backend's blocks read outside its
 * shared buffers, for the same tally as `processCpuMs`.
 */
export function processReadBytes(pid: number): number | null {
  try {
    const m = /^rchar: (\d+)$/m.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'));
    return m === null ? null : Number(m[1]);
  } catch {
    return null;
  }
}

/** Linux's clock ticks per second (`getconf CLK_TCK`), 100 on every architecture Node runs on there. */
const CLOCK_TICKS = 100;

/** Whether phases are being timed. */
export function profiling(): boolean {
  return enabled;
}

/** The phases so far as a table (phase, calls, seconds), by name. */
export function phaseTable(): string {
  const rows = [...totals].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return rows
    .map(
      ([name, t]) =>
        `${name.padEnd(36)} ${String(t.calls).padStart(6)} ${(t.ms / 1000).toFixed(2).padStart(8)} s`,
    )
    .concat(
      [...counts].map(
        ([name, c]) => `${name.padEnd(36)} ${String(c.calls).padStart(6)} ${String(c.n).padStart(10)}`,
      ),
    )
    .join('\n');
}

/**
 * Lets the JavaScript heap grow to at most `percent` % above what V8's last full collection kept, instead
 * of V8's own factor (up to 4×). A long job whose every step leaves its data behind (an import's lookups,
 * rows, statements) otherwise peaks at several times what it keeps: the linked import into a million
 * persons kept ~130 MB and peaked at 434 MB of heap (bench/RESULTS.md, `pgbulk`). V8's collections stay
 * incremental and concurrent; they come more often. For a process that does only that job (the command
 * line's import): it holds for the rest of the process.
 */
export function boundHeapGrowth(percent: number): void {
  try {
    v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  } catch {
    // A runtime without the flag grows its heap as it would.
  }
}

let fullGc: (() => void) | null | undefined;

/**
 * Collects the JavaScript heap's garbage now (a full collection). A long job calls it between its steps:
 * V8 otherwise lets the heap grow with a batch's short-lived data (JSON of a statement, per-probe lists)
 * long before it collects, and the process's peak memory with it (bench/RESULTS.md, `pgwork`).
 */
export function collectGarbage(): void {
  if (fullGc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      fullGc = vm.runInNewContext('gc') as () => void;
    } catch {
      fullGc = null;
    }
  }
  fullGc?.();
}
