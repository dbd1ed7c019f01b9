import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';

/** How long shutdown waits for running handlers by default before closing the database anyway. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

interface RequestState {
  /** Handlers of this request still running (0 or 1). */
  running: number;
  /** The response is sent, or the client is gone. */
  ended: boolean;
}

const stateKey = Symbol('runningRequest');

/**
 * The requests whose work is not finished, for a shutdown that must not close the database under them.
 * A request counts from its arrival until its answer has left or its client has gone, and in either case
 * until its handler has returned: a client that hangs up does not stop the handler (Fastify runs it to
 * the end), and the server's own `close()` no longer waits for a connection that is gone.
 */
export class RunningRequests {
  private readonly open = new Set<RequestState>();
  private waiters: (() => void)[] = [];

  /** Requests not yet finished. */
  get size(): number {
    return this.open.size;
  }

  /** Counts every request of `app` (call before its routes are registered). */
  track(app: FastifyInstance): void {
    app.addHook('onRequest', async (request, reply) => {
      const state: RequestState = { running: 0, ended: false };
      (request as unknown as Record<symbol, RequestState>)[stateKey] = state;
      this.open.add(state);
      // The response's 'close' comes once the answer has been sent or the connection has ended, whichever
      // is first.
      reply.raw.once('close', () => this.end(state));
    });
    app.addHook('onResponse', async (request) => {
      const state = stateOf(request);
      if (state) this.end(state);
    });
    const enter = (state: RequestState): void => this.enter(state);
    const leave = (state: RequestState): void => {
      state.running--;
      this.settle(state);
    };
    app.addHook('onRoute', (route) => {
      const handler = route.handler as RouteHandlerMethod;
      route.handler = function tracked(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
        const state = stateOf(request);
        if (state === undefined) return handler.call(this, request, reply);
        enter(state);
        const done = (): void => leave(state);
        let result: unknown;
        try {
          result = handler.call(this, request, reply);
        } catch (err) {
          done();
          throw err;
        }
        if (result !== null && typeof result === 'object' && 'then' in result) {
          return (result as Promise<unknown>).finally(done);
        }
        done();
        return result;
      } as RouteHandlerMethod;
    });
  }

  /**
   * Resolves once no request is running, or after `boundMs` (then with false): shutdown waits for the
   * work of clients that have gone, but not for ever.
   */
  async drain(boundMs: number = DEFAULT_SHUTDOWN_GRACE_MS): Promise<boolean> {
    if (this.open.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.waiters.push(() => resolve(true)));
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), boundMs);
    });
    try {
      return await Promise.race([idle, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A handler starts: counted even if its client left while the hooks before it ran. */
  private enter(state: RequestState): void {
    state.running++;
    this.open.add(state);
  }

  private end(state: RequestState): void {
    state.ended = true;
    this.settle(state);
  }

  private settle(state: RequestState): void {
    if (!state.ended || state.running > 0 || !this.open.delete(state)) return;
    if (this.open.size === 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    }
  }
}

function stateOf(request: FastifyRequest): RequestState | undefined {
  return (request as unknown as Record<symbol, RequestState | undefined>)[stateKey];
}
