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
