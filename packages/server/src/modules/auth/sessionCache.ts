import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Listener } from '../../db/driver.js';
import type { DB } from '../../db/schema.js';
import type { ResolvedSession } from './sessions.js';

// Active sessions remembered for a few seconds in the serving process, so that a request does not cost
// a statement to learn who sent it (issue #16 item 4). What ends a session or changes its user (sign-out,
// a user disabled, a role changed, sessions ended by an admin or a password change) forgets them:
//  - in the process that did it, before its answer leaves (forgetSessionsOf, after the commit);
//  - in every other process (`serve --workers`, the CLI beside a server) as soon as PostgreSQL delivers
//    the notification sent in the same transaction (announceAuthChange: a NOTIFY, delivered at commit).
// A server that is not listening (the connection lost, not yet back) remembers nothing: every request
// reads its session again. The time-to-live bounds what nothing announces (a session row changed by
// hand); expiry is checked against the expiry read with the session.

/** How long an active session is remembered at most before it is read again. */
export const SESSION_CACHE_MS = 5_000;
/** The channel that announces a changed session or user; the payload is the user's id. */
export const AUTH_CHANNEL = 'homecoming_auth';
/** How long a lost listening connection waits before listening again. */
const RELISTEN_MS = 1_000;
/** Sessions remembered at most (the oldest dropped first). */
const MAX_SESSIONS = 10_000;

interface Remembered {
  session: ResolvedSession;
  /** Milliseconds since the epoch after which it is read again. */
  until: number;
}

/** The active sessions one process remembers, and whether it may (it hears every announcement). */
export class SessionCache {
  private entries = new Map<string, Remembered>();
  private generation = 0;
  /** Whether announcements reach this process now (embedded: always; PostgreSQL: while listening). */
  hearing = false;

  constructor(private readonly ttlMs = SESSION_CACHE_MS) {}

  /** The remembered session of a token digest, if still good at `now`. */
  get(idHash: string, now: number): ResolvedSession | undefined {
    if (!this.hearing) return undefined;
    const e = this.entries.get(idHash);
    if (e === undefined) return undefined;
    if (e.until <= now) {
      this.entries.delete(idHash);
      return undefined;
    }
    return e.session;
  }

  /** A mark taken before a session is read: a read that an announcement overtook is not remembered. */
  mark(): number {
    return this.generation;
  }

  /** Remembers an active session read at `now` after `mark`, until it expires or the time-to-live ends. */
  put(session: ResolvedSession, expiresAt: number, mark: number, now: number): void {
    if (!this.hearing || mark !== this.generation || session.state !== 'active') return;
    if (this.entries.size >= MAX_SESSIONS) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(session.idHash, { session, until: Math.min(expiresAt, now + this.ttlMs) });
  }

  /** Forgets a user's sessions (and makes reads already under way not remembered). */
  forgetUser(userId: string): void {
    this.generation++;
    for (const [k, e] of this.entries) if (e.session.user.id === userId) this.entries.delete(k);
  }

  /** Forgets every session. */
  forgetAll(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The caches of this process's open databases (usually one), with what keeps each alive. */
const caches = new Map<Kysely<DB>, { cache: SessionCache; users: number; stop: () => Promise<void> }>();

/** The session cache of a database, if a server remembers sessions on it in this process. */
export function sessionCacheOf(db: Kysely<DB>): SessionCache | undefined {
  return caches.get(db)?.cache;
}

/**
 * Starts remembering active sessions on `database` (the HTTP server does; one-off commands do not).
 * On PostgreSQL it listens for announcements first and remembers nothing while it does not listen.
 * Returns what stops it.
 */
export async function rememberSessions(
  database: Database,
  ttlMs = SESSION_CACHE_MS,
): Promise<{ close(): Promise<void> }> {
  let held = caches.get(database.db);
  if (held === undefined) {
    const cache = new SessionCache(ttlMs);
    const listen = database.pool.listen?.bind(database.pool);
    let stop = async (): Promise<void> => undefined;
    if (listen === undefined) {
      // The embedded database is locked to this process: every change is made here, and forgotten here.
      cache.hearing = true;
    } else {
      let listener: Listener | null = null;
      let timer: NodeJS.Timeout | null = null;
      let closed = false;
      const start = async (): Promise<void> => {
        timer = null;
        try {
          const l = await listen(
            AUTH_CHANNEL,
            (userId) => cache.forgetUser(userId),
            () => {
              // Announcements may be missed from now on: remember nothing until listening again.
              cache.hearing = false;
              cache.forgetAll();
              listener = null;
              if (!closed) retry();
            },
          );
          if (closed) return void (await l.close());
          listener = l;
          // Whatever was announced while not listening is unknown: start empty.
          cache.forgetAll();
          cache.hearing = true;
        } catch {
          if (!closed) retry();
        }
      };
      const retry = (): void => {
        timer = setTimeout(() => void start(), RELISTEN_MS);
        timer.unref();
      };
      await start();
      stop = async () => {
        closed = true;
        cache.hearing = false;
        if (timer !== null) clearTimeout(timer);
        await (listener as Listener | null)?.close();
      };
    }
    held = { cache, users: 0, stop };
    caches.set(database.db, held);
  }
  const h = held;
  h.users++;
  let released = false;
  return {
    async close() {
      if (released) return;
      released = true;
      if (--h.users > 0) return;
      caches.delete(database.db);
      h.cache.forgetAll();
      await h.stop();
    },
  };
}

/**
 * Announces, in the transaction that ends a user's sessions or changes the user, that every process must
 * forget that user's sessions: a NOTIFY, delivered when (and only if) the transaction commits.
 */
export async function announceAuthChange(trx: Kysely<DB>, userId: string): Promise<void> {
  await sql`SELECT pg_notify(${AUTH_CHANNEL}, ${userId}::text)`.execute(trx);
}

/** Forgets a user's sessions in this process at once (call after the announcing transaction commits). */
export function forgetSessionsOf(userId: string): void {
  for (const { cache } of caches.values()) cache.forgetUser(userId);
}
