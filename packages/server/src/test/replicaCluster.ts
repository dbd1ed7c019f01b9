import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server.js';

const run = promisify(execFile);

/** PostgreSQL's server programs: HOMECOMING_PG_SERVER_BIN, else Debian's PostgreSQL 15. */
export const PG_SERVER_BIN = process.env['HOMECOMING_PG_SERVER_BIN'] ?? '/usr/lib/postgresql/15/bin';

function postgresUser(): { uid: number; gid: number } | null {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Why a primary and a streaming replica cannot be set up here, or null when they can. */
export function replicaUnavailable(): string | null {
  for (const p of ['initdb', 'pg_ctl', 'pg_basebackup', 'postgres']) {
    if (!fs.existsSync(path.join(PG_SERVER_BIN, p))) {
      return `no ${p} in ${PG_SERVER_BIN} (install Debian's postgresql-15, or set HOMECOMING_PG_SERVER_BIN)`;
    }
  }
  if (isRoot && (!postgresUser() || !fs.existsSync('/usr/sbin/runuser'))) {
    return 'running as root without a postgres user and runuser: PostgreSQL refuses to run as root';
  }
  return null;
}

/** A throwaway primary and a streaming replica of it, in a temporary folder, on free ports. */
export interface ReplicatedClusters {
  primaryUrl: string;
  replicaUrl: string;
  stop(): Promise<void>;
}

/**
 * Sets up a primary (initdb) and a hot-standby replica of it (pg_basebackup -R, streaming), as the
 * `postgres` user when running as root. Fsync is off: they live only for a test.
 */
export async function startReplicatedClusters(): Promise<ReplicatedClusters> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-replica-'));
  const owner = isRoot ? postgresUser() : null;
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const pg = async (prog: string, args: string[]) => {
    const bin = path.join(PG_SERVER_BIN, prog);
    try {
      if (owner) await run('/usr/sbin/runuser', ['-u', 'postgres', '--', bin, ...args], { cwd: dir });
      else await run(bin, args, { cwd: dir });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`${prog} failed: ${(e.stderr ?? e.message).trim()}`, { cause: err });
    }
  };
  const primary = path.join(dir, 'primary');
  const replica = path.join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const started: string[] = [];
  const stop = async () => {
    for (const d of started.reverse())
      await pg('pg_ctl', ['-D', d, '-m', 'immediate', 'stop']).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await pg('initdb', [
      '-D',
      primary,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    fs.appendFileSync(
      path.join(primary, 'postgresql.conf'),
      [
        `port = ${primaryPort}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        'wal_level = replica',
        'max_wal_senders = 4',
        'fsync = off',
        'shared_buffers = 16MB',
        '',
      ].join('\n'),
    );
    await pg('pg_ctl', ['-D', primary, '-l', path.join(dir, 'primary.log'), '-w', 'start']);
    started.push(primary);
    await pg('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replica,
      '-R',
      '-X',
      'stream',
      '--checkpoint=fast',
      '--no-sync',
    ]);
    fs.appendFileSync(path.join(replica, 'postgresql.conf'), `port = ${replicaPort}\nhot_standby = on\n`);
    await pg('pg_ctl', ['-D', replica, '-l', path.join(dir, 'replica.log'), '-w', 'start']);
    started.push(replica);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    replicaUrl: `postgres://postgres@127.0.0.1:${replicaPort}/postgres`,
    stop,
  };
}
