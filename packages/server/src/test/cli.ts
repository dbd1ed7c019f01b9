import { spawn, type ChildProcess } from 'node:child_process';
import { Console } from 'node:console';
import { CommanderError } from 'commander';
import fs from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/homecoming.js', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * Under `npm test` (whose pretest step has just built the project) the tests run the built command, as
 * users do, which also starts in a third of the time; run alone (`npx vitest run …`), they run the
 * sources, so a test never meets a stale build.
 */
const COMMAND =
  process.env['npm_lifecycle_event'] === 'test' && fs.existsSync(BUILT)
    ? [BIN]
    : ['--import', 'tsx', '--conditions=source', MAIN];

const running = new Set<ChildProcess>();
let reaping = false;

/**
 * Kills, when the test file's process exits, the child processes it started that still run: a test that
 * failed or timed out before its own clean-up would otherwise leave a `serve` running under the rest of
 * the suite.
 */
export function killOnExit(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!reaping) {
    reaping = true;
    const reap = () => {
      for (const c of running) c.kill('SIGKILL');
    };
    process.once('exit', reap);
    // Vitest ends a test file's process with SIGTERM, which runs no 'exit' listener: reap, then end as
    // the signal would have.
    process.once('SIGTERM', () => {
      reap();
      process.kill(process.pid, 'SIGTERM');
    });
  }
  return child;
}

/** Runs the CLI in a child process, as `npx homecoming` would. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): ChildProcess {
  const child = spawn(process.execPath, [...COMMAND, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) child.stdin?.end(input);
  return killOnExit(child);
}

/** What a command run to its end left: its exit code and everything it wrote. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI to its end in a child process (`node bin/homecoming.js …` under `npm test`) and collects its
 * output: for what only a process proves (the binary, its exit code as the shell sees it, signals, pipes,
 * two processes on one data folder).
 */
export async function runCliProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  input?: string,
): Promise<CliResult> {
  const child = spawnCli(args, env, input);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

/**
 * A `process.exit` called by a command run in the test's process: the run ends with that code (main takes
 * it as commander's own exits, which it is).
 */
class ExitCalled extends CommanderError {
  constructor(code: number) {
    super(code, 'process.exit', `process.exit(${code})`);
  }
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs the CLI to its end in the test's own process and collects its output: the same program as the
 * `homecoming` binary (cli/program.ts), given `args` as its command line, `env` over process.env, `input`
 * as its standard input (none: an empty one, as a child's /dev/null) and fresh stdout/stderr (not
 * terminals) that it writes to through process.stdout/stderr or console. Its exit code is what the process
 * would have exited with: process.exitCode, or commander's own for --help and argument errors. A child
 * process per command cost each one Node's start, the module graph and PGlite's start-up (987 s summed over
 * the suite, bench/RESULTS.md ci5); `runCliProcess` keeps a real process where the test is about one.
 * Runs are one at a time (they swap process-wide streams and variables); each restores all it changed.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<CliResult> {
  const run = queue.then(() => runInProcess(args, env, input));
  queue = run.catch(() => undefined);
  return run;
}

async function runInProcess(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  const { buildCli, main } = await import('../cli/program.js');
  const program = buildCli();
  const override = (c: typeof program): void => {
    c.exitOverride();
    for (const sub of c.commands) override(sub);
  };
  override(program);

  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  const streams = {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    stdin: Readable.from(input === undefined ? [] : [input]),
  };
  const savedStreams = Object.fromEntries(
    Object.keys(streams).map((k) => [k, Object.getOwnPropertyDescriptor(process, k)]),
  );
  const savedEnv = new Map<string, string | undefined>();
  const savedConsole = globalThis.console;
  const savedExit = process.exit;
  const savedExitCode = process.exitCode;
  try {
    for (const [k, v] of Object.entries({ LOG_LEVEL: 'warn', ...env })) {
      if (!savedEnv.has(k)) savedEnv.set(k, process.env[k]);
      if (v === undefined) Reflect.deleteProperty(process.env, k);
      else process.env[k] = v;
    }
    for (const [k, stream] of Object.entries(streams))
      Object.defineProperty(process, k, {
        value: stream,
        configurable: true,
        enumerable: true,
        writable: true,
      });
    globalThis.console = new Console({ stdout: streams.stdout, stderr: streams.stderr });
    process.exit = ((code?: number) => {
      throw new ExitCalled(code ?? 0);
    }) as typeof process.exit;
    process.exitCode = undefined;
    await main(['node', 'homecoming', ...args], program);
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.exit = savedExit;
    process.exitCode = savedExitCode;
    globalThis.console = savedConsole;
    for (const [k, descriptor] of Object.entries(savedStreams))
      if (descriptor) Object.defineProperty(process, k, descriptor);
    for (const [k, v] of savedEnv) {
      if (v === undefined) Reflect.deleteProperty(process.env, k);
      else process.env[k] = v;
    }
  }
}
