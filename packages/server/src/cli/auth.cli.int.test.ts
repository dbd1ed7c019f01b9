import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../test/cli.js';
import { prepareDataDir } from '../test/databases.js';

describe('accounts and the audit log from the command line (embedded database)', () => {
  it('creates an admin from a piped password, then checkpoints, verifies and proves the audit log', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-cli-auth-'));
    const env = { HOMECOMING_DATA: path.join(dir, 'data'), DATABASE_URL: '' };
    await prepareDataDir(env.HOMECOMING_DATA);
    const short = await runCli(['user', 'create', '--role', 'admin', '--username', 'boss'], env, 'short\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/12-256 characters/);
    const created = await runCli(
      ['user', 'create', '--role', 'admin', '--username', 'boss', '--organisation', 'Ombudsman'],
      env,
      'a long enough passphrase\n',
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/created admin boss/);

    const cp = await runCli(['audit', 'checkpoint'], env);
    expect(cp.code).toBe(0);
    expect(cp.stdout).toMatch(/checkpoint: 2 entries/);
    expect(fs.statSync(path.join(dir, 'data', 'audit', 'signing-key.pem')).mode & 0o777).toBe(0o600);
    const ok = await runCli(['audit', 'verify'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/verified: 2 entries, 2 under a signed checkpoint/);
    const proof = await runCli(['audit', 'prove', '2'], env);
    expect(proof.code).toBe(0);
    expect(JSON.parse(proof.stdout)).toMatchObject({ seq: 2, tree_size: 2 });

    // A forged checkpoint makes verify fail with exit status 1.
    const file = path.join(dir, 'data', 'audit', 'checkpoints.jsonl');
    const c = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...c, root: 'ff'.repeat(32) }) + '\n');
    const bad = await runCli(['audit', 'verify'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/invalid signature/);
  });

  it('prints a one-time setup link on the first start when no admin exists', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-cli-setup-'));
    const child = spawnCli(['serve'], {
      HOMECOMING_DATA: path.join(dir, 'data'),
      DATABASE_URL: '',
      PORT: '0',
    });
    let stderr = '';
    const closed = new Promise((resolve) => child.on('close', resolve));
    try {
      const link = await new Promise<string>((resolve, reject) => {
        child.stderr?.on('data', (d: Buffer) => {
          stderr += d.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+\/setup#([A-Za-z0-9_-]{40,})/.exec(stderr);
          if (m) resolve(m[0]);
        });
        void closed.then(() => reject(new Error(`the server ended with no setup link; stderr: ${stderr}`)));
      });
      expect(link).toMatch(/\/setup#/);
    } finally {
      child.kill('SIGTERM');
      await closed;
    }
  });
});
