import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { killOnExit, spawnCli } from './cli.js';

const BUILT = fileURLToPath(new URL('../../bin/homecoming.js', import.meta.url));
/** `homecoming serve` in a child process, on a free port. */
export interface ServedProcess {
  child: ChildProcess;
  base: string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves when the process has ended. */
  exited: Promise<number | null>;
}

/** A port free now (whoever asked takes it next). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const addr = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return typeof addr === 'object' && addr ? addr.port : 0;
}

/**
 * Starts `homecoming serve` (PORT=0; `args` after it, e.g. `--workers 2`) and resolves once it listens: as
 * `spawnCli` runs the CLI (built under `npm test`, else the sources), or with `built` always the compiled
 * CLI (benchmarks, after `tsc -b`).
 */
export async function startServer(
  env: NodeJS.ProcessEnv,
  {
    timeoutMs = 240_000,
    built = false,
    args = [],
  }: { timeoutMs?: number; built?: boolean; args?: string[] } = {},
): Promise<ServedProcess> {
  const fullEnv = { PORT: '0', HOST: '127.0.0.1', ...env };
  const child = built
    ? killOnExit(
        spawn(process.execPath, [BUILT, 'serve', ...args], {
          env: { ...process.env, LOG_LEVEL: 'warn', ...fullEnv },
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      )
    : spawnCli(['serve', ...args], fullEnv);
  let err = '';
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running after the test has failed (a file's leftover servers load the rest of the suite).
      child.kill('SIGKILL');
      reject(new Error(`the server did not start in time: ${err}`));
    }, timeoutMs);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /running on (http:\/\/[^\s]+)/.exec(err);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening: ${err}`));
    });
  });
  return { child, base, stderr: () => err, exited };
}
