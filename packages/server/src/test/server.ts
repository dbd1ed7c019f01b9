import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnCli } from './cli.js';

const BUILT = fileURLToPath(new URL('../../bin/homecoming.js', import.meta.url));
const SRC = fileURLToPath(new URL('../', import.meta.url));

function newestMtime(dir: string, ext: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p, ext));
    else if (e.name.endsWith(ext) && !e.name.endsWith(`.test${ext}`))
      newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Whether the compiled server is at least as new as every source file of the server and of the packages
 * it builds on (as after `npm run build`, which `npm test` runs first), so a test may start it instead of
 * the source: several times faster, and never stale.
 */
export function compiledServerIsFresh(): boolean {
  if (!fs.existsSync(BUILT)) return false;
  const packages = path.join(SRC, '..', '..');
  return ['server', 'names', 'linkage'].every((p) => {
    const src = path.join(packages, p, 'src');
    const dist = path.join(packages, p, 'dist');
    return fs.existsSync(dist) && newestMtime(dist, '.js') >= newestMtime(src, '.ts');
  });
}

/** `homecoming serve` in a child process, on a free port. */
export interface ServedProcess {
  child: ChildProcess;
  base: string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves when the process has ended. */
  exited: Promise<number | null>;
}

/**
 * Starts `homecoming serve` (PORT=0) and resolves once it listens: from source, or with `built` the
 * compiled CLI (`npm run build` first), which starts several times faster (benchmarks).
 */
export async function startServer(
  env: NodeJS.ProcessEnv,
  { timeoutMs = 60_000, built = false }: { timeoutMs?: number; built?: boolean } = {},
): Promise<ServedProcess> {
  const fullEnv = { PORT: '0', HOST: '127.0.0.1', ...env };
  const child = built
    ? spawn(process.execPath, [BUILT, 'serve'], {
        env: { ...process.env, LOG_LEVEL: 'warn', ...fullEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    : spawnCli(['serve'], fullEnv);
  let err = '';
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in time: ${err}`)), timeoutMs);
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

/** Runs the CLI compiled when that is fresh (see compiledServerIsFresh), else from source. */
export function spawnHomecoming(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  if (!compiledServerIsFresh()) return spawnCli(args, env);
  return spawn(process.execPath, [BUILT, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the CLI (compiled when fresh) to its end and collects its output. */
export async function runHomecoming(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnHomecoming(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}
