import type { Kysely } from 'kysely';
import type { SqlPool } from './driver.js';
import type { DB } from './schema.js';

/** A WAL position `X/Y` as a number, for comparing. */
export function parseLsn(lsn: string): bigint {
  const [hi = '0', lo = '0'] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

// How long a replica's replay position stays fresh enough to route by, and how many writers are tracked
// at most (each is forgotten once the replica has replayed their write).
const REPLAY_CACHE_MS = 10;
const MAX_TRACKED = 10_000;

/**
 * A streaming replica (DATABASE_READ_URL) for search and person reads, with read-your-writes: after a
 * principal's write the primary's WAL position is noted, and that principal's reads go to the primary
 * until the replica has replayed past it. Everyone else reads the replica. If the replica cannot answer
 * where it stands, reads go to the primary.
 */
export class ReadReplica {
  readonly counts = { replica: 0, primary: 0 };
  private readonly pending = new Map<string, bigint>();
  private replayed = -1n;
  private replayedAt = 0;
  private asking: Promise<bigint> | undefined;

  constructor(
    readonly db: Kysely<DB>,
    readonly pool: SqlPool,
    private readonly primary: SqlPool,
  ) {}

  /** Notes that `actor` has just written (called before the write's answer leaves the server). */
  async noteWrite(actor: string): Promise<void> {
    const c = await this.primary.connect();
    try {
      const r = await c.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      const lsn = parseLsn(r.rows[0]?.lsn ?? '0/0');
      if (this.pending.size >= MAX_TRACKED && !this.pending.has(actor)) {
        // Keep the map bounded: the oldest entry (first inserted) is dropped; at worst that writer may
        // read the replica a few milliseconds early.
        const first = this.pending.keys().next().value;
        if (first !== undefined) this.pending.delete(first);
      }
      this.pending.set(actor, lsn);
    } finally {
      c.release();
    }
  }

  private async replayPosition(): Promise<bigint> {
    if (Date.now() - this.replayedAt <= REPLAY_CACHE_MS) return this.replayed;
    this.asking ??= (async () => {
      const c = await this.pool.connect();
      try {
        const r = await c.query<{ lsn: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS lsn');
        this.replayed = r.rows[0]?.lsn ? parseLsn(r.rows[0].lsn) : -1n;
      } catch {
        this.replayed = -1n;
      } finally {
        c.release();
        this.replayedAt = Date.now();
        this.asking = undefined;
      }
      return this.replayed;
    })();
    return this.asking;
  }

  /** Whether `actor`'s reads may go to the replica now. */
  async replicaServes(actor: string | undefined): Promise<boolean> {
    const needed = actor === undefined ? undefined : this.pending.get(actor);
    const at = await this.replayPosition();
    if (at < 0n) return false;
    if (needed === undefined) return true;
    if (at >= needed) {
      this.pending.delete(actor as string);
      return true;
    }
    return false;
  }

  /** The query builder `actor`'s reads should use: the replica's, or the primary's. */
  async readerFor(actor: string | undefined, primary: Kysely<DB>): Promise<Kysely<DB>> {
    if (await this.replicaServes(actor)) {
      this.counts.replica++;
      return this.db;
    }
    this.counts.primary++;
    return primary;
  }
}
