import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { prepareDataDir } from '../../test/databases.js';

// Generated people only.
describe('homecoming stats publish (embedded database)', () => {
  it('builds and publishes a release and prints {"release_id": …}; refuses a bad threshold clearly', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-stats-cli-'));
    const env = { HOMECOMING_DATA: path.join(dir, 'data'), DATABASE_URL: '' };
    await prepareDataDir(env.HOMECOMING_DATA);
    expect((await runCli(['seed', '--persons', '200'], env)).code).toBe(0);
    const first = await runCli(['stats', 'publish', '--json'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ release_id: 1 });
    const second = await runCli(['stats', 'publish', '--threshold', '5', '--json'], env);
    expect(JSON.parse(second.stdout)).toEqual({ release_id: 2 });
    const bad = await runCli(['stats', 'publish', '--threshold', '0', '--json'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--threshold.*positive whole number/);
    expect(bad.stdout).toBe('');
  });
});
