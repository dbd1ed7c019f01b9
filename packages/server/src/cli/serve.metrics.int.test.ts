import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, HAS_POSTGRES } from '../test/databases.js';
import { freePort, startServer } from '../test/server.js';

const TOKEN = 'workers-metrics-token-0123456789';
const HEALTH = /^homecoming_http_requests_total\{method="GET",route="\/healthz",status="200"\} (\d+)$/m;

/**
 * The pids of a process's node children (its workers), from /proc: run from the sources, tsx's esbuild
 * service is a child too.
 */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis.
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== pid) return false;
        return fs.readlinkSync(`/proc/${d}/exe`) === fs.readlinkSync(`/proc/${pid}/exe`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const value = (text: string, re: RegExp): number | undefined => {
  const m = re.exec(text);
  return m ? Number(m[1]) : undefined;
};

describe.skipIf(!HAS_POSTGRES)('serve --workers 2 with metrics', () => {
  let scratch: { url: string; drop(): Promise<void> };
  let dir: string;
  let server: ChildProcess;
  let base: string;
  let metricsUrl: string;

  const scrape = async (): Promise<{ status: number; text: string; ms: number }> => {
    const started = Date.now();
    const res = await fetch(metricsUrl, { headers: { connection: 'close' } });
    return { status: res.status, text: await res.text(), ms: Date.now() - started };
  };
  const health = (n: number) =>
    Promise.all(
      Array.from({ length: n }, () => fetch(`${base}/healthz`, { headers: { connection: 'close' } })),
    );

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-workers-metrics-'));
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    const served = await startServer(
      {
        DATABASE_URL: scratch.url,
        HOMECOMING_DATA: dir,
        HOMECOMING_METRICS_PORT: String(port),
        HOMECOMING_METRICS_TOKEN: TOKEN,
      },
      { args: ['--workers', '2'], timeoutMs: 60_000 },
    );
    server = served.child;
    base = served.base;
    expect(served.stderr()).toMatch(/is running on http:\/\/\S+ \(PostgreSQL server, 2 worker processes\)/);
  }, 60_000);

  afterAll(async () => {
    if (server.exitCode === null) server.kill('SIGKILL');
    await scratch.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers on the metrics port with every worker's requests summed, and the primary's figures once", async () => {
    // New connections each: the primary hands them to the workers in turn.
    const answers = await health(20);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const { status, text } = await scrape();
    expect(status).toBe(200);
    expect(value(text, HEALTH)).toBe(20);
    expect(text).toMatch(/^homecoming_workers 2$/m);
    // Each metric once: the workers' summed, the primary's own (database figures, its jobs) beside them.
    const names = [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
    expect(names.length).toBe(new Set(names).size);
    for (const once of [
      'homecoming_audit_entries_total',
      'homecoming_outbox_depth',
      'homecoming_import_rows_total',
      'homecoming_audit_checkpoint_failures_total',
      'homecoming_db_pool_max',
      'homecoming_process_resident_memory_bytes',
    ])
      expect(names).toContain(once);
    // Pools summed: two workers' worth.
    expect(value(text, /^homecoming_db_pool_max (\d+)$/m)).toBeGreaterThanOrEqual(2);
    expect((await fetch(metricsUrl.replace('/metrics', '/api/v1/persons'))).status).toBe(404);
  });

  it('answers /metrics on the main port to the token, from any worker, with the whole server', async () => {
    expect((await fetch(`${base}/metrics`, { headers: { connection: 'close' } })).status).toBe(401);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}`, connection: 'close' } }),
      ),
    );
    for (const a of answers) {
      expect(a.status).toBe(200);
      const text = await a.text();
      expect(value(text, HEALTH)).toBe(20);
      expect(text).toMatch(/^homecoming_workers 2$/m);
    }
  });

  it('still answers when a worker is killed, without its counts, and counts its replacement', async () => {
    const workers = childrenOf(server.pid as number);
    expect(workers.length).toBe(2);
    // A scrape under way when the worker dies is asked again of the worker still there.
    const during = scrape();
    process.kill(workers[0] as number, 'SIGKILL');
    const answer = await during;
    expect(answer.status).toBe(200);
    expect(answer.ms).toBeLessThan(10_000);
    // Until the replacement joins, a scrape waits for it (at most 8 s, then an error); then both again.
    let text = '';
    for (let i = 0; i < 60; i++) {
      const next = await scrape();
      expect(next.ms).toBeLessThan(10_000);
      text = next.text;
      if (next.status === 200 && /^homecoming_workers 2$/m.test(text) && HEALTH.test(text)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(text).toMatch(/^homecoming_workers 2$/m);
    // The dead worker's requests are gone with it: the one still there served some, not all, of the 20.
    const kept = value(text, HEALTH) as number;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(20);
    // Requests from now on are counted again, on both.
    await health(10);
    expect(value((await scrape()).text, HEALTH)).toBe(kept + 10);
    const stopped = new Promise<number | null>((resolve) => server.on('close', resolve));
    server.kill('SIGTERM');
    expect(await stopped).toBe(0);
  }, 90_000);
});
