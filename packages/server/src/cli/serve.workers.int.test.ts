import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { REGISTRY_ORGANISATION_ID } from '../auth/permissions.js';
import { insertUser } from '../modules/auth/setup.js';
import { startSession } from '../modules/auth/sessions.js';
import { createTestActor } from '../test/auth.js';
import { createScratchDatabase, HAS_POSTGRES } from '../test/databases.js';
import { runCliProcess, spawnCli } from '../test/cli.js';
import { workerShare } from './commands/serve.js';

describe('serve --workers', () => {
  it('gives each worker its share of the in-memory rate limits', () => {
    const config = loadConfig({ HOMECOMING_PUBLIC_RATE_PER_MINUTE: '601' });
    const shared = workerShare(config, 2);
    expect(shared.publicRateLimitPerMinute).toBe(301);
    expect(shared.tracing.perAddressPerMinute).toBe(301);
    expect(shared.tracing.totalPerMinute).toBe(15_000);
    expect(
      workerShare(loadConfig({ HOMECOMING_PUBLIC_RATE_PER_MINUTE: '1' }), 4).publicRateLimitPerMinute,
    ).toBe(1);
  });

  it('refuses several workers on the embedded database, and a count that is not a number', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-workers-'));
    try {
      const embedded = await runCliProcess(['serve', '--workers', '2'], {
        DATABASE_URL: '',
        HOMECOMING_DATA: dir,
      });
      expect(embedded.code).not.toBe(0);
      expect(embedded.stderr).toMatch(/--workers needs PostgreSQL/);
      const bad = await runCliProcess(['serve', '--workers', 'two'], {
        DATABASE_URL: '',
        HOMECOMING_DATA: dir,
      });
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/--workers must be a whole number/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!HAS_POSTGRES)('serve --workers 2 on PostgreSQL', () => {
  let scratch: { url: string; drop(): Promise<void> };
  let dir: string;
  let server: ChildProcess;
  let base: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-workers-'));
    server = spawnCli(['serve', '--workers', '2'], {
      DATABASE_URL: scratch.url,
      HOMECOMING_DATA: dir,
      PORT: '0',
      HOST: '127.0.0.1',
    });
    base = await new Promise<string>((resolve, reject) => {
      let err = '';
      server.stderr?.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /is running on (http:\/\/[^ ]+) \(PostgreSQL server, 2 worker processes\)/.exec(err);
        if (m) resolve(m[1] as string);
      });
      server.on('close', (code) => reject(new Error(`serve exited (${code}): ${err}`)));
    });
  });

  afterAll(async () => {
    if (server.exitCode === null) server.kill('SIGKILL');
    await scratch.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops, instead of starting workers forever, when they cannot listen', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const r = await runCliProcess(['serve', '--workers', '2'], {
        DATABASE_URL: scratch.url,
        HOMECOMING_DATA: dir,
        PORT: String((taken.address() as net.AddressInfo).port),
        HOST: '127.0.0.1',
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/a worker could not start/);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("refuses a signed-out session, and a disabled user's, on every worker as soon as the change is answered", async () => {
    const database = await openDatabase({ url: scratch.url });
    try {
      const user = await insertUser(database.db, {
        username: 'workers-signout',
        role: 'registrar',
        organisationId: REGISTRY_ORGANISATION_ID,
        passwordHash: null,
        createdBy: 'test',
      });
      const admin = await createTestActor(database, 'admin');
      // New connections each: the primary hands them to the workers in turn.
      const who = (cookie: string) =>
        fetch(`${base}/api/v1/auth/session`, { headers: { cookie, connection: 'close' } }).then(
          (r) => r.status,
        );
      const everywhere = (cookie: string) => Promise.all(Array.from({ length: 6 }, () => who(cookie)));
      let honoured = 0;
      for (let round = 0; round < 40; round++) {
        const s = await startSession(database.db, user.id, 'active');
        const cookie = `hc_session=${s.token}`;
        // Every worker remembers the session now.
        expect(await everywhere(cookie)).toEqual([200, 200, 200, 200, 200, 200]);
        const out = await fetch(`${base}/api/v1/auth/logout`, {
          method: 'POST',
          headers: { cookie, 'x-csrf-token': s.csrf, connection: 'close' },
        });
        expect(out.status).toBe(204);
        // Asked at once after the answer, on both workers: a notification still on its way must not matter.
        honoured += (await everywhere(cookie)).filter((status) => status === 200).length;
      }
      expect(honoured).toBe(0);
      const s = await startSession(database.db, user.id, 'active');
      const cookie = `hc_session=${s.token}`;
      expect(await everywhere(cookie)).toEqual([200, 200, 200, 200, 200, 200]);
      const disabled = await fetch(`${base}/api/v1/admin/users/${user.id}/disable`, {
        method: 'POST',
        headers: { ...admin.headers, connection: 'close' },
      });
      expect(disabled.status).toBe(200);
      expect(await everywhere(cookie)).toEqual([401, 401, 401, 401, 401, 401]);
    } finally {
      await database.close();
    }
  });

  it('serves one session from every worker, then stops them all on SIGTERM', async () => {
    const database = await openDatabase({ url: scratch.url });
    let cookie: string;
    try {
      const user = await insertUser(database.db, {
        username: 'workers-test',
        role: 'registrar',
        organisationId: REGISTRY_ORGANISATION_ID,
        passwordHash: null,
        createdBy: 'test',
      });
      cookie = `hc_session=${(await startSession(database.db, user.id, 'active')).token}`;
    } finally {
      await database.close();
    }
    // New connections each: the primary hands them to the workers in turn; the session lives in the
    // database, so each worker knows it.
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        fetch(`${base}/api/v1/auth/session`, { headers: { cookie, connection: 'close' } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const stopped = new Promise<number | null>((resolve) => server.on('close', resolve));
    server.kill('SIGTERM');
    expect(await stopped).toBe(0);
    // The primary's last act: a signed audit checkpoint.
    expect(fs.readdirSync(path.join(dir, 'audit')).length).toBeGreaterThan(0);
  });
});
