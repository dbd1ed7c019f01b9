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

/** A throttle key and the limit it is counted against. */
export interface ThrottledKey {
  key: string;
  limit: FailureLimit;
}

/**
 * One key's reservation as a data-modifying CTE's statement: the attempt counts as a failure at once,
 * unless the key is locked (then nothing is written and no row returned). ON CONFLICT's conditional DO
 * UPDATE takes the row's lock and reads its newest version, so concurrent attempts are counted one after
 * another and at most `failures` of them pass in a window: a check made before any of them was counted
 * let 20 parallel guesses through a limit of 10 (bench/RESULTS.md, `red`). `onlyIf` names a CTE that must
 * yield a row (the address is counted only if the case was).
 */
function reserveSql(k: ThrottledKey, onlyIf?: string) {
  const w = k.limit.windowSeconds;
  const fresh = sql`(CASE WHEN t.window_start < now() - make_interval(secs => ${w}) THEN 1 ELSE t.failures + 1 END)`;
  return sql`INSERT INTO tracing_throttle AS t (key, failures, window_start, locked_until)
    SELECT ${k.key}::text, 1, now(),
      CASE WHEN 1 >= ${k.limit.failures}::int THEN now() + make_interval(secs => ${k.limit.lockSeconds}) END
    ${onlyIf === undefined ? sql`` : sql`WHERE EXISTS (SELECT 1 FROM ${sql.ref(onlyIf)})`}
    ON CONFLICT (key) DO UPDATE SET
      failures = ${fresh},
      window_start = CASE WHEN t.window_start < now() - make_interval(secs => ${w}) THEN now() ELSE t.window_start END,
      locked_until = CASE WHEN ${fresh} >= ${k.limit.failures}::int
                          THEN now() + make_interval(secs => ${k.limit.lockSeconds}) ELSE NULL END
      WHERE t.locked_until IS NULL OR t.locked_until <= now()
    RETURNING t.key`;
}

/**
 * A one-row relation whose reading makes the statement's own transaction commit without waiting for its
 * WAL to reach the disk (`synchronous_commit = off` for that transaction only). For the throttle's
 * counters alone: a crash of PostgreSQL can forget the last fraction of a second of reservations and
 * give-backs (an attempt or two more, or a right code still counted), never a record, an event or an
 * audit entry; every other session sees each change at once, as before. Two such writes a status lookup
 * took turns on the disk's flushes (bench/RESULTS.md, lead stop 43: 727 → 314 lookups/s). Only for a
 * statement run on its own (autocommit): inside a transaction it would loosen the whole transaction.
 */
export const ASYNC_COMMIT = sql`(SELECT set_config('synchronous_commit', 'off', true) AS async_commit)`;

/**
 * The CTEs (`WITH …`) that reserve an attempt against a case key and then an address key, for a statement
 * that selects `reserved` (0: the case is locked; 1: the address is; 2: both reserved) from them.
 */
export function reserveBothSql(caseKey: ThrottledKey, addressKey: ThrottledKey) {
  return sql`WITH reserved_case AS (${reserveSql(caseKey)}),
    reserved_address AS (${reserveSql(addressKey, 'reserved_case')})`;
}

/** Gives back attempts reserved for keys (the code was right, or the other key was locked); committed asynchronously. */
export async function forgiveAttempts(db: Kysely<DB>, keys: readonly ThrottledKey[]): Promise<void> {
  if (keys.length === 0) return;
  const rows = keys.map((k) => ({ key: k.key, limit: k.limit.failures }));
  await sql`UPDATE tracing_throttle AS t SET
      failures = GREATEST(t.failures - 1, 0),
      locked_until = CASE WHEN t.failures - 1 < k.limit THEN NULL ELSE t.locked_until END
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS k(key text, "limit" int), ${ASYNC_COMMIT} AS ac
    WHERE t.key = k.key`.execute(db);
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
