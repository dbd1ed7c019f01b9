import { afterEach, describe, expect, it, vi } from 'vitest';

/** The phases module reads HOMECOMING_PROFILE once, when it is loaded: a fresh copy per case. */
async function freshPhases(profile: string) {
  vi.stubEnv('HOMECOMING_PROFILE', profile);
  vi.resetModules();
  return import('./phases.js');
}

/** A count line of the table: its calls and its figure. */
function countLine(table: string, name: string): { calls: number; n: number } | undefined {
  const line = table.split('\n').find((l) => l.startsWith(name));
  if (line === undefined) return undefined;
  const [calls, n] = line.slice(name.length).trim().split(/\s+/).map(Number);
  return { calls: calls ?? NaN, n: n ?? NaN };
}

describe('memory samples in the profile', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('keeps the peak of each figure in MB across samples, not their sum', async () => {
    const { sampleMemory, phaseTable } = await freshPhases('1');
    sampleMemory();
    sampleMemory();
    sampleMemory();
    const rss = countLine(phaseTable(), 'memory: peak RSS (MB)');
    const heap = countLine(phaseTable(), 'memory: peak JS heap used (MB)');
    expect(rss?.calls).toBe(3);
    // A sum of three samples would exceed the process's whole resident set.
    expect(rss?.n).toBeGreaterThan(0);
    expect(rss?.n).toBeLessThanOrEqual(Math.ceil(process.memoryUsage().rss / 1e6) + 64);
    expect(heap?.n).toBeGreaterThan(0);
    expect(heap?.n).toBeLessThan(rss?.n ?? 0);
  });

  it('samples nothing when profiling is off', async () => {
    const { sampleMemory, phaseTable } = await freshPhases('');
    sampleMemory();
    expect(phaseTable()).toBe('');
  });
});

describe("a process's CPU and reads from /proc (the backends' share of a profile)", () => {
  it('reads a process CPU in ms that grows with work, and its bytes read that grow with a read', async () => {
    const { processCpuMs, processReadBytes } = await freshPhases('1');
    const cpu0 = processCpuMs(process.pid);
    const read0 = processReadBytes(process.pid);
    expect(cpu0).not.toBeNull();
    expect(read0).not.toBeNull();
    // 200 ms of this process's CPU (as Node counts it, whatever the machine's load), then a read of this file.
    const start = process.cpuUsage();
    const used = (): number => {
      const u = process.cpuUsage(start);
      return (u.user + u.system) / 1000;
    };
    let sink = 0;
    while (used() < 200) for (let k = 0; k < 10_000; k++) sink += Math.sqrt(sink + k);
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(new URL(import.meta.url)).length;
    expect(sink).toBeGreaterThan(0);
    // Linux counts in ticks of 10 ms: at least 200 ms less a tick or two.
    expect((processCpuMs(process.pid) ?? 0) - (cpu0 ?? 0)).toBeGreaterThanOrEqual(180);
    expect((processReadBytes(process.pid) ?? 0) - (read0 ?? 0)).toBeGreaterThanOrEqual(bytes);
  });

  it('answers null for a process that does not exist', async () => {
    const { processCpuMs, processReadBytes } = await freshPhases('1');
    expect(processCpuMs(2 ** 22 + 1)).toBeNull();
    expect(processReadBytes(2 ** 22 + 1)).toBeNull();
  });
});
