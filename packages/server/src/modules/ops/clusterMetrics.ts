import cluster from 'node:cluster';
import { EventEmitter } from 'node:events';
import { AggregatorRegistry } from 'prom-client';
import type { Metrics } from './metrics.js';

/**
 * Metrics with `serve --workers N` (issue #16): one answer for the whole server, wherever it is asked.
 *
 * Each worker keeps its own registry (requests, latency, pool, process figures). prom-client's
 * AggregatorRegistry carries them to the primary over the cluster's channel and sums them, series by
 * series; a figure that must not be summed says so in the library (event-loop lag: mean, min and max;
 * the Node version: the first; the start time: left out) or here (the file-descriptor limit: the largest).
 * The primary adds what it owns once: the figures read from the database and those of its jobs.
 *
 * A worker that dies takes its counts with it (counters of a replacement start at 0; Prometheus's
 * rate() and increase() treat the drop as a reset). A scrape that was waiting for it is asked again of
 * the workers still there; a worker still starting is waited for a little; in every case the answer comes
 * within SCRAPE_DEADLINE_MS, an error if the workers did not answer in time.
 */

/** How long a scrape may take before it is answered with an error (Prometheus waits 10 s by default). */
export const SCRAPE_DEADLINE_MS = 8000;
/**
 * How long a scrape waits, before asking, for a worker that is starting: the library asks every
 * connected worker, and one that has not joined yet drops the request (the library would wait its 5 s
 * timeout; here the request is made again when the worker joins). Joining is a worker's first step.
 */
const STARTING_WAIT_MS = 2500;

// A worker telling the primary it answers the library's requests now.
const JOINED = 'homecoming:metrics-joined';
// A worker asking the primary for the whole server's metrics (token mode: any worker may be asked).
const ASK = 'homecoming:metrics-ask';
const ANSWER = 'homecoming:metrics-answer';

interface Ask {
  type: typeof ASK;
  id: number;
}
interface Answer {
  type: typeof ANSWER;
  id: number;
  text?: string;
  error?: string;
}

function isJoined(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === JOINED;
}
function isAsk(message: unknown): message is Ask {
  return typeof message === 'object' && message !== null && (message as Ask).type === ASK;
}
function isAnswer(message: unknown): message is Answer {
  return typeof message === 'object' && message !== null && (message as Answer).type === ANSWER;
}

/**
 * In the primary, before it forks: gathers the workers' metrics with its own into one answer, and
 * answers workers that are asked for it. Returns the scrape, for the metrics port.
 */
