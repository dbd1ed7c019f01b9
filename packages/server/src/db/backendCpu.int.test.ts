import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN_URL, createScratchDatabase } from '../test/scratch.js';

/** /proc of the server's backends is readable only when the server runs on this machine. */
const local = ['127.0.0.1', 'localhost'].includes(new URL(ADMIN_URL).hostname);

describe("the profile's PostgreSQL CPU and reads per statement (HOMECOMING_PROFILE_BACKENDS=1)", () => {
  afterEach(() => vi.unstubAllEnvs());

  it.skipIf(!local)('tallies the backend CPU a statement took, under its text', async () => {
    // The driver and the phases read the switches when loaded: fresh copies.
    vi.stubEnv('HOMECOMING_PROFILE', '1');
    vi.stubEnv('HOMECOMING_PROFILE_BACKENDS', '1');
    vi.resetModules();
    const { postgresPool } = await import('./driver.js');
    const { phaseTable } = await import('../phases.js');
    const scratch = await createScratchDatabase('hc_test_backend');
    const pool = postgresPool(scratch.url, 1);
    try {
      const client = await pool.connect();
      // Work for the backend alone: counting 5 million generated rows takes it a few hundred ms of CPU.
      await client.query('SELECT count(*) FROM generate_series(1, 5000000)');
      client.release();
      const line = (name: string): number => {
        const found = phaseTable()
          .split('\n')
          .find((l) => l.startsWith(name));
        return Number(found?.trim().split(/\s+/).at(-1));
      };
      expect(line('backend CPU ms: SELECT count(*) FROM generate_series')).toBeGreaterThanOrEqual(100);
      expect(line('backend read kB: SELECT count(*) FROM generate_series')).toBeGreaterThanOrEqual(0);
    } finally {
      await pool.close();
      await scratch.drop();
    }
  });
});
