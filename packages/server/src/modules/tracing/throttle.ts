import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Failure counters of the public lookups, kept in the database (they survive restarts and are shared by
 * every server process). A case number is counted whether or not such a case exists, so a lock says
 * nothing about existence, and a flood of wrong codes locks only the case attacked.
 */
export interface FailureLimit {
  failures: number;
  windowSeconds: number;
  lockSeconds: number;
}

export const CASE_LIMIT: FailureLimit = { failures: 10, windowSeconds: 3600, lockSeconds: 3600 };
export const ADDRESS_LIMIT: FailureLimit = { failures: 100, windowSeconds: 3600, lockSeconds: 3600 };

/** Whether any of the keys is locked now. */
export async function anyLocked(db: Kysely<DB>, keys: readonly string[]): Promise<boolean> {
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM tracing_throttle WHERE key = ANY(${keys}::text[]) AND locked_until > now()`.execute(
    db,
  );
  return (r.rows[0]?.n ?? 0) > 0;
}

/** Counts a failure against a key, locking it when its window holds too many. */
export async function countFailure(db: Kysely<DB>, key: string, limit: FailureLimit): Promise<void> {
  await sql`
    INSERT INTO tracing_throttle AS t (key, failures, window_start, locked_until)
    VALUES (${key}, 1, now(), NULL)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.window_start < now() - make_interval(secs => ${limit.windowSeconds})
                      THEN 1 ELSE t.failures + 1 END,
      window_start = CASE WHEN t.window_start < now() - make_interval(secs => ${limit.windowSeconds})
                          THEN now() ELSE t.window_start END,
      locked_until = CASE WHEN t.window_start >= now() - make_interval(secs => ${limit.windowSeconds})
                            AND t.failures + 1 >= ${limit.failures}
                          THEN now() + make_interval(secs => ${limit.lockSeconds}) ELSE t.locked_until END`.execute(
    db,
  );
}

/**
 * A fixed-window request counter in memory, per key (an address) and in total: the cheap first line
 * against floods, before any database work. Per process; the database counters above are the durable ones.
 */
export class RateLimiter {
  private window = 0;
  private total = 0;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly perKeyPerMinute: number,
    private readonly totalPerMinute: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Counts a request; false if the key or the total is over its limit this minute. */
  take(key: string): boolean {
    const w = Math.floor(this.clock() / 60_000);
    if (w !== this.window) {
      this.window = w;
      this.total = 0;
      this.counts.clear();
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    this.total++;
    return n <= this.perKeyPerMinute && this.total <= this.totalPerMinute;
  }
}
