import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import { createRecord } from '../modules/records/service.js';
import { createTestActor } from '../test/auth.js';
import { createMigratedScratchDatabase, HAS_POSTGRES } from '../test/databases.js';
import { startServer } from '../test/server.js';

/**
 * Sends one request on a raw socket and resolves once it has been written, without waiting for the answer:
 * the caller then hangs up, as a load generator does when its time is over.
 */
function sendAndHangUp(base: string, request: string): Promise<net.Socket> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    socket.on('error', reject);
    socket.on('connect', () => socket.write(request, () => resolve(socket)));
  });
}

/** Resolves once `check` is true, polling; fails after `ms`. */
async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Whether a statement of the database waits on a lock, asked on a connection of its own: inside the
 * locking transaction, pg_stat_activity would answer from the snapshot taken at its first read.
 */
async function someoneWaitsOnALock(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return r.rowCount !== 0;
  } finally {
    await c.end();
  }
}

describe.skipIf(!HAS_POSTGRES)('stopping the server while a request whose client has gone still runs', () => {
  it('waits for a person file read to finish (it needs new connections after the wait), then exits 0', async () => {
    const scratch = await createMigratedScratchDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-stop-'));
    const database = await openDatabase({ url: scratch.url });
    const locker = new pg.Client({ connectionString: scratch.url });
    try {
      const registrar = await createTestActor(database, 'registrar');
      const made = await createRecord(database, registrar.principal, {
        source: 'shutdown desk',
        source_type: 'other',
        external_id: 'stop-1',
        family_name: 'Тестенко',
        given_name: 'Петро',
        birth_date: '1990',
      });
      const personId = made.person_id;
      const server = await startServer({ DATABASE_URL: scratch.url, HOMECOMING_DATA: dataDir });
      try {
        // Hold the person table: the file's first read waits here; its records, events and audit entry
        // are read and written on connections taken afterwards, which is what a closed database breaks.
        await locker.connect();
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE person IN ACCESS EXCLUSIVE MODE');
        const socket = await sendAndHangUp(
          server.base,
          [
            `GET /api/v1/persons/${personId} HTTP/1.1`,
            `Host: 127.0.0.1`,
            `Authorization: Bearer ${registrar.token}`,
            '',
            '',
          ].join('\r\n'),
        );
        await until(
          () => someoneWaitsOnALock(scratch.url),
          120_000,
          'the person file to wait on the table lock',
        );
        socket.destroy();
        server.child.kill('SIGTERM');
        // The server must not close the database while the handler waits: give it time to do it wrongly.
        await new Promise((r) => setTimeout(r, 1000));
        await locker.query('COMMIT');
        const code = await server.exited;
        expect(server.stderr()).not.toMatch(/destroyed|unhandled|uncaught/i);
        expect(code).toBe(0);
        // The read ran to its end: its audit entry committed.
        const audited = await database.db
          .selectFrom('audit_entry')
          .select('seq')
          .where('action', '=', 'person.read')
          .where('object_id', '=', personId)
          .execute();
        expect(audited).toHaveLength(1);
      } finally {
        if (server.child.exitCode === null) server.child.kill('SIGKILL');
      }
    } finally {
      await locker.end().catch(() => undefined);
      await database.close();
      await scratch.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('closes the database after the grace period when a handler does not finish', async () => {
    const scratch = await createMigratedScratchDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-stop-'));
    const database = await openDatabase({ url: scratch.url });
    const locker = new pg.Client({ connectionString: scratch.url });
    try {
      const registrar = await createTestActor(database, 'registrar');
      const made = await createRecord(database, registrar.principal, {
        source: 'shutdown desk',
        source_type: 'other',
        external_id: 'stop-2',
        family_name: 'Тестенко',
        given_name: 'Павло',
        birth_date: '1991',
      });
      const server = await startServer({
        DATABASE_URL: scratch.url,
        HOMECOMING_DATA: dataDir,
        HOMECOMING_SHUTDOWN_GRACE_MS: '1500',
      });
      try {
        await locker.connect();
        await locker.query('BEGIN');
        await locker.query('SELECT id FROM person WHERE id = $1 FOR UPDATE', [made.person_id]);
        const body = JSON.stringify({ type: 'located' });
        const socket = await sendAndHangUp(
          server.base,
          [
            `POST /api/v1/persons/${made.person_id}/events HTTP/1.1`,
            `Host: 127.0.0.1`,
            `Authorization: Bearer ${registrar.token}`,
            'Content-Type: application/json',
            `Content-Length: ${Buffer.byteLength(body)}`,
            '',
            body,
          ].join('\r\n'),
        );
        await until(
          () => someoneWaitsOnALock(scratch.url),
          30_000,
          'the event handler to block on the row lock',
        );
        socket.destroy();
        server.child.kill('SIGTERM');
        // Exits although the lock is never released: the grace is a bound, not a promise to wait for ever.
        const code = await server.exited;
        expect(code).toBe(0);
        expect(server.stderr()).toMatch(/requests still running after the shutdown grace/);
      } finally {
        if (server.child.exitCode === null) server.child.kill('SIGKILL');
      }
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end().catch(() => undefined);
      await database.close();
      await scratch.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