export function gatherAcrossWorkers(
  own: Metrics,
  deadlineMs = SCRAPE_DEADLINE_MS,
  logError: (message: string) => void = () => undefined,
): Metrics {
  // Its constructor listens for the workers' answers to the library's requests.
  const aggregator = new AggregatorRegistry();
  // Forked and not yet joined: such a worker would not answer yet (its messages are dropped).
  const starting = new Set<number>();
  const joined = new EventEmitter();
  cluster.on('fork', (worker) => {
    starting.add(worker.id);
    // A send to a worker that has just died fails; without a listener the error would stop the primary.
    worker.on('error', (err: Error) => logError(`worker ${worker.id}: ${err.message}`));
  });
  const ready = (worker: { id: number }) => {
    if (starting.delete(worker.id)) joined.emit('change');
  };
  cluster.on('listening', ready);
  cluster.on('exit', ready);

  const noneStarting = (ms: number) =>
    new Promise<void>((resolve) => {
      if (starting.size === 0 || ms <= 0) return resolve();
      const check = () => {
        if (starting.size === 0) finish();
      };
      const timer = setTimeout(() => finish(), ms);
      const finish = () => {
        clearTimeout(timer);
        joined.off('change', check);
        resolve();
      };
      joined.on('change', check);
    });

  /**
   * One try of the library: its text; or a worker gone meanwhile, or one that was starting (and so dropped
   * the request) has joined: to be asked again; or its error (a timeout: 5 s).
   */
  const once = (ms: number) =>
    new Promise<{ text: string } | { lost: true } | { error: Error }>((resolve) => {
      const timer = setTimeout(() => settle({ error: new Error('the workers did not answer in time') }), ms);
      const lost = () => settle({ lost: true });
      const doomed = starting.size > 0;
      function settle(outcome: { text: string } | { lost: true } | { error: Error }) {
        clearTimeout(timer);
        cluster.off('disconnect', lost);
        joined.off('change', lost);
        resolve(outcome);
      }
      cluster.on('disconnect', lost);
      if (doomed) joined.on('change', lost);
      // A try left behind still ends (answered, or the library's timeout): its outcome is dropped.
      aggregator.clusterMetrics().then(
        (text) => settle({ text }),
        (error: Error) => settle({ error }),
      );
    });

  const fromWorkers = async (): Promise<string> => {
    const end = Date.now() + deadlineMs;
    for (;;) {
      await noneStarting(Math.min(STARTING_WAIT_MS, end - Date.now()));
      const left = end - Date.now();
      if (left <= 0) throw new Error('the workers did not answer in time');
      const outcome = await once(left);
      if ('text' in outcome) return outcome.text;
      // A worker died while it was asked, or one that was starting joined: ask again.
      if ('lost' in outcome) continue;
      if (end - Date.now() <= 0) throw outcome.error;
    }
  };

  let inFlight: Promise<string> | undefined;
  // Scrapes that come while one is gathered share its answer.
  const scrape = (): Promise<string> =>
    (inFlight ??= Promise.all([fromWorkers(), own.registry.metrics()])
      .then(([workers, mine]) => (workers.length > 0 ? `${workers}\n${mine}` : mine))
      .finally(() => {
        inFlight = undefined;
      }));

  cluster.on('message', (worker, message: unknown) => {
    if (isJoined(message)) ready(worker);
    if (!isAsk(message)) return;
    void scrape()
      .then(
        (text): Answer => ({ type: ANSWER, id: message.id, text }),
        (err: Error): Answer => ({ type: ANSWER, id: message.id, error: err.message }),
      )
      .then((answer) => {
        if (worker.isConnected()) worker.send(answer, undefined, () => undefined);
      });
  });
  return { ...own, scrape };
}

/**
 * In a worker, first of all: answers the primary's requests for this worker's metrics (none yet). Returns
 * how to hand it the worker's metrics once they exist, which gives them a scrape that asks the primary for
 * the whole server's (an error if it does not answer within the deadline).
 */
export function joinClusterMetrics(deadlineMs = SCRAPE_DEADLINE_MS): (mine: Metrics) => Metrics {
  AggregatorRegistry.setRegistries([]);
  // Its constructor answers the primary's requests for this worker's registries.
  new AggregatorRegistry();
  process.send?.({ type: JOINED }, undefined, undefined, () => undefined);
  return (mine) => {
    AggregatorRegistry.setRegistries([mine.registry]);
    const waiting = new Map<number, (answer: Answer) => void>();
    let next = 0;
    process.on('message', (message: unknown) => {
      if (isAnswer(message)) waiting.get(message.id)?.(message);
    });
    const scrape = () =>
      new Promise<string>((resolve, reject) => {
        const id = next++;
        const timer = setTimeout(
          () => settle({ type: ANSWER, id, error: 'the primary did not answer' }),
          deadlineMs + 1000,
        );
        const settle = (answer: Answer) => {
          clearTimeout(timer);
          waiting.delete(id);
          if (answer.text !== undefined) resolve(answer.text);
          else reject(new Error(answer.error ?? 'no metrics'));
        };
        waiting.set(id, settle);
        const ask: Ask = { type: ASK, id };
        process.send?.(ask, undefined, undefined, (err: Error | null) => {
          if (err) settle({ type: ANSWER, id, error: err.message });
        });
      });
    return { ...mine, scrape };
  };
}
