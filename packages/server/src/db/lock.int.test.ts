import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliProcess, spawnCli } from '../test/cli.js';
import { prepareDataDir } from '../test/databases.js';
import { openDatabase } from './database.js';
import { acquireDataDirLock, DataDirLockedError } from './lock.js';

describe('the embedded database folder lock', () => {
  it('refuses a second opener in this process with a message that says what to do', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hc-lock-')), 'data');
    // A created database (the lock is the same on an empty folder; creating one costs initdb's time).
    await prepareDataDir(dir);
    const first = await openDatabase({ dataDir: dir });
    try {
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(DataDirLockedError);
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/in use by process \d+.*DATABASE_URL/);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  });

  it('makes a second process fail at once while a server holds the folder, and releases it on SIGTERM', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hc-lock-')), 'data');
    await prepareDataDir(dir);
    const env = { HOMECOMING_DATA: dir, DATABASE_URL: '', PORT: '0' };
    const server = spawnCli(['serve'], env);
    let out = '';
    await new Promise<void>((resolve, reject) => {
      server.stderr?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Homecoming is running')) resolve();
      });
      server.on('close', () => reject(new Error(out)));
    });
    const started = Date.now();
    const second = await runCliProcess(['migrate'], env);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/error: the embedded database in .* is in use by process/);
    expect(Date.now() - started).toBeLessThan(30_000);

    server.kill('SIGTERM');
    const code = await new Promise((resolve) => server.on('close', resolve));
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'homecoming.lock'))).toBe(false);
    const third = await runCliProcess(['migrate'], env);
    expect(third.stdout).toMatch(/up to date/);
  });

  it('takes over a lock left by a process that no longer exists', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-lock-'));
    fs.writeFileSync(path.join(dir, 'homecoming.lock'), `999999999@${os.hostname()}`);
    const lock = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, 'homecoming.lock'), 'utf8')).toBe(
      `${process.pid}@${os.hostname()}`,
    );
    lock.release();
  });
});
