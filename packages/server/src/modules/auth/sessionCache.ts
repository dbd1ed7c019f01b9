import cluster from 'node:cluster';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Listener } from '../../db/driver.js';
import type { DB } from '../../db/schema.js';
import type { ResolvedSession } from './sessions.js';

// Active sessions remembered for a few seconds in the serving process, so that a request does not cost
// a statement to learn who sent it (issue #16 item 4). What ends a session or changes its user (sign-out,
// a user disabled, a role changed, sessions ended by an admin or a password change) forgets them:
//  - in the process that did it, before its answer leaves (forgetSessionsOf, after the commit), and in
//    every other worker of `serve --workers N` before that answer too (through the primary, which each
//    worker answers once it has forgotten): the notification below takes milliseconds to be read, and a
//    request sent to another worker at once after a sign-out's answer was still honoured there (17 of 180
//    on this machine, bench/RESULTS.md `red`);
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

/** Forgets a user's sessions in this process's caches. */
function forgetHere(userId: string): void {
  for (const { cache } of caches.values()) cache.forgetUser(userId);
}

/**
 * Forgets a user's sessions in this process at once and, in a worker of `serve --workers N`, in every
 * other worker before it resolves (call after the announcing transaction commits, await before answering).
 */
export async function forgetSessionsOf(userId: string): Promise<void> {
  forgetHere(userId);
  await forgetInOtherWorkers(userId);
}

// Forgetting across the workers of one server: a worker asks the primary (FORGET), the primary asks every
// other worker (FORGET), each forgets and answers (FORGOT), and once all have (or after FORGET_WAIT_MS:
// a worker stuck or gone must not hold an answer up) the primary answers the worker that asked (FORGOT).
const FORGET = 'homecoming:auth-forget';
const FORGOT = 'homecoming:auth-forgot';
/** How long a sign-out waits at most for the other workers to forget (NOTIFY still reaches them). */
const FORGET_WAIT_MS = 1_000;

interface ForgetMessage {
  type: typeof FORGET;
  id: number;
  userId: string;
}
interface ForgotMessage {
  type: typeof FORGOT;
  id: number;
}
function isForget(m: unknown): m is ForgetMessage {
  return typeof m === 'object' && m !== null && (m as ForgetMessage).type === FORGET;
}
function isForgot(m: unknown): m is ForgotMessage {
  return typeof m === 'object' && m !== null && (m as ForgotMessage).type === FORGOT;
}

/** The answers this worker waits for, by request id; null when this process is no joined worker. */
let waitingHere: Map<number, () => void> | null = null;
let nextForget = 0;

async function forgetInOtherWorkers(userId: string): Promise<void> {
  const waiting = waitingHere;
  const send = process.send?.bind(process);
  if (waiting === null || send === undefined || !process.connected) return;
  const id = ++nextForget;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      waiting.delete(id);
      resolve();
    };
    // The primary answers within its own wait; this bound covers a primary that is gone.
    const timer = setTimeout(done, FORGET_WAIT_MS + 500);
    waiting.set(id, done);
    const message: ForgetMessage = { type: FORGET, id, userId };
    send(message, undefined, {}, (err: Error | null) => {
      if (err) done();
    });
  });
}

/** In a worker of `serve --workers N`: forgets what other workers forget, and asks them to when it does. */
export function joinWorkersForgetting(): void {
  if (waitingHere !== null || !cluster.isWorker) return;
  const waiting = new Map<number, () => void>();
  waitingHere = waiting;
  process.on('message', (m: unknown) => {
    if (isForget(m)) {
      forgetHere(m.userId);
      const answer: ForgotMessage = { type: FORGOT, id: m.id };
      process.send?.(answer, undefined, {}, () => undefined);
    } else if (isForgot(m)) waiting.get(m.id)?.();
  });
}

/** In the primary of `serve --workers N`, before it forks: passes a worker's FORGET on to the others. */
export function relayWorkersForgetting(): void {
  let next = 0;
  const relays = new Map<number, { left: Set<number>; finish: () => void }>();
  cluster.on('message', (worker, m: unknown) => {
    if (isForgot(m)) {
      const r = relays.get(m.id);
      if (r === undefined) return;
      r.left.delete(worker.id);
      if (r.left.size === 0) r.finish();
      return;
    }
    if (!isForget(m)) return;
    const others = Object.values(cluster.workers ?? {}).filter(
      (w): w is NonNullable<typeof w> => w !== undefined && w.id !== worker.id && w.isConnected(),
    );
    const id = ++next;
    const left = new Set(others.map((w) => w.id));
    const finish = () => {
      clearTimeout(timer);
      relays.delete(id);
      if (worker.isConnected()) {
        const answer: ForgotMessage = { type: FORGOT, id: m.id };
        worker.send(answer, undefined, () => undefined);
      }
    };
    const timer = setTimeout(finish, FORGET_WAIT_MS);
    relays.set(id, { left, finish });
    if (left.size === 0) return finish();
    for (const w of others) {
      const ask: ForgetMessage = { type: FORGET, id, userId: m.userId };
      w.send(ask, undefined, (err: Error | null) => {
        if (err && left.delete(w.id) && left.size === 0) finish();
      });
    }
  });
  // A worker that dies while asked is not waited for.
  cluster.on('exit', (worker) => {
    for (const r of [...relays.values()]) if (r.left.delete(worker.id) && r.left.size === 0) r.finish();
  });
}
