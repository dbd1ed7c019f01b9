import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { createTestActor } from '../../test/auth.js';
import { spawnCli } from '../../test/cli.js';
import { prepareDataDir } from '../../test/databases.js';

const IMPORT_LIMIT = 64 * 1024;

/**
 * Sends an upload larger than the import limit, chunked, until the server answers; then half-closes the
 * socket as a client does when it is done, and keeps it. Resolves with the status line.
 */
function sendOversized(port: number, token: string): Promise<{ status: string; socket: net.Socket }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    const chunk = Buffer.alloc(16 * 1024, 'a,b\n');
    socket.on('error', reject);
    socket.on('data', (d: Buffer) => {
      answer += d.toString('latin1');
      if (answer.includes('\r\n\r\n')) {
        socket.end();
        resolve({ status: answer.slice(0, answer.indexOf('\r\n')), socket });
      }
    });
    socket.on('connect', () => {
      socket.write(
        [
          'POST /api/v1/imports?source=oversized HTTP/1.1',
          'Host: 127.0.0.1',
          `Authorization: Bearer ${token}`,
          'Content-Type: text/csv',
          'Transfer-Encoding: chunked',
          '',
          '',
        ].join('\r\n'),
      );
      const pump = () => {
        while (answer === '' && sent < 16 * IMPORT_LIMIT && !socket.destroyed) {
          sent += chunk.length;
          const more = socket.write(
            `${chunk.length.toString(16)}\r\n${chunk.toString('latin1')}\r\n`,
            'latin1',
          );
          if (!more) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
  });
}

describe('shutting down after oversized import uploads', () => {
  it('answers each with 413, then stops on SIGTERM promptly and writes its shutdown checkpoint', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-shutdown-'));
    const dataDir = path.join(dir, 'data');
    await prepareDataDir(dataDir);
    const database = await openDatabase({ dataDir });
    await migrate(database.pool);
    const registrar = await createTestActor(database, 'registrar');
    await database.close();

    const child = spawnCli(['serve'], {
      HOMECOMING_DATA: dataDir,
      DATABASE_URL: '',
      PORT: '0',
      HOMECOMING_IMPORT_BODY_LIMIT: String(IMPORT_LIMIT),
      // Long enough that no request timeout frees the sockets during the test.
      HOMECOMING_REQUEST_TIMEOUT_MS: '600000',
    });
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the server did not start; stderr: ${stderr}`)),
        240_000,
      );
      child.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /running on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });

    // One good import, so the log has an entry for the shutdown checkpoint to cover.
    const small = await fetch(`http://127.0.0.1:${port}/api/v1/imports?source=small`, {
      method: 'POST',
      headers: { authorization: `Bearer ${registrar.token}`, 'content-type': 'text/csv' },
      body: 'external_id,family_name,given_name\ns1,Тестенко,Петро\n',
    });
    expect(small.status).toBe(202);

    const sockets: net.Socket[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await sendOversized(port, registrar.token);
      expect(r.status).toBe('HTTP/1.1 413 Payload Too Large');
      sockets.push(r.socket);
    }

    child.kill('SIGTERM');
    // A hang here (the sockets held open) fails the test by its timeout.
    const code = await exited;
    if (code !== 0 || !fs.existsSync(path.join(dataDir, 'audit', 'checkpoints.jsonl'))) console.error(stderr);
    expect(code).toBe(0);
    for (const s of sockets) s.destroy();
    const checkpoints = fs.readFileSync(path.join(dataDir, 'audit', 'checkpoints.jsonl'), 'utf8');
    const last = JSON.parse(checkpoints.trim().split('\n').at(-1) ?? '{}') as { size?: number };
    expect(last.size).toBeGreaterThanOrEqual(1);
  });
});
