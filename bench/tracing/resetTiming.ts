/**
 * Can a reset-link request's time tell a known case + e-mail from an unknown one? (npm run
 * bench:tracing:reset -- --cases N --rounds R)
 *
 * A scratch PostgreSQL database (or DB=pglite is not offered: the server runs as its own process, and
 * PGlite is one process's), --cases tracing requests filed, then a real server process (this file with
 * --serve, forked) answers POST /api/v1/public/tracing-requests/reset over HTTP. The client sends one
 * request at a time, alternating: a known pair (a case and its requester's e-mail), an unknown pair (a
 * well-formed case number that does not exist, or a real case with another e-mail). Each known case is
 * asked `--rounds` times over the run, so the first RESETS_PER_HOUR asks of a case queue a mail and the
 * later ones do not (both are shown). Prints medians, quartiles and p90 per kind, and the share of
 * (known, unknown) pairs where the known one was slower (0.5 = indistinguishable). --gap-ms (20) waits
 * before each request, so that each is timed on a server done with the previous one's work (with 0, a
 * request also pays for the work its predecessor left running: on one machine, client and server share
 * its cores).
 */
import '../../packages/server/src/wiring.js';
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { migrate } from '../../packages/server/src/db/migrate.js';
import { buildApp } from '../../packages/server/src/http/app.js';
import { deriveKeys } from '../../packages/server/src/modules/tracing/codes.js';
import { createTracingRequest, RESETS_PER_HOUR } from '../../packages/server/src/modules/tracing/service.js';
import { createScratchDatabase } from '../lib.js';

const tracing = {
  challenge: false,
  perAddressPerMinute: 1_000_000,
  totalPerMinute: 10_000_000,
  perEmailPerDay: 1_000_000,
  publicUrl: 'http://127.0.0.1',
  smtpUrl: undefined,
  mailFrom: 'Homecoming <bench@localhost>',
};

if (process.argv.includes('--serve')) {
  const database = await openDatabase({ url: process.env['BENCH_DATABASE_URL'] as string });
  const key = Buffer.from(process.env['BENCH_TRACING_KEY'] as string, 'hex');
  const app = await buildApp(
    database,
    { bodyLimit: 1024 * 1024, requestTimeoutMs: 30_000, logLevel: 'silent', tracing },
    { tracingKey: key },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send?.({ port: (app.server.address() as { port: number }).port });
  process.on('message', (m) => {
    if (m === 'stop') void app.close().then(() => database.close().then(() => process.exit(0)));
  });
} else {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '300' },
      rounds: { type: 'string', default: '6' },
      // a pause before each request, so that each is timed on a server done with the last one's work
      'gap-ms': { type: 'string', default: '20' },
    },
  });
  const CASES = Number(values.cases);
  const ROUNDS = Number(values.rounds);
  const GAP_MS = Number(values['gap-ms']);
  const scratch = await createScratchDatabase('sec_reset_timing');
  const database = await openDatabase({ url: scratch.url });
  await migrate(database.pool);
  const key = crypto.randomBytes(32);
  const ctx = { keys: deriveKeys(key), perEmailPerDay: 1_000_000, publicUrl: 'http://127.0.0.1' };
  const cases: { case_number: string; email: string }[] = [];
  for (let i = 0; i < CASES; i++) {
    const email = `reset${i}@example.org`;
    const r = await createTracingRequest(database, ctx, {
      requester: { name: `Generated Requester ${i}`, email, relationship: 'parent' },
      sought: { family_name: `Генеренко${i}`, given_name: 'Іван', birth_date: '1990' },
      consent: { tracing: true },
    });
    cases.push({ case_number: r.case_number, email });
  }
  await database.close();

  const child = fork(new URL(import.meta.url).pathname, ['--serve'], {
    env: { ...process.env, BENCH_DATABASE_URL: scratch.url, BENCH_TRACING_KEY: key.toString('hex') },
  });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m) => resolve((m as { port: number }).port)),
  );
  const url = `http://127.0.0.1:${port}/api/v1/public/tracing-requests/reset`;
  const ask = async (body: { case_number: string; email: string }): Promise<number> => {
    if (GAP_MS > 0) await new Promise((r) => setTimeout(r, GAP_MS));
    const t0 = process.hrtime.bigint();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status !== 202) throw new Error(`status ${res.status}`);
    return ms;
  };
  const letters = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const randomCase = () =>
    `HC-${Array.from({ length: 4 }, () => letters[crypto.randomInt(letters.length)]).join('')}-${Array.from({ length: 4 }, () => letters[crypto.randomInt(letters.length)]).join('')}`;
  // warm-up
  for (let i = 0; i < 50; i++) await ask({ case_number: randomCase(), email: 'warm@example.org' });

  // Unknown pairs are kept apart by phase: the rounds in which a known ask queues a mail come first in
  // the run, so each known kind is compared with the unknown pairs asked in the same rounds.
  const times = {
    known_mailed: [] as number[],
    known_capped: [] as number[],
    unknown_mailed_rounds: [] as number[],
    unknown_capped_rounds: [] as number[],
  };
  const load0 = os.loadavg()[0] as number;
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < CASES; i++) {
      const c = cases[i] as (typeof cases)[number];
      // B A B A: unknown and known alternate, the unknown kind alternating too (an unknown case, or a
      // real case with another e-mail)
      const unknown =
        i % 2 === 0
          ? { case_number: randomCase(), email: c.email }
          : { case_number: c.case_number, email: `other${i}@example.org` };
      const mailed = round < RESETS_PER_HOUR;
      const askUnknown = async () =>
        times[mailed ? 'unknown_mailed_rounds' : 'unknown_capped_rounds'].push(await ask(unknown));
      const askKnown = async () => times[mailed ? 'known_mailed' : 'known_capped'].push(await ask(c));
      // which goes first alternates too
      if (i % 4 < 2) await askUnknown().then(askKnown);
      else await askKnown().then(askUnknown);
    }
  }
  const load1 = os.loadavg()[0] as number;
  child.send('stop');
  await new Promise((r) => child.once('exit', r));
  await scratch.drop();

  const q = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return Number((s[Math.min(s.length - 1, Math.floor(p * s.length))] as number).toFixed(3));
  };
  /** P(a random known time > a random unknown time): 0.5 when the two cannot be told apart. */
  const slower = (a: number[], b: number[]) => {
    const sb = [...b].sort((x, y) => x - y);
    let wins = 0;
    for (const x of a) {
      let lo = 0;
      let hi = sb.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((sb[mid] as number) < x) lo = mid + 1;
        else hi = mid;
      }
      wins += lo;
    }
    return Number((wins / (a.length * sb.length)).toFixed(3));
  };
  const summary = {
    cases: CASES,
    rounds: ROUNDS,
    gap_ms: GAP_MS,
    load_1min: [Number(load0.toFixed(2)), Number(load1.toFixed(2))],
    ms: Object.fromEntries(
      Object.entries(times).map(([k, v]) => [
        k,
        { n: v.length, p25: q(v, 0.25), median: q(v, 0.5), p75: q(v, 0.75), p90: q(v, 0.9) },
      ]),
    ),
    p_known_mailed_slower_than_unknown: slower(times.known_mailed, times.unknown_mailed_rounds),
    p_known_capped_slower_than_unknown: slower(times.known_capped, times.unknown_capped_rounds),
  };
  console.log(JSON.stringify(summary, null, 2));
}
