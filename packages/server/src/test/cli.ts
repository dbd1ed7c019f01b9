import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
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

/** Runs the CLI to its end and collects its output. */
export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnCli(args, env, input);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}
